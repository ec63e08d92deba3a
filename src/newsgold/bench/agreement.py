"""Inter-annotator agreement, with the benchmark scorer itself.

Annotator A is taken as the reference and B as the prediction; F1 is symmetric (swapping A and B
swaps precision and recall), so the F1 figures do not depend on which annotator comes first. Every
figure is micro-averaged over the corpus, with one-to-one matching of items.

- Entity mentions (every mention kind): strict F1 (span and type), strict F1 with kind (span, type
  and kind), relaxed F1 (overlap and type, the ``ent_type`` scheme), and strict F1 per mention kind
  (both sides restricted to that kind, so a mention whose kind differs counts as missed in one kind
  and spurious in the other).
- DATE/TIME values: accuracy of ``normalized`` on the DATE and TIME mentions matched strictly (same
  span and type; ``null`` on both sides agrees), and how many were compared.
- Clusters: MUC, B3 and CEAF-e F1 over the mentions the two annotators share (mentions matched one to
  one on their exact span); a shared mention in no cluster is a singleton. On the clusters the CEAF-e
  alignment pairs (clusters of both annotators, not singletons): type and name accuracy.
- Events: trigger identification and classification F1, argument identification (attached) and
  classification F1 in both conventions, realis accuracy and Cohen's kappa on identified triggers.
- Claims: detection F1 (exact and overlapping content), cue F1 on matched claims (same cue span; a
  matched claim without a cue on either side is left out), claimer accuracy (exact and
  coreference-aware, the coreference of A) and Cohen's kappa of the claimer class, form and stance
  on matched claims.

Figures undefined for lack of items (a kind neither annotator used, no DATE/TIME mention compared,
no cue on either side) are NaN, shown as ``-``.

Every figure is a function of counts per paragraph (see :mod:`newsgold.bench.core`), so
:mod:`newsgold.bench.bootstrap` gives each a seeded 95% percentile interval, resampling documents,
or paragraphs when there are fewer than ``MIN_DOCUMENTS`` documents (the report states which).
Cluster counts are attributed to paragraphs by mention (MUC, B3) or by a cluster's first shared
mention (CEAF-e).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from newsgold.bench.bootstrap import MIN_UNITS, Interval, choose_unit, intervals
from newsgold.bench.claims import claim_figures, match_claims
from newsgold.bench.core import (
    Case,
    UnitCounts,
    add,
    empty_annotation,
    kappa,
    pairs_under,
    prf,
    sum_under,
    total,
)
from newsgold.bench.entities import EntitySettings, scheme_counts, scheme_prf
from newsgold.bench.events import event_figures
from newsgold.bench.matching import match
from newsgold.bench.scorer import SCORER_VERSION, Scores, Settings, score
from newsgold.labels import inventory
from newsgold.model import Annotation, Claim, Document, Mention

REPLICATES = 1000
SEED = 0
LEVEL = 0.95


def _kind_figures() -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"mentions.kind.{k}.f1", f"Mentions, strict F1, kind {k}") for k in inventory().mention_kinds
    )


FIGURES = (
    ("mentions.strict.f1", "Mentions, strict (span + type) F1"),
    ("mentions.strict_kind.f1", "Mentions, strict with kind (span + type + kind) F1"),
    ("mentions.relaxed.f1", "Mentions, relaxed (overlap + type) F1"),
    *_kind_figures(),
    ("values.accuracy", "DATE/TIME value accuracy (strictly matched)"),
    ("values.compared", "DATE/TIME values compared"),
    ("clusters.muc.f1", "Clusters MUC F1"),
    ("clusters.b3.f1", "Clusters B3 F1"),
    ("clusters.ceafe.f1", "Clusters CEAF-e F1"),
    ("clusters.type.accuracy", "Cluster type accuracy (aligned clusters)"),
    ("clusters.name.accuracy", "Cluster name accuracy (aligned clusters)"),
    ("events.trigger_id.f1", "Event triggers, identification F1"),
    ("events.trigger_cls.f1", "Event triggers, classification F1"),
    ("events.argument_id.attached.f1", "Arguments identification F1 (attached)"),
    ("events.argument_cls.keyed.f1", "Arguments F1 (keyed)"),
    ("events.argument_cls.attached.f1", "Arguments F1 (attached)"),
    ("events.realis.accuracy", "Realis accuracy (identified triggers)"),
    ("events.realis.kappa", "Realis kappa (identified triggers)"),
    ("claims.detection_exact.f1", "Claims F1 (exact content)"),
    ("claims.detection_overlap.f1", "Claims F1 (overlapping content)"),
    ("claims.cue_exact.f1", "Cue F1, exact span (matched claims)"),
    ("claims.claimer_exact.accuracy", "Claimer accuracy, exact (matched claims)"),
    ("claims.claimer_coref.accuracy", "Claimer accuracy, coreference (matched claims)"),
    ("claims.claimer.kappa", "Claimer class kappa (matched claims)"),
    ("claims.form.kappa", "Form kappa (matched claims)"),
    ("claims.stance.kappa", "Stance kappa (matched claims)"),
)
# scorer counts the agreement figures read (the rest is left out of the bootstrap, for speed)
_PREFIXES = ("ent|strict|", "ent|ent_type|", "ev|", "cl|", "agr|")
# counts per label whose figures here only read their sum: merged into one ``...|*`` count each
_MERGED = (
    "ent|strict|",
    "ent|ent_type|",
    "ev|trig|",
    "ev|arg|gold|",
    "ev|arg|pred|",
    "ev|arg|keyed|cls|",
    "ev|arg|attached|cls|",
)


def _fmt(name: str, x: float) -> str:
    if math.isnan(x):
        return "-"
    if name.endswith("kappa"):
        return f"{x:.3f}"
    if name.endswith("compared"):
        return str(int(x))
    return f"{100 * x:.1f}"


@dataclass(slots=True)
class AgreementReport:
    documents: list[str]
    figures: dict[str, float]
    counts: dict[str, Any] = field(default_factory=dict)
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)
    scorer_version: str = SCORER_VERSION
    intervals: dict[str, Interval] = field(default_factory=dict)
    bootstrap: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scorer_version": self.scorer_version,
            "documents": self.documents,
            "figures": self.figures,
            "intervals": {k: v.to_dict() for k, v in self.intervals.items()},
            "bootstrap": self.bootstrap,
            "counts": self.counts,
            "only_in_a": self.only_in_a,
            "only_in_b": self.only_in_b,
        }

    def rows(self) -> list[tuple[str, str]]:
        """(label, formatted value) per figure: F1 and accuracy in %, kappa as a fraction."""
        return [(label, _fmt(k, self.figures[k])) for k, label in FIGURES if k in self.figures]

    def interval_rows(self) -> list[tuple[str, str, str]]:
        """(label, value, 95% interval or ``-``) per figure."""
        out = []
        for k, label in FIGURES:
            if k not in self.figures:
                continue
            iv = self.intervals.get(k)
            ci = "-"
            if iv is not None and not (math.isnan(iv.low) or math.isnan(iv.high)):
                ci = f"[{_fmt(k, iv.low)}, {_fmt(k, iv.high)}]"
            out.append((label, _fmt(k, self.figures[k]), ci))
        return out

    def interval_note(self) -> str:
        b = self.bootstrap
        if not b:
            return "no bootstrap intervals"
        level = round(100 * b["level"])
        return (
            f"{level}% intervals: percentile bootstrap, {b['replicates']} replicates, seed {b['seed']}, "
            f"{b['units']} {b['unit']}(s) resampled; {b['reason']}"
        )

    def format_human(self) -> str:
        rows = self.interval_rows()
        w = max(len(r[0]) for r in rows)
        out = [
            f"agreement over {len(self.documents)} document(s) (F1 and accuracy in %, kappa as a fraction)",
            f"{'measure':<{w}}  {'value':>6}  95% interval",
        ]
        out += [f"{label:<{w}}  {v:>6}  {ci}" for label, v, ci in rows]
        out.append(self.interval_note())
        for side, ids in (("A", self.only_in_a), ("B", self.only_in_b)):
            if ids:
                out.append(f"only annotated by {side} (the other counted as empty): {', '.join(ids)}")
        return "\n".join(out)

    def format_markdown(self) -> str:
        out = [
            f"# Inter-annotator agreement ({len(self.documents)} document(s))",
            "",
            f"Scorer {self.scorer_version}; A is the reference, F1 is symmetric. "
            "F1 and accuracy in %, kappa as a fraction.",
            "",
            f"{self.interval_note()}.",
            "",
            "| measure | value | 95% interval |",
            "|---|---:|---:|",
        ]
        out += [f"| {label} | {v} | {ci} |" for label, v, ci in self.interval_rows()]
        return "\n".join(out) + "\n"


# --- mentions and values -----------------------------------------------------------------------------


def mention_counts(case: Case) -> UnitCounts:
    """Strict-with-kind counts per kind and DATE/TIME value counts of one document (A is the key).

    Exact matching on (start, end, type, kind) is one to one by multiset intersection; so is the
    value comparison within each group of DATE/TIME mentions sharing span and type.
    """
    units: UnitCounts = {}
    a, b = case.gold.mentions, case.pred.mentions
    for m in a:
        add(units, case.unit_of(m.start), f"agr|men|a|{m.kind}")
    for m in b:
        add(units, case.unit_of(m.start), f"agr|men|b|{m.kind}")
    ca = Counter((m.start, m.end, m.type, m.kind) for m in a)
    cb = Counter((m.start, m.end, m.type, m.kind) for m in b)
    for (s, e, t, k), n in sorted(ca.items()):
        if cb[(s, e, t, k)]:
            add(units, case.unit_of(s), f"agr|men|ok|{k}", min(n, cb[(s, e, t, k)]))
    valued = inventory().normalized_types
    va: dict[tuple[int, int, str], Counter[str | None]] = {}
    vb: dict[tuple[int, int, str], Counter[str | None]] = {}
    for side, ms in ((va, a), (vb, b)):
        for m in ms:
            if m.type in valued:
                side.setdefault((m.start, m.end, m.type), Counter())[m.normalized] += 1
    for key in sorted(va):
        if key not in vb:
            continue
        x, y = va[key], vb[key]
        u = case.unit_of(key[0])
        add(units, u, "agr|val|n", min(x.total(), y.total()))
        add(units, u, "agr|val|ok", sum((x & y).values()))
    return units


# --- clusters ----------------------------------------------------------------------------------------


def _shared_mentions(a: Annotation, b: Annotation) -> list[tuple[Mention, Mention]]:
    """Mentions of A and B matched one to one on their exact span."""

    def key(g: Mention, p: Mention) -> tuple[int, ...] | None:
        if g.start != p.start or g.end != p.end:
            return None
        return (int(g.type == p.type),)

    def order(m: Mention) -> tuple:
        return (m.start, m.end, m.type, m.id)

    pairs = match(list(a.mentions), list(b.mentions), key, order, order)
    return [(a.mentions[i], b.mentions[j]) for i, j in pairs]


def _partition(ann: Annotation, ids: list[str]) -> dict[str, int]:
    """Cluster number of each of ``ids`` (shared mentions outside clusters are singletons, numbered
    from ``len(ann.clusters)`` on)."""
    out: dict[str, int] = {}
    for k, cl in enumerate(ann.clusters):
        for m in cl.mentions:
            out.setdefault(m, k)
    nxt = len(ann.clusters)
    for i in ids:
        if i not in out:
            out[i] = nxt
            nxt += 1
    return {i: out[i] for i in ids}


def _unit0(offset: int) -> int:
    return 0


def cluster_unit_counts(a: Annotation, b: Annotation, unit_of: Callable[[int], int] = _unit0) -> UnitCounts:
    """MUC, B3 and CEAF-e numerators and denominators of one document (A is the key), per paragraph,
    with the type and name agreement of aligned clusters.

    MUC: within a key cluster, every shared mention but the first of its part under the response
    scores 1 (the numerator), every mention but the first of the cluster 1 (the denominator); the sums
    are |K| - |p(K)| and |K| - 1. B3 is a sum over mentions; CEAF-e counts go to the paragraph of a
    cluster's first shared mention.
    """
    shared = _shared_mentions(a, b)
    at = [unit_of(x.start) for x, _ in shared]
    ka = _partition(a, [x.id for x, _ in shared])
    kb = _partition(b, [y.id for _, y in shared])
    key: dict[int, list[int]] = {}
    resp: dict[int, list[int]] = {}
    for n, (x, y) in enumerate(shared):
        key.setdefault(ka[x.id], []).append(n)
        resp.setdefault(kb[y.id], []).append(n)
    key_of = {n: c for c, s in key.items() for n in s}
    resp_of = {n: c for c, s in resp.items() for n in s}
    units: UnitCounts = {}

    def muc(k: dict[int, list[int]], r_of: dict[int, int], side: str) -> None:
        for s in k.values():
            seen: set[int] = set()
            for pos, n in enumerate(sorted(s)):
                if pos:
                    add(units, at[n], f"agr|clu|muc_{side}_den")  # type: ignore[arg-type]
                if r_of[n] in seen:
                    add(units, at[n], f"agr|clu|muc_{side}_num")  # type: ignore[arg-type]
                seen.add(r_of[n])

    muc(key, resp_of, "r")
    muc(resp, key_of, "p")
    ks = {c: set(s) for c, s in key.items()}
    rs = {c: set(s) for c, s in resp.items()}
    for n in range(len(shared)):
        kk, rr = ks[key_of[n]], rs[resp_of[n]]
        inter = len(kk & rr)
        _addf(units, at[n], "agr|clu|b3_r_num", Fraction(inter, len(kk)))
        _addf(units, at[n], "agr|clu|b3_p_num", Fraction(inter, len(rr)))
        add(units, at[n], "agr|clu|b3_den")
    k_ids, r_ids = list(key), list(resp)
    kl, rl = [ks[c] for c in k_ids], [rs[c] for c in r_ids]
    cands = [(i, j) for i, s in enumerate(kl) for j, t in enumerate(rl) if s & t]

    @dataclass(frozen=True)
    class _C:
        idx: int

        @property
        def start(self) -> int:
            return self.idx

        @property
        def end(self) -> int:
            return self.idx + 1

    def phi(g: _C, p: _C) -> tuple[Fraction] | None:
        s, t = kl[g.idx], rl[p.idx]
        inter = len(s & t)
        return (Fraction(2 * inter, len(s) + len(t)),) if inter else None

    pairs = match(
        [_C(i) for i in range(len(kl))],
        [_C(j) for j in range(len(rl))],
        phi,
        lambda c: (min(kl[c.idx]),),
        lambda c: (min(rl[c.idx]),),
        cands,
    )
    for s in kl:
        add(units, at[min(s)], "agr|clu|ceafe_key")
    for t in rl:
        add(units, at[min(t)], "agr|clu|ceafe_resp")
    for i, j in pairs:
        u = at[min(kl[i])]
        _addf(units, u, "agr|clu|ceafe_num", phi(_C(i), _C(j))[0])  # type: ignore[index]
        ci, cj = k_ids[i], r_ids[j]
        if ci < len(a.clusters) and cj < len(b.clusters):  # two clusters, not singletons
            kc, rc = a.clusters[ci], b.clusters[cj]
            add(units, u, "agr|clu|aligned")
            add(units, u, "agr|clu|type_ok", int(kc.type == rc.type))
            add(units, u, "agr|clu|name_ok", int(kc.name == rc.name))
    return units


def _addf(units: UnitCounts, unit: int, name: str, v: Fraction) -> None:
    c = units.get(unit)
    if c is None:
        c = units[unit] = Counter()
    c[name] += v  # type: ignore[assignment]  # exact until the bootstrap turns counts into floats


def cluster_counts(a: Annotation, b: Annotation) -> dict[str, Fraction]:
    """MUC, B3 and CEAF-e numerators and denominators of one document (A is the key), summed."""
    tot = total(cluster_unit_counts(a, b).values())
    return {k.removeprefix("agr|clu|"): Fraction(v) for k, v in tot.items()}


# --- claims ------------------------------------------------------------------------------------------


def claim_pairs(a: Annotation, b: Annotation) -> list[tuple[Claim, Claim]]:
    """Claims of A and B matched as the claim scorer matches them (:mod:`newsgold.bench.claims`, with
    its default ``min_iou`` of 0): exact content first, then the largest overlap, stance, form."""
    return [(a.claims[i], b.claims[j]) for i, j in match_claims(a.claims, b.claims)]


def cue_counts(case: Case) -> UnitCounts:
    """On matched claims: cues of A, cues of B, and pairs with the same cue span."""
    units: UnitCounts = {}
    for g, p in claim_pairs(case.gold, case.pred):
        u = case.unit_of(g.content.start)
        add(units, u, "agr|cue|a", int(g.cue is not None))
        add(units, u, "agr|cue|b", int(p.cue is not None))
        gc, pc = g.cue, p.cue
        same = gc is not None and pc is not None and (gc.start, gc.end) == (pc.start, pc.end)
        add(units, u, "agr|cue|ok", int(same))
    return units


# --- figures -----------------------------------------------------------------------------------------


def _f1_or_nan(tp: float, n_b: float, n_a: float) -> float:
    return prf(tp, n_b, n_a)[2] if n_a + n_b else math.nan


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def _f1(p_num: float, p_den: float, r_num: float, r_den: float) -> float:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def agreement_figures(c: Mapping[str, float]) -> dict[str, float]:
    """Every agreement figure from summed counts (the scorer's and this module's ``agr|`` counts)."""
    g = c.get
    out: dict[str, float] = {
        "mentions.strict.f1": scheme_prf(scheme_counts(c, "strict"))[2],
        "mentions.strict_kind.f1": prf(
            sum_under(c, "agr|men|ok|"), sum_under(c, "agr|men|b|"), sum_under(c, "agr|men|a|")
        )[2],
        "mentions.relaxed.f1": scheme_prf(scheme_counts(c, "ent_type"))[2],
    }
    for k in inventory().mention_kinds:
        out[f"mentions.kind.{k}.f1"] = _f1_or_nan(
            g(f"agr|men|ok|{k}", 0), g(f"agr|men|b|{k}", 0), g(f"agr|men|a|{k}", 0)
        )
    out["values.accuracy"] = _ratio(g("agr|val|ok", 0), g("agr|val|n", 0))
    out["values.compared"] = float(g("agr|val|n", 0))
    out["clusters.muc.f1"] = _f1(
        g("agr|clu|muc_p_num", 0),
        g("agr|clu|muc_p_den", 0),
        g("agr|clu|muc_r_num", 0),
        g("agr|clu|muc_r_den", 0),
    )
    out["clusters.b3.f1"] = _f1(
        g("agr|clu|b3_p_num", 0), g("agr|clu|b3_den", 0), g("agr|clu|b3_r_num", 0), g("agr|clu|b3_den", 0)
    )
    out["clusters.ceafe.f1"] = _f1(
        g("agr|clu|ceafe_num", 0),
        g("agr|clu|ceafe_resp", 0),
        g("agr|clu|ceafe_num", 0),
        g("agr|clu|ceafe_key", 0),
    )
    out["clusters.type.accuracy"] = _ratio(g("agr|clu|type_ok", 0), g("agr|clu|aligned", 0))
    out["clusters.name.accuracy"] = _ratio(g("agr|clu|name_ok", 0), g("agr|clu|aligned", 0))
    ev = event_figures(c)
    cl = claim_figures(c)
    for k in (
        "events.trigger_id.f1",
        "events.trigger_cls.f1",
        "events.argument_id.attached.f1",
        "events.argument_cls.keyed.f1",
        "events.argument_cls.attached.f1",
        "events.realis.accuracy",
    ):
        out[k] = ev[k]
    out["events.realis.kappa"] = kappa(pairs_under(c, "ev|realis"))
    for k in (
        "claims.detection_exact.f1",
        "claims.detection_overlap.f1",
        "claims.claimer_exact.accuracy",
        "claims.claimer_coref.accuracy",
    ):
        out[k] = cl[k]
    out["claims.cue_exact.f1"] = _f1_or_nan(g("agr|cue|ok", 0), g("agr|cue|b", 0), g("agr|cue|a", 0))
    out["claims.claimer.kappa"] = kappa(pairs_under(c, "cl|claimer"))
    out["claims.form.kappa"] = kappa(pairs_under(c, "cl|form"))
    out["claims.stance.kappa"] = kappa(pairs_under(c, "cl|stance"))
    return {k: float(v) for k, v in out.items()}


def _merge_labels(c: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, v in c.items():
        if name.startswith(_MERGED):
            name = name.rpartition("|")[0] + "|*"
        out[name] = out.get(name, 0.0) + float(v)
    return out


def _same(x: Mapping[str, float], y: Mapping[str, float]) -> bool:
    return x.keys() == y.keys() and all(
        (math.isnan(v) and math.isnan(y[k])) or math.isclose(v, y[k], abs_tol=1e-12) for k, v in x.items()
    )


def _for_resampling(units: list[Counter[str]], figures: Mapping[str, float]) -> list[dict[str, float]]:
    """The units' counts as floats, per-label counts merged where the figures only read their sum
    (ten times fewer counts per replicate), unless merging would change a figure."""
    merged = [_merge_labels(c) for c in units]
    if _same(agreement_figures(total(merged)), figures):  # type: ignore[arg-type]
        return merged
    return [{n: float(v) for n, v in c.items()} for c in units]


def agreement(
    a: Mapping[str, Annotation],
    b: Mapping[str, Annotation],
    documents: Mapping[str, Document],
    replicates: int = REPLICATES,
    seed: int = SEED,
    unit: str = "auto",
    level: float = LEVEL,
) -> AgreementReport:
    """Agreement of annotators A and B over the documents either annotated (a missing side is empty),
    with seeded bootstrap intervals (``replicates=0``: none)."""
    inv = inventory()
    ids = sorted((set(a) | set(b)) & set(documents))
    cases = [
        Case(
            documents[d],
            a.get(d) or empty_annotation(documents[d], "A"),
            b.get(d) or empty_annotation(documents[d], "B"),
        )
        for d in ids
    ]
    scores = score(cases, Settings(entities=EntitySettings(kinds=inv.mention_kinds)))
    units: dict[tuple[str, int], Counter[str]] = {
        k: Counter({n: v for n, v in c.items() if n.startswith(_PREFIXES)}) for k, c in scores.units.items()
    }
    for case in cases:
        doc = case.document.id
        for part in (
            mention_counts(case),
            cluster_unit_counts(case.gold, case.pred, case.unit_of),
            cue_counts(case),
        ):
            for k, c in part.items():
                units.setdefault((doc, k), Counter()).update(c)
    tot = total(units.values())
    figures = agreement_figures(tot)

    chosen, reason = choose_unit(len(ids), unit)
    resampled = Scores(units, ids).unit_counts(chosen)
    ivs: dict[str, Interval] = {}
    boot: dict[str, Any] = {}
    if replicates > 0:
        if len(resampled) < MIN_UNITS:
            reason = f"{len(resampled)} {chosen}: no interval ({reason})"
        else:
            floats = _for_resampling(resampled, figures)
            ivs = intervals(floats, agreement_figures, replicates, seed, level)  # type: ignore[arg-type]
            ivs.pop("values.compared", None)
        boot = {
            "unit": chosen,
            "units": len(resampled),
            "reason": reason,
            "replicates": replicates,
            "seed": seed,
            "level": level,
        }
    counts = {
        "mentions_a": sum(len(c.gold.mentions) for c in cases),
        "mentions_b": sum(len(c.pred.mentions) for c in cases),
        "shared_mentions": int(tot.get("agr|clu|b3_den", 0)),
        "values_compared": int(tot.get("agr|val|n", 0)),
        "clusters_a": sum(len(c.gold.clusters) for c in cases),
        "clusters_b": sum(len(c.pred.clusters) for c in cases),
        "aligned_clusters": int(tot.get("agr|clu|aligned", 0)),
        "events_a": sum(len(c.gold.events) for c in cases),
        "events_b": sum(len(c.pred.events) for c in cases),
        "claims_a": int(tot.get("cl|gold", 0)),
        "claims_b": int(tot.get("cl|pred", 0)),
        "matched_claims": int(tot.get("cl|overlap", 0)),
    }
    return AgreementReport(
        ids, figures, counts, sorted(set(a) - set(b)), sorted(set(b) - set(a)), intervals=ivs, bootstrap=boot
    )
