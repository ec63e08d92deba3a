"""Optimal one-to-one matching: exhaustively checked on small random cases, order-independent."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgold.bench.matching import iou, match, overlap_pairs, overlapping, overlaps, shortlist, span_key


@dataclass(frozen=True)
class S:
    start: int
    end: int
    type: str = "X"


def key(g: S, p: S):
    return span_key(g.type, p.type, g, p)


def order(s: S) -> tuple:
    return (s.start, s.end, s.type)


def brute_force_value(gold: list[S], pred: list[S]) -> tuple:
    """The best lexicographic sum over every one-to-one matching of overlapping pairs."""
    best: tuple = ()
    cand = [
        (i, j) for i, j in itertools.product(range(len(gold)), range(len(pred))) if overlaps(gold[i], pred[j])
    ]
    for r in range(len(cand) + 1):
        for subset in itertools.combinations(cand, r):
            if len({i for i, _ in subset}) < r or len({j for _, j in subset}) < r:
                continue
            value = (
                tuple(map(sum, zip(*(key(gold[i], pred[j]) for i, j in subset), strict=True)))
                if subset
                else (0, 0, 0, 0, 0)
            )
            best = max(best, value)
    return best


def value(gold: list[S], pred: list[S], pairs: list[tuple[int, int]]) -> tuple:
    if not pairs:
        return (0, 0, 0, 0, 0)
    return tuple(map(sum, zip(*(key(gold[i], pred[j]) for i, j in pairs), strict=True)))


def random_spans(rng: random.Random, n: int) -> list[S]:
    out = []
    for _ in range(n):
        s = rng.randint(0, 20)
        out.append(S(s, s + rng.randint(1, 8), rng.choice("AB")))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_matching_is_optimal(seed: int) -> None:
    rng = random.Random(seed)
    gold, pred = random_spans(rng, rng.randint(1, 5)), random_spans(rng, rng.randint(1, 5))
    pairs = match(gold, pred, key, order, order)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(overlaps(gold[i], pred[j]) for i, j in pairs)
    assert value(gold, pred, pairs) == brute_force_value(gold, pred)


@pytest.mark.parametrize("seed", range(10))
def test_matching_does_not_depend_on_list_order(seed: int) -> None:
    rng = random.Random(100 + seed)
    gold, pred = random_spans(rng, 6), random_spans(rng, 6)
    first = {(gold[i], pred[j]) for i, j in match(gold, pred, key, order, order)}
    for _ in range(5):
        g2, p2 = gold[:], pred[:]
        rng.shuffle(g2)
        rng.shuffle(p2)
        assert {(g2[i], p2[j]) for i, j in match(g2, p2, key, order, order)} == first


def test_ties_are_broken_by_position() -> None:
    # Two predictions equally good for one gold span: the earlier one (by start, end, type) wins.
    gold = [S(0, 10)]
    pred = [S(5, 15), S(-5, 5)]
    assert match(gold, pred, key, order, order) == [(0, 1)]


def test_exact_pairs_win_over_more_overlap_pairs() -> None:
    gold = [S(0, 5), S(4, 9)]
    pred = [S(0, 5)]
    assert match(gold, pred, key, order, order) == [(0, 0)]


def test_overlap_pairs_and_iou() -> None:
    gold, pred = [S(0, 5), S(5, 9), S(20, 22)], [S(4, 6), S(9, 12), S(21, 30)]
    assert sorted(overlap_pairs(gold, pred)) == [(0, 0), (1, 0), (2, 2)]
    assert iou(S(0, 4), S(2, 6)) == pytest.approx(2 / 6)
    assert iou(S(0, 5), S(5, 9)) == 0


def test_a_large_component_is_solved() -> None:
    # one long prediction overlapping many gold spans, and many small ones: Hungarian on a real component
    gold = [S(2 * k, 2 * k + 2) for k in range(30)]
    pred = [S(0, 60)] + [S(2 * k + 1, 2 * k + 3) for k in range(29)]
    pairs = match(gold, pred, key, order, order)
    assert len(pairs) == 30


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-2, 25), st.integers(-2, 25)), max_size=12),
    st.lists(st.tuples(st.integers(-2, 25), st.integers(-2, 25)), max_size=12),
)
def test_overlapping_finds_every_overlapping_pair_once(a, b) -> None:
    found = overlapping(a, b)
    expected = [(i, j) for i, x in enumerate(a) for j, y in enumerate(b) if overlaps(S(*x), S(*y))]
    assert sorted(found) == expected


def test_a_shortlist_stops_when_the_rivals_cannot_take_every_candidate() -> None:
    # gold 0's preference list: group [7] (also wanted by gold 1), then [8, 9] (wanted by nobody else)
    assert shortlist(0, [([7], {0, 1}), ([8, 9], {0}), ([5], {0})]) == [7, 8]
    # every candidate also wanted by another gold span: the list runs on
    assert shortlist(0, [([7], {0, 1}), ([8], {0, 2}), ([9], {0, 2}), ([5], {0})]) == [7, 8, 9]
    assert shortlist(0, [([3, 4, 5, 6], {0, 1})]) == [3, 4]  # copies: one more than the rivals
    assert shortlist(0, []) == []
