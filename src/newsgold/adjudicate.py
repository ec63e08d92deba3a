"""Adjudication: merge independent annotations of one document into gold, recording every decision.

Items are compared by what they cover, not by their ids (each annotator numbers independently):

- ``mention S-E``: a mention at ``[S, E)``, with its type, kind and normalized value;
- ``cluster S-E,S-E,...``: a cluster by its member spans, with its type and name;
- ``event S-E``: an event by its trigger, with type, realis and arguments (fillers by span);
- ``claim S-E``: a claim by its content, with cue, claimer (by span), status, form, stance, events.

Where one input has two items of a layer on one span (see :class:`Shared`), their keys carry a suffix
in every input: ``mention S-E/kind``, ``event S-E/type``, ``claim S-E/claimer``.

An item all inputs have with the same value is merged as is. Every other item is a disagreement and
needs a decision in the decisions file (JSON)::

    {"document_id": "...", "decisions": {"mention 10-15": {"choose": "ann2", "note": "kind is nominal"}}}

``choose`` names an input's annotator (its version is taken) or ``"none"`` (the item is left out).
Without a decision for every disagreement nothing is written and the undecided items are listed, so
the process is scripted and repeatable.

The adjudicator may also correct an item, agreed or not, where every input breaks the guidelines:
``{"choose": "adjudicator", "version": {...}, "note": "..."}`` with the item's value in the form the
template shows (a span argument of a corrected event, and the cue of a corrected claim, must be one an
input used; a corrected cluster keeps its members and takes a new type or name), or leave an agreed
item out with ``{"choose": "none", "note": "..."}``. A mention or cluster that no input has is added
with an ``adjudicator`` decision on its own key (``mention S-E`` with the mention's value; ``cluster
S-E,S-E`` with ``type`` and ``name``, its members being mentions of the result). The optional
top-level ``"adjudicator"`` names who decided; the record states it. Merged ids are renumbered in
text order (for equal starts, the longer span first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsgold.errors import DataError
from newsgold.model import Annotation, Argument, Claim, Cluster, Event, Mention

NONE = "none"
ADJUDICATOR = "adjudicator"
LAYERS = ("mention", "cluster", "event", "claim")


class AdjudicationError(DataError, ValueError):
    """The inputs cannot be adjudicated together, or a decision is inconsistent."""


class DecisionError(AdjudicationError):
    """A decision of the decisions file is malformed or cannot be applied (the message names it)."""


def _s(start: int, end: int) -> str:
    return f"{start}-{end}"


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    layer: str
    start: int
    value: dict[str, Any]  # comparable, id-free
    source: Any  # the annotator's own record
    spans: dict[str, str] = field(default_factory=dict, compare=False)  # the annotator's ids -> spans


@dataclass(frozen=True, slots=True)
class Shared:
    """Spans that carry more than one item of a layer in some input (a CARDINAL and a nominal PERSON
    on "At least 107"; two claims of one content from two sources). Their items are keyed with a
    suffix that tells them apart, in every input: ``mention 0-12/nominal``, ``event 5-9/Life:Die``,
    ``claim 10-40/mention 0-5``."""

    mentions: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    claims: frozenset[str] = frozenset()

    @classmethod
    def of(cls, anns: Sequence[Annotation]) -> Shared:
        def repeated(spans: list[str]) -> set[str]:
            seen: set[str] = set()
            return {x for x in spans if x in seen or seen.add(x)}  # type: ignore[func-returns-value]

        m: set[str] = set()
        e: set[str] = set()
        c: set[str] = set()
        for a in anns:
            m |= repeated([_s(x.start, x.end) for x in a.mentions])
            e |= repeated([_s(x.trigger.start, x.trigger.end) for x in a.events])
            c |= repeated([_s(x.content.start, x.content.end) for x in a.claims])
        return cls(frozenset(m), frozenset(e), frozenset(c))

    def mention(self, m: Mention) -> str:
        span = _s(m.start, m.end)
        return f"{span}/{m.kind}" if span in self.mentions else span

    def event(self, e: Event) -> str:
        span = _s(e.trigger.start, e.trigger.end)
        return f"{span}/{e.type}" if span in self.events else span


def _span_of(ref: str) -> tuple[int, int]:
    start, end = ref.split("/", 1)[0].split("-")
    return int(start), int(end)


def items(ann: Annotation, shared: Shared | None = None) -> dict[str, Item]:
    """The id-free items of an annotation, keyed as described in the module docstring."""
    shared = shared or Shared.of([ann])
    m_span = {m.id: shared.mention(m) for m in ann.mentions}
    e_span = {e.id: shared.event(e) for e in ann.events}
    ids = {**m_span, **e_span}
    out: dict[str, Item] = {}

    def put(it: Item) -> None:
        if it.key in out:
            raise AdjudicationError(f"{ann.annotator}: two items share the key {it.key!r}")
        out[it.key] = Item(it.key, it.layer, it.start, it.value, it.source, ids)

    for m in ann.mentions:
        put(
            Item(
                f"mention {m_span[m.id]}",
                "mention",
                m.start,
                {"text": m.text, "type": m.type, "kind": m.kind, "normalized": m.normalized},
                m,
            )
        )
    for cl in ann.clusters:
        spans = sorted((m_span[x] for x in cl.mentions if x in m_span), key=lambda s: (_span_of(s), s))
        first = min((int(s.split("-")[0]) for s in spans), default=0)
        put(Item(f"cluster {','.join(spans)}", "cluster", first, {"type": cl.type, "name": cl.name}, cl))
    for e in ann.events:
        args = [
            [
                a.role,
                f"mention {m_span.get(a.mention, a.mention)}"
                if a.mention is not None
                else f"span {_s(a.span.start, a.span.end)}"
                if a.span is not None
                else "none",
            ]
            for a in e.arguments
        ]
        put(
            Item(
                f"event {e_span[e.id]}",
                "event",
                e.trigger.start,
                {"text": e.trigger.text, "type": e.type, "realis": e.realis, "arguments": sorted(args)},
                e,
            )
        )
    for c in ann.claims:
        content = _s(c.content.start, c.content.end)
        if content in shared.claims:
            by = f"mention {m_span.get(c.claimer, c.claimer)}" if c.claimer else c.claimer_status
            content += f"/{by}"
        put(
            Item(
                f"claim {content}",
                "claim",
                c.content.start,
                {
                    "text": c.content.text,
                    "cue": None if c.cue is None else _s(c.cue.start, c.cue.end),
                    "claimer": None if c.claimer is None else m_span.get(c.claimer, c.claimer),
                    "claimer_status": c.claimer_status,
                    "form": c.form,
                    "stance": c.stance,
                    "events": sorted(e_span.get(x, x) for x in c.events),
                },
                c,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Decision:
    choose: str
    note: str = ""
    version: dict[str, Any] | None = None  # the adjudicator's own value, with choose == "adjudicator"


@dataclass(frozen=True, slots=True)
class Disagreement:
    key: str
    versions: dict[str, dict[str, Any] | None]  # annotator -> value (None: absent)
    decision: Decision | None


@dataclass(slots=True)
class Outcome:
    document_id: str
    annotators: list[str]
    agreed: list[str] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    corrections: list[Disagreement] = field(default_factory=list)  # agreed items the adjudicator corrected
    adjudicator: str | None = None
    unused_decisions: list[str] = field(default_factory=list)
    merged: Annotation | None = None

    @property
    def undecided(self) -> list[Disagreement]:
        return [d for d in self.disagreements if d.decision is None]


def parse_decisions(data: Any, document_id: str) -> dict[str, Decision]:
    """The decisions of a decisions file's ``data``; :class:`DecisionError` naming the JSON Pointer of
    the first malformed one."""
    if not isinstance(data, dict) or not isinstance(data.get("decisions"), dict):
        raise DecisionError("the decisions file must be an object with a 'decisions' object")
    if data.get("document_id") not in (None, document_id):
        raise DecisionError(
            f"/document_id: the decisions are for document {data.get('document_id')!r}, not {document_id!r}"
        )
    out: dict[str, Decision] = {}
    for key, d in data["decisions"].items():
        at = "/decisions/" + key.replace("~", "~0").replace("/", "~1")
        if not isinstance(d, dict):
            raise DecisionError(f"{at}: decision for {key!r} must be an object with 'choose'")
        choose = d.get("choose")
        if choose is None:
            continue  # a template entry not decided yet
        if not isinstance(choose, str):
            raise DecisionError(
                f"{at}/choose: decision for {key!r}: 'choose' must be an annotator name or 'none', "
                f"found {choose!r}"
            )
        if not isinstance(d.get("note", ""), str):
            raise DecisionError(
                f"{at}/note: decision for {key!r}: the note must be a string, found {d['note']!r}"
            )
        version = d.get("version") if choose == ADJUDICATOR else None
        if choose == ADJUDICATOR:
            if not isinstance(version, dict):
                raise DecisionError(
                    f"{at}/version: decision for {key!r} chooses {ADJUDICATOR!r} but gives no 'version'"
                )
            _check_version(version, f"{at}/version", key)
            if key.split(" ", 1)[0] not in LAYERS:
                raise DecisionError(f"{at}: decision for {key!r}: not an item key ({', '.join(LAYERS)})")
            if not str(d.get("note", "")).strip():
                raise DecisionError(
                    f"{at}/note: decision for {key!r}: a correction needs a 'note' saying why"
                )
        out[key] = Decision(choose, str(d.get("note", "")), version)
    return out


# The fields of an adjudicator's version of an item, by the type their values must have.
_TEXT_FIELDS = ("text", "type", "kind", "realis", "name", "claimer_status", "form", "stance")
_TEXT_OR_NULL_FIELDS = ("normalized", "cue", "claimer")


def _check_version(version: dict[str, Any], at: str, key: str) -> None:
    """:class:`DecisionError` at the JSON Pointer of the first field of ``version`` of a wrong type."""

    def strings(value: Any, n: int | None = None) -> bool:
        return (
            isinstance(value, list)
            and (n is None or len(value) == n)
            and all(isinstance(x, str) for x in value)
        )

    for name, value in version.items():
        where = f"{at}/{name.replace('~', '~0').replace('/', '~1')}: decision for {key!r}"
        if name in _TEXT_FIELDS and not isinstance(value, str):
            raise DecisionError(f"{where}: {name} must be a string, found {value!r}")
        if name in _TEXT_OR_NULL_FIELDS and not (value is None or isinstance(value, str)):
            raise DecisionError(f"{where}: {name} must be a string or null, found {value!r}")
        if name == "events" and not strings(value):
            raise DecisionError(f"{where}: events must be a list of event spans ('S-E'), found {value!r}")
        if name == "arguments" and not (isinstance(value, list) and all(strings(a, 2) for a in value)):
            raise DecisionError(
                f"{where}: arguments must be a list of [role, filler] pairs of strings "
                f"(filler 'mention S-E' or 'span S-E'), found {value!r}"
            )


def adjudicator_of(data: Any) -> str | None:
    """The optional top-level ``adjudicator`` of a decisions file."""
    name = data.get("adjudicator") if isinstance(data, dict) else None
    return str(name) if name else None


def _corrected(k: str, version: dict[str, Any], per: dict[str, dict[str, Item]]) -> Item:
    """The adjudicator's own version of item ``k``, as an item like the inputs' ones."""
    layer, span = k.split(" ", 1)
    originals = [its[k] for its in per.values() if k in its]
    try:
        if layer == "mention":
            return _mention_item(k, version)
        if not originals:
            raise DecisionError(f"correction {k!r}: no input has this {layer}, so its span is unknown")
        if layer == "claim":
            return _corrected_claim(k, version, originals[0], per)
        if layer == "cluster":
            c: Cluster = originals[0].source
            value = {"type": version["type"], "name": version["name"]}
            return Item(
                k,
                layer,
                originals[0].start,
                value,
                Cluster(c.id, value["type"], value["name"], c.mentions),
                originals[0].spans,
            )
        spans_seen = {
            _s(a.span.start, a.span.end): a.span
            for it in (o for its in per.values() for o in its.values() if o.layer == "event")
            for a in it.source.arguments
            if a.span is not None
        }
        args = []
        for role, filler in version["arguments"]:
            kind, where = filler.split(" ", 1)
            if kind == "mention":
                args.append(Argument(role, mention=where))
            elif where in spans_seen:
                args.append(Argument(role, span=spans_seen[where]))
            else:
                raise DecisionError(f"correction {k!r}: span argument {where} is used by no input")
        trigger = originals[0].source.trigger
        event = Event(span, version["type"], trigger, version["realis"], tuple(args))
        value = {
            "text": trigger.text,
            "type": event.type,
            "realis": event.realis,
            "arguments": sorted([list(a) for a in version["arguments"]]),
        }
        ids = {where.split(" ", 1)[1]: where.split(" ", 1)[1] for _, where in version["arguments"]}
        return Item(k, layer, originals[0].start, value, event, ids)
    except AdjudicationError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DecisionError(f"correction {k!r}: malformed version ({exc})") from exc


def _mention_item(k: str, version: dict[str, Any]) -> Item:
    """The mention item of key ``k`` (``mention S-E``) with the adjudicator's ``version``."""
    span = k.split(" ", 1)[1]
    start, end = _span_of(span)
    value = {key: version[key] for key in ("text", "type", "kind", "normalized")}
    mention = Mention(span, start, end, value["text"], value["type"], value["kind"], value["normalized"])
    return Item(k, "mention", start, value, mention, {})


