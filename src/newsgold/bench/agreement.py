"""Inter-annotator agreement, with the benchmark scorer itself.

Annotator A is taken as the reference and B as the prediction; F1 is symmetric (swapping A and B
swaps precision and recall), so the F1 figures do not depend on which annotator comes first.

- Entity mentions (every mention kind): strict F1 (span and type) and relaxed F1 (overlap and type,
  the ``ent_type`` scheme).
- Clusters: MUC, B3 and CEAF-e F1 over the mentions the two annotators share (mentions matched one to
  one on their exact span); a shared mention in no cluster is a singleton.
- Events: trigger identification and classification F1, argument classification F1 in both
  conventions, and Cohen's kappa of realis on identified triggers.
- Claims: detection F1 (exact and overlap), claimer accuracy (exact and coreference-aware, the
  coreference of A) and Cohen's kappa of the claimer class, form and stance on matched claims.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from newsgold.bench.core import Case, empty_annotation, kappa, pairs_under
from newsgold.bench.entities import EntitySettings
from newsgold.bench.matching import match
from newsgold.bench.scorer import SCORER_VERSION, Settings, score
from newsgold.labels import inventory
from newsgold.model import Annotation, Document, Mention

FIGURES = (
    ("mentions.strict.f1", "Mentions, strict (span + type) F1"),
    ("mentions.relaxed.f1", "Mentions, relaxed (overlap + type) F1"),
    ("clusters.muc.f1", "Clusters MUC F1"),
    ("clusters.b3.f1", "Clusters B3 F1"),
    ("clusters.ceafe.f1", "Clusters CEAF-e F1"),
    ("events.trigger_id.f1", "Event triggers, identification F1"),
    ("events.trigger_cls.f1", "Event triggers, classification F1"),
    ("events.argument_cls.keyed.f1", "Arguments F1 (keyed)"),
    ("events.argument_cls.attached.f1", "Arguments F1 (attached)"),
    ("events.realis.kappa", "Realis kappa (identified triggers)"),
    ("claims.detection_exact.f1", "Claims F1 (exact content)"),
    ("claims.detection_overlap.f1", "Claims F1 (overlapping content)"),
    ("claims.claimer_exact.accuracy", "Claimer accuracy, exact (matched claims)"),
    ("claims.claimer_coref.accuracy", "Claimer accuracy, coreference (matched claims)"),
    ("claims.claimer.kappa", "Claimer class kappa (matched claims)"),
    ("claims.form.kappa", "Form kappa (matched claims)"),
    ("claims.stance.kappa", "Stance kappa (matched claims)"),
)


@dataclass(slots=True)
class AgreementReport:
    documents: list[str]
    figures: dict[str, float]
    counts: dict[str, Any] = field(default_factory=dict)
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)
    scorer_version: str = SCORER_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "scorer_version": self.scorer_version,
            "documents": self.documents,
            "figures": self.figures,
            "counts": self.counts,
            "only_in_a": self.only_in_a,
            "only_in_b": self.only_in_b,
        }

    def rows(self) -> list[tuple[str, str]]:
        return [
            (label, f"{100 * self.figures[k]:.1f}" if not k.endswith("kappa") else f"{self.figures[k]:.3f}")
            for k, label in FIGURES
            if k in self.figures
        ]

    def format_human(self) -> str:
        w = max(len(r[0]) for r in self.rows())
        out = [f"agreement over {len(self.documents)} document(s) (F1 in %, kappa as a fraction)"]
        out += [f"{label:<{w}}  {v:>6}" for label, v in self.rows()]
        for side, ids in (("A", self.only_in_a), ("B", self.only_in_b)):
            if ids:
                out.append(f"only annotated by {side} (the other counted as empty): {', '.join(ids)}")
        return "\n".join(out)

    def format_markdown(self) -> str:
        out = [
            f"# Inter-annotator agreement ({len(self.documents)} document(s))",
            "",
            f"Scorer {self.scorer_version}; A is the reference, F1 is symmetric.",
            "",
            "| measure | value |",
            "|---|---|",
        ]
        out += [f"| {label} | {v} |" for label, v in self.rows()]
        return "\n".join(out) + "\n"


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
    """Cluster number of each of ``ids`` (shared mentions outside clusters are singletons)."""
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


def cluster_counts(a: Annotation, b: Annotation) -> dict[str, Fraction]:
    """MUC, B3 and CEAF-e numerators and denominators of one document (A is the key)."""
    shared = _shared_mentions(a, b)
    items = list(range(len(shared)))
    ka = _partition(a, [x.id for x, _ in shared])
    kb = _partition(b, [y.id for _, y in shared])
    key: dict[int, set[int]] = {}
    resp: dict[int, set[int]] = {}
    for n, (x, y) in enumerate(shared):
        key.setdefault(ka[x.id], set()).add(n)
        resp.setdefault(kb[y.id], set()).add(n)
    key_of = {n: c for c, s in key.items() for n in s}
    resp_of = {n: c for c, s in resp.items() for n in s}
    out: dict[str, Fraction] = {}

    def muc(k: dict[int, set[int]], r_of: dict[int, int]) -> tuple[int, int]:
        num = sum(len(s) - len({r_of[n] for n in s}) for s in k.values())
        den = sum(len(s) - 1 for s in k.values())
        return num, den

    out["muc_r_num"], out["muc_r_den"] = map(Fraction, muc(key, resp_of))
    out["muc_p_num"], out["muc_p_den"] = map(Fraction, muc(resp, key_of))
    out["b3_r_num"] = sum(
        (Fraction(len(key[key_of[n]] & resp[resp_of[n]]), len(key[key_of[n]])) for n in items), Fraction(0)
    )
    out["b3_p_num"] = sum(
        (Fraction(len(key[key_of[n]] & resp[resp_of[n]]), len(resp[resp_of[n]])) for n in items), Fraction(0)
    )
    out["b3_den"] = Fraction(len(items))
    kl, rl = list(key.values()), list(resp.values())
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
    out["ceafe_num"] = sum((phi(_C(i), _C(j))[0] for i, j in pairs), Fraction(0))  # type: ignore[index]
    out["ceafe_key"] = Fraction(len(kl))
    out["ceafe_resp"] = Fraction(len(rl))
    return out


def agreement(
    a: Mapping[str, Annotation], b: Mapping[str, Annotation], documents: Mapping[str, Document]
) -> AgreementReport:
    """Agreement of annotators A and B over the documents either annotated (a missing side is empty)."""
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
    settings = Settings(entities=EntitySettings(kinds=inv.mention_kinds))
    scores = score(cases, settings)
    tot = scores.totals
    figs = scores.figures
    out: dict[str, float] = {
        "mentions.strict.f1": figs["entities.strict.micro.f1"],
        "mentions.relaxed.f1": figs["entities.ent_type.micro.f1"],
    }
    clu: dict[str, Fraction] = {}
    for case in cases:
        for k, v in cluster_counts(case.gold, case.pred).items():
            clu[k] = clu.get(k, Fraction(0)) + v

    def f1(p_num: Fraction, p_den: Fraction, r_num: Fraction, r_den: Fraction) -> float:
        p = p_num / p_den if p_den else Fraction(0)
        r = r_num / r_den if r_den else Fraction(0)
        return float(2 * p * r / (p + r)) if p + r else 0.0

    out["clusters.muc.f1"] = f1(
        clu.get("muc_p_num", Fraction(0)),
        clu.get("muc_p_den", Fraction(0)),
        clu.get("muc_r_num", Fraction(0)),
        clu.get("muc_r_den", Fraction(0)),
    )
    out["clusters.b3.f1"] = f1(
        clu.get("b3_p_num", Fraction(0)),
        clu.get("b3_den", Fraction(0)),
        clu.get("b3_r_num", Fraction(0)),
        clu.get("b3_den", Fraction(0)),
    )
    out["clusters.ceafe.f1"] = f1(
        clu.get("ceafe_num", Fraction(0)),
        clu.get("ceafe_resp", Fraction(0)),
        clu.get("ceafe_num", Fraction(0)),
        clu.get("ceafe_key", Fraction(0)),
    )
    for k in (
        "events.trigger_id.f1",
        "events.trigger_cls.f1",
        "events.argument_cls.keyed.f1",
        "events.argument_cls.attached.f1",
        "claims.detection_exact.f1",
        "claims.detection_overlap.f1",
        "claims.claimer_exact.accuracy",
        "claims.claimer_coref.accuracy",
    ):
        out[k] = figs[k]
    out["events.realis.kappa"] = kappa(pairs_under(tot, "ev|realis"))
    out["claims.claimer.kappa"] = kappa(pairs_under(tot, "cl|claimer"))
    out["claims.form.kappa"] = kappa(pairs_under(tot, "cl|form"))
    out["claims.stance.kappa"] = kappa(pairs_under(tot, "cl|stance"))
    counts = {
        "mentions_a": sum(len(c.gold.mentions) for c in cases),
        "mentions_b": sum(len(c.pred.mentions) for c in cases),
        "shared_mentions": int(clu.get("b3_den", 0)),
        "events_a": sum(len(c.gold.events) for c in cases),
        "events_b": sum(len(c.pred.events) for c in cases),
        "claims_a": int(tot.get("cl|gold", 0)),
        "claims_b": int(tot.get("cl|pred", 0)),
        "matched_claims": int(tot.get("cl|overlap", 0)),
    }
    return AgreementReport(ids, out, counts, sorted(set(a) - set(b)), sorted(set(b) - set(a)))
