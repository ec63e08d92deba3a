"""Claim scoring (after NewsClaims and BBC Citron).

- Detection: gold and predicted claims are matched one-to-one and optimally on their content spans
  (exact spans first, then the largest intersection over union, then agreeing stance and form);
  ``exact`` counts matched pairs with the same content span, ``overlap`` every matched pair (contents
  share a character and reach ``min_iou``).
- Content token F1 (micro): tokens shared by matched contents over all predicted (precision) and all
  gold (recall) content tokens, with the package tokenizer; unmatched claims count in full.
- On matched claims: cue accuracy (same cue span, or both without a cue), claimer accuracy, form and
  stance accuracy.
- Claimer: the class is ``mention`` (with the claimer mention's span), ``author`` or ``unattributed``.
  ``exact``: same class and, for mentions, the same span; ``coref``: for mentions, any mention of the
  gold claimer's coreference cluster counts (a gold claimer outside any cluster stands alone).
- End to end: claimer (coref) and the joint claim + claimer + stance score are F1 over all claims:
  a true positive is a matched claim whose claimer (coref) and stance are both right.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from newsgold.bench.core import Case, UnitCounts, add, pairs_under, prf
from newsgold.bench.matching import Key, iou, match
from newsgold.convert.tokens import tokenize
from newsgold.model import Annotation, Claim, Mention, Span


@dataclass(frozen=True, slots=True)
class ClaimSettings:
    min_iou: float = 0.0  # content overlap needed for a pair to be matched at all

    def to_dict(self) -> dict[str, object]:
        return {"min_iou": self.min_iou}


@dataclass(frozen=True, slots=True)
class ContentView:
    """A claim seen through its content span, for matching."""

    claim: Claim

    @property
    def start(self) -> int:
        return self.claim.content.start

    @property
    def end(self) -> int:
        return self.claim.content.end


def claimer_label(
    claim: Claim, ann: Annotation, by_id: Mapping[str, Mention] | None = None
) -> tuple[str, tuple[int, int] | None]:
    """The claimer's class, and for a mention its span (``by_id``: ``ann.mention_by_id()``, made once)."""
    if claim.claimer_status != "mention":
        return claim.claimer_status, None
    m = (ann.mention_by_id() if by_id is None else by_id).get(claim.claimer or "")
    return "mention", (None if m is None else (m.start, m.end))


def _cluster_spans(
    ann: Annotation, mention_id: str | None, by_id: Mapping[str, Mention]
) -> set[tuple[int, int]]:
    out = set()
    if mention_id in by_id:
        m = by_id[mention_id]  # type: ignore[index]
        out.add((m.start, m.end))
    for cl in ann.clusters:
        if mention_id in cl.mentions:
            out |= {(by_id[x].start, by_id[x].end) for x in cl.mentions if x in by_id}
    return out


def match_claims(gold: Sequence[Claim], pred: Sequence[Claim], min_iou: float = 0.0) -> list[tuple[int, int]]:
    """Gold and predicted claims matched one to one on their content spans, as ``(gold index,
    prediction index)`` pairs: exact content first, then the largest overlap, stance, form."""
    threshold = Fraction(min_iou).limit_denominator(10**6)

    def key(g: ContentView, p: ContentView) -> Key | None:
        v = iou(g, p)
        ex = g.start == p.start and g.end == p.end
        if v <= 0 or (not ex and v < threshold):
            return None
        gc, pc = g.claim, p.claim
        return (int(ex), v, int(gc.stance == pc.stance), int(gc.form == pc.form))

    def order(v: ContentView) -> tuple:
        c = v.claim
        return (v.start, v.end, c.form, c.stance, c.claimer_status)

    return match([ContentView(c) for c in gold], [ContentView(c) for c in pred], key, order, order)


