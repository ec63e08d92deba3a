"""Annotation by hand in a text editor: a short YAML spec, anchored on the text, compiled to an annotation.

Writing character offsets by hand is error-prone; a spec names every span by its text and, when that
text occurs more than once in the document, says which occurrence is meant. ``compile_spec`` finds the
offsets, numbers the items as the guidelines require (section 1.3: by position, longer span first),
resolves the spec's own keys into ids, and fills each claim's ``events`` (section 4.6). The result is an
ordinary :class:`~newsgold.model.Annotation`, checked by the validator like any other.

A spec, for a document whose text contains "Mayor Ana Ruiz of Springfield said on Monday that the
council will meet in May. She met the council in 2001."::

    document: springfield-council-0a1b2c3d
    annotator: annotator-x
    mentions:
      - {key: ruiz, text: Ana Ruiz, type: PERSON}              # kind defaults to name
      - {key: spr, text: Springfield, type: GPE}
      - {key: mon, text: Monday, type: DATE, value: "2021-03-01"}
      - {key: may, text: May, type: DATE, value: "2021-05"}
      - {key: she, text: She, type: PERSON, kind: pronoun}
      - {key: c1, text: the council, n: 1, type: ORG, kind: nominal}
      - {key: c2, text: the council, in: "met the council", type: ORG, kind: nominal}
      - {key: y2001, text: "2001", type: DATE, value: "2001"}
    clusters:
      - {name: Ana Ruiz, members: [ruiz, she]}
      - {name: the council, members: [c1, c2]}
    events:
      - {trigger: meet, type: "Contact:Meet", realis: planned,
         args: [{role: Entity, m: c1}, {role: Time, m: may}]}
      - {trigger: met, type: "Contact:Meet", realis: actual,
         args: [{role: Entity, m: she}, {role: Entity, m: c2}, {role: Time, m: y2001}]}
    claims:
      - {content: "the council will meet in May", cue: said, claimer: ruiz,
         status: mention, form: indirect, stance: affirm}

A span is a string (it must then occur exactly once in the document, counting only occurrences that
do not cut a word) or a mapping with ``text`` and
one of: ``n`` (the n-th occurrence in the document, from 1), ``in`` (a longer string that occurs exactly
once in the document and contains ``text``; add ``n`` to pick the n-th occurrence inside it) or ``at``
(the start offset); for mentions and event triggers these keys may also sit on the item itself,
beside ``text`` or ``trigger``. Event arguments are ``{role, m: KEY}`` for a mention or
``{role, span: SPAN}``.
``claimer`` is a mention key or null; ``status`` is the claimer status (default ``mention`` when a
claimer is given, else ``unattributed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from newsgold.errors import DataError
from newsgold.io import read_bytes_bounded
from newsgold.model import Annotation, Argument, Claim, Cluster, Document, Event, Mention, Span


class SpecError(DataError, ValueError):
    """The spec cannot be compiled: ``where`` names the item (``mentions[3]``), ``reason`` says why."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Located:
    start: int
    end: int


