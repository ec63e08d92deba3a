"""Entity mention scoring: the four SemEval-2013 task 9.1 schemes, per type, errors, confusions.

Schemes (Segura-Bedmar et al. 2013; the names nervaluate uses), each with its own optimal one-to-one
matching of gold and predicted mentions (see :mod:`newsgold.bench.matching`):

========== ========================================= ===========================================
scheme     a matched pair counts as COR when ...      otherwise (overlapping)
========== ========================================= ===========================================
strict     span and type are both exact               INC
exact      the span is exact (any type)               INC
ent_type   the types agree (spans overlap)            INC
partial    the span is exact (any type)               PAR (half credit)
========== ========================================= ===========================================

Unmatched gold mentions are MIS, unmatched predictions SPU. POS = COR + INC + PAR + MIS,
ACT = COR + INC + PAR + SPU, P = (COR + PAR / 2) / ACT, R = (COR + PAR / 2) / POS (PAR is 0 outside
``partial``). Overlap is symmetric: two spans overlap when they share a character, and with
``min_iou`` > 0 their intersection over union must reach it (nervaluate measures overlap against the
gold span only, so a very long prediction over a short gold entity still counts).

Per type, a matched pair counts under its **gold** type, a spurious prediction under its own type,
so per-type counts add up to the totals exactly; the confusion matrix shows predicted types.
Micro figures sum counts over types; macro figures average per-type F1 over the types that occur in
the gold or the predictions. Predicted labels outside the inventory are scored (as SPU or INC), never
dropped.

The alignment used for error categories and the confusion matrix is the ``strict`` matching (exact
span and type first, then exact span, then type with overlap, then overlap, then IoU).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from operator import attrgetter

import numpy as np

from newsgold.bench.core import Case, UnitCounts, add, labels_under, prf, sum_under
from newsgold.bench.matching import Key, best_matching, overlapping, shortlist
from newsgold.model import Mention

SCHEMES = ("strict", "exact", "ent_type", "partial")
CATEGORIES = ("COR", "INC", "PAR", "MIS", "SPU")
ERRORS = (
    "missed",
    "spurious",
    "wrong_type",
    "too_wide",
    "too_narrow",
    "shifted",
    "wrong_type_and_boundary",
    "split",
    "merge",
)
NONE = "-"  # the empty side of a confusion-matrix cell (missed or spurious)


@dataclass(frozen=True, slots=True)
class EntitySettings:
    kinds: tuple[str, ...] = ("name",)  # mention kinds scored; "name" is the OntoNotes NER layer
    min_iou: float = 0.0  # minimum intersection over union for an overlapping pair to count at all

    def to_dict(self) -> dict[str, object]:
        return {"kinds": list(self.kinds), "min_iou": self.min_iou}


Span3 = tuple[int, int, str]  # (start, end, type), half-open
# Below this offset a float IoU orders candidates exactly as the fractions do: two distinct fractions
# with denominators under 2**26 differ by more than 2**-52, twice a double's rounding error below 1.
FLOAT_IOU_LIMIT = 1 << 26


def _levels(scheme: str, exact: bool, same: bool) -> tuple[int, int, int]:
    """The first three levels of a scheme's key; then come 1 (the spans overlap) and the IoU."""
    if scheme == "strict":
        return (int(exact and same), int(exact), int(same))
    if scheme == "exact":
        return (int(exact), int(exact and same), int(same))
    return (int(same), int(exact and same), int(exact))  # ent_type


def _inter_union(g: Span3, p: Span3) -> tuple[int, int]:
    return min(g[1], p[1]) - max(g[0], p[0]), max(g[1], p[1]) - min(g[0], p[0])


def _key(scheme: str, g: Span3, p: Span3) -> Key:
    inter, union = _inter_union(g, p)
    return (*_levels(scheme, g[0] == p[0] and g[1] == p[1], g[2] == p[2]), 1, Fraction(inter, union))


