"""Bootstrap intervals and the paired comparison."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from newsgold.bench.bootstrap import MIN_DOCUMENTS, choose_unit, intervals, paired
from newsgold.bench.core import total
from newsgold.bench.entities import entity_figures, score_spans


def units(seed: int, n: int = 40, quality: float = 0.7) -> list[Counter[str]]:
    """Per-document entity counts of a synthetic system that gets ``quality`` of the entities right."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        gold = [(10 * k, 10 * k + 4, "PER") for k in range(rng.randint(1, 6))]
        pred = [
            (s, e, t) if rng.random() < quality else (s, e - 1, t) for s, e, t in gold if rng.random() < 0.9
        ]
        out.append(score_spans([gold], [pred]))
    return out


def test_seeded_intervals_are_deterministic_and_contain_the_point_estimate() -> None:
    u = units(1)
    a = intervals(u, entity_figures, n=300, seed=5)
    b = intervals(u, entity_figures, n=300, seed=5)
    assert a == b
    point = entity_figures(total(u))
    for name, iv in a.items():
        assert iv.low <= point[name] <= iv.high, name
    assert a["entities.strict.micro.f1"].high > a["entities.strict.micro.f1"].low  # there is uncertainty
    c = intervals(u, entity_figures, n=300, seed=6)
    assert c != a


def test_unit_choice_is_stated() -> None:
    assert choose_unit(MIN_DOCUMENTS)[0] == "document"
    unit, reason = choose_unit(1)
    assert unit == "paragraph" and "paragraphs" in reason and "1 document" in reason
    assert choose_unit(1, "document")[0] == "document"


def test_paired_comparison() -> None:
    a, b = units(2, quality=0.5), units(2, quality=0.95)
    same = paired(a, a, entity_figures, n=200, seed=0)
    assert same["entities.strict.micro.f1"].delta == 0.0 and same["entities.strict.micro.f1"].p_value == 1.0
    diff = paired(a, b, entity_figures, n=500, seed=0)["entities.strict.micro.f1"]
    assert diff.delta > 0 and diff.interval.low > 0 and diff.p_value < 0.05
    assert diff.b - diff.a == pytest.approx(diff.delta)
    with pytest.raises(ValueError):
        paired(a, a[:-1], entity_figures, n=10)


def test_one_unit_has_no_interval() -> None:
    import math

    one = units(3, n=1)
    assert entity_figures(total(one))["entities.strict.micro.f1"] > 0
    assert intervals(one, entity_figures, n=100, seed=0) == {}  # never a degenerate [x, x]
    d = paired(one, units(4, n=1), entity_figures, n=100, seed=0)["entities.strict.micro.f1"]
    assert math.isnan(d.interval.low) and math.isnan(d.interval.high) and math.isnan(d.p_value)
    assert intervals(units(3, n=2), entity_figures, n=100, seed=0)  # two units: an interval again
