import pytest

from newsgold.convert.inclusive import from_inclusive, nervaluate_entities, to_inclusive


@pytest.mark.parametrize(("start", "end"), [(0, 1), (0, 5), (5, 9), (17, 40)])
def test_round_trip(start: int, end: int) -> None:
    assert from_inclusive(*to_inclusive(start, end)) == (start, end)


def test_adjacent_half_open_spans_do_not_touch_once_inclusive() -> None:
    (_, last_a), (first_b, _) = to_inclusive(0, 5), to_inclusive(5, 9)
    assert last_a < first_b


def test_empty_and_reversed_spans_are_rejected() -> None:
    with pytest.raises(ValueError):
        to_inclusive(3, 3)
    with pytest.raises(ValueError):
        from_inclusive(4, 3)


def test_nervaluate_entities() -> None:
    assert nervaluate_entities([(0, 5, "PER")]) == [{"label": "PER", "start": 0, "end": 4}]
