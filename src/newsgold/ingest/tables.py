"""Reading tables of articles (CSV, JSON Lines) record by record, with raw offsets.

A user brings a table with one article a row: columns ``url``, ``date``, ``title``, ``text`` and,
optionally, ``publisher``, ``rights_holder``, ``licence``, ``licence_url``, ``redistributable`` and
``language``. Each record is kept byte for byte as its own raw file (for CSV the table's header line
followed by the row, itself a one-row CSV; for JSON Lines the line), and every decoded character of
a field knows its offset in that raw file, so the cleaned text can be mapped back to it.

The CSV reader follows RFC 4180 (fields quoted with ``"``, a quote inside a quoted field doubled,
line breaks allowed inside quotes, CRLF or LF); the JSON Lines reader takes one JSON object a line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from newsgold.ingest.textdump import CleaningError
from newsgold.io import read_bytes_bounded

TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
REQUIRED_COLUMNS = ("title", "text")
# columns whose value is text; a JSON Lines row must give them as strings
TEXT_COLUMNS = (
    "url",
    "date",
    "title",
    "text",
    "publisher",
    "rights_holder",
    "licence",
    "licence_url",
    "language",
)
KNOWN_COLUMNS = (
    "url",
    "date",
    "title",
    "text",
    "publisher",
    "rights_holder",
    "licence",
    "licence_url",
    "redistributable",
    "language",
)


@dataclass(frozen=True, slots=True)
class Field:
    """A decoded field value; ``raw[i]`` is the code-point offset of ``value[i]`` in the record's raw text."""

    value: str
    raw: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Record:
    """One row of a table: its raw text (what is kept as the raw file) and its fields by column."""

    number: int  # 1-based row number, the header not counted
    line: int  # 1-based line of the table where the row starts
    raw: str
    fields: dict[str, Field]

    def get(self, column: str) -> str | None:
        f = self.fields.get(column)
        return None if f is None else f.value


def table_format(path: Path) -> str | None:
    """``"csv"`` or ``"jsonl"`` when ``path`` names a table by its suffix, else ``None``."""
    return TABLE_SUFFIXES.get(path.suffix.lower())


def read_table(path: Path) -> Iterator[Record]:
    """The records of the table at ``path``. Raises :class:`CleaningError` with a line on bad input."""
    raw = read_bytes_bounded(path)  # a FIFO or device refused, a table read up to the limit
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CleaningError(
            f"not UTF-8 (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})", line, path
        ) from exc
    try:
        if table_format(path) == "jsonl":
            yield from _jsonl_records(text)
        else:
            yield from _csv_records(text)
    except CleaningError as exc:
        exc.path = exc.path or path
        raise


# --- CSV -------------------------------------------------------------------------------------------


_UNQUOTED_END = re.compile(r"[,\r\n]")
# A field's characters as runs of consecutive raw offsets: (raw offset of the run's first character,
# length). Most fields are one run; a doubled quote or an escape starts another.
Runs = list[tuple[int, int]]


def _positions(runs: Runs, shift: int = 0) -> tuple[int, ...]:
    """The raw offset of every character of a field, from its runs (moved by ``shift``)."""
    if len(runs) == 1:  # most fields: one range, without a generator
        a, k = runs[0]
        return tuple(range(a + shift, a + shift + k))
    return tuple(chain.from_iterable(range(a + shift, a + shift + k) for a, k in runs))


def _csv_rows(text: str) -> Iterator[tuple[int, int, list[tuple[str, Runs]]]]:
    """(start, end, fields) of every record of ``text``; each field is its value and its runs of raw
    offsets (code points of ``text``). Quoted fields are read a run at a time, from quote to quote."""
    i, n = 0, len(text)
    find = text.find
    while i < n:
        start = i
        fields: list[tuple[str, Runs]] = []
        while True:
            if i < n and text[i] == '"':
                parts: list[str] = []
                runs: Runs = []
                i += 1
                while True:
                    j = find('"', i)
                    if j < 0:
                        raise CleaningError(
                            "a quoted field is not closed before the end of the table",
                            text.count("\n", 0, start) + 1,
                        )
                    if j > i:
                        parts.append(text[i:j])
                        runs.append((i, j - i))
                    if j + 1 < n and text[j + 1] == '"':  # a doubled quote: one quote, the second
                        parts.append('"')
                        runs.append((j + 1, 1))
                        i = j + 2
                        continue
                    i = j + 1
                    break
                if i < n and text[i] not in ",\r\n":
                    raise CleaningError(
                        f"unexpected {text[i]!r} after a closing quote", text.count("\n", 0, i) + 1
                    )
                fields.append(("".join(parts), runs))
            else:
                found = _UNQUOTED_END.search(text, i)
                j = found.start() if found else n
                fields.append((text[i:j], [(i, j - i)] if j > i else []))
                i = j
            if i < n and text[i] == ",":
                i += 1
                continue
            break
        if text.startswith("\r\n", i):
            i += 2
        elif i < n:
            i += 1
        yield start, i, fields


