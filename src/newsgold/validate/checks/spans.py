"""Checks of spans against the document text, and of an annotation against its document."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import partial

from newsgold.findings import Finding, finding
from newsgold.validate.checks.base import DocumentText, Findings, Json, fast_path, short

# --- spans -----------------------------------------------------------------------------------------

_NO_FINDINGS: tuple[Finding, ...] = ()
_START, _END, _TEXT = (operator.itemgetter(k) for k in ("start", "end", "text"))


def check_span(span: Json, text: str, pointer: str, owner: str | None = None) -> Iterable[Finding]:
    """One span against the text: in bounds, not reversed, not empty, same text, no edge whitespace."""
    start, end = span["start"], span["end"]
    if type(start) is not int or type(end) is not int:
        return [
            finding(
                "schema-violation",
                f"offsets must be integers, got {short(start)}, {short(end)}",
                pointer=pointer,
                annotation_id=owner,
            )
        ]
    n = len(text)
    if start < 0 or end > n or start > n:
        return [
            finding(
                "offset-out-of-bounds",
                f"span {start}-{end} lies outside the text (0-{n})",
                pointer=pointer,
                annotation_id=owner,
                start=start,
                end=end,
            )
        ]
    if end < start:
        return [
            finding(
                "offset-reversed",
                f"span end {end} is before its start {start}",
                pointer=pointer,
                annotation_id=owner,
                start=start,
                end=end,
            )
        ]
    if end == start:
        return [
            finding(
                "empty-span",
                f"span {start}-{end} covers no characters",
                pointer=pointer,
                annotation_id=owner,
                start=start,
                end=end,
            )
        ]
    actual = text[start:end]
    if span["text"] == actual and not actual[0].isspace() and not actual[-1].isspace():
        return _NO_FINDINGS
    out = []
    if span["text"] != actual:
        out.append(
            finding(
                "span-text-mismatch",
                f"span text {short(span['text'])} differs from text[{start}:{end}] {short(actual)}",
                pointer=pointer,
                annotation_id=owner,
                start=start,
                end=end,
            )
        )
    if actual[0].isspace() or actual[-1].isspace():
        out.append(
            finding(
                "span-whitespace",
                f"text[{start}:{end}] {short(actual)} starts or ends with whitespace; trim the span",
                pointer=pointer,
                annotation_id=owner,
                start=start,
                end=end,
            )
        )
    return out


def _fine_span(text: str, n: int, span: Json) -> bool:
    """A correct span (no finding from :func:`check_span`)."""
    s, e = span["start"], span["end"]
    return (
        type(s) is int
        and type(e) is int
        and 0 <= s < e <= n
        and text[s:e] == span["text"]
        and not text[s].isspace()
        and not text[e - 1].isspace()
    )


def _clean_spans(ann: Json, doc: DocumentText) -> bool:
    """Every span of the annotation is correct (see :func:`_fine_span`), in one pass per layer.

    ``str.strip()`` removes exactly the characters ``str.isspace()`` accepts, so a piece of the text
    equals its strip iff neither end is whitespace.
    """
    text = doc.text
    n = len(text)
    spans = list(ann["mentions"])
    for ev in ann["events"]:
        spans.append(ev["trigger"])
        for a in ev["arguments"]:
            span = a.get("span")
            if span is not None:
                spans.append(span)
    for c in ann["claims"]:
        spans.append(c["content"])
        if c["cue"] is not None:
            spans.append(c["cue"])
    if not spans:
        return True
    starts = list(map(_START, spans))
    ends = list(map(_END, spans))
    if not (
        set(map(type, starts)) == set(map(type, ends)) == {int}
        and min(starts) >= 0
        and max(ends) <= n
        and all(map(operator.lt, starts, ends))
    ):
        return False
    pieces = list(map(text.__getitem__, map(slice, starts, ends)))
    return pieces == list(map(_TEXT, spans)) and list(map(str.strip, pieces)) == pieces


@fast_path(_clean_spans)
def check_spans(ann: Json, doc: DocumentText) -> Findings:
    """Every span of the annotation against the text: mentions, event triggers, argument spans, claim
    contents and cues (see :func:`check_span`).

    A correct span, the common case, is recognised inline; only a span that is not gets a JSON Pointer
    built and goes through :func:`check_span` for its findings.
    """
    text = doc.text
    n = len(text)
    fine = partial(_fine_span, text, n)
    for i, m in enumerate(ann["mentions"]):
        if not fine(m):
            yield from check_span(m, text, f"/mentions/{i}", m["id"])
    for i, ev in enumerate(ann["events"]):
        if not fine(ev["trigger"]):
            yield from check_span(ev["trigger"], text, f"/events/{i}/trigger", ev["id"])
        for j, a in enumerate(ev["arguments"]):
            span = a.get("span")
            if span is not None and not fine(span):
                yield from check_span(span, text, f"/events/{i}/arguments/{j}/span", ev["id"])
    for i, c in enumerate(ann["claims"]):
        if not fine(c["content"]):
            yield from check_span(c["content"], text, f"/claims/{i}/content", c["id"])
        if c["cue"] is not None and not fine(c["cue"]):
            yield from check_span(c["cue"], text, f"/claims/{i}/cue", c["id"])


# --- annotation against its document --------------------------------------------------------------


def check_text_hash(ann: Json, doc: DocumentText) -> Findings:
    if ann["text_sha256"] != doc.sha256:
        pinned = str(ann["text_sha256"])[:16]
        yield finding(
            "text-hash-mismatch",
            f"annotation is pinned to text SHA-256 {pinned}…, the text of "
            f"document {doc.id} has {doc.sha256[:16]}…; the offsets may be stale",
            pointer="/text_sha256",
        )


def check_document_id(ann: Json, doc: DocumentText) -> Findings:
    if ann["document_id"] != doc.id:
        yield finding(
            "document-id-mismatch",
            f"document_id {short(ann['document_id'])} differs from its document {doc.id!r}",
            pointer="/document_id",
        )