def _preference(scheme: str, g: Span3, p: Span3, floats: bool) -> tuple:
    """Where ``p`` stands in ``g``'s preference list: by key (best first), then in tie-break order."""
    a, b, c = _levels(scheme, g[0] == p[0] and g[1] == p[1], g[2] == p[2])
    inter, union = _inter_union(g, p)
    return (-a, -b, -c, -(inter / union if floats else Fraction(inter, union)), p)


def select(mentions: Sequence[Mention], kinds: Sequence[str]) -> list[Mention]:
    return [m for m in mentions if m.kind in kinds]


def count_entities(case: Case, settings: EntitySettings = EntitySettings()) -> UnitCounts:
    """Counts for one document (see the module docstring for their meaning)."""
    gold = select(case.gold.mentions, settings.kinds)
    pred = select(case.pred.mentions, settings.kinds)
    units = entity_counts(gold, pred, settings, case.unit_of)
    ignored = len(case.pred.mentions) - len(pred)
    if ignored:
        add(units, 0, "ent|ignored_kind", ignored)
    return units


def score_spans(
    gold: Sequence[Sequence[tuple[int, int, str]]],
    pred: Sequence[Sequence[tuple[int, int, str]]],
    settings: EntitySettings = EntitySettings(),
) -> Counter[str]:
    """Summed counts for parallel lists of documents given as half-open ``(start, end, type)`` spans."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold documents but {len(pred)} predicted")
    out: Counter[str] = Counter()
    for g_doc, p_doc in zip(gold, pred, strict=True):
        for c in span_counts(
            [(s, e, t) for s, e, t in g_doc], [(s, e, t) for s, e, t in p_doc], settings
        ).values():
            out.update(c)
    return out


def _unit0(offset: int) -> int:
    return 0


_SPAN3 = attrgetter("start", "end", "type")


def entity_counts(
    gold: Sequence[Mention],
    pred: Sequence[Mention],
    settings: EntitySettings = EntitySettings(),
    unit_of: Callable[[int], int] = _unit0,
) -> UnitCounts:
    """Counts of one document's gold and predicted mentions (already restricted to the scored kinds)."""
    return span_counts(list(map(_SPAN3, gold)), list(map(_SPAN3, pred)), settings, unit_of)


def span_counts(
    gold: Sequence[Span3],
    pred: Sequence[Span3],
    settings: EntitySettings = EntitySettings(),
    unit_of: Callable[[int], int] = _unit0,
) -> UnitCounts:
    """Counts of one document's gold and predicted ``(start, end, type)`` spans.

    The matchings come from :func:`_matchings`. Counts are tallied by outcome first (a gold span's
    unit, type, its relation to its partner under each scheme and the strict partner's type;
    predictions per unit and type), then named once per distinct outcome.
    """
    graph = _Overlaps.of(gold, pred)
    matchings = _matchings(graph, settings.min_iou)
    unit = {o: unit_of(o) for o in {s[0] for s in gold} | {s[0] for s in graph.groups}}
    strict, exact, ent_type = (dict(matchings[s]) for s in ("strict", "exact", "ent_type"))
    outcomes: dict[tuple, int] = {}
    outcome: tuple
    for i, g in enumerate(gold):
        js, je, jt = strict.get(i), exact.get(i), ent_type.get(i)
        if js is not None and js == je == jt:  # the usual case: one partner under every scheme
            p = pred[js]
            rel = (g[0] == p[0] and g[1] == p[1], g[2] == p[2])
            outcome = (unit[g[0]], g[2], rel, rel, rel, p[2])
        else:
            outcome = (
                unit[g[0]],
                g[2],
                _relation(g, pred, js),
                _relation(g, pred, je),
                _relation(g, pred, jt),
                NONE if js is None else pred[js][2],
            )
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    units: UnitCounts = {}
    for (u, *relations), k in outcomes.items():
        c = units.get(u)
        if c is None:
            c = units[u] = Counter()
        for name in _outcome_names(*relations):
            c[name] = c.get(name, 0) + k

    by_unit_type: Counter[tuple[int, str]] = Counter()  # predictions per (unit, type)
    for p, k in graph.count.items():
        by_unit_type[(unit[p[0]], p[2])] += k
    for (u, t), k in by_unit_type.items():
        add(units, u, f"ent|pred|{t}", k)
    matched = {  # matched predictions per (unit, type), per matching
        s: Counter([(unit[pred[j][0]], pred[j][2]) for _, j in matchings[s]])
        for s in ("strict", "exact", "ent_type")
    }
    for matching, prefix in (
        ("strict", "ent|strict|SPU|"),
        ("exact", "ent|exact|SPU|"),
        ("ent_type", "ent|ent_type|SPU|"),
        ("exact", "ent|partial|SPU|"),
        ("strict", f"ent|conf|{NONE}|"),
    ):
        for (u, t), k in by_unit_type.items():
            left = k - matched[matching].get((u, t), 0)
            if left:
                add(units, u, f"{prefix}{t}", left)
    for (u, category), k in _errors(graph, strict, unit).items():
        add(units, u, f"ent|err|{category}", k)
    return units


