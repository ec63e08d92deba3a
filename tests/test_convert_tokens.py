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
