import pytest

from newsgold.convert.tokens import (
    AlignmentError,
    bio_to_spans,
    sentences,
    spans_to_bio,
    token_range,
    tokenize,
)


def texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the U.N. General Assembly", ["the", "U.N.", "General", "Assembly"]),
        ("Japan, S. Korea", ["Japan", ",", "S.", "Korea"]),
        ("at 9:31 p.m. on 1,000", ["at", "9:31", "p.m.", "on", "1,000"]),
        ("Japan’s Foreign Ministry", ["Japan", "’s", "Foreign", "Ministry"]),
        ("Japan-South Korea ties", ["Japan", "-", "South", "Korea", "ties"]),
        ("“We’re not.”", ["“", "We", "’re", "not", ".", "”"]),
        ("on Sept. 26.", ["on", "Sept", ".", "26", "."]),
    ],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_token_offsets_cover_their_text() -> None:
    text = "TOKYO — Japan’s ministers met (with Moon) on Sept. 26 😀 in U.N. talks."
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
        assert tok.text.strip() == tok.text


def test_sentences_respect_abbreviations_quotes_and_paragraphs() -> None:
    text = "Mr. Abe met Moon on Sept. 26 in the U.N. hall. He said, “No.” Then\n\nNew paragraph"
    toks = tokenize(text)
    got = [" ".join(t.text for t in toks[i:j]) for i, j in sentences(text, toks)]
    assert got == [
        "Mr . Abe met Moon on Sept . 26 in the U.N. hall .",
        "He said , “ No . ”",
        "Then",
        "New paragraph",
    ]


def test_bio_round_trip() -> None:
    text = "Prime Minister Shinzo Abe met South Korean President Moon Jae In in New York."
    toks = tokenize(text)
    spans = [(15, 25, "PERSON"), (30, 42, "NORP"), (53, 64, "PERSON"), (68, 76, "GPE")]
    tags = spans_to_bio(toks, spans)
    assert tags[2:4] == ["B-PERSON", "I-PERSON"]
    assert bio_to_spans(toks, tags) == spans


def test_misaligned_span_strict_expand_contract() -> None:
    toks = tokenize("Japanese officials")
    with pytest.raises(AlignmentError):
        token_range(toks, 0, 5)
    assert token_range(toks, 0, 5, "expand") == (0, 1)
    assert token_range(toks, 0, 5, "contract") == (0, 0)


def test_overlapping_spans_cannot_be_bio_tagged() -> None:
    toks = tokenize("South Korean President")
    with pytest.raises(ValueError, match="overlaps"):
        spans_to_bio(toks, [(0, 12, "NORP"), (6, 22, "PERSON")])


def test_bio_to_spans_conlleval_reading_of_stray_inside_tags() -> None:
    toks = tokenize("a b c d")
    assert bio_to_spans(toks, ["I-ORG", "I-ORG", "B-GPE", "I-ORG"]) == [
        (0, 3, "ORG"),
        (4, 5, "GPE"),
        (6, 7, "ORG"),
    ]


def test_an_apostrophe_that_opens_a_word_is_a_quotation_mark() -> None:
    from newsgold.convert.tokens import tokenize

    text = "stocks tumble on 'Black Monday' anniversary; Japan’s rock 'n' roll"
    words = [t.text for t in tokenize(text)]
    assert words[3:7] == ["'", "Black", "Monday", "'"]  # so "Black Monday" is token-aligned
    assert "’s" in words and "Japan" in words


# --- the column forms give what the token objects give --------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newsgold.convert.tokens import (  # noqa: E402
    ABBREVIATIONS,
    bio_tags,
    sentence_bounds,
    token_columns,
)

# pieces that exercise every tokenizer rule and sentence rule: acronyms, initials, numbers, clitics,
# quotes and brackets around sentence ends, abbreviations, blank lines, other scripts
_PIECES = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\n\n",
        "\n \n",
        "\t",
        "U.S.",
        "e.g.",
        "S.",
        "A.",
        "1,000",
        "9:31",
        "3.5",
        "’s",
        "'re",
        "'",
        "’",
        '"',
        "“",
        "”",
        "(",
        ")",
        "]",
        ".",
        "!",
        "?",
        ",",
        "-",
        "—",
        "Mr",
        "Sept",
        "Japan",
        "the",
        "said",
        "Korea",
        "New",
        "x",
        "é",
        "Ωmega",
        "日本",
        "٣",
        "_",
        "😀",
        "Abe",
    ]  # fmt: skip
)


def _reference_sentences(
    text: str, texts: list[str], starts: list[int], ends: list[int]
) -> list[tuple[int, int]]:
    """The sentence splitter as first written: one step per token."""
    closers, openers = frozenset("”’\"')]"), frozenset("“‘\"'(")
    out: list[tuple[int, int]] = []
    begin, n, i = 0, len(texts), 0
    while i < n:
        boundary, j = False, i + 1
        abbreviation = (
            texts[i] == "." and i > 0 and texts[i - 1] in ABBREVIATIONS and ends[i - 1] == starts[i]
        )
        if texts[i] in {".", "!", "?"} and not abbreviation:
            while j < n and texts[j] in closers and starts[j] == ends[j - 1]:
                j += 1
            boundary = j >= n or texts[j][0].isupper() or texts[j] in openers
        if j < n and "\n\n" in text[ends[j - 1] : starts[j]]:
            boundary = True
        if boundary or j >= n:
            out.append((begin, j))
            begin = j
        i = j
    return out


def _check_columns(text: str) -> None:
    tokens = tokenize(text)
    words, starts, ends = token_columns(text)
    assert words == [t.text for t in tokens]
    assert starts == [t.start for t in tokens] and ends == [t.end for t in tokens]
    assert sentence_bounds(text, words, starts, ends) == _reference_sentences(text, words, starts, ends)
    assert sentences(text, tokens) == sentence_bounds(text, words, starts, ends)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_token_columns_and_sentence_bounds_agree_with_the_reference(text: str) -> None:
    _check_columns(text)


def test_token_columns_on_the_corpus() -> None:
    from newsgold.corpus import iter_corpus

    for item in list(iter_corpus())[:80]:
        _check_columns(item.document.text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=40).map("".join), st.data())
def test_bio_tags_agree_with_a_scan_over_the_tokens(text: str, data: st.DataObject) -> None:
    tokens = tokenize(text)
    if not tokens:
        return
    k = data.draw(st.integers(0, len(tokens) - 1))
    m = data.draw(st.integers(k, min(k + 3, len(tokens) - 1)))
    start, end = tokens[k].start, tokens[m].end
    nudge = data.draw(st.sampled_from([0, 0, 1]))  # now and then off the token boundaries
    span = (start + nudge, end, "GPE")
    starts, ends = [t.start for t in tokens], [t.end for t in tokens]
    inside = [i for i in range(len(tokens)) if starts[i] >= span[0] and ends[i] <= span[1]]
    aligned = span[0] < span[1] and span[0] in starts and span[1] in ends
    if not aligned:
        with pytest.raises(AlignmentError):
            bio_tags(starts, ends, [span])
        return
    expected = ["O"] * len(tokens)
    for n, i in enumerate(inside):
        expected[i] = ("B-" if n == 0 else "I-") + "GPE"
    assert bio_tags(starts, ends, [span]) == expected == spans_to_bio(tokens, [span])
