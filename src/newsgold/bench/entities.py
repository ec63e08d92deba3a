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

from newsgold.bench.core import Case, UnitCounts, add, labels_under, prf, sum_under
from newsgold.bench.matching import Key, iou, match, overlap_pairs
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


def _keys(min_iou: float) -> dict[str, object]:
    threshold = Fraction(min_iou).limit_denominator(10**6)

    def ok(g: Mention, p: Mention) -> Fraction | None:
        exact = g.start == p.start and g.end == p.end
        v = iou(g, p)
        if v <= 0 or (not exact and v < threshold):
            return None
        return v

    def strict(g: Mention, p: Mention) -> Key | None:
        v = ok(g, p)
        if v is None:
            return None
        exact = g.start == p.start and g.end == p.end
        same = g.type == p.type
        return (int(exact and same), int(exact), int(same), 1, v)

    def exact(g: Mention, p: Mention) -> Key | None:
        v = ok(g, p)
        if v is None:
            return None
        ex = g.start == p.start and g.end == p.end
        same = g.type == p.type
        return (int(ex), int(ex and same), int(same), 1, v)

    def ent_type(g: Mention, p: Mention) -> Key | None:
        v = ok(g, p)
        if v is None:
            return None
        ex = g.start == p.start and g.end == p.end
        same = g.type == p.type
        return (int(same), int(ex and same), int(ex), 1, v)

    return {"strict": strict, "exact": exact, "ent_type": ent_type, "partial": exact}


def _order(m: Mention) -> tuple:
    return (m.start, m.end, m.type)


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
        g = [Mention(f"g{k}", s, e, "", t) for k, (s, e, t) in enumerate(g_doc)]
        p = [Mention(f"p{k}", s, e, "", t) for k, (s, e, t) in enumerate(p_doc)]
        for c in entity_counts(g, p, settings).values():
            out.update(c)
    return out


def _unit0(offset: int) -> int:
    return 0


def entity_counts(
    gold: Sequence[Mention],
    pred: Sequence[Mention],
    settings: EntitySettings = EntitySettings(),
    unit_of: Callable[[int], int] = _unit0,
) -> UnitCounts:
    """Counts of one document's gold and predicted mentions (already restricted to the scored kinds).

    The overlap graph is split into connected components once; a component of one gold and one
    predicted mention (the usual case) is the same pair under every scheme, larger components are
    matched per scheme.
    """
    gold, pred = list(gold), list(pred)
    units: UnitCounts = {}
    candidates = overlap_pairs(gold, pred)
    components = _split(len(gold), candidates)
    keys = None
    threshold = Fraction(settings.min_iou).limit_denominator(10**6)
    matchings: dict[str, list[tuple[int, int]]] = {s: [] for s in SCHEMES if s != "partial"}
    for _, _, edges in components:
        if len(edges) == 1:
            i, j = edges[0]
            g, p = gold[i], pred[j]
            if threshold and not (g.start == p.start and g.end == p.end) and iou(g, p) < threshold:
                continue
            for pairs in matchings.values():
                pairs.append((i, j))
        elif edges:
            keys = keys or _keys(settings.min_iou)
            for scheme, pairs in matchings.items():
                pairs.extend(match(gold, pred, keys[scheme], _order, _order, edges))  # type: ignore[arg-type]
    matchings["partial"] = matchings["exact"]
    for g in gold:
        add(units, unit_of(g.start), f"ent|gold|{g.type}")
    for p in pred:
        add(units, unit_of(p.start), f"ent|pred|{p.type}")
    for scheme in SCHEMES:
        pairs = matchings[scheme]
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        for i, j in pairs:
            g, p = gold[i], pred[j]
            ex = g.start == p.start and g.end == p.end
            same = g.type == p.type
            if scheme == "strict":
                cat = "COR" if ex and same else "INC"
            elif scheme == "exact":
                cat = "COR" if ex else "INC"
            elif scheme == "ent_type":
                cat = "COR" if same else "INC"
            else:
                cat = "COR" if ex else "PAR"
            add(units, unit_of(g.start), f"ent|{scheme}|{cat}|{g.type}")
        for i, g in enumerate(gold):
            if i not in matched_g:
                add(units, unit_of(g.start), f"ent|{scheme}|MIS|{g.type}")
        for j, p in enumerate(pred):
            if j not in matched_p:
                add(units, unit_of(p.start), f"ent|{scheme}|SPU|{p.type}")
    _errors(unit_of, gold, pred, matchings["strict"], components, units)
    return units


