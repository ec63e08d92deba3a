"""Checks of a document: normalisation, control characters, hash, paragraphs, spans, provenance
segments, integer ranges, raw path."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from newsgold.findings import finding
from newsgold.validate.checks.base import INT32_MAX, Findings, Json, fast_path, short, text_sha256
from newsgold.validate.checks.spans import check_span

# Control characters a document text never holds: every C0 control but tab and line feed (paragraphs
# are joined by a blank line, lines within a paragraph by a line feed, and tabs inside a line are kept
# as they were), DEL and the C1 controls. Carriage returns end lines in raw pages only: every cleaner
# splits lines there, so none reaches a text. The cleaners refuse pages and rows holding the others.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

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


def check_control_characters(doc: Json) -> Findings:
    text = doc["text"]
    first = CONTROL_CHARACTER.search(text)
    if first is None:
        return
    count = len(CONTROL_CHARACTER.findall(text))
    at = first.start()
    yield finding(
        "control-character",
        f"text holds {count} control character(s), the first {first.group()!r} at offset {at} "
        f"({short(text[max(0, at - 10) : at + 10])}); a news text has none but tab and line feed",
        pointer="/text",
        start=at,
        end=at + 1,
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


def check_segments(doc: Json) -> Findings:
    """Each provenance segment ``[start, end, raw_start, raw_end]`` is in order and its text range lies
    inside the text (its raw range is checked against the raw page, :func:`check_raw_segments`)."""
    n = len(doc["text"])
    for i, seg in enumerate(doc["provenance"]["segments"]):
        start, end, raw_start, raw_end = seg
        if 0 <= start <= end <= n and 0 <= raw_start <= raw_end:
            continue
        problems = []
        if start > end:
            problems.append(f"its text range {start}-{end} is reversed")
        elif end > n:
            problems.append(f"its text range {start}-{end} lies outside the text (0-{n})")
        if raw_start > raw_end:
            problems.append(f"its raw range {raw_start}-{raw_end} is reversed")
        yield finding(
            "segment-out-of-bounds",
            f"segment {seg}: {'; '.join(problems)}",
            pointer=f"/provenance/segments/{i}",
        )


def _integers(doc: Json) -> list[tuple[str, Any]]:
    """Every integer of a document that goes into a release column, with its JSON Pointer."""
    out: list[tuple[str, Any]] = []
    for i, p in enumerate(doc["paragraphs"]):
        out += [(f"/paragraphs/{i}/start", p["start"]), (f"/paragraphs/{i}/end", p["end"])]
    dateline = doc["metadata"]["dateline"]
    if dateline is not None:
        out += [("/metadata/dateline/start", dateline["start"]), ("/metadata/dateline/end", dateline["end"])]
    prov = doc["provenance"]
    for i, seg in enumerate(prov["segments"]):
        out += [(f"/provenance/segments/{i}/{k}", v) for k, v in enumerate(seg)]
    for i, r in enumerate(prov["removed"]):
        out += [
            (f"/provenance/removed/{i}/first_line", r["first_line"]),
            (f"/provenance/removed/{i}/last_line", r["last_line"]),
        ]
    return out


def _clean_integers(doc: Json) -> bool:
    """No integer of :func:`_integers` exceeds :data:`INT32_MAX` and neither does the text's length;
    the same values, read without building a JSON Pointer for each."""
    prov = doc["provenance"]
    dateline = doc["metadata"]["dateline"]
    values = [v for p in doc["paragraphs"] for v in (p["start"], p["end"])]
    if dateline is not None:
        values += (dateline["start"], dateline["end"])
    for seg in prov["segments"]:
        values.extend(seg)
    values += [v for r in prov["removed"] for v in (r["first_line"], r["last_line"])]
    if set(map(type, values)) <= {int}:  # the common case, one comparison in C
        return len(doc["text"]) <= INT32_MAX and (not values or max(values) <= INT32_MAX)
    return len(doc["text"]) <= INT32_MAX and not any(type(v) is int and v > INT32_MAX for v in values)


@fast_path(_clean_integers)
def check_integer_ranges(doc: Json) -> Findings:
    """Offsets and line numbers fit the release's 32-bit integer columns, and so does every offset into
    the text (its length does). Span offsets of annotations never exceed the text's length
    (``offset-out-of-bounds``), so this covers them too."""
    n = len(doc["text"])
    if n > INT32_MAX:
        yield finding(
            "integer-out-of-range",
            f"text has {n} characters: offsets into it do not fit the release's 32-bit integers",
            pointer="/text",
        )
    for pointer, value in _integers(doc):
        if type(value) is int and value > INT32_MAX:
            yield finding(
                "integer-out-of-range",
                f"{value} does not fit the release's 32-bit integer columns (at most {INT32_MAX})",
                pointer=pointer,
            )
