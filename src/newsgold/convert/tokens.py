"""Deterministic tokenizer, sentence splitter and BIO tagging over character offsets.

Tokenization rules, applied left to right at each position (first match wins):

1. acronyms of two or more letter-period pairs are one token: ``U.N.``, ``U.S.``;
2. a single capital letter followed by a period and whitespace is one token: ``S.`` in ``S. Korea``;
3. numbers with internal ``.``, ``,`` or ``:`` are one token: ``1,000``, ``9:31``, ``3.5``;
4. a clitic or possessive after an apostrophe that follows a word is its own token: ``’s``, ``'re``
   (so ``Japan’s`` is ``Japan`` + ``’s`` and the possessive stays outside entity spans); an apostrophe
   that opens a word is a quotation mark (rule 6: ``'Black Monday'`` is ``'`` ``Black`` ``Monday``
   ``'``);
5. a run of word characters (``\\w``, any script) is one token;
6. any other non-space character is a token by itself (punctuation, quotes, dashes, hyphens:
   ``Japan-South Korea`` is ``Japan`` ``-`` ``South`` ``Korea``).

Whitespace never belongs to a token. Sentences end after ``.``, ``!`` or ``?`` (and any closing
quotes or brackets right after it) when the next token starts with an upper-case letter or an
opening quote and the period does not end a known abbreviation; a paragraph break (a blank line)
always ends a sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from newsgold.errors import DataError

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # 1 acronyms
    r"|[A-Z]\.(?=\s)"  # 2 initials
    r"|\d+(?:[.,:]\d+)+"  # 3 numbers with separators
    r"|(?<=\w)['’]\w+"  # 4 clitics and possessives
    r"|\w+"  # 5 words
    r"|\S"  # 6 anything else
)
ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Prof Gen Sen Rep Gov Lt Col Sgt St Jr Sr Inc Corp Co Ltd vs "
    "Jan Feb Mar Apr Aug Sep Sept Oct Nov Dec".split()
)
_CLOSERS = frozenset("”’\"')]")
_OPENERS = frozenset("“‘\"'(")
_ENDERS = frozenset(".!?")
# The token pattern as one group: ``split`` gives whitespace and tokens in turn, with no match object
# per token (see :func:`token_columns`).
_SPLIT = re.compile(f"({_TOKEN.pattern})")
_PARAGRAPH_BREAK = re.compile(r"\n\n")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    stop = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, stop)]


def token_columns(text: str) -> tuple[list[str], list[int], list[int]]:
    """The tokens of :func:`tokenize` over the whole of ``text`` as three parallel lists: texts, starts,
    ends (no :class:`Token` per token: one ``re.split``, the offsets summed from the pieces' lengths)."""
    parts = _SPLIT.split(text)  # whitespace, token, whitespace, ..., token, whitespace
    bounds = list(accumulate(map(len, parts)))  # where each piece ends
    return parts[1::2], bounds[0:-1:2], bounds[1::2]


def sentences(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Sentence boundaries as half-open token index ranges ``[i, j)``."""
    return sentence_bounds(text, [t.text for t in tokens], [t.start for t in tokens], [t.end for t in tokens])


def sentence_bounds(
    text: str, texts: Sequence[str], starts: Sequence[int], ends: Sequence[int]
) -> list[tuple[int, int]]:
    """:func:`sentences` over tokens given as columns (see :func:`token_columns`).

    Only the tokens that can end a sentence are visited: the sentence-final punctuation and the last
    token before a paragraph break (a blank line lies between two tokens, never inside one).
    """
    n = len(texts)
    breaks = set()
    for m in _PARAGRAPH_BREAK.finditer(text):
        j = bisect.bisect_left(starts, m.start())  # the first token after the blank line
        if 0 < j < n and ends[j - 1] <= m.start():
            breaks.add(j)
    candidates = sorted({*_positions(texts, _ENDERS), *(j - 1 for j in breaks)})
    out: list[tuple[int, int]] = []
    begin = 0
    visited = 0  # tokens before this index were taken by an earlier sentence end (closing quotes)
    for i in candidates:
        if i < visited:
            continue
        j = i + 1
        boundary = False
        tok = texts[i]
        abbreviation = tok == "." and i > 0 and texts[i - 1] in ABBREVIATIONS and ends[i - 1] == starts[i]
        if tok in _ENDERS and not abbreviation:
            while j < n and texts[j] in _CLOSERS and starts[j] == ends[j - 1]:
                j += 1
            boundary = j >= n or texts[j][0].isupper() or texts[j] in _OPENERS
        if j in breaks:
            boundary = True
        if boundary or j >= n:
            out.append((begin, j))
            begin = j
        visited = j
    if begin < n:
        out.append((begin, n))
    return out


def _positions(texts: Sequence[str], wanted: frozenset[str]) -> list[int]:
    """The indices of the items of ``texts`` that are in ``wanted`` (``list.index`` runs over the items
    between two of them in C: sentence ends are few among the tokens)."""
    if not isinstance(texts, list):
        return [i for i, t in enumerate(texts) if t in wanted]
    found = []
    for item in wanted:
        i = -1
        try:
            while True:
                i = texts.index(item, i + 1)
                found.append(i)
        except ValueError:
            pass
    return found


Alignment = Literal["strict", "expand", "contract"]


class AlignmentError(DataError, ValueError):
    """A span boundary falls inside a token (with ``alignment="strict"``)."""


def token_range(
    tokens: Sequence[Token], start: int, end: int, alignment: Alignment = "strict"
) -> tuple[int, int]:
    """The token index range ``[i, j)`` covering character span ``[start, end)``.

    ``strict`` requires both boundaries on token boundaries; ``expand`` takes every token the span
    touches; ``contract`` only the tokens wholly inside it (possibly none: ``i == j``). ``tokens`` are
    in text order and disjoint, as :func:`tokenize` returns them (two binary searches, not a scan).
    """
    i = bisect.bisect_right(tokens, start, key=_end)  # the first token ending after start
    j = bisect.bisect_left(tokens, end, key=_start, lo=i)  # the first token starting at or after end
    return _aligned(lambda k: tokens[k].start, lambda k: tokens[k].end, i, j, start, end, alignment)


def _aligned(
    start_of: Callable[[int], int],
    end_of: Callable[[int], int],
    i: int,
    j: int,
    start: int,
    end: int,
    alignment: Alignment,
) -> tuple[int, int]:
    """:func:`token_range` from the tokens ``[i, j)`` the span touches (``start_of(k)``, ``end_of(k)``:
    the offsets of token ``k``)."""
    if i >= j:
        return (0, 0) if alignment != "strict" else _fail(start, end)
    aligned = start_of(i) == start and end_of(j - 1) == end
    if aligned or alignment == "expand":
        return i, j
    if alignment == "contract":
        while i < j and start_of(i) < start:
            i += 1
        while j > i and end_of(j - 1) > end:
            j -= 1
        return i, j
    return _fail(start, end)


def _start(t: Token) -> int:
    return t.start


def _end(t: Token) -> int:
    return t.end


def _fail(start: int, end: int) -> tuple[int, int]:
    raise AlignmentError(f"span [{start}, {end}) does not start and end on token boundaries")


def spans_to_bio(
    tokens: Sequence[Token], spans: Iterable[tuple[int, int, str]], alignment: Alignment = "strict"
) -> list[str]:
    """BIO tags (IOB2) for non-overlapping typed character spans."""
    return bio_tags([t.start for t in tokens], [t.end for t in tokens], spans, alignment)


def bio_tags(
    starts: Sequence[int],
    ends: Sequence[int],
    spans: Iterable[tuple[int, int, str]],
    alignment: Alignment = "strict",
) -> list[str]:
    """:func:`spans_to_bio` over tokens given by their offsets (see :func:`token_columns`)."""
    tags = ["O"] * len(starts)
    start_of, end_of = starts.__getitem__, ends.__getitem__
    for start, end, label in sorted(spans):
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_left(starts, end, lo=first)
        if first < last and starts[first] == start and ends[last - 1] == end:
            i, j = first, last  # on token boundaries: what _aligned returns for any alignment
        else:
            i, j = _aligned(start_of, end_of, first, last, start, end, alignment)
            if i == j:
                continue
        if tags[i:j].count("O") != j - i:
            raise ValueError(f"span [{start}, {end}) {label} overlaps another span: BIO tags cannot nest")
        tags[i] = f"B-{label}"
        if j - i > 1:
            tags[i + 1 : j] = [f"I-{label}"] * (j - i - 1)
    return tags


def bio_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Typed character spans from BIO tags; an ``I-X`` not continuing an ``X`` starts a new span
    (the conlleval reading)."""
    if len(tokens) != len(tags):
        raise ValueError(f"{len(tokens)} tokens but {len(tags)} tags")
    spans: list[tuple[int, int, str]] = []
    current: list = []  # [start, end, label]
    for tok, tag in zip(tokens, tags, strict=True):
        prefix, _, label = tag.partition("-")
        if prefix == "I" and current and current[2] == label:
            current[1] = tok.end
            continue
        if current:
            spans.append((current[0], current[1], current[2]))
            current = []
        if prefix in {"B", "I"}:
            current = [tok.start, tok.end, label]
        elif tag != "O":
            raise ValueError(f"not a BIO tag: {tag!r}")
    if current:
        spans.append((current[0], current[1], current[2]))
    return spans
