"""A straightforward entity scorer, the reference the fast one in ``newsgold.bench.entities`` must equal.

Every gold mention is tried against every prediction (no sweep, no grouping of identical predictions,
no pruning of candidates), each scheme's optimal matching is :func:`newsgold.bench.matching.match` over
every overlapping pair, and every count is added one mention at a time. Slow, and easy to read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from newsgold.bench.core import UnitCounts, add
from newsgold.bench.matching import Key, iou, match, overlaps
from newsgold.model import Mention

SCHEMES = ("strict", "exact", "ent_type", "partial")


def _keys(min_iou: float) -> dict[str, Callable[[Mention, Mention], Key | None]]:
    threshold = Fraction(min_iou).limit_denominator(10**6)

    def key(levels: Callable[[bool, bool], tuple[int, int, int]]) -> Callable[[Mention, Mention], Key | None]:
        def k(g: Mention, p: Mention) -> Key | None:
            exact = g.start == p.start and g.end == p.end
            v = iou(g, p)
            if v <= 0 or (not exact and v < threshold):
                return None
            return (*levels(exact, g.type == p.type), 1, v)

        return k

    return {
        "strict": key(lambda ex, same: (int(ex and same), int(ex), int(same))),
        "exact": key(lambda ex, same: (int(ex), int(ex and same), int(same))),
        "ent_type": key(lambda ex, same: (int(same), int(ex and same), int(ex))),
    }


def _order(m: Mention) -> tuple:
    return (m.start, m.end, m.type)


def _category(g: Mention, p: Mention) -> str:
    if g.start == p.start and g.end == p.end:
        return "correct" if g.type == p.type else "wrong_type"
    if g.type != p.type:
        return "wrong_type_and_boundary"
    if p.start <= g.start and p.end >= g.end:
        return "too_wide"
    if p.start >= g.start and p.end <= g.end:
        return "too_narrow"
    return "shifted"


def reference_counts(
    gold: Sequence[Mention],
    pred: Sequence[Mention],
    min_iou: float = 0.0,
    unit_of: Callable[[int], int] = lambda offset: 0,
) -> UnitCounts:
    gold, pred = list(gold), list(pred)
    units: UnitCounts = {}
    pairs = [(i, j) for i in range(len(gold)) for j in range(len(pred)) if overlaps(gold[i], pred[j])]
    keys = _keys(min_iou)
    matchings = {s: match(gold, pred, keys[s], _order, _order, pairs) for s in keys}
    matchings["partial"] = matchings["exact"]
    for g in gold:
        add(units, unit_of(g.start), f"ent|gold|{g.type}")
    for p in pred:
        add(units, unit_of(p.start), f"ent|pred|{p.type}")
    for scheme in SCHEMES:
        found = matchings[scheme]
        for i, j in found:
            g, p = gold[i], pred[j]
            ex, same = g.start == p.start and g.end == p.end, g.type == p.type
            cat = {
                "strict": "COR" if ex and same else "INC",
                "exact": "COR" if ex else "INC",
                "ent_type": "COR" if same else "INC",
                "partial": "COR" if ex else "PAR",
            }[scheme]
            add(units, unit_of(g.start), f"ent|{scheme}|{cat}|{g.type}")
        for i, g in enumerate(gold):
            if i not in {a for a, _ in found}:
                add(units, unit_of(g.start), f"ent|{scheme}|MIS|{g.type}")
        for j, p in enumerate(pred):
            if j not in {b for _, b in found}:
                add(units, unit_of(p.start), f"ent|{scheme}|SPU|{p.type}")

    aligned_g = dict(matchings["strict"])
    aligned_p = {j: i for i, j in matchings["strict"]}
    for i, g in enumerate(gold):
        pt = pred[aligned_g[i]].type if i in aligned_g else "-"
        add(units, unit_of(g.start), f"ent|conf|{g.type}|{pt}")
    for j, p in enumerate(pred):
        if j not in aligned_p:
            add(units, unit_of(p.start), f"ent|conf|-|{p.type}")

    # Error categories per connected component of the overlap graph (every overlapping pair).
    seen: set[int] = set()
    for first in range(len(gold)):
        if first in seen:
            continue
        comp_g, comp_p, todo = {first}, set(), [("g", first)]
        while todo:
            side, k = todo.pop()
            if side == "g":
                for j in range(len(pred)):
                    if j not in comp_p and overlaps(gold[k], pred[j]):
                        comp_p.add(j)
                        todo.append(("p", j))
            else:
                for i in range(len(gold)):
                    if i not in comp_g and overlaps(gold[i], pred[k]):
                        comp_g.add(i)
                        todo.append(("g", i))
        seen |= comp_g
        g0 = gold[min(comp_g)]
        if not comp_p:
            for i in comp_g:
                add(units, unit_of(gold[i].start), "ent|err|missed")
        elif len(comp_g) == 1 and len(comp_p) == 1:
            (j,) = comp_p
            if first in aligned_g:
                add(units, unit_of(g0.start), f"ent|err|{_category(g0, pred[j])}")
            else:
                add(units, unit_of(g0.start), "ent|err|missed")
                add(units, unit_of(pred[j].start), "ent|err|spurious")
        elif len(comp_g) == 1:
            add(units, unit_of(g0.start), "ent|err|split")
        elif len(comp_p) == 1:
            add(units, unit_of(min(gold[i].start for i in comp_g)), "ent|err|merge")
        else:
            for i in comp_g:
                if i in aligned_g:
                    add(units, unit_of(gold[i].start), f"ent|err|{_category(gold[i], pred[aligned_g[i]])}")
                elif any(j in aligned_p and overlaps(gold[i], pred[j]) for j in comp_p):
                    add(units, unit_of(gold[i].start), "ent|err|merge")
                else:
                    add(units, unit_of(gold[i].start), "ent|err|missed")
            for j in comp_p:
                if j not in aligned_p:
                    split = any(i in aligned_g and overlaps(gold[i], pred[j]) for i in comp_g)
                    add(units, unit_of(pred[j].start), "ent|err|split" if split else "ent|err|spurious")
    for p in pred:
        if not any(overlaps(g, p) for g in gold):
            add(units, unit_of(p.start), "ent|err|spurious")
    return units
