"""Predictions as JSON Lines: one annotation object per line, the gold's format and span conventions.

Each line is validated against its document with :func:`newsgold.validate.check_annotation`, and its
findings are reported with ``file`` set to ``PATH:LINE``; a line nested deeper than newsgold writes is
a malformed line, and an object with a key twice is reported (``duplicate-key``). Each check lists at
most ``MAX_FINDINGS_PER_CHECK`` findings per line, then says that there are more
(``prediction-findings-truncated``), so that a line of a million bad mentions is reported in seconds.
Scoring is lenient where validation is strict, so that nothing a system output goes uncounted:

- a span with valid offsets is scored at its offsets (a text mismatch is a validation error);
- a span without usable offsets but with a ``text`` found in the document is placed at its first
  occurrence at or after the given start (finding ``prediction-span-located``);
- a span that cannot be located at all is kept with the empty span ``[-1, -1)``: it matches nothing
  and so counts as **spurious** (finding ``prediction-span-unlocatable``), never dropped;
- a document of the evaluated set with no line counts as all missed (``prediction-missing-document``).

A line may leave out every field that carries no prediction (see :mod:`newsgold.bench.lenient`): the
defaults are filled in before it is validated, and the layers each line has are counted, so that
only the tasks a file predicts are scored unless others are asked for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from newsgold.bench.core import few_collections
from newsgold.bench.lenient import complete, layers_of
from newsgold.findings import CODES, Finding
from newsgold.io import atomic_write_bytes
from newsgold.model import Annotation, Argument, Claim, Cluster, Document, Event, Mention, Span
from newsgold.validate import check_annotation_limited
from newsgold.validate.checks import check_json_structure

MAX_FINDINGS_PER_CHECK = 100  # findings listed per validation check and line

UNLOCATED = (-1, -1)


def _finding(
    code: str,
    message: str,
    file: str,
    document_id: str | None = None,
    pointer: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Finding:
    return Finding(
        code,
        CODES[code][0],
        message,
        file=file,
        document_id=document_id,  # type: ignore[arg-type]
        pointer=pointer,
        start=start,
        end=end,
    )


@dataclass(slots=True)
class Predictions:
    annotations: dict[str, Annotation] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unlocatable: int = 0
    located: int = 0
    lines: int = 0
    layer_items: Counter[str] = field(default_factory=Counter)  # predicted items per task layer
    layers_named: set[str] = field(default_factory=set)  # task layers some line has, even empty

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


class _Reader:
    def __init__(self, document: Document, file: str, out: Predictions) -> None:
        self.doc = document
        self.file = file
        self.out = out

    def span(self, d: Any, pointer: str) -> Span:
        text = self.doc.text
        if isinstance(d, dict):
            s, e, t = d.get("start"), d.get("end"), d.get("text")
            if type(s) is int and type(e) is int and 0 <= s < e <= len(text):
                return Span(s, e, t if isinstance(t, str) else text[s:e])
            if isinstance(t, str) and t:
                at = text.find(t, s if type(s) is int and 0 <= s <= len(text) else 0)
                if at < 0:
                    at = text.find(t)
                if at >= 0:
                    self.out.located += 1
                    self.out.findings.append(
                        _finding(
                            "prediction-span-located",
                            f"offsets {s!r}-{e!r} unusable; {t[:40]!r} placed at {at}",
                            self.file,
                            self.doc.id,
                            pointer,
                            at,
                            at + len(t),
                        )
                    )
                    return Span(at, at + len(t), t)
        self.out.unlocatable += 1
        shown = repr(d.get("text"))[:50] if isinstance(d, dict) else repr(d)[:50]
        self.out.findings.append(
            _finding(
                "prediction-span-unlocatable",
                f"span {shown} cannot be located in the text; counted as spurious",
                self.file,
                self.doc.id,
                pointer,
            )
        )
        return Span(
            *UNLOCATED, d.get("text", "") if isinstance(d, dict) and isinstance(d.get("text"), str) else ""
        )

    def items(self, data: dict, name: str) -> list[tuple[str, dict]]:
        raw = data.get(name, [])
        if not isinstance(raw, list):
            return []
        out = []
        for k, item in enumerate(raw):
            pointer = f"/{name}/{k}"
            if isinstance(item, dict):
                out.append((pointer, item))
            else:
                self.out.findings.append(
                    _finding(
                        "prediction-unreadable-item",
                        f"{name} item is {type(item).__name__}",
                        self.file,
                        self.doc.id,
                        pointer,
                    )
                )
                out.append((pointer, {}))
        return out

    def annotation(self, data: dict) -> Annotation:
        def s(v: Any, default: str = "(missing)") -> str:
            return v if isinstance(v, str) else default

        mentions = []
        size = len(self.doc.text)
        for k, (ptr, m) in enumerate(self.items(data, "mentions")):
            start, end, covered = m.get("start"), m.get("end"), m.get("text")
            if not (
                type(start) is int and type(end) is int and 0 <= start < end <= size and type(covered) is str
            ):
                sp = self.span(m, ptr)  # the usual case above, without a Span per mention
                start, end, covered = sp.start, sp.end, sp.text
            norm = m.get("normalized")
            mentions.append(
                Mention(
                    s(m.get("id"), f"#m{k}"),
                    start,
                    end,
                    covered,
                    s(m.get("type")),
                    s(m.get("kind"), "name"),
                    norm if isinstance(norm, str) else None,
                )
            )
        clusters = []
        for k, (_, c) in enumerate(self.items(data, "clusters")):
            raw_members = c.get("mentions")
            members: list[Any] = raw_members if isinstance(raw_members, list) else []
            clusters.append(
                Cluster(
                    s(c.get("id"), f"#c{k}"),
                    s(c.get("type")),
                    s(c.get("name"), ""),
                    tuple(x for x in members if isinstance(x, str)),
                )
            )
        events = []
        for k, (ptr, e) in enumerate(self.items(data, "events")):
            args = []
            got = e.get("arguments")
            raw_args: list[Any] = got if isinstance(got, list) else []
            for a_k, a in enumerate(raw_args):
                if not isinstance(a, dict):
                    args.append(Argument("(missing)", None, Span(*UNLOCATED, "")))
                    continue
                if isinstance(a.get("mention"), str):
                    args.append(Argument(s(a.get("role")), a["mention"]))
                else:
                    args.append(
                        Argument(
                            s(a.get("role")), None, self.span(a.get("span"), f"{ptr}/arguments/{a_k}/span")
                        )
                    )
            events.append(
                Event(
                    s(e.get("id"), f"#e{k}"),
                    s(e.get("type")),
                    self.span(e.get("trigger"), f"{ptr}/trigger"),
                    s(e.get("realis")),
                    tuple(args),
                )
            )
        claims = []
        for k, (ptr, c) in enumerate(self.items(data, "claims")):
            cue = None if c.get("cue") is None else self.span(c.get("cue"), f"{ptr}/cue")
            claimer = c.get("claimer")
            claims.append(
                Claim(
                    s(c.get("id"), f"#cl{k}"),
                    self.span(c.get("content"), f"{ptr}/content"),
                    cue,
                    claimer if isinstance(claimer, str) else None,
                    s(c.get("claimer_status")),
                    s(c.get("form")),
                    s(c.get("stance")),
                    tuple(x for x in c.get("events", []) if isinstance(x, str))
                    if isinstance(c.get("events"), list)
                    else (),
                )
            )
        return Annotation(
            self.doc.id,
            s(data.get("text_sha256"), ""),
            s(data.get("annotator"), "prediction"),
            tuple(mentions),
            tuple(clusters),
            tuple(events),
            tuple(claims),
        )


def _check(data: dict, document: Document, file: str) -> list[Finding]:
    found, cut = check_annotation_limited(data, document, MAX_FINDINGS_PER_CHECK, file=file)
    for f in cut:
        found.append(
            _finding(
                "prediction-findings-truncated",
                f"one check found more than {MAX_FINDINGS_PER_CHECK} problems on this line; the rest are "
                f"not listed (the next: {f.code} at {f.pointer or 'the line'})",
                file,
                f.document_id,
            )
        )
    return [f if f.file else replace(f, file=file) for f in found]


def parse_prediction(
    data: Any, document: Document, file: str, out: Predictions | None = None, validate: bool = True
) -> tuple[Annotation, Predictions]:
    """One prediction object, validated and read leniently (see the module docstring)."""
    out = out if out is not None else Predictions()
    if isinstance(data, dict):
        layers = layers_of(data)
        out.layer_items.update(layers)
        out.layers_named.update(layers)
        data = complete(data, document)
    if validate:
        out.findings.extend(_check(data, document, file))
    ann = _Reader(document, file, out).annotation(data)
    return ann, out


def read_predictions(path: Path, documents: Mapping[str, Document], validate: bool = True) -> Predictions:
    """Read ``path`` (JSON Lines); ``documents`` is the evaluated set, by id."""
    with few_collections():
        return _read_predictions(path, documents, validate)


def _read_predictions(path: Path, documents: Mapping[str, Document], validate: bool) -> Predictions:
    out = Predictions()
    name = str(path)
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            out.lines += 1
            where = f"{name}:{number}"
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as e:
                out.findings.append(_finding("prediction-malformed-line", f"not JSON: {e}", where))
                continue
            structure = list(check_json_structure(raw, data))
            malformed = [f for f in structure if f.code == "malformed-json"]
            if malformed:
                out.findings.append(_finding("prediction-malformed-line", malformed[0].message, where))
                continue
            if validate:  # duplicate keys, found in the line's bytes: validation of data cannot see them
                named = data.get("document_id") if isinstance(data, dict) else None
                doc_named = named if isinstance(named, str) else None
                out.findings.extend(replace(f, file=where, document_id=doc_named) for f in structure)
            if not isinstance(data, dict):
                out.findings.append(
                    _finding(
                        "prediction-malformed-line", f"a JSON {type(data).__name__}, not an object", where
                    )
                )
                continue
            doc_id = data.get("document_id")
            if not isinstance(doc_id, str):
                out.findings.append(
                    _finding("prediction-no-document-id", "document_id is missing", where, pointer="")
                )
                continue
            if doc_id not in documents:
                out.findings.append(
                    _finding(
                        "prediction-not-scored",
                        f"document {doc_id} is not in the evaluated set",
                        where,
                        doc_id,
                    )
                )
                continue
            if doc_id in out.annotations:
                out.findings.append(
                    _finding(
                        "prediction-duplicate-document",
                        f"document {doc_id} already has a line; this one is ignored",
                        where,
                        doc_id,
                    )
                )
                continue
            out.annotations[doc_id], _ = parse_prediction(data, documents[doc_id], where, out, validate)
    for doc_id in sorted(documents):
        if doc_id not in out.annotations:
            out.findings.append(
                _finding(
                    "prediction-missing-document",
                    f"no prediction for document {doc_id}: all of its gold counts as missed",
                    name,
                    doc_id,
                )
            )
    return out


def write_predictions(path: Path, annotations: list[Annotation]) -> None:
    """Write annotations as JSON Lines (atomically), one document per line in the given order."""
    atomic_write_bytes(path, b"".join(orjson.dumps(a.to_dict()) + b"\n" for a in annotations))
