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

Many predictions over few gold spans (a system that proposes every phrase) make large components.
:func:`shortlist` keeps, for each gold span, only the head of its preference list that can hold its
partner in the optimal matching, so the solver sees a few candidates per gold span and gives the same
matching as over all of them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from fractions import Fraction
from math import lcm
from typing import Any, Protocol, TypeVar

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


def overlapping(a: Sequence[tuple[Any, ...]], b: Sequence[tuple[Any, ...]]) -> list[tuple[int, int]]:
    """Every ``(index in a, index in b)`` pair of overlapping half-open ``(start, end, ...)`` spans.

    Two non-empty spans overlap when one starts inside the other: each span of ``a`` collects the spans
    of ``b`` starting in ``[start, end)``, each span of ``b`` the spans of ``a`` starting in
    ``(start, end)``; two bisections each over the sorted starts, so the cost is
    O((|a| + |b|) log + pairs).
    """
    sa = sorted([(s[0], s[1], i) for i, s in enumerate(a) if s[0] < s[1]])
    sb = sorted([(s[0], s[1], j) for j, s in enumerate(b) if s[0] < s[1]])
    starts_a = [s for s, _, _ in sa]
    starts_b = [s for s, _, _ in sb]
    out: list[tuple[int, int]] = []
    for start, end, i in sa:
        lo = bisect_left(starts_b, start)
        hi = bisect_left(starts_b, end, lo)
        if lo < hi:
            out += [(i, sb[k][2]) for k in range(lo, hi)]
    for start, end, j in sb:
        lo = bisect_right(starts_a, start)
        hi = bisect_left(starts_a, end, lo)
        if lo < hi:
            out += [(sa[k][2], j) for k in range(lo, hi)]
    return out


def overlap_pairs(gold: Sequence[SpanLike], pred: Sequence[SpanLike]) -> list[tuple[int, int]]:
    """All ``(gold index, prediction index)`` pairs of overlapping spans (see :func:`overlapping`)."""
    return overlapping([(s.start, s.end) for s in gold], [(s.start, s.end) for s in pred])


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
    return best_matching(keyed, lambda e: (og(gold[e[0]]), op(pred[e[1]]), e))


def best_matching(
    keyed: dict[tuple[int, int], Key], order: Callable[[tuple[int, int]], tuple]
) -> list[tuple[int, int]]:
    """The optimal one-to-one matching over the candidate pairs ``keyed`` (pair -> key), sorted.

    ``order`` gives each pair's place in the tie-break order (earlier wins); it must be a total order,
    e.g. ending with the pair itself.
    """
    if not keyed:
        return []
    # Deterministic rank of every candidate: by the tie-break order, then by index for exact duplicates.
    rank = {e: r for r, e in enumerate(sorted(keyed, key=order))}
    result: list[tuple[int, int]] = []
    for comp in _components(keyed):
        result.extend(_solve(comp, keyed, rank))
    return sorted(result)


def shortlist(me: Hashable, ranked: Iterable[tuple[Sequence[int], Collection[Hashable]]]) -> list[int]:
    """The candidates of one gold span ``me`` that the optimal matching may pair it with.

    ``ranked`` is its preference list, best first: groups of interchangeable predictions (their indices
    in tie-break order) with the gold spans each group may be matched to (``me`` among them). Taken in
    order, the list stops at the first prefix ``L`` holding more predictions than there are other gold
    spans that could claim one of them (``T``). Then no optimal matching pairs ``me`` with a prediction
    after ``L``: other gold spans hold at most ``|T| < |L|`` predictions of ``L``, so one is free, and
    pairing ``me`` with it instead would be at least as good by key and earlier by tie-break, so
    better; and the optimum is unique. Solving over the shortlists of every gold span therefore gives
    the matching over all candidates.
    """
    taken: list[int] = []
    others: set[Hashable] = set()
    for members, rivals in ranked:
        others.update(rivals)
        others.discard(me)
        room = len(others) + 1 - len(taken)  # >= 1 while the list goes on
        taken.extend(members[:room])
        if len(taken) > len(others):
            break
    return taken


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
    order = sorted(comp, key=rank.__getitem__)
    weights = {e: 1 << (len(order) - 1 - r) for r, e in enumerate(order)}
    unit = n * (1 << (len(order) - 1)) + 1  # exceeds any matching's total tie-break bonus
    for level in reversed(range(len(keyed[comp[0]]))):
        values = [keyed[e][level] for e in comp]
        ints: list[int] = []
        if any(isinstance(v, Fraction) for v in values):  # on a common denominator, exactly
            scale = lcm(*(v.denominator for v in values if isinstance(v, Fraction)))
            for v in values:
                ints.append(v.numerator * (scale // v.denominator) if isinstance(v, Fraction) else v * scale)
        else:
            ints = values  # type: ignore[assignment]
        for e, k in zip(comp, ints, strict=True):
            weights[e] += k * unit
        unit *= n * max(ints) + 1
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
