"""Cleaning of scraped text dumps in the shape of the seed article.

The dump is a sequence of lines: a print header (``print PRINT``), a section breadcrumb
(``INTERNATIONAL > East Asia & Pacific``), the headline, a bullet block with the date, publisher and
time, the body paragraphs separated by blank lines, and a trailing block of navigation bullets.
Everything but the headline and the body is removed, and every removal is recorded with its raw line
numbers and a reason. Kept characters are never altered (typographic quotes and dashes stay).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from newsgold.errors import DataError
from newsgold.model import Removal, Segment

CLEANER = "textdump"
CLEANER_VERSION = "1.0.0"
PARAGRAPH_SEPARATOR = "\n\n"

_PRINT_HEADER = re.compile(r"^\s*print\s+PRINT\s*$", re.IGNORECASE)
_BREADCRUMB = re.compile(r"^\S.*\s>\s.*\S$")
_BULLET = re.compile(r"^\s*[•·▪*]\s?(.*)$")
_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(\d{1,2}),\s+(\d{4})\b"
)
_TIME = re.compile(r"\b(\d{1,2}):(\d{2})\s*([ap])\.?m\.?", re.IGNORECASE)
_DATELINE = re.compile(r"([A-Z][A-Z .'-]*[A-Z])(?:,\s*[A-Za-z .]+)?\s+[—–-]\s+")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("January February March April May June July August September October November December").split(), 1
    )
}


class CleaningError(DataError, ValueError):
    """The raw page cannot be ingested: ``reason``, at ``line`` (1-based) of the page at ``path``.

    ``str()`` gives ``path (line N): reason``, naming the page once; ``path`` is filled in by the
    function that read the page (the cleaners see only its text).
    """

    def __init__(self, message: str, line: int | None = None, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.reason = message
        self.line = line
        self.path = path

    @property
    def location(self) -> str:
        where = str(self.path) if self.path is not None else ""
        if self.line:
            where = f"{where} (line {self.line})" if where else f"line {self.line}"
        return where

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}" if self.location else self.reason


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    paragraphs: tuple[tuple[int, int, str], ...]  # (start, end, kind)
    segments: tuple[Segment, ...]
    removed: tuple[Removal, ...]
    section_path: tuple[str, ...]
    published_date: str | None  # YYYY-MM-DD
    time_as_printed: str | None
    time_24h: str | None  # HH:MM:SS
    publisher: str | None
    edition: str | None
    dateline: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based
    start: int  # code-point offset of the line in the raw text
    content: str  # without the line break

    @property
    def blank(self) -> bool:
        return not self.content.strip()


def _lines(raw: str) -> list[_Line]:
    out, pos = [], 0
    for number, line in enumerate(raw.splitlines(keepends=True), 1):
        out.append(_Line(number, pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


def _removal(lines: list[_Line], reason: str) -> Removal:
    return Removal(lines[0].number, lines[-1].number, reason, "\n".join(ln.content for ln in lines))


def _bullet_text(line: _Line) -> str:
    match = _BULLET.match(line.content)
    return match.group(1) if match else line.content


def clean_text_dump(raw: str) -> Cleaned:
    """Clean a decoded text dump. Raises :class:`CleaningError` when no headline or body is found."""
    lines = _lines(raw)
    content = [ln for ln in lines if not ln.blank]
    if not content:
        raise CleaningError("the page is empty")
    removed: list[Removal] = []
    section_path: tuple[str, ...] = ()
    i = 0
    if _PRINT_HEADER.match(content[i].content):
        removed.append(_removal([content[i]], "print-header"))
        i += 1
    if i < len(content) and _BREADCRUMB.match(content[i].content) and not _BULLET.match(content[i].content):
        section_path = tuple(part.strip() for part in content[i].content.split(">"))
        removed.append(_removal([content[i]], "section-breadcrumb"))
        i += 1
    if i >= len(content) or _BULLET.match(content[i].content):
        where = content[min(i, len(content) - 1)].number
        raise CleaningError("no headline found after the page header", where)
    headline = content[i]
    i += 1
    meta: list[_Line] = []
    while i < len(content) and _BULLET.match(content[i].content):
        meta.append(content[i])
        i += 1
    if meta:
        removed.append(_removal(meta, "metadata-bullets"))
    tail_start = len(content)
    while tail_start > i and _BULLET.match(content[tail_start - 1].content):
        tail_start -= 1
    body = content[i:tail_start]
    if not body:
        raise CleaningError("no body paragraphs found after the headline", headline.number)
    if tail_start < len(content):
        removed.append(_removal(content[tail_start:], "navigation-bullets"))

    text_parts: list[str] = []
    paragraphs: list[tuple[int, int, str]] = []
    segments: list[Segment] = []
    pos = 0
    for kind, line in [("headline", headline)] + [("body", ln) for ln in body]:
        if text_parts:
            text_parts.append(PARAGRAPH_SEPARATOR)
            pos += len(PARAGRAPH_SEPARATOR)
        stripped = line.content.strip()
        raw_start = line.start + (len(line.content) - len(line.content.lstrip()))
        kept = unicodedata.normalize("NFC", stripped)
        text_parts.append(kept)
        segments.append(Segment(pos, pos + len(kept), raw_start, raw_start + len(stripped)))
        paragraphs.append((pos, pos + len(kept), kind))
        pos += len(kept)
    text = "".join(text_parts)

    meta_text = " ".join(_bullet_text(m) for m in meta)
    date = _DATE.search(meta_text)
    time = _TIME.search(meta_text)
    # What is left of the bullets once the date and time are taken out: publisher, then edition.
    fields = [
        f.strip() for m in meta for f in _TIME.sub("", _DATE.sub("", _bullet_text(m))).split(",") if f.strip()
    ]
    publisher = fields[0] if fields else None
    edition = fields[1] if len(fields) > 1 else None

    time_24h = None
    if time:
        hour = int(time.group(1)) % 12 + (12 if time.group(3).lower() == "p" else 0)
        time_24h = f"{hour:02d}:{time.group(2)}:00"
    first_body = paragraphs[1][0]
    dl = _DATELINE.match(text, first_body)
    return Cleaned(
        text=text,
        paragraphs=tuple(paragraphs),
        segments=tuple(segments),
        removed=tuple(removed),
        section_path=section_path,
        published_date=(
            f"{date.group(3)}-{_MONTHS[date.group(1)]:02d}-{int(date.group(2)):02d}" if date else None
        ),
        time_as_printed=time.group(0) if time else None,
        time_24h=time_24h,
        publisher=publisher,
        edition=edition,
        dateline=(dl.start(1), dl.end(1)) if dl else None,
    )
