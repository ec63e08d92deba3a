import pytest

from newsgold.convert.utf16 import (
    from_utf16,
    span_from_utf16,
    span_to_utf16,
    to_utf16,
    utf16_length,
)

SAMPLES = ["", "plain ascii", "café — “quoted”", "a😀b", "😀😀x", "x🇯🇵y 𝔘 z", "end😀"]


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", SAMPLES)
def test_length_matches_the_codec(text):
    assert utf16_length(text) == _units(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_every_offset_round_trips(text):
    for p in range(len(text) + 1):
        u = to_utf16(text, p)
        assert u == _units(text[:p])
        assert from_utf16(text, u) == p


def test_astral_character_shifts_by_one():
    text = "I 😀 Tokyo"
    assert text[4:9] == "Tokyo"
    assert span_to_utf16(text, 4, 9) == (5, 10)
    assert span_from_utf16(text, 5, 10) == (4, 9)


def test_bmp_only_text_is_the_identity():
    text = "Japan — Korea"
    assert [to_utf16(text, p) for p in range(len(text) + 1)] == list(range(len(text) + 1))


def test_offset_inside_a_surrogate_pair_is_refused():
    text = "a😀b"
    with pytest.raises(ValueError, match="surrogate"):
        from_utf16(text, 2)
    assert span_from_utf16(text, 2, 4) is None


@pytest.mark.parametrize("bad", [-1, 99])
def test_out_of_range(bad):
    with pytest.raises(ValueError):
        to_utf16("abc", bad)
    with pytest.raises(ValueError):
        from_utf16("abc", bad)