def _added(k: str, version: dict[str, Any]) -> Item:
    """A mention or a cluster that no input has (``mention S-E``; ``cluster S-E,S-E,...`` whose members
    are mentions of the merged annotation)."""
    layer, span = k.split(" ", 1)
    try:
        if layer == "mention":
            return _mention_item(k, version)
        members = span.split(",")
        value = {"type": version["type"], "name": version["name"]}
        first = min(_span_of(m)[0] for m in members)
        return Item(k, layer, first, value, Cluster(span, value["type"], value["name"], tuple(members)), {})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DecisionError(f"addition {k!r}: malformed version ({exc})") from exc


def _corrected_claim(
    k: str, version: dict[str, Any], original: Item, per: dict[str, dict[str, Item]]
) -> Item:
    """The adjudicator's version of claim ``k``: its content is the inputs'; cue, claimer, status, form,
    stance and events come from ``version`` (a cue must be one an input used)."""
    cues = {
        _s(it.source.cue.start, it.source.cue.end): it.source.cue
        for its in per.values()
        for it in its.values()
        if it.layer == "claim" and it.source.cue is not None
    }
    cue_ref = version["cue"]
    if cue_ref is not None and cue_ref not in cues:
        raise DecisionError(f"correction {k!r}: cue {cue_ref} is used by no input")
    src: Claim = original.source
    claim = Claim(
        src.id,
        src.content,
        None if cue_ref is None else cues[cue_ref],
        version["claimer"],
        version["claimer_status"],
        version["form"],
        version["stance"],
        tuple(version["events"]),
    )
    value = {
        "text": src.content.text,
        "cue": cue_ref,
        "claimer": version["claimer"],
        "claimer_status": version["claimer_status"],
        "form": version["form"],
        "stance": version["stance"],
        "events": sorted(version["events"]),
    }
    return Item(k, "claim", original.start, value, claim, {})