def _relation(g: Span3, pred: Sequence[Span3], j: int | None) -> tuple[bool, bool] | None:
    """(same span, same type) of ``g`` and its partner ``pred[j]``; ``None`` without one."""
    if j is None:
        return None
    p = pred[j]
    return (g[0] == p[0] and g[1] == p[1], g[2] == p[2])


@lru_cache(maxsize=4096)
def _outcome_names(
    t: str,
    strict: tuple[bool, bool] | None,
    exact: tuple[bool, bool] | None,
    ent_type: tuple[bool, bool] | None,
    aligned: str,
) -> tuple[str, ...]:
    """The counts one gold span of type ``t`` adds, from its relation to its partner per scheme."""
    return (
        f"ent|gold|{t}",
        f"ent|strict|{_category('strict', strict)}|{t}",
        f"ent|exact|{_category('exact', exact)}|{t}",
        f"ent|ent_type|{_category('ent_type', ent_type)}|{t}",
        f"ent|partial|{_category('partial', exact)}|{t}",
        f"ent|conf|{t}|{aligned}",
    )


def _category(scheme: str, relation: tuple[bool, bool] | None) -> str:
    """COR / INC / PAR of a gold span matched to a prediction with ``(same span, same type)``; MIS
    when unmatched."""
    if relation is None:
        return "MIS"
    exact, same = relation
    if scheme == "strict":
        return "COR" if exact and same else "INC"
    if scheme == "exact":
        return "COR" if exact else "INC"
    if scheme == "ent_type":
        return "COR" if same else "INC"
    return "COR" if exact else "PAR"  # partial


GROUP_IN_NUMPY = 20_000  # predictions from which identical ones are grouped by a sort in numpy


