"""Checks of a document: normalisation, hash, paragraphs, spans, raw path."""

from __future__ import annotations

import unicodedata

from newsgold.findings import finding
from newsgold.validate.checks.base import Findings, Json, short, text_sha256
from newsgold.validate.checks.spans import check_span

# --- documents -------------------------------------------------------------------------------------


def check_nfc(doc: Json) -> Findings:
    text = doc["text"]
    if unicodedata.is_normalized("NFC", text):
        return
    nfc = unicodedata.normalize("NFC", text)
    at = next(
        (i for i, (a, b) in enumerate(zip(text, nfc, strict=False)) if a != b), min(len(text), len(nfc))
    )
    yield finding(
        "non-nfc-text",
        f"text is not NFC: first difference at offset {at} ({short(text[max(0, at - 10) : at + 10])})",
        pointer="/text",
        start=at,
    )


def check_document_hash(doc: Json) -> Findings:
    actual = text_sha256(doc["text"])
    if doc["text_sha256"] != actual:
        yield finding(
            "document-hash-mismatch",
            f"text_sha256 {str(doc['text_sha256'])[:16]}… is not the SHA-256 of the text ({actual[:16]}…)",
            pointer="/text_sha256",
        )


def check_paragraphs(doc: Json) -> Findings:
    """Paragraphs are in order, non-empty, disjoint, inside the text, and only whitespace lies between."""
    text = doc["text"]
    n = len(text)
    prev_end = 0
    for i, p in enumerate(doc["paragraphs"]):
        start, end = p["start"], p["end"]
        if (
            type(start) is int
            and type(end) is int
            and prev_end <= start < end <= n
            and not text[prev_end:start].strip()
        ):
            prev_end = end  # the common case: no finding, no location built
            continue
        where = {"pointer": f"/paragraphs/{i}", "start": start, "end": end}
        if type(start) is not int or type(end) is not int:
            yield finding(
                "schema-violation",
                f"offsets must be integers, got {short(start)}, {short(end)}",
                pointer=f"/paragraphs/{i}",
            )
            continue
        if not (0 <= start < end <= n):
            yield finding(
                "paragraph-offsets",
                f"paragraph {start}-{end} is empty, reversed or outside the text (0-{n})",
                **where,
            )
            continue
        if start < prev_end:
            yield finding(
                "paragraph-offsets",
                f"paragraph {start}-{end} starts before the previous one ends "
                f"({prev_end}); paragraphs are in text order and disjoint",
                **where,
            )
        elif text[prev_end:start].strip():
            yield finding(
                "paragraph-offsets",
                f"text {short(text[prev_end:start])} between {prev_end} and {start} belongs to no paragraph",
                **where,
            )
        prev_end = max(prev_end, end)
    if text[prev_end:].strip():
        yield finding(
            "paragraph-offsets",
            f"text after the last paragraph ({prev_end}-{n}) belongs to no paragraph",
            pointer="/paragraphs",
            start=prev_end,
            end=n,
        )


def check_document_spans(doc: Json) -> Findings:
    dateline = doc["metadata"]["dateline"]
    if dateline is not None:
        yield from check_span(dateline, doc["text"], "/metadata/dateline")
