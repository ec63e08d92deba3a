"""Cleaning of scraped text dumps in the shape of the seed article.

The dump is a sequence of lines: a print header (``print PRINT``), a section breadcrumb
(``INTERNATIONAL > East Asia & Pacific``), the headline, a bullet block with the date, publisher and
time, the body paragraphs separated by blank lines, and a trailing block of navigation bullets.
Everything but the headline and the body is removed, and every removal is recorded with its raw line
numbers and a reason. Kept characters are never altered (typographic quotes and dashes stay).

Scraped dumps vary in their whitespace, and the same page cleans to the same document whatever its
line ends (LF, CRLF or CR) and whatever whitespace (spaces, tabs, no-break spaces) a line starts or
ends with: each line is matched without it, and a line of whitespace only is blank. Whitespace
inside a line is kept as it is.

A page is refused, and nothing of it ingested, when it holds a control character (a C0 control other
than tab, line feed and carriage return, DEL, or a C1 control: :data:`CONTROL_CHARACTERS`): a news
text never does, so the page is binary or mis-decoded, and a character removed from the middle of a
line could not be recorded as a removal of raw lines. A page that holds no article is refused with
:class:`NotAnArticle`: one that is empty or whitespace only, one with a headline but no body, and one
of more than :data:`MAX_LINES` non-blank lines (a news article has a few hundred at most). The page
is read line by line and only its non-blank lines are kept, so cleaning needs memory for the page
and its text, not for each of its lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

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
# Control characters no page (and no text cleaned from it) holds: C0 controls but tab, line feed and
# carriage return, DEL, and the C1 controls (which a UTF-8 page holds when it was mis-decoded once).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Line ends of a page (as str.splitlines, whose other line ends are control characters refused above).
_LINE_END = re.compile(r"\r\n|[\n\r\u2028\u2029]")
# More non-blank lines than any news article has: such a page is refused before its lines are built.
MAX_LINES = 10_000
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


class NotAnArticle(CleaningError):
    """The input is well-formed but holds no article (an empty page, a page without body, a test page);
    ingest skips it with ``reason``."""


def refuse_control_characters(raw: str) -> None:
    """Raise :class:`CleaningError` (with line and column) when ``raw`` holds a control character
    (:data:`CONTROL_CHARACTERS`)."""
    bad = CONTROL_CHARACTERS.search(raw)
    if bad is None:
        return
    at = bad.start()
    line, line_start = 1, 0
    for end in _LINE_END.finditer(raw, 0, at):
        line, line_start = line + 1, end.end()
    raise CleaningError(
        f"the page holds the control character {bad.group()!r} (column {at - line_start + 1}); a news "
        "text never does: is the page binary or mis-decoded?",
        line,
    )


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


class _Line(NamedTuple):
    """A non-blank line of a page (a named tuple: a page makes a dozen, built faster than a dataclass)."""

    number: int  # 1-based
    start: int  # code-point offset of the line in the raw text
    content: str  # without the line break


def _content_lines(raw: str) -> Iterator[_Line]:
    """The non-blank lines of ``raw`` (numbered as :meth:`str.splitlines` counts), one at a time."""
    if "\r" not in raw and "\u2028" not in raw and "\u2029" not in raw:
        yield from _feed_lines(raw)
        return
    number, pos = 0, 0
    for end in _LINE_END.finditer(raw):
        number += 1
        content = raw[pos : end.start()]
        if content and not content.isspace():
            yield _Line(number, pos, content)
        pos = end.end()
    last = raw[pos:]
    if last and not last.isspace():
        yield _Line(number + 1, pos, last)


def _feed_lines(raw: str) -> Iterator[_Line]:
    """:func:`_content_lines` of a page whose only line end is the line feed (the usual page): found
    with :meth:`str.find`, twice as fast as the regular expression of every line end."""
    find, n = raw.find, len(raw)
    number, pos = 0, 0
    while pos < n:
        end = find("\n", pos)
        if end < 0:
            end = n
        number += 1
        content = raw[pos:end]
        if content and not content.isspace():
            yield _Line(number, pos, content)
        pos = end + 1


def _lines(raw: str) -> list[_Line]:
    """The non-blank lines of ``raw``; :class:`NotAnArticle` when there are none or too many."""
    out: list[_Line] = []
    for line in _content_lines(raw):
        if len(out) == MAX_LINES:
            raise NotAnArticle(
                f"not an article: more than {MAX_LINES} non-blank lines (a news article has a few hundred)",
                line.number,
            )
        out.append(line)
    if not out:
        raise NotAnArticle("not an article: the page is empty (or whitespace only)")
    return out


def _removal(lines: list[_Line], reason: str) -> Removal:
    return Removal(lines[0].number, lines[-1].number, reason, "\n".join(ln.content for ln in lines))


def _bullet_text(line: _Line) -> str:
    match = _BULLET.match(line.content)
    return match.group(1) if match else line.content


def clean_text_dump(raw: str) -> Cleaned:
    """Clean a decoded text dump. Raises :class:`CleaningError` when the page holds a control character
    or has no headline, :class:`NotAnArticle` when it holds no article (see the module docstring)."""
    refuse_control_characters(raw)
    content = _lines(raw)
    removed: list[Removal] = []
    section_path: tuple[str, ...] = ()
    i = 0
    if _PRINT_HEADER.match(content[i].content):
        removed.append(_removal([content[i]], "print-header"))
        i += 1
    if (
        i < len(content)
        and _BREADCRUMB.match(content[i].content.strip())
        and not _BULLET.match(content[i].content)
    ):
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
        raise NotAnArticle("not an article: no body paragraph after the headline", headline.number)
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