def adjudicate(
    anns: Sequence[Annotation], decisions: dict[str, Decision] | None = None, annotator: str = "gold"
) -> Outcome:
    """Compare ``anns`` (two or more annotations of one document) and merge them with ``decisions``.

    ``Outcome.merged`` is ``None`` while any disagreement is undecided.
    """
    if len(anns) < 2:
        raise AdjudicationError("adjudication needs at least two annotations")
    names = [a.annotator for a in anns]
    if len(set(names)) != len(names):
        raise AdjudicationError(f"the inputs' annotators are not distinct: {', '.join(names)}")
    if NONE in names:
        raise AdjudicationError(f"an annotator may not be called {NONE!r}")
    first = anns[0]
    for a in anns[1:]:
        if (a.document_id, a.text_sha256) != (first.document_id, first.text_sha256):
            raise AdjudicationError(
                f"{a.annotator} annotates {a.document_id} ({a.text_sha256[:12]}), "
                f"{first.annotator} annotates {first.document_id} ({first.text_sha256[:12]})"
            )
    decisions = decisions or {}
    shared = Shared.of(anns)
    per = {a.annotator: items(a, shared) for a in anns}
    keys = sorted(
        {k for its in per.values() for k in its},
        key=lambda k: (LAYERS.index(k.split(" ", 1)[0]), _first(per, k), k),
    )
    out = Outcome(first.document_id, names)
    chosen: list[Item] = []
    for k in keys:
        versions = {n: (per[n][k].value if k in per[n] else None) for n in names}
        vals = list(versions.values())
        d = decisions.get(k)
        if all(v is not None and v == vals[0] for v in vals):
            if d is not None and d.choose == ADJUDICATOR and d.version is not None:
                out.corrections.append(Disagreement(k, versions, d))
                chosen.append(_corrected(k, d.version, per))
                continue
            if d is not None and d.choose == NONE:  # an agreed item that breaks the guidelines
                if not d.note.strip():
                    raise DecisionError(f"decision for {k!r}: leaving out an agreed item needs a 'note'")
                out.corrections.append(Disagreement(k, versions, d))
                continue
            out.agreed.append(k)
            chosen.append(per[names[0]][k])
            continue
        if d is not None and d.choose == ADJUDICATOR and d.version is not None:
            out.disagreements.append(Disagreement(k, versions, d))
            chosen.append(_corrected(k, d.version, per))
            continue
        if d is not None and d.choose != NONE and d.choose not in names:
            raise DecisionError(
                f"decision for {k!r} chooses {d.choose!r}, which is not one of {', '.join(names)} or {NONE!r}"
            )
        if d is not None and d.choose != NONE and versions[d.choose] is None:
            raise DecisionError(
                f"decision for {k!r} chooses {d.choose}, who has no such item "
                f"(choose {NONE!r} to leave it out)"
            )
        out.disagreements.append(Disagreement(k, versions, d))
        if d is not None and d.choose != NONE:
            chosen.append(per[d.choose][k])
    # additions: a mention or a cluster no input has, in the adjudicator's version
    for k in sorted(
        set(decisions) - set(keys),
        key=lambda k: (LAYERS.index(k.split(" ", 1)[0]) if k.split(" ", 1)[0] in LAYERS else 9, k),
    ):
        d = decisions[k]
        if d.choose != ADJUDICATOR or d.version is None or k.split(" ", 1)[0] not in ("mention", "cluster"):
            continue
        out.corrections.append(Disagreement(k, {n: None for n in names}, d))
        chosen.append(_added(k, d.version))
    out.unused_decisions = sorted(
        set(decisions) - {d.key for d in out.disagreements} - {d.key for d in out.corrections}
    )
    if not out.undecided:
        out.merged = _merge(first, chosen, annotator, shared)
    return out