@dataclass(slots=True)
class _Overlaps:
    """One document's gold spans and predictions, and the connected components of their overlap graph.

    Identical predictions (same span and type) differ only in the tie-break, which prefers the earlier
    one, so they are one node, a *group*, with its indices in order: past the grouping, which is done
    in C (``Counter``, or a stable sort in numpy for many predictions), the work grows with the
    distinct predictions.
    """

    gold: Sequence[Span3]
    pred: Sequence[Span3]
    count: dict[Span3, int]  # predictions per group
    first: dict[Span3, int]  # the first index of each group
    groups: list[Span3]  # in order of first occurrence; a group is named by its position here
    rivals: dict[int, list[int]]  # group -> the gold spans it overlaps
    components: list[tuple[list[int], list[int]]]  # (gold spans in index order, groups); each gold in one
    _members: Callable[[Span3], list[int]] | None = None

    @classmethod
    def of(cls, gold: Sequence[Span3], pred: Sequence[Span3]) -> _Overlaps:
        grouped = _sorted_groups(pred) if len(pred) >= GROUP_IN_NUMPY else None
        if grouped is not None:
            count, first, members = grouped
        else:
            count = Counter(pred)
            first = dict(zip(reversed(pred), reversed(range(len(pred))), strict=True))
            members = None
        groups = list(count)
        rivals: dict[int, list[int]] = {}
        for i, q in overlapping(gold, groups):
            rivals.setdefault(q, []).append(i)
        parent = list(range(len(gold)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for golds in rivals.values():
            if len(golds) > 1:
                root = find(golds[0])
                for i in golds[1:]:
                    other = find(i)
                    if other != root:
                        parent[other] = root
        comps: dict[int, tuple[list[int], list[int]]] = {}
        for i in range(len(gold)):
            comps.setdefault(find(i), ([], []))[0].append(i)
        for q, golds in rivals.items():
            comps[find(golds[0])][1].append(q)
        return cls(gold, pred, count, first, groups, rivals, list(comps.values()), members)

    def members(self, p: Span3) -> list[int]:
        """The indices of group ``p``'s predictions, in order."""
        if self.count[p] == 1:
            return [self.first[p]]
        if self._members is None:  # one pass for every group over a gold span that has copies
            found: dict[Span3, list[int]] = {
                self.groups[r]: [] for r in self.rivals if self.count[self.groups[r]] > 1
            }
            for j, other in enumerate(self.pred):
                indices = found.get(other)
                if indices is not None:
                    indices.append(j)
            self._members = found.__getitem__
        return self._members(p)


def _sorted_groups(
    pred: Sequence[Span3],
) -> tuple[dict[Span3, int], dict[Span3, int], Callable[[Span3], list[int]]] | None:
    """Groups of identical predictions by one stable sort on (start, end, type): their sizes and first
    indices, in order of first occurrence, and their indices (what a ``Counter`` and two passes give);
    ``None`` for offsets that are not 64-bit integers or types that do not sort."""
    first_column, second_column = [p[0] for p in pred], [p[1] for p in pred]
    if set(map(type, first_column)) | set(map(type, second_column)) != {int}:
        return None
    try:
        types = sorted({p[2] for p in pred})
        starts = np.array(first_column, dtype=np.int64)
        ends = np.array(second_column, dtype=np.int64)
    except (TypeError, OverflowError):
        return None
    n = len(pred)
    code = {t: k for k, t in enumerate(types)}
    kinds = np.fromiter((code[p[2]] for p in pred), np.int64, n)
    order = np.lexsort((kinds, ends, starts))  # stable: copies stay in index order
    s, e, k = starts[order], ends[order], kinds[order]
    new = np.ones(n, dtype=bool)
    new[1:] = (s[1:] != s[:-1]) | (e[1:] != e[:-1]) | (k[1:] != k[:-1])
    heads = np.flatnonzero(new)
    sizes = np.diff(np.append(heads, n))
    firsts = order[heads]
    by_first = np.argsort(firsts, kind="stable")
    heads, sizes, firsts = heads[by_first], sizes[by_first], firsts[by_first]
    columns = zip(s[heads].tolist(), e[heads].tolist(), k[heads].tolist(), strict=True)
    groups = [(a, b, types[c]) for a, b, c in columns]
    at = dict(zip(groups, zip(heads.tolist(), sizes.tolist(), strict=True), strict=True))

    def members(p: Span3) -> list[int]:
        head, size = at[p]
        return order[head : head + size].tolist()  # type: ignore[no-any-return]

    return (
        dict(zip(groups, sizes.tolist(), strict=True)),
        dict(zip(groups, firsts.tolist(), strict=True)),
        members,
    )


SHORTLIST_ABOVE = 12  # candidate pairs in a component above which the shortlists are worth making


def _matchings(graph: _Overlaps, min_iou: float) -> dict[str, list[tuple[int, int]]]:
    """Each scheme's optimal matching as ``(gold index, prediction index)`` pairs, per component.

    - One gold and one predicted span (the usual case): the same pair under every scheme.
    - Every gold span has a copy among the predictions (same span and type; copies of one gold span
      paired in index order): those pairs, under every scheme. Each has the largest key there is, so
      no matching has a larger sum, and any that equals it pairs each gold span with a copy too,
      where the tie-break takes the earliest.
    - Otherwise each scheme's matching is solved on its own (:func:`_solve`). Without a candidate of
      the same span and another type, the strict and exact keys order every matching alike, so exact
      reuses the strict matching.
    """
    gold, groups, count = graph.gold, graph.groups, graph.count
    threshold = Fraction(min_iou).limit_denominator(10**6)
    floats = max((s[1] for s in (*gold, *groups)), default=0) < FLOAT_IOU_LIMIT

    def candidate(i: int, q: int) -> bool:
        """The pair may be matched: its spans are equal, or its IoU reaches ``min_iou``."""
        g, p = gold[i], groups[q]
        if not threshold or (g[0] == p[0] and g[1] == p[1]):
            return True
        inter, union = _inter_union(g, p)
        return inter * threshold.denominator >= threshold.numerator * union

    out: dict[str, list[tuple[int, int]]] = {s: [] for s in SCHEMES if s != "partial"}
    for golds, qs in graph.components:
        if not qs:
            continue
        if len(golds) == 1 and len(qs) == 1 and count[groups[qs[0]]] == 1:
            if candidate(golds[0], qs[0]):
                for pairs in out.values():
                    pairs.append((golds[0], graph.first[groups[qs[0]]]))
            continue
        copies = Counter(gold[i] for i in golds)
        if all(count.get(t, 0) >= k for t, k in copies.items()):
            taken: Counter[Span3] = Counter()
            for i in golds:
                g = gold[i]
                j = graph.members(g)[taken[g]]
                taken[g] += 1
                for pairs in out.values():
                    pairs.append((i, j))
            continue
        options: dict[int, list[int]] = {}  # gold span -> groups it may match
        claims: dict[int, list[int]] = {}  # group -> gold spans it may match
        type_only = False  # some candidate has the same span and another type
        for q in qs:
            p = groups[q]
            for i in graph.rivals[q]:
                if candidate(i, q):
                    options.setdefault(i, []).append(q)
                    claims.setdefault(q, []).append(i)
                    g = gold[i]
                    type_only = type_only or (g[0] == p[0] and g[1] == p[1] and g[2] != p[2])
        strict = _solve("strict", graph, options, claims, floats)
        out["strict"] += strict
        out["exact"] += _solve("exact", graph, options, claims, floats) if type_only else strict
        out["ent_type"] += _solve("ent_type", graph, options, claims, floats)
    out["partial"] = out["exact"]
    return out


def _solve(
    scheme: str, graph: _Overlaps, options: dict[int, list[int]], claims: dict[int, list[int]], floats: bool
) -> list[tuple[int, int]]:
    """One scheme's optimal matching in one component: gold span -> candidate groups (``options``),
    group -> gold spans it may match (``claims``).

    When the first choices of the gold spans (by key, then tie-break order) are all different, they
    are the optimum: each has the largest key its gold span can get, and a matching of the same sum
    gives every gold span a partner of that key, where each first choice is the earliest. Otherwise
    the optimum is solved over every candidate pair, or in a large component over the shortlists of
    the gold spans (:func:`newsgold.bench.matching.shortlist`), which leave it unchanged.
    """
    gold, groups, members = graph.gold, graph.groups, graph.members
    ranked = {
        i: sorted(mine, key=lambda q: _preference(scheme, gold[i], groups[q], floats))  # noqa: B023
        for i, mine in options.items()
    }
    firsts = {mine[0] for mine in ranked.values()}
    if len(firsts) == len(ranked):
        return [(i, graph.first[groups[mine[0]]]) for i, mine in ranked.items()]
    cap = len(ranked)  # no group has more predictions matched than there are gold spans
    if sum(min(graph.count[groups[q]], cap) * len(c) for q, c in claims.items()) <= SHORTLIST_ABOVE:
        kept = [(i, j) for i, mine in ranked.items() for q in mine for j in members(groups[q])[:cap]]
    else:
        kept = []
        for i, mine in ranked.items():
            kept += [(i, j) for j in shortlist(i, ((members(groups[q]), claims[q]) for q in mine))]
        if len(kept) == len({i for i, _ in kept}) == len({j for _, j in kept}):
            return kept  # already one to one: the optimum is all of it
    pred = graph.pred
    keyed = {(i, j): _key(scheme, gold[i], pred[j]) for i, j in kept}
    return best_matching(keyed, lambda e: (gold[e[0]], pred[e[1]], e))


def _errors(graph: _Overlaps, aligned_g: dict[int, int], unit: dict[int, int]) -> Counter[tuple[int, str]]:
    """Error categories per (unit, category), per connected component of the overlap graph.

    One gold and one prediction: correct, wrong type, too wide, too narrow, shifted, or wrong type
    and boundary. One gold and several predictions: one split; several gold and one prediction: one
    merge. Larger components: each aligned pair by the one-to-one rules, an unaligned prediction over
    an aligned gold mention is a split, an unaligned gold mention under an aligned prediction a merge.
    A lone gold mention is missed, a lone prediction spurious. ``aligned_g`` is the strict matching.
    """
    gold, pred, groups, count = graph.gold, graph.pred, graph.groups, graph.count
    out: Counter[tuple[int, str]] = Counter()
    aligned_in: Counter[Span3] | None = None  # aligned predictions per group
    for golds, qs in graph.components:
        g0 = gold[golds[0]]
        n_pred = count[groups[qs[0]]] if len(qs) == 1 else sum(count[groups[q]] for q in qs)
        if not n_pred:
            for i in golds:
                out[(unit[gold[i][0]], "missed")] += 1
        elif len(golds) == 1 and n_pred == 1:
            if golds[0] in aligned_g:
                out[(unit[g0[0]], _pair_category(g0, pred[aligned_g[golds[0]]]))] += 1
            else:  # overlapping too little to count (min_iou)
                out[(unit[g0[0]], "missed")] += 1
                out[(unit[groups[qs[0]][0]], "spurious")] += 1
        elif len(golds) == 1:
            out[(unit[g0[0]], "split")] += 1
        elif n_pred == 1:
            out[(unit[min(gold[i][0] for i in golds)], "merge")] += 1
        else:
            if aligned_in is None:
                aligned_in = Counter(pred[j] for j in aligned_g.values())
            near: dict[int, list[int]] = {}  # gold span -> the groups over it
            for q in qs:
                for i in graph.rivals[q]:
                    near.setdefault(i, []).append(q)
            for i in golds:
                if i in aligned_g:
                    category = _pair_category(gold[i], pred[aligned_g[i]])
                elif any(aligned_in[groups[q]] for q in near[i]):
                    category = "merge"
                else:
                    category = "missed"
                out[(unit[gold[i][0]], category)] += 1
            for q in qs:
                free = count[groups[q]] - aligned_in[groups[q]]
                if free:
                    split = any(i in aligned_g for i in graph.rivals[q])
                    out[(unit[groups[q][0]], "split" if split else "spurious")] += free
    for q, p in enumerate(groups):
        if q not in graph.rivals:  # overlaps no gold span
            out[(unit[p[0]], "spurious")] += count[p]
    return out


def _pair_category(g: Span3, p: Span3) -> str:
    if g[0] == p[0] and g[1] == p[1]:
        return "correct" if g[2] == p[2] else "wrong_type"
    if g[2] != p[2]:
        return "wrong_type_and_boundary"
    if p[0] <= g[0] and p[1] >= g[1]:
        return "too_wide"
    if p[0] >= g[0] and p[1] <= g[1]:
        return "too_narrow"
    return "shifted"


# --- figures ---------------------------------------------------------------------------------------


def scheme_counts(c: Mapping[str, float], scheme: str, label: str | None = None) -> dict[str, float]:
    """COR/INC/PAR/MIS/SPU (plus POS, ACT) of one scheme, for one type or summed over all types."""
    out = {}
    for cat in CATEGORIES:
        if label is not None:
            out[cat] = c.get(f"ent|{scheme}|{cat}|{label}", 0)
        else:
            out[cat] = sum_under(c, f"ent|{scheme}|{cat}|")
    out["POS"] = out["COR"] + out["INC"] + out["PAR"] + out["MIS"]
    out["ACT"] = out["COR"] + out["INC"] + out["PAR"] + out["SPU"]
    return out


def scheme_prf(n: Mapping[str, float]) -> tuple[float, float, float]:
    return prf(n["COR"] + 0.5 * n["PAR"], n["ACT"], n["POS"])


def entity_types(c: Mapping[str, float]) -> list[str]:
    """Types that occur in the gold or the predictions (the types macro figures average over)."""
    return sorted(set(labels_under(c, "ent|gold")) | set(labels_under(c, "ent|pred")))


def entity_figures(c: Mapping[str, float]) -> dict[str, float]:
    """Headline figures: per scheme micro P/R/F1 and macro F1 over types."""
    out: dict[str, float] = {}
    types = entity_types(c)
    for scheme in SCHEMES:
        p, r, f = scheme_prf(scheme_counts(c, scheme))
        out[f"entities.{scheme}.micro.precision"] = p
        out[f"entities.{scheme}.micro.recall"] = r
        out[f"entities.{scheme}.micro.f1"] = f
        per = [scheme_prf(scheme_counts(c, scheme, t))[2] for t in types]
        out[f"entities.{scheme}.macro.f1"] = sum(per) / len(per) if per else 0.0
    return out


def entity_tables(c: Mapping[str, float], known_types: Sequence[str]) -> dict[str, object]:
    """Per-type rows per scheme, totals, error categories and the confusion matrix."""
    types = entity_types(c)
    schemes: dict[str, object] = {}
    for scheme in SCHEMES:
        rows = {}
        for t in types:
            n = scheme_counts(c, scheme, t)
            p, r, f = scheme_prf(n)
            rows[t] = {
                **{k: int(v) for k, v in n.items()},
                "support": int(c.get(f"ent|gold|{t}", 0)),
                "precision": p,
                "recall": r,
                "f1": f,
                "in_inventory": t in known_types,
            }
        n = scheme_counts(c, scheme)
        p, r, f = scheme_prf(n)
        per = [rows[t]["f1"] for t in types]  # type: ignore[index]
        schemes[scheme] = {
            "types": rows,
            "micro": {**{k: int(v) for k, v in n.items()}, "precision": p, "recall": r, "f1": f},
            "macro": {"f1": sum(per) / len(per) if per else 0.0, "types": len(per)},  # type: ignore[arg-type]
        }
    confusion: dict[str, dict[str, int]] = {}
    for name, count in c.items():
        if name.startswith("ent|conf|") and count:
            gt, _, pt = name[len("ent|conf|") :].partition("|")
            row = confusion.setdefault(gt, {})
            row[pt] = row.get(pt, 0) + int(count)
    errors = {e: int(c.get(f"ent|err|{e}", 0)) for e in ("correct",) + ERRORS}
    return {
        "schemes": schemes,
        "errors": errors,
        "confusion": confusion,
        "ignored_other_kinds": int(c.get("ent|ignored_kind", 0)),
    }
