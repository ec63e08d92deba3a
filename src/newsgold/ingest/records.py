"""Cleaning of article records (a row of a CSV or JSON Lines table) into a document text.

The headline is the ``title`` column; the body is the ``text`` column, whose paragraphs are separated
by blank lines. Cleaning removes, and records with its reason:

- ``date-line``: a leading line that is only a date ("Friday, January 4, 2019", "February 27, 2007");
- ``editorial-notice``: a leading "This article requires pre-publication review ..." notice;
- ``sources-section``: a line "Sources" and everything after it (source list, categories);
- ``map-legend``: legend lines of a map or chart, which start with a colour swatch (``██``);
- ``stray-whitespace``: whitespace at the start or end of a line (spaces, tabs, no-break spaces).

Paragraphs are joined with a blank line, as for every document; line breaks inside a paragraph are
kept. Kept characters are never altered (NFC normalisation aside, as for every cleaner). A record whose
title starts with "TEST PAGE" (a wiki's test page) or whose body is empty after cleaning is not an
article and is refused with that reason. A title or text holding a control character (a C0 control
other than tab, line feed and carriage return, DEL, a C1 control) is refused as a cleaning error.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import NamedTuple

from newsgold.ingest.tables import Field, Record
from newsgold.ingest.textdump import (
    CONTROL_CHARACTERS,
    PARAGRAPH_SEPARATOR,
    Cleaned,
    CleaningError,
    NotAnArticle,
)
from newsgold.model import Removal, Segment

CLEANER = "records"
CLEANER_VERSION = "1.0.0"

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE_LINE = re.compile(rf"^(?:{_WEEKDAY},\s+)?{_MONTH}\s+\d{{1,2}},\s+\d{{4}}$")
_NOTICE = re.compile(r"^This article requires pre-publication review\b")
_SOURCES = re.compile(r"^Sources?:?$")
_LEGEND = "██"
_TEST_PAGE = re.compile(r"^\s*TEST PAGE\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Line(NamedTuple):
    start: int  # offset of the first character in the field value
    content: str  # without the line break
    stripped: str  # ``content`` without whitespace at either end (asked for several times a line)


def _lines(value: str) -> list[_Line]:
    out, pos = [], 0
    for line in value.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        out.append(_Line(pos, content, content.strip()))
        pos += len(line)
    return out


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of non-blank lines (paragraphs)."""
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.stripped:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


class _Cleaner:
    def __init__(self, record: Record) -> None:
        self.record = record
        self.raw = record.raw
        self.removed: list[Removal] = []

    def raw_line(self, field: Field, index: int) -> int:
        """1-based line of the record's raw text holding character ``index`` of ``field``."""
        pos = field.raw[min(index, len(field.raw) - 1)] if field.raw else 0
        return self.raw.count("\n", 0, pos) + 1

    def remove(self, field: Field, lines: list[_Line], reason: str) -> None:
        self.removed.append(
            Removal(
                self.raw_line(field, lines[0].start),
                self.raw_line(field, lines[-1].start + max(len(lines[-1].content) - 1, 0)),
                reason,
                "\n".join(ln.content for ln in lines),
            )
        )

    def stray_whitespace(self, field: Field, line: _Line) -> None:
        lead = line.content[: len(line.content) - len(line.content.lstrip())]
        trail = line.content[len(line.content.rstrip()) :]
        if lead or trail:
            self.removed.append(
                Removal(
                    self.raw_line(field, line.start),
                    self.raw_line(field, line.start),
                    "stray-whitespace",
                    lead + trail,
                )
            )

    def segments(self, field: Field, start: int, end: int, at: int) -> list[Segment]:
        """Segments for ``field.value[start:end]`` copied to cleaned offset ``at``."""
        piece = field.value[start:end]
        raw = field.raw[start:end]
        if not raw:
            return []
        kept = unicodedata.normalize("NFC", piece)
        if kept != piece:
            return [Segment(at, at + len(kept), raw[0], raw[-1] + 1)]
        if raw[-1] - raw[0] == len(raw) - 1:  # offsets only grow: consecutive, one segment
            return [Segment(at, at + len(raw), raw[0], raw[-1] + 1)]
        # a segment per run of consecutive raw offsets; offsets only grow, so raw[k] - k never falls
        # and a run ends where it rises (found by bisection, not character by character)
        out: list[Segment] = []
        run, n = 0, len(raw)
        while run < n:
            rise = raw[run] - run
            k = bisect.bisect_right(range(n), rise, lo=run, key=lambda j: raw[j] - j)
            out.append(Segment(at + run, at + k, raw[run], raw[k - 1] + 1))
            run = k
        return out