def _csv_records(text: str) -> Iterator[Record]:
    rows = _csv_rows(text)
    try:
        h_start, h_end, header_fields = next(rows)
    except StopIteration:
        raise CleaningError("the table is empty", 1) from None
    header = text[h_start:h_end]
    if not header.endswith("\n"):
        header += "\r\n" if "\r\n" in header else "\n"
    columns = [value.strip().lower() for value, _ in header_fields]
    _check_columns(columns)
    counted, line = 0, 1  # the line of text[counted], counted as the rows go by
    for number, (start, end, fields) in enumerate(rows, 1):
        line += text.count("\n", counted, start)
        counted = start
        if len(fields) == 1 and not fields[0][0].strip():
            continue  # a blank line
        if len(fields) != len(columns):
            raise CleaningError(
                f"row {number} has {len(fields)} fields, the header names {len(columns)}", line
            )
        shift = len(header) - start
        shifted = {
            col: Field(value, _positions(runs, shift))
            for col, (value, runs) in zip(columns, fields, strict=True)
        }
        yield Record(number, line, header + text[start:end], shifted)


def _check_columns(columns: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise CleaningError(
            f"the table has no {', '.join(missing)} column (columns: {', '.join(columns)}); "
            f"expected {', '.join(KNOWN_COLUMNS)}",
            1,
        )
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise CleaningError(f"column {', '.join(duplicated)} appears twice in the header", 1)


# --- JSON Lines ------------------------------------------------------------------------------------

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


_STRING_STOP = re.compile(r'["\\]')  # the end of a JSON string or an escape


def _json_string(line: str, i: int) -> tuple[Field, int]:
    """The JSON string starting at ``line[i] == '"'``: the field and the offset after it."""
    value, runs, end = _json_runs(line, i)
    return Field(value, _positions(runs)), end


def _json_runs(line: str, i: int) -> tuple[str, Runs, int]:
    """The JSON string starting at ``line[i] == '"'``: its value, its runs of raw offsets and the
    offset after it. Plain characters are taken a run at a time, up to the next quote or backslash.
    (A member's name needs no offsets, so it is read without making them.)"""
    parts: list[str] = []
    runs: Runs = []
    i += 1
    search = _STRING_STOP.search
    while True:
        found = search(line, i)
        if found is None:
            raise ValueError("unterminated string")
        j = found.start()
        if j > i:
            parts.append(line[i:j])
            runs.append((i, j - i))
        i = j
        if line[i] == '"':
            return "".join(parts), runs, i + 1
        esc = line[i + 1 : i + 2]
        if esc in _ESCAPES:
            parts.append(_ESCAPES[esc])
            runs.append((i, 1))
            i += 2
        elif esc == "u":
            code = int(line[i + 2 : i + 6], 16)
            width = 6
            if 0xD800 <= code < 0xDC00 and line[i + 6 : i + 8] == "\\u":
                low = int(line[i + 8 : i + 12], 16)
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                width = 12
            parts.append(chr(code))
            runs.append((i, 1))
            i += width
        else:
            raise ValueError(f"bad escape \\{esc}")


def _jsonl_fields(line: str) -> dict[str, Field]:
    """The string-valued members of the JSON object on ``line``, each with raw offsets (top level only)."""
    obj = json.loads(line)  # well-formedness and duplicate-free parsing are json's
    if not isinstance(obj, dict):
        raise ValueError(f"a JSON object is expected, found {type(obj).__name__}")
    out: dict[str, Field] = {}
    decoder = json.JSONDecoder()
    i = line.index("{") + 1
    while True:
        while line[i] in " \t\r\n,":
            i += 1
        if line[i] == "}":
            return out
        key, _, i = _json_runs(line, i)
        while line[i] in " \t\r\n:":
            i += 1
        if line[i] == '"':
            value, i = _json_string(line, i)
            out[key.strip().lower()] = value
        else:
            parsed, i = decoder.raw_decode(line, i)
            name = key.strip().lower()
            if name in TEXT_COLUMNS:
                raise ValueError(f"member {name!r} must be a string, found {json.dumps(parsed)[:40]}")
            out[name] = Field(json.dumps(parsed) if not isinstance(parsed, bool) else str(parsed).lower(), ())


def _jsonl_records(text: str) -> Iterator[Record]:
    number = 0
    for line_no, line in enumerate(text.splitlines(keepends=True), 1):
        if not line.strip():
            continue
        number += 1
        try:
            fields = _jsonl_fields(line)
        except (ValueError, IndexError) as exc:
            raise CleaningError(f"row {number}: {exc}", line_no) from None
        missing = [c for c in REQUIRED_COLUMNS if c not in fields]
        if missing:
            raise CleaningError(f"row {number} has no {', '.join(missing)} member", line_no)
        yield Record(number, line_no, line, fields)