Component = tuple[list[int], list[int], list[tuple[int, int]]]


def _split(n_gold: int, candidates: list[tuple[int, int]]) -> list[Component]:
    """Connected components of the overlap graph: (gold indices, predicted indices, edges); every gold
    mention is in one (possibly alone); predictions that overlap nothing are in none."""
    parent = list(range(n_gold))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_gold: dict[int, int] = {}
    for i, j in candidates:
        if j in first_gold:
            a, b = find(i), find(first_gold[j])
            if a != b:
                parent[a] = b
        else:
            first_gold[j] = i
    comps: dict[int, Component] = {}
    for i in range(n_gold):
        comps.setdefault(find(i), ([], [], []))[0].append(i)
    for j, i in first_gold.items():
        comps[find(i)][1].append(j)
    for i, j in candidates:
        comps[find(i)][2].append((i, j))
    return list(comps.values())


def _errors(
    unit_of: Callable[[int], int],
    gold: list[Mention],
    pred: list[Mention],
    alignment: list[tuple[int, int]],
    components: list[Component],
    units: UnitCounts,
) -> None:
    """Error categories and confusion cells, per connected component of the overlap graph.

    One gold and one prediction: correct, wrong type, too wide, too narrow, shifted, or wrong type
    and boundary. One gold and several predictions: one split; several gold and one prediction: one
    merge. Larger components: each aligned pair by the one-to-one rules, an unaligned prediction over
    an aligned gold mention is a split, an unaligned gold mention under an aligned prediction a merge.
    A lone gold mention is missed, a lone prediction spurious.
    """
    aligned_g = dict(alignment)
    aligned_p = {j: i for i, j in alignment}
    for i, j in alignment:
        add(units, unit_of(gold[i].start), f"ent|conf|{gold[i].type}|{pred[j].type}")
    for i, g in enumerate(gold):
        if i not in aligned_g:
            add(units, unit_of(g.start), f"ent|conf|{g.type}|{NONE}")
    for j, p in enumerate(pred):
        if j not in aligned_p:
            add(units, unit_of(p.start), f"ent|conf|{NONE}|{p.type}")
    in_component: set[int] = set()
    for comp_g, comp_p, edges in components:
        in_component.update(comp_p)
        g0 = gold[comp_g[0]]
        u = unit_of(g0.start)
        if not comp_p:
            for i in comp_g:
                add(units, unit_of(gold[i].start), "ent|err|missed")
        elif len(comp_g) == 1 and len(comp_p) == 1:
            j = comp_p[0]
            if comp_g[0] in aligned_g:
                add(units, u, f"ent|err|{_pair_category(g0, pred[j])}")
            else:  # overlapping too little to count (min_iou)
                add(units, u, "ent|err|missed")
                add(units, unit_of(pred[j].start), "ent|err|spurious")
        elif len(comp_g) == 1:
            add(units, u, "ent|err|split")
        elif len(comp_p) == 1:
            add(units, unit_of(min(gold[i].start for i in comp_g)), "ent|err|merge")
        else:
            g_nb: dict[int, list[int]] = {}
            p_nb: dict[int, list[int]] = {}
            for i, j in edges:
                g_nb.setdefault(i, []).append(j)
                p_nb.setdefault(j, []).append(i)
            for i in sorted(comp_g):
                ui = unit_of(gold[i].start)
                if i in aligned_g:
                    add(units, ui, f"ent|err|{_pair_category(gold[i], pred[aligned_g[i]])}")
                elif any(j in aligned_p for j in g_nb[i]):
                    add(units, ui, "ent|err|merge")
                else:
                    add(units, ui, "ent|err|missed")
            for j in sorted(comp_p):
                if j not in aligned_p:
                    split = any(i in aligned_g for i in p_nb[j])
                    add(units, unit_of(pred[j].start), "ent|err|split" if split else "ent|err|spurious")
    for j, p in enumerate(pred):
        if j not in in_component:
            add(units, unit_of(p.start), "ent|err|spurious")


def _pair_category(g: Mention, p: Mention) -> str:
    if g.start == p.start and g.end == p.end:
        return "correct" if g.type == p.type else "wrong_type"
    if g.type != p.type:
        return "wrong_type_and_boundary"
    if p.start <= g.start and p.end >= g.end:
        return "too_wide"
    if p.start >= g.start and p.end <= g.end:
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
