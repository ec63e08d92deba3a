"""The table readers (newsgold.ingest.tables) read a run of characters at a time; they give what the
character-by-character reading gives: the same records, fields, raw offsets and errors. The record
cleaner's segments are found by bisection; they are those of a scan over every offset."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgold.ingest.records import _Cleaner
from newsgold.ingest.tables import Field, Record, _check_columns, _csv_records, _json_string
from newsgold.ingest.textdump import CleaningError
from newsgold.model import Segment

# --- the character-by-character reference -------------------------------------------------------


def _reference_csv_rows(text: str) -> Iterator[tuple[int, int, list[Field]]]:
    i, n = 0, len(text)
    while i < n:
        start = i
        fields: list[Field] = []
        while True:
            if i < n and text[i] == '"':
                chars: list[str] = []
                pos: list[int] = []
                i += 1
                while True:
                    if i >= n:
                        raise CleaningError("not closed", text.count("\n", 0, start) + 1)
                    c = text[i]
                    if c == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            chars.append('"')
                            pos.append(i + 1)
                            i += 2
                            continue
                        i += 1
                        break
                    chars.append(c)
                    pos.append(i)
                    i += 1
                if i < n and text[i] not in ",\r\n":
                    raise CleaningError("unexpected", text.count("\n", 0, i) + 1)
                fields.append(Field("".join(chars), tuple(pos)))
            else:
                j = i
                while j < n and text[j] not in ",\r\n":
                    j += 1
                fields.append(Field(text[i:j], tuple(range(i, j))))
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


def _reference_csv_records(text: str) -> Iterator[Record]:
    rows = _reference_csv_rows(text)
    h_start, h_end, header_fields = next(rows)
    header = text[h_start:h_end]
    if not header.endswith("\n"):
        header += "\r\n" if "\r\n" in header else "\n"
    columns = [f.value.strip().lower() for f in header_fields]
    _check_columns(columns)
    for number, (start, end, fields) in enumerate(rows, 1):
        line = text.count("\n", 0, start) + 1
        if len(fields) == 1 and not fields[0].value.strip():
            continue
        if len(fields) != len(columns):
            raise CleaningError("row fields", line)
        shift = len(header) - start
        shifted = {
            col: Field(f.value, tuple(p + shift for p in f.raw))
            for col, f in zip(columns, fields, strict=True)
        }
        yield Record(number, line, header + text[start:end], shifted)


_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _reference_json_string(line: str, i: int) -> tuple[Field, int]:
    chars: list[str] = []
    pos: list[int] = []
    i += 1
    while True:
        if i >= len(line):
            raise ValueError("unterminated string")
        c = line[i]
        if c == '"':
            return Field("".join(chars), tuple(pos)), i + 1
        if c != "\\":
            chars.append(c)
            pos.append(i)
            i += 1
            continue
        esc = line[i + 1 : i + 2]
        if esc in _ESCAPES:
            chars.append(_ESCAPES[esc])
            pos.append(i)
            i += 2
        elif esc == "u":
            code = int(line[i + 2 : i + 6], 16)
            width = 6
            if 0xD800 <= code < 0xDC00 and line[i + 6 : i + 8] == "\\u":
                low = int(line[i + 8 : i + 12], 16)
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                width = 12
            chars.append(chr(code))
            pos.append(i)
            i += width
        else:
            raise ValueError(f"bad escape \\{esc}")


def _outcome(read: object) -> object:
    """What a reading gives: its records, or its error's kind and line."""
    try:
        return list(read)  # type: ignore[call-overload]
    except CleaningError as exc:
        return ("error", exc.line)
    except (ValueError, IndexError) as exc:
        return ("error", type(exc).__name__)


_CSV = st.lists(
    st.sampled_from(['"', '""', ",", "\n", "\r\n", "\r", " ", "a", "word", "é", "“x”", "1,000", "😀", "\\"]),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_CSV, _CSV)
def test_csv_records_are_those_of_the_character_reading(header_tail: str, body: str) -> None:
    text = "url,date,title,text" + header_tail[:3] + "\n" + body
    assert _outcome(_csv_records(text)) == _outcome(_reference_csv_records(text))


_JSON = st.lists(
    st.sampled_from(
        ['"', "\\", '\\"', "\\n", "\\u00e9", "\\ud83d\\ude00", "\\ud83d", "\\x", "a", "é", " ", "/"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_JSON)
def test_json_strings_are_those_of_the_character_reading(body: str) -> None:
    line = '"' + body
    expected: object
    try:
        expected = _reference_json_string(line, 0)
    except (ValueError, IndexError) as exc:
        expected = type(exc).__name__
    try:
        got: object = _json_string(line, 0)
    except (ValueError, IndexError) as exc:
        got = type(exc).__name__
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=1, max_size=30), st.data())
def test_segments_are_the_runs_of_consecutive_offsets(steps: list[int], data: st.DataObject) -> None:
    raw = [5]
    for step in steps:
        raw.append(raw[-1] + step)
    value = "x" * len(raw)
    start = data.draw(st.integers(0, len(raw) - 1))
    end = data.draw(st.integers(start, len(raw)))
    part = raw[start:end]
    expected: list[Segment] = []
    run = 0
    for k in range(1, len(part) + 1):
        if k == len(part) or part[k] != part[k - 1] + 1:
            expected.append(Segment(7 + run, 7 + k, part[run], part[k - 1] + 1))
            run = k
    cleaner = _Cleaner(Record(1, 1, "", {}))
    assert cleaner.segments(Field(value, tuple(raw)), start, end, 7) == expected


def test_the_reference_tells_a_difference(tmp_path: Path) -> None:
    """A reader that dropped the second quote of a doubled quote would be caught."""
    text = 'url,date,title,text\nu,d,t,"say ""hi"""\n'
    (record,) = _csv_records(text)
    assert record.fields["text"].value == 'say "hi"'
    assert _outcome(_csv_records(text)) == _outcome(_reference_csv_records(text))
    with pytest.raises(CleaningError):
        list(_csv_records('url,date,title,text\nu,d,t,"open'))
