"""Optimal one-to-one matching of gold and predicted spans, with deterministic tie-breaks.

Reference scorers such as nervaluate walk the predictions in list order and take the first gold span
that fits (greedy), so the same predictions in another order can score differently. Here a matching
is a maximum-weight bipartite matching whose weight is a *lexicographic* key: a key is a tuple of
non-negative numbers (``int`` or :class:`fractions.Fraction`), compared first on its first element,
and a matching's value is the element-wise sum of its pairs' keys, compared lexicographically. The
usual key for entities (:func:`span_key`) is::

    (exact span and type, exact span, type and overlap, overlap, IoU)

so a matching first has as many exact span-and-type pairs as possible, then as many exact-span pairs,
and so on, then the largest total intersection over union.

Ties (equal keys) are broken by a last level: every candidate pair gets a distinct power of two,
larger for pairs earlier in ``(gold start, end, type, prediction start, end, type)`` order, so the
optimum is unique and never depends on the order in which the spans were listed.

Only pairs for which ``key`` returns a value are candidates (by default: overlapping spans). The
candidate graph falls apart into connected components, almost all of one or two spans; each is
solved on its own: directly when one side has a single span, with the Hungarian algorithm
(exact integer arithmetic) otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from math import lcm
from typing import Protocol, TypeVar

Level = int | Fraction
Key = tuple[Level, ...]


class SpanLike(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


G = TypeVar("G", bound=SpanLike)
P = TypeVar("P", bound=SpanLike)


def overlaps(a: SpanLike, b: SpanLike) -> bool:
    """Half-open spans share at least one character (empty spans overlap nothing)."""
    return a.start < b.end and b.start < a.end and a.start < a.end and b.start < b.end


def iou(a: SpanLike, b: SpanLike) -> Fraction:
    """Intersection over union of two half-open character spans (symmetric, 0 when disjoint)."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return Fraction(0)
    return Fraction(inter, max(a.end, b.end) - min(a.start, b.start))


def span_key(gold_type: str, pred_type: str, g: SpanLike, p: SpanLike) -> Key:
    """The lexicographic key of the default alignment (see the module docstring)."""
    exact = g.start == p.start and g.end == p.end
    same = gold_type == pred_type
    return (int(exact and same), int(exact), int(same), 1, iou(g, p))


def overlap_pairs(gold: Sequence[SpanLike], pred: Sequence[SpanLike]) -> list[tuple[int, int]]:
    """All ``(gold index, prediction index)`` pairs of overlapping spans, by a sweep over sorted starts."""
    events = sorted(
        [(s.start, 0, i) for i, s in enumerate(gold) if s.start < s.end]
        + [(s.start, 1, j) for j, s in enumerate(pred) if s.start < s.end]
    )
    active_g: list[int] = []
    active_p: list[int] = []
    out: list[tuple[int, int]] = []
    for start, side, idx in events:
        active_g = [i for i in active_g if gold[i].end > start]
        active_p = [j for j in active_p if pred[j].end > start]
        if side == 0:
            out.extend((idx, j) for j in active_p)
            active_g.append(idx)
        else:
            out.extend((i, idx) for i in active_g)
            active_p.append(idx)
    return out


def match(
    gold: Sequence[G],
    pred: Sequence[P],
    key: Callable[[G, P], Key | None],
    order_gold: Callable[[G], tuple] | None = None,
    order_pred: Callable[[P], tuple] | None = None,
    candidates: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """The optimal one-to-one matching as ``(gold index, prediction index)`` pairs, sorted.

    ``key(g, p)`` gives a pair's lexicographic key, or ``None`` when the pair may not be matched.
    ``candidates`` restricts the pairs tried (default: overlapping spans). ``order_gold`` and
    ``order_pred`` give the tie-break order (default: ``(start, end)``; pass the type too).
    """
    og = order_gold or (lambda s: (s.start, s.end))
    op = order_pred or (lambda s: (s.start, s.end))
    pairs = overlap_pairs(gold, pred) if candidates is None else candidates
    keyed: dict[tuple[int, int], Key] = {}
    for i, j in pairs:
        k = key(gold[i], pred[j])
        if k is not None:
            keyed[(i, j)] = k
    if not keyed:
        return []
    # Deterministic rank of every candidate: by the tie-break order, then by index for exact duplicates.
    rank = {e: r for r, e in enumerate(sorted(keyed, key=lambda e: (og(gold[e[0]]), op(pred[e[1]]), e)))}
    result: list[tuple[int, int]] = []
    for comp in _components(keyed):
        result.extend(_solve(comp, keyed, rank))
    return sorted(result)


def _components(edges: dict[tuple[int, int], Key]) -> list[list[tuple[int, int]]]:
    """Connected components of the candidate graph, as lists of edges (union-find)."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        a, b = (0, i), (1, j)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for e in edges:
        groups.setdefault(find((0, e[0])), []).append(e)
    return list(groups.values())


def _solve(
    comp: list[tuple[int, int]], keyed: dict[tuple[int, int], Key], rank: dict[tuple[int, int], int]
) -> list[tuple[int, int]]:
    if len(comp) == 1:
        return comp
    rows = sorted({i for i, _ in comp})
    cols = sorted({j for _, j in comp})
    if len(rows) == 1 or len(cols) == 1:  # a star: the best single pair wins
        return [max(comp, key=lambda e: (keyed[e], -rank[e]))]
    weights = _encode(comp, keyed, rank, min(len(rows), len(cols)))
    return _hungarian(rows, cols, weights)


def _encode(
    comp: list[tuple[int, int]], keyed: dict[tuple[int, int], Key], rank: dict[tuple[int, int], int], n: int
) -> dict[tuple[int, int], int]:
    """One integer per edge whose sums order matchings as the lexicographic keys (plus tie-break) do."""
    order = sorted(comp, key=lambda e: rank[e])
    tie = {e: 1 << (len(order) - 1 - r) for r, e in enumerate(order)}
    levels = len(keyed[comp[0]])
    weights = dict(tie)
    unit = n * (1 << (len(order) - 1)) + 1  # exceeds any matching's total tie-break bonus
    for level in reversed(range(levels)):
        values = [keyed[e][level] for e in comp]
        scale = (
            lcm(*(v.denominator for v in values if isinstance(v, Fraction)))
            if any(isinstance(v, Fraction) for v in values)
            else 1
        )
        ints = {e: int(keyed[e][level] * scale) for e in comp}
        for e in comp:
            weights[e] += ints[e] * unit
        unit *= n * max(ints.values()) + 1
    return weights


def _hungarian(
    rows: list[int], cols: list[int], weights: dict[tuple[int, int], int]
) -> list[tuple[int, int]]:
    """Maximum-weight matching by the Hungarian algorithm (shortest augmenting paths, O(n^2 m)).

    Non-candidate cells weigh 0 and are dropped from the result, so the assignment is a matching.
    """
    transpose = len(rows) > len(cols)
    r, c = (cols, rows) if transpose else (rows, cols)
    n, m = len(r), len(c)

    def cost(a: int, b: int) -> int:
        e = (c[b], r[a]) if transpose else (r[a], c[b])
        return -weights.get(e, 0)

    inf = float("inf")
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    p = [0] * (m + 1)  # p[j]: row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv: list[float | int] = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta: float | int = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost(i0 - 1, j - 1) - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta  # type: ignore[assignment]
                    v[j] -= delta  # type: ignore[assignment]
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    out = []
    for j in range(1, m + 1):
        if p[j]:
            e = (c[j - 1], r[p[j] - 1]) if transpose else (r[p[j] - 1], c[j - 1])
            if e in weights:
                out.append(e)
    return out