def count_claims(case: Case, settings: ClaimSettings = ClaimSettings()) -> UnitCounts:
    units: UnitCounts = {}
    gold, pred = list(case.gold.claims), list(case.pred.claims)
    tokens = tokenize(case.document.text)
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]

    def toks(s: Span) -> range:
        if s.start < 0 or s.end <= s.start:
            return range(0)
        return range(bisect_right(ends, s.start), bisect_left(starts, s.end))

    for c in gold:
        u = case.unit_of(c.content.start)
        add(units, u, "cl|gold")
        add(units, u, "cl|tok|gold", len(toks(c.content)))
    for c in pred:
        u = case.unit_of(c.content.start)
        add(units, u, "cl|pred")
        add(units, u, "cl|tok|pred", len(toks(c.content)))
    matched = match_claims(gold, pred, settings.min_iou)
    gold_ids = case.gold.mention_by_id() if matched else {}
    pred_ids = case.pred.mention_by_id() if matched else {}
    for i, j in matched:
        g, p = gold[i], pred[j]
        u = case.unit_of(g.content.start)
        add(units, u, "cl|overlap")
        if g.content.start == p.content.start and g.content.end == p.content.end:
            add(units, u, "cl|exact")
        tg, tp = toks(g.content), toks(p.content)
        add(units, u, "cl|tok|shared", max(0, min(tg.stop, tp.stop) - max(tg.start, tp.start)))
        gc, pc = g.cue, p.cue
        same_cue = (gc is None and pc is None) or (
            gc is not None and pc is not None and gc.start == pc.start and gc.end == pc.end
        )
        add(units, u, "cl|cue|ok", int(same_cue))
        gl, gspan = claimer_label(g, case.gold, gold_ids)
        pl, pspan = claimer_label(p, case.pred, pred_ids)
        add(units, u, f"cl|claimer|{gl}|{pl}")
        exact_ok = gl == pl and (gl != "mention" or (gspan is not None and gspan == pspan))
        coref_ok = gl == pl and (
            gl != "mention" or (pspan is not None and pspan in _cluster_spans(case.gold, g.claimer, gold_ids))
        )
        add(units, u, "cl|claimer_ok|exact", int(exact_ok))
        add(units, u, "cl|claimer_ok|coref", int(coref_ok))
        add(units, u, f"cl|form|{g.form}|{p.form}")
        add(units, u, f"cl|stance|{g.stance}|{p.stance}")
        add(units, u, "cl|joint", int(coref_ok and g.stance == p.stance))
    return units


def _accuracy(table: dict[tuple[str, str], float]) -> float:
    n = sum(table.values())
    return sum(v for (a, b), v in table.items() if a == b) / n if n else math.nan


def claim_figures(c: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    n_gold, n_pred, n_matched = c.get("cl|gold", 0), c.get("cl|pred", 0), c.get("cl|overlap", 0)
    for name in ("exact", "overlap"):
        p, r, f = prf(c.get(f"cl|{name}", 0), n_pred, n_gold)
        out[f"claims.detection_{name}.precision"] = p
        out[f"claims.detection_{name}.recall"] = r
        out[f"claims.detection_{name}.f1"] = f
    p, r, f = prf(c.get("cl|tok|shared", 0), c.get("cl|tok|pred", 0), c.get("cl|tok|gold", 0))
    out["claims.content_tokens.precision"] = p
    out["claims.content_tokens.recall"] = r
    out["claims.content_tokens.f1"] = f

    def acc(name: str) -> float:
        return c.get(name, 0) / n_matched if n_matched else math.nan

    out["claims.cue.accuracy"] = acc("cl|cue|ok")
    out["claims.claimer_exact.accuracy"] = acc("cl|claimer_ok|exact")
    out["claims.claimer_coref.accuracy"] = acc("cl|claimer_ok|coref")
    out["claims.claimer_coref.f1"] = prf(c.get("cl|claimer_ok|coref", 0), n_pred, n_gold)[2]
    out["claims.form.accuracy"] = _accuracy(pairs_under(c, "cl|form"))
    out["claims.stance.accuracy"] = _accuracy(pairs_under(c, "cl|stance"))
    p, r, f = prf(c.get("cl|joint", 0), n_pred, n_gold)
    out["claims.joint.precision"] = p
    out["claims.joint.recall"] = r
    out["claims.joint.f1"] = f
    return out


def claim_tables(c: Mapping[str, float]) -> dict[str, object]:
    def table(prefix: str) -> dict[str, int]:
        return {f"{a}|{b}": int(v) for (a, b), v in sorted(pairs_under(c, prefix).items())}

    return {
        "gold": int(c.get("cl|gold", 0)),
        "predicted": int(c.get("cl|pred", 0)),
        "matched": int(c.get("cl|overlap", 0)),
        "matched_exact": int(c.get("cl|exact", 0)),
        "claimer_confusion": table("cl|claimer"),
        "form_confusion": table("cl|form"),
        "stance_confusion": table("cl|stance"),
    }