def _first(per: dict[str, dict[str, Item]], key: str) -> int:
    return min(its[key].start for its in per.values() if key in its)


def _merge(template: Annotation, chosen: list[Item], annotator: str, shared: Shared) -> Annotation:
    by_layer: dict[str, list[Item]] = {layer: [] for layer in LAYERS}
    for it in chosen:
        by_layer[it.layer].append(it)
    mentions_in = sorted(
        (it.source for it in by_layer["mention"]), key=lambda m: (m.start, -m.end, m.type, m.kind)
    )
    m_id = {shared.mention(m): f"m{i}" for i, m in enumerate(mentions_in, 1)}
    mentions = tuple(
        Mention(m_id[shared.mention(m)], m.start, m.end, m.text, m.type, m.kind, m.normalized)
        for m in mentions_in
    )
    events_in = sorted(
        (it for it in by_layer["event"]),
        key=lambda it: (it.source.trigger.start, it.source.trigger.end, it.source.type),
    )
    e_id = {it.key.split(" ", 1)[1]: f"e{i}" for i, it in enumerate(events_in, 1)}

    def mention_ref(span: str, what: str) -> str:
        if span not in m_id:
            raise DecisionError(f"{what} refers to the mention at {span}, which the decisions leave out")
        return m_id[span]

    events = []
    for it in events_in:
        e: Event = it.source
        args = []
        for (role, filler), a in zip(_args_with_spans(it), e.arguments, strict=True):
            if filler.startswith("mention "):
                args.append(
                    Argument(role, mention=mention_ref(filler.split(" ", 1)[1], f"{it.key} ({role})"))
                )
            else:
                args.append(Argument(role, span=a.span))
        events.append(Event(e_id[it.key.split(" ", 1)[1]], e.type, e.trigger, e.realis, tuple(args)))
    clusters = []
    for i, it in enumerate(sorted(by_layer["cluster"], key=lambda it: (it.start, it.key)), 1):
        c: Cluster = it.source
        spans = it.key.split(" ", 1)[1].split(",")
        clusters.append(Cluster(f"c{i}", c.type, c.name, tuple(mention_ref(s, it.key) for s in spans)))
    claims = []
    for i, it in enumerate(sorted(by_layer["claim"], key=lambda it: (it.start, it.key)), 1):
        cl: Claim = it.source
        v = it.value
        claimer = None if v["claimer"] is None else mention_ref(v["claimer"], f"{it.key} (claimer)")
        evs = []
        for span in _claim_event_spans(it):
            if span not in e_id:
                raise DecisionError(f"{it.key} refers to the event at {span}, which the decisions leave out")
            evs.append(e_id[span])
        claims.append(
            Claim(f"cl{i}", cl.content, cl.cue, claimer, cl.claimer_status, cl.form, cl.stance, tuple(evs))
        )
    return Annotation(
        document_id=template.document_id,
        text_sha256=template.text_sha256,
        annotator=annotator,
        mentions=mentions,
        clusters=tuple(clusters),
        events=tuple(events),
        claims=tuple(claims),
    )