def clean_record(record: Record) -> Cleaned:
    """Clean one record. Raises :class:`NotAnArticle` or :class:`CleaningError` with the reason."""
    title_field = record.fields["title"]
    text_field = record.fields["text"]
    if _TEST_PAGE.match(title_field.value):
        raise NotAnArticle(f"not an article: a test page (title {title_field.value.strip()!r})", record.line)
    for name, field in (("title", title_field), ("text", text_field)):
        bad = CONTROL_CHARACTERS.search(field.value)
        if bad is not None:
            raise CleaningError(
                f"row {record.number}: the {name} column holds the control character "
                f"{bad.group()!r} at character {bad.start()}; a news text never does (a "
                "binary or mis-decoded source?)",
                record.line,
            )
    date = (record.get("date") or "").strip()
    if date and not _ISO_DATE.match(date):
        raise CleaningError(
            f"row {record.number}: date {date!r} is not an ISO date (YYYY-MM-DD)", record.line
        )
    c = _Cleaner(record)
    headline = title_field.value.strip()
    if not headline:
        raise CleaningError("the title is empty", record.line)

    lines = _lines(text_field.value)
    kept_lines: list[_Line] = []
    for line in lines:
        if line.stripped.startswith(_LEGEND):
            c.remove(text_field, [line], "map-legend")
        else:
            kept_lines.append(line)
    blocks = _blocks(kept_lines)
    while (
        blocks
        and len(blocks[0]) == 1
        and (_DATE_LINE.match(blocks[0][0].stripped) or _NOTICE.match(blocks[0][0].stripped))
    ):
        reason = "date-line" if _DATE_LINE.match(blocks[0][0].stripped) else "editorial-notice"
        c.remove(text_field, blocks.pop(0), reason)
    for k, block in enumerate(blocks):
        if len(block) == 1 and _SOURCES.match(block[0].stripped):
            tail = [ln for b in blocks[k:] for ln in b]
            c.remove(text_field, tail, "sources-section")
            del blocks[k:]
            break
    if not blocks:
        raise NotAnArticle("not an article: the text column holds no paragraph once cleaned", record.line)

    parts: list[str] = []
    paragraphs: list[tuple[int, int, str]] = []
    segments: list[Segment] = []
    pos = 0

    def copy(field: Field, line: _Line) -> str:
        nonlocal pos
        lead = len(line.content) - len(line.content.lstrip())
        stripped = line.stripped
        start = line.start + lead
        kept = unicodedata.normalize("NFC", stripped)
        segments.extend(c.segments(field, start, start + len(stripped), pos))
        pos += len(kept)
        return kept

    title_line = _Line(0, title_field.value, title_field.value.strip())
    c.stray_whitespace(title_field, title_line)
    head = copy(title_field, title_line)
    parts.append(head)
    paragraphs.append((0, len(head), "headline"))
    for block in blocks:
        parts.append(PARAGRAPH_SEPARATOR)
        pos += len(PARAGRAPH_SEPARATOR)
        start = pos
        for j, line in enumerate(block):
            if j:
                parts.append("\n")
                pos += 1
            c.stray_whitespace(text_field, line)
            parts.append(copy(text_field, line))
        paragraphs.append((start, pos, "body"))
    text = "".join(parts)
    c.removed.sort(key=lambda r: (r.first_line, r.last_line))
    return Cleaned(
        text=text,
        paragraphs=tuple(paragraphs),
        segments=tuple(segments),
        removed=tuple(c.removed),
        section_path=(),
        published_date=date or None,
        time_as_printed=None,
        time_24h=None,
        publisher=(record.get("publisher") or "").strip() or None,
        edition=None,
        dateline=None,
    )