def _occurrences(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Starts of ``needle`` in ``text[lo:hi]`` that do not cut a word: "May" is not found inside
    "Mayor" (a span inside a word is named by ``at``)."""
    hi = len(text) if hi is None else hi
    head, tail = needle[:1].isalnum(), needle[-1:].isalnum()
    out, i = [], text.find(needle, lo, hi)
    while i != -1:
        end = i + len(needle)
        cuts = (head and i > 0 and text[i - 1].isalnum()) or (
            tail and end < len(text) and text[end].isalnum()
        )
        if not cuts:
            out.append(i)
        i = text.find(needle, i + 1, hi)
    return out


def locate(text: str, spec: Any, where: str) -> Span:
    """The span ``spec`` names in ``text`` (see the module docstring for the forms)."""
    if isinstance(spec, str):
        spec = {"text": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("text"), str) or not spec["text"]:
        raise SpecError(where, f"a span is a string or a mapping with a non-empty 'text', found {spec!r}")
    needle: str = spec["text"]
    if "at" in spec:
        at = spec["at"]
        if not isinstance(at, int) or text[at : at + len(needle)] != needle:
            raise SpecError(where, f"{needle!r} is not at offset {at!r}")
        return Span(at, at + len(needle), needle)
    lo, hi = 0, len(text)
    if "in" in spec:
        context = spec["in"]
        found = _occurrences(text, context) if isinstance(context, str) and context else []
        if len(found) != 1:
            raise SpecError(
                where,
                f"context {context!r} occurs {len(found)} times in the document; it must occur exactly once",
            )
        lo, hi = found[0], found[0] + len(context)
    hits = _occurrences(text, needle, lo, hi)
    hits = [h for h in hits if h + len(needle) <= hi]
    scope = "the context" if "in" in spec else "the document"
    if not hits:
        raise SpecError(where, f"{needle!r} does not occur in {scope}")
    n = spec.get("n")
    if n is None:
        if len(hits) > 1:
            raise SpecError(
                where,
                f"{needle!r} occurs {len(hits)} times in {scope} (at {hits[:8]}); say which with n, in or at",
            )
        n = 1
    if not isinstance(n, int) or not 1 <= n <= len(hits):
        raise SpecError(where, f"n = {n!r}, but {needle!r} occurs {len(hits)} times in {scope}")
    start = hits[n - 1]
    return Span(start, start + len(needle), needle)


def _items(spec: dict[str, Any], layer: str) -> list[dict[str, Any]]:
    items = spec.get(layer) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise SpecError(layer, "must be a list of mappings")
    return items


def _require(item: dict[str, Any], key: str, where: str) -> Any:
    if key not in item or item[key] in (None, ""):
        raise SpecError(where, f"'{key}' is missing")
    return item[key]


def compile_spec(spec: dict[str, Any], document: Document) -> Annotation:
    """The annotation ``spec`` describes over ``document``. Raises :class:`SpecError`."""
    text = document.text
    if spec.get("document") not in (None, document.id):
        raise SpecError("document", f"the spec is for {spec.get('document')!r}, not {document.id!r}")
    annotator = spec.get("annotator")
    if not isinstance(annotator, str) or not annotator:
        raise SpecError("annotator", "'annotator' is missing")

    # mentions: locate, then number by (start, longer first)
    raw_mentions: list[tuple[Span, dict[str, Any], str]] = []
    for k, item in enumerate(_items(spec, "mentions")):
        where = f"mentions[{k}]"
        span = locate(text, item, where)
        raw_mentions.append((span, item, where))
    raw_mentions.sort(key=lambda t: (t[0].start, -t[0].end, str(t[1].get("type")), str(t[1].get("kind"))))
    key_to_id: dict[str, str] = {}
    mentions: list[Mention] = []
    for i, (span, item, where) in enumerate(raw_mentions, 1):
        mid = f"m{i}"
        key = item.get("key")
        if key is not None:
            if str(key) in key_to_id:
                raise SpecError(where, f"key {key!r} is used twice")
            key_to_id[str(key)] = mid
        value = item.get("value")
        mentions.append(
            Mention(
                mid,
                span.start,
                span.end,
                span.text,
                str(_require(item, "type", where)),
                str(item.get("kind", "name")),
                None if value is None else str(value),
            )
        )

    def ref(key: Any, where: str) -> str:
        if str(key) not in key_to_id:
            raise SpecError(where, f"no mention has key {key!r}")
        return key_to_id[str(key)]

    clusters: list[tuple[int, Cluster]] = []
    type_of = {m.id: m.type for m in mentions}
    start_of = {m.id: (m.start, -m.end) for m in mentions}
    for k, item in enumerate(_items(spec, "clusters")):
        where = f"clusters[{k}]"
        members = _require(item, "members", where)
        if not isinstance(members, list):
            raise SpecError(where, "'members' must be a list of mention keys")
        ids = sorted({ref(m, where) for m in members}, key=lambda m: start_of[m])
        clusters.append((0, Cluster("", type_of[ids[0]], str(_require(item, "name", where)), tuple(ids))))
    clusters.sort(key=lambda c: start_of[c[1].mentions[0]])
    numbered_clusters = tuple(
        Cluster(f"c{i}", c.type, c.name, c.mentions) for i, (_, c) in enumerate(clusters, 1)
    )

    raw_events: list[tuple[Span, dict[str, Any], str]] = []
    for k, item in enumerate(_items(spec, "events")):
        where = f"events[{k}]"
        trigger = _require(item, "trigger", where)
        if not isinstance(trigger, dict):  # n, in and at may sit beside the trigger, as for mentions
            trigger = {"text": trigger, **{k: item[k] for k in ("n", "in", "at") if k in item}}
        raw_events.append((locate(text, trigger, where), item, where))
    raw_events.sort(key=lambda t: (t[0].start, -t[0].end, str(t[1].get("type"))))
    events: list[Event] = []
    for i, (span, item, where) in enumerate(raw_events, 1):
        args: list[Argument] = []
        for j, arg in enumerate(item.get("args") or []):
            aw = f"{where}.args[{j}]"
            if not isinstance(arg, dict):
                raise SpecError(aw, "an argument is a mapping {role, m} or {role, span}")
            role = str(_require(arg, "role", aw))
            if "m" in arg:
                args.append(Argument(role, mention=ref(arg["m"], aw)))
            else:
                args.append(Argument(role, span=locate(text, _require(arg, "span", aw), aw)))
        events.append(
            Event(
                f"e{i}",
                str(_require(item, "type", where)),
                span,
                str(_require(item, "realis", where)),
                tuple(args),
            )
        )

    raw_claims: list[tuple[Span, Span | None, dict[str, Any], str]] = []
    for k, item in enumerate(_items(spec, "claims")):
        where = f"claims[{k}]"
        content = locate(text, _require(item, "content", where), f"{where}.content")
        cue = locate(text, item["cue"], f"{where}.cue") if item.get("cue") is not None else None
        raw_claims.append((content, cue, item, where))
    raw_claims.sort(key=lambda t: (t[0].start, -t[0].end, t[1].start if t[1] else -1))
    claims: list[Claim] = []
    for i, (content, cue, item, where) in enumerate(raw_claims, 1):
        claimer_key = item.get("claimer")
        claimer = None if claimer_key is None else ref(claimer_key, where)
        status = str(item.get("status", "mention" if claimer is not None else "unattributed"))
        inside = tuple(
            e.id for e in events if content.start <= e.trigger.start and e.trigger.end <= content.end
        )
        claims.append(
            Claim(
                f"cl{i}",
                content,
                cue,
                claimer,
                status,
                str(_require(item, "form", where)),
                str(_require(item, "stance", where)),
                inside,
            )
        )

    return Annotation(
        document_id=document.id,
        text_sha256=document.text_sha256,
        annotator=annotator,
        mentions=tuple(mentions),
        clusters=numbered_clusters,
        events=tuple(events),
        claims=tuple(claims),
    )


def read_spec(path: Path) -> dict[str, Any]:
    """The spec in the YAML file at ``path``. Raises :class:`SpecError` naming the line of a YAML error."""
    try:
        data = yaml.safe_load(read_bytes_bounded(path).decode("utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        raise SpecError(str(path), f"not YAML{line}: {getattr(exc, 'problem', exc)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(str(path), f"cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise SpecError(str(path), "a spec is a YAML mapping with document, annotator, mentions, ...")
    return data