def _args_with_spans(it: Item) -> list[tuple[str, str]]:
    """The event's arguments in its own order, fillers named by span."""
    e: Event = it.source
    out = []
    for a in e.arguments:
        if a.mention is not None:
            out.append((a.role, f"mention {it.spans.get(a.mention, a.mention)}"))
        else:
            assert a.span is not None
            out.append((a.role, f"span {_s(a.span.start, a.span.end)}"))
    return out


def _claim_event_spans(it: Item) -> list[str]:
    cl: Claim = it.source
    return [it.spans.get(x, x) for x in cl.events]


__all__ = [
    "AdjudicationError",
    "Decision",
    "Disagreement",
    "Outcome",
    "adjudicate",
    "adjudicator_of",
    "items",
    "parse_decisions",
]


def _json(v: Any) -> str:
    import orjson

    return orjson.dumps(v).decode("utf-8")


def render_log(
    out: Outcome, inputs: Sequence[tuple[str, str]], decisions_file: str | None, target: str, replaced: bool
) -> str:
    """The adjudication record (Markdown): inputs, what was agreed, and every decision with both versions.

    ``inputs`` pairs each annotator with its file's SHA-256.
    """
    lines = [
        f"# Adjudication of {out.document_id}",
        "",
        f"- Output: `{target}`" + (" (replaced the existing gold file: --replace)" if replaced else ""),
        f"- Decisions file: `{decisions_file}`" if decisions_file else "- Decisions file: none",
        f"- Adjudicator: {out.adjudicator}" if out.adjudicator else "- Adjudicator: not stated",
        "- Inputs:",
    ]
    lines += [f"  - {name}: sha256 `{digest}`" for name, digest in inputs]
    lines += [
        "",
        f"## Agreed items ({len(out.agreed)})",
        "",
        "Every input has these items with the same value; they were merged as they are.",
        "",
    ]
    lines += [f"- `{k}`" for k in out.agreed] or ["- (none)"]
    lines += ["", f"## Decisions ({len(out.disagreements)})", ""]
    for d in out.disagreements:
        lines.append(f"### `{d.key}`")
        lines.append("")
        for name, v in d.versions.items():
            lines.append(f"- {name}: " + ("(absent)" if v is None else f"`{_json(v)}`"))
        if d.decision is None:
            lines.append("- decision: UNDECIDED")
        else:
            what = (
                "left out"
                if d.decision.choose == NONE
                else f"corrected by the adjudicator to `{_json(d.decision.version)}`"
                if d.decision.choose == ADJUDICATOR
                else f"{d.decision.choose}'s version taken"
            )
            lines.append(f"- decision: {what}" + (f" ({d.decision.note})" if d.decision.note else ""))
        lines.append("")
    if out.corrections:
        lines += [f"## Corrections of agreed items ({len(out.corrections)})", ""]
        lines += [
            "Every input had these items alike, and every input broke the guidelines (or no input "
            "had the item, and the guidelines call for it).",
            "",
        ]
        for d in out.corrections:
            assert d.decision is not None
            agreed_value = next((v for v in d.versions.values() if v is not None), None)
            if agreed_value is None:
                change = [f"- added: `{_json(d.decision.version)}` ({d.decision.note})"]
            elif d.decision.choose == NONE:
                change = [f"- agreed: `{_json(agreed_value)}`", f"- left out ({d.decision.note})"]
            else:
                change = [
                    f"- agreed: `{_json(agreed_value)}`",
                    f"- corrected to: `{_json(d.decision.version)}` ({d.decision.note})",
                ]
            lines += [f"### `{d.key}`", "", *change, ""]
    if out.unused_decisions:
        lines += ["## Decisions that matched no disagreement", ""]
        lines += [f"- `{k}`" for k in out.unused_decisions] + [""]
    if out.merged is not None:
        m = out.merged
        lines += [
            "## Result",
            "",
            f"{len(m.mentions)} mentions, {len(m.clusters)} clusters, {len(m.events)} "
            f"events, {len(m.claims)} claims.",
            "",
        ]
    return "\n".join(lines)


def template(out: Outcome) -> dict[str, Any]:
    """A decisions file listing every disagreement, with ``choose`` left for the adjudicator to fill in."""
    return {
        "document_id": out.document_id,
        "decisions": {
            d.key: {
                "choose": None if d.decision is None else d.decision.choose,
                "note": "" if d.decision is None else d.decision.note,
                "versions": d.versions,
            }
            for d in out.disagreements
        },
    }
