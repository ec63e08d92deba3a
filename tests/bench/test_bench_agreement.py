"""Agreement between annotators, with the benchmark scorer."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import orjson
import pytest

from checkout import SEED_ID as SEED
from newsgold.bench.agreement import FIGURES, agreement, claim_pairs, cluster_counts, cluster_unit_counts
from newsgold.bench.bootstrap import MIN_DOCUMENTS
from newsgold.bench.core import Case, kappa
from newsgold.io import read_annotation
from newsgold.labels import inventory
from newsgold.model import Annotation, Claim, Cluster, Document, Event, Mention, Span
from newsgold.paths import project_root


def test_identical_annotations_agree_fully(seed_doc, span_of, mention, annotation) -> None:
    ms = tuple(mention(f"m{k}", "Japan", "GPE", nth=k) for k in range(3))
    a = annotation(
        mentions=ms,
        clusters=(Cluster("c1", "GPE", "Japan", ("m0", "m1", "m2")),),
        events=(Event("e1", "Contact:Meet", span_of("ministers to meet on", inner="meet"), "planned"),),
    )
    rep = agreement({seed_doc.id: a}, {seed_doc.id: a}, {seed_doc.id: seed_doc})
    for name in (
        "mentions.strict.f1",
        "mentions.relaxed.f1",
        "clusters.muc.f1",
        "clusters.b3.f1",
        "clusters.ceafe.f1",
        "events.trigger_cls.f1",
        "events.realis.kappa",
    ):
        assert rep.figures[name] == pytest.approx(1.0), name


def test_cluster_scores_on_a_textbook_case(seed_doc, mention, annotation) -> None:
    # key {a, b, c}; response {a, b} {c}: MUC 2/3, B3 10/14, CEAF-e 8/15
    ms = tuple(mention(f"m{k}", "Japan", "GPE", nth=k) for k in range(3))
    a = annotation(mentions=ms, clusters=(Cluster("c1", "GPE", "Japan", ("m0", "m1", "m2")),))
    b = annotation("b", mentions=ms, clusters=(Cluster("c1", "GPE", "Japan", ("m0", "m1")),))
    rep = agreement({seed_doc.id: a}, {seed_doc.id: b}, {seed_doc.id: seed_doc})
    assert rep.figures["clusters.muc.f1"] == pytest.approx(2 / 3)
    assert rep.figures["clusters.b3.f1"] == pytest.approx(10 / 14)
    assert rep.figures["clusters.ceafe.f1"] == pytest.approx(8 / 15)
    assert cluster_counts(a, b)["b3_den"] == 3


def test_f1_and_kappa_are_symmetric(seed_doc, span_of, mention, annotation) -> None:
    meet = span_of("ministers to meet on", inner="meet")
    a = annotation(
        mentions=(
            mention("m0", "Japan", "GPE"),
            mention("m1", "Japan", "GPE", nth=1),
            mention("m2", "New York", "GPE"),
        ),
        events=(
            Event("e1", "Contact:Meet", meet, "planned"),
            Event("e2", "Justice:Rule", span_of("court rulings", inner="rulings"), "actual"),
        ),
    )
    b = annotation(
        "b",
        mentions=(
            mention("x0", "Japan", "ORG"),
            mention("x1", "New York", "GPE"),
            mention("x2", "Tokyo", "GPE"),
        ),
        events=(
            Event("e1", "Contact:Meet", meet, "actual"),
            Event("e2", "Justice:Rule", span_of("court rulings", inner="rulings"), "actual"),
        ),
    )
    docs = {seed_doc.id: seed_doc}
    ab = agreement({seed_doc.id: a}, {seed_doc.id: b}, docs).figures
    ba = agreement({seed_doc.id: b}, {seed_doc.id: a}, docs).figures
    for name in ab:
        if name.endswith(".f1") or name.endswith("kappa"):
            assert ab[name] == pytest.approx(ba[name], nan_ok=True), name
    assert ab["mentions.strict.f1"] == pytest.approx(
        1 / 3
    )  # New York only; Japan differs in type or is missing
    assert ab["events.trigger_cls.f1"] == 1.0 and ab["events.realis.kappa"] < 1.0


def test_kappa() -> None:
    assert kappa({("x", "x"): 20, ("x", "y"): 5, ("y", "x"): 10, ("y", "y"): 15}) == pytest.approx(0.4)
    assert kappa({}) == 0.0
    assert kappa({("x", "x"): 3}) == 1.0


def test_a_document_only_one_side_annotated_counts(seed_doc, mention, annotation) -> None:
    a = annotation(mentions=(mention("m0", "Japan", "GPE"),))
    rep = agreement({seed_doc.id: a}, {}, {seed_doc.id: seed_doc})
    assert rep.only_in_a == [seed_doc.id] and rep.figures["mentions.strict.f1"] == 0.0


# --- one difference lowers exactly its own figure ----------------------------------------------------

ANNOTATORS = project_root() / "annotations" / "annotators"


@pytest.fixture(scope="module")
def seed_a() -> Annotation:
    """Annotator A's file of the seed article: every layer, every mention kind, DATE values, cues."""
    return read_annotation(ANNOTATORS / "annotator-a" / f"{SEED}.json")


def _figures(seed_doc: Document, a: Annotation, b: Annotation) -> dict[str, float]:
    return agreement({seed_doc.id: a}, {seed_doc.id: b}, {seed_doc.id: seed_doc}, replicates=0).figures


def _with_mention(ann: Annotation, pick: Callable[[Mention], bool], **change: object) -> Annotation:
    k = next(k for k, m in enumerate(ann.mentions) if pick(m))
    ms = list(ann.mentions)
    ms[k] = replace(ms[k], **change)  # type: ignore[arg-type]
    return replace(ann, mentions=tuple(ms))


def _with_cluster(ann: Annotation, **change: object) -> Annotation:
    return replace(ann, clusters=(replace(ann.clusters[0], **change), *ann.clusters[1:]))  # type: ignore[arg-type]


def _with_claim(ann: Annotation, pick: Callable[[Claim], bool], **change: object) -> Annotation:
    k = next(k for k, c in enumerate(ann.claims) if pick(c))
    cs = list(ann.claims)
    cs[k] = replace(cs[k], **change)  # type: ignore[arg-type]
    return replace(ann, claims=tuple(cs))


def _shift(s: Span, text: str) -> Span:
    return Span(s.start, s.end + 1, text[s.start : s.end + 1])


def _first_cue(ann: Annotation) -> Span:
    return next(c.cue for c in ann.claims if c.cue is not None)


CHANGES: dict[str, tuple[Callable[[Annotation, str], Annotation], set[str]]] = {
    "kind": (
        lambda a, t: _with_mention(a, lambda m: m.kind == "nominal", kind="pronoun"),
        {"mentions.strict_kind.f1", "mentions.kind.nominal.f1", "mentions.kind.pronoun.f1"},
    ),
    "date value": (
        lambda a, t: _with_mention(
            a, lambda m: m.type == "DATE" and m.normalized is not None, normalized="1900"
        ),
        {"values.accuracy"},
    ),
    "cue": (
        lambda a, t: _with_claim(a, lambda c: c.cue is not None, cue=_shift(_first_cue(a), t)),
        {"claims.cue_exact.f1"},
    ),
    "cluster name": (lambda a, t: _with_cluster(a, name="someone else"), {"clusters.name.accuracy"}),
    "cluster type": (lambda a, t: _with_cluster(a, type="NORP"), {"clusters.type.accuracy"}),
    "realis": (
        lambda a, t: replace(a, events=(replace(a.events[0], realis="generic"), *a.events[1:])),
        {"events.realis.accuracy", "events.realis.kappa"},
    ),
    "stance": (
        lambda a, t: _with_claim(a, lambda c: c.stance == "affirm", stance="deny"),
        {"claims.stance.kappa"},
    ),
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_one_difference_lowers_exactly_its_figures(name: str, seed_doc: Document, seed_a: Annotation) -> None:
    change, expected = CHANGES[name]
    b = change(seed_a, seed_doc.text)
    assert b != seed_a
    same = _figures(seed_doc, seed_a, seed_a)
    diff = _figures(seed_doc, seed_a, b)
    assert all(v == pytest.approx(1.0) for k, v in same.items() if not k.endswith("compared")), same
    changed = {k for k in same if diff[k] != pytest.approx(same[k], nan_ok=True)}
    assert changed == expected
    assert all(diff[k] < same[k] for k in expected)


def test_value_accuracy_counts_strictly_matched_date_and_time_mentions(seed_doc, seed_a) -> None:
    n = sum(1 for m in seed_a.mentions if m.type in inventory().normalized_types)
    b = _with_mention(seed_a, lambda m: m.type == "DATE", normalized="1900")
    figs = _figures(seed_doc, seed_a, b)
    assert figs["values.compared"] == n and figs["values.accuracy"] == pytest.approx((n - 1) / n)
    # a DATE mention B retypes is no longer strictly matched: one fewer compared, none wrong
    b = _with_mention(seed_a, lambda m: m.type == "DATE", type="TIME")
    figs = _figures(seed_doc, seed_a, b)
    assert figs["values.compared"] == n - 1 and figs["values.accuracy"] == 1.0


def test_per_kind_figures_decompose_strict_with_kind(seed_doc, seed_a) -> None:
    b = _with_mention(seed_a, lambda m: m.kind == "nominal", kind="pronoun")
    figs = _figures(seed_doc, seed_a, b)
    kinds = Counter(m.kind for m in seed_a.mentions)
    n = len(seed_a.mentions)
    assert figs["mentions.strict.f1"] == 1.0
    assert figs["mentions.strict_kind.f1"] == pytest.approx((n - 1) / n)
    assert figs["mentions.kind.nominal.f1"] == pytest.approx(
        2 * (kinds["nominal"] - 1) / (2 * kinds["nominal"] - 1)
    )
    assert figs["mentions.kind.pronoun.f1"] == pytest.approx(
        2 * kinds["pronoun"] / (2 * kinds["pronoun"] + 1)
    )


def test_a_kind_nobody_used_is_undefined_not_zero(seed_doc, mention, annotation) -> None:
    a = annotation(mentions=(mention("m0", "Japan", "GPE"),))
    figs = _figures(seed_doc, a, a)
    assert figs["mentions.kind.name.f1"] == 1.0
    assert math.isnan(figs["mentions.kind.pronoun.f1"]) and math.isnan(figs["claims.cue_exact.f1"])
    rows = dict(agreement({seed_doc.id: a}, {seed_doc.id: a}, {seed_doc.id: seed_doc}, replicates=0).rows())
    assert rows["Mentions, strict F1, kind pronoun"] == "-" and rows["DATE/TIME values compared"] == "0"


def test_cue_f1_on_matched_claims_only(seed_doc, seed_a) -> None:
    with_cue = [c for c in seed_a.claims if c.cue is not None]
    b = _with_claim(seed_a, lambda c: c.cue is not None, cue=None)
    figs = _figures(seed_doc, seed_a, b)
    n = len(with_cue)
    assert figs["claims.cue_exact.f1"] == pytest.approx(2 * (n - 1) / (n + n - 1))
    # a claim B leaves out is not matched: detection drops, cue F1 does not
    b = replace(seed_a, claims=tuple(c for c in seed_a.claims if c is not with_cue[0]))
    figs = _figures(seed_doc, seed_a, b)
    assert figs["claims.cue_exact.f1"] == 1.0 and figs["claims.detection_exact.f1"] < 1.0


def test_claims_are_paired_as_the_claim_scorer_pairs_them(seed_doc, seed_a, span_of) -> None:
    text = seed_doc.text
    b = replace(
        seed_a,
        claims=tuple(
            replace(c, content=_shift(c.content, text)) if k % 2 else c for k, c in enumerate(seed_a.claims)
        ),
    )
    rep = agreement({seed_doc.id: seed_a}, {seed_doc.id: b}, {seed_doc.id: seed_doc}, replicates=0)
    assert len(claim_pairs(seed_a, b)) == rep.counts["matched_claims"] == len(seed_a.claims)


def test_cluster_names_and_types_compare_aligned_clusters_only(seed_doc, mention, annotation) -> None:
    ms = tuple(mention(f"m{k}", "Japan", "GPE", nth=k) for k in range(4))
    a = annotation(mentions=ms, clusters=(Cluster("c1", "GPE", "Japan", ("m0", "m1", "m2")),))
    b = annotation("b", mentions=ms, clusters=(Cluster("c1", "GPE", "JAPAN", ("m0", "m1", "m2", "m3")),))
    rep = agreement({seed_doc.id: a}, {seed_doc.id: b}, {seed_doc.id: seed_doc}, replicates=0)
    assert rep.counts["aligned_clusters"] == 1  # the singleton m3 of A aligns with nothing real
    assert rep.figures["clusters.name.accuracy"] == 0.0 and rep.figures["clusters.type.accuracy"] == 1.0


def test_cluster_counts_per_paragraph_add_up_to_the_document(seed_doc, seed_a) -> None:
    b = _with_cluster(seed_a, mentions=seed_a.clusters[0].mentions[:-1])
    case = Case(seed_doc, seed_a, b)
    per_unit = cluster_unit_counts(seed_a, b, case.unit_of)
    assert len(per_unit) > 1  # spread over paragraphs
    whole = cluster_counts(seed_a, b)
    summed = Counter()
    for c in per_unit.values():
        summed.update(c)
    assert {k.removeprefix("agr|clu|"): v for k, v in summed.items()} == whole
    assert whole["muc_r_num"] < whole["muc_r_den"]


# --- bootstrap intervals -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_pair() -> tuple[dict[str, Annotation], dict[str, Annotation]]:
    return (
        {SEED: read_annotation(ANNOTATORS / "annotator-a" / f"{SEED}.json")},
        {SEED: read_annotation(ANNOTATORS / "annotator-b" / f"{SEED}.json")},
    )


def test_intervals_resample_paragraphs_of_one_document(seed_doc, seed_pair) -> None:
    a, b = seed_pair
    docs = {seed_doc.id: seed_doc}
    rep = agreement(a, b, docs, replicates=200, seed=3)
    assert rep.bootstrap["unit"] == "paragraph" and rep.bootstrap["units"] == len(seed_doc.paragraphs)
    assert f"fewer than {MIN_DOCUMENTS}" in rep.bootstrap["reason"]
    f1s = [k for k in rep.figures if k.endswith(".f1")]
    assert f1s and all(k in rep.intervals for k in f1s)
    for k, iv in rep.intervals.items():
        if not math.isnan(iv.low):
            assert iv.low <= rep.figures[k] + 1e-9 and rep.figures[k] <= iv.high + 1e-9, k
    # the annotators disagree on one trigger: its interval has width, a full agreement has none
    assert rep.intervals["events.trigger_id.f1"].low < rep.figures["events.trigger_id.f1"] < 1.0
    assert rep.intervals["claims.detection_exact.f1"].to_dict() == {"low": 1.0, "high": 1.0}
    again = agreement(a, b, docs, replicates=200, seed=3)
    assert again.intervals == rep.intervals  # seeded: the same intervals every time
    assert agreement(a, b, docs, replicates=0).intervals == {}


def test_intervals_resample_documents_from_ten_on(seed_doc, seed_pair) -> None:
    a, b = seed_pair
    ids = [f"doc{k:02d}" for k in range(MIN_DOCUMENTS)]
    docs = {d: replace(seed_doc, id=d) for d in ids}
    # the first document's B drops every claim, so claim detection varies between documents
    rep = agreement(
        {d: a[SEED] for d in ids},
        {d: replace(b[SEED], claims=()) if d == ids[0] else b[SEED] for d in ids},
        docs,
        replicates=100,
    )
    assert rep.bootstrap["unit"] == "document" and rep.bootstrap["units"] == MIN_DOCUMENTS
    iv = rep.intervals["claims.detection_exact.f1"]
    assert iv.low < rep.figures["claims.detection_exact.f1"] < 1.0 and iv.high == 1.0


def test_the_outputs_show_intervals_and_the_resampling_unit(seed_doc, seed_pair) -> None:
    a, b = seed_pair
    rep = agreement(a, b, {seed_doc.id: seed_doc}, replicates=100)
    human = rep.format_human()
    assert "95% interval" in human and "paragraph(s) resampled" in human
    line = next(x for x in human.splitlines() if x.startswith("Event triggers, identification F1"))
    iv = rep.intervals["events.trigger_id.f1"]
    assert line.split()[-2:] == [f"[{100 * iv.low:.1f},", f"{100 * iv.high:.1f}]"]
    md = rep.format_markdown()
    assert "| measure | value | 95% interval |" in md and "paragraph(s) resampled" in md
    data = orjson.loads(orjson.dumps(rep.to_dict()))
    assert data["bootstrap"]["unit"] == "paragraph" and data["bootstrap"]["seed"] == 0
    assert data["intervals"]["events.trigger_id.f1"] == iv.to_dict()
    # the DATASHEET rows stay two columns: label and value
    assert all(len(r) == 2 for r in rep.rows())


def test_agree_command_prints_the_new_figures(capsys) -> None:
    from newsgold.cli import main

    code = main(["agree", str(ANNOTATORS / "annotator-a"), str(ANNOTATORS / "annotator-b")])
    out = capsys.readouterr().out
    assert code == 0
    for _, label in FIGURES:
        assert label in out
    assert "paragraph(s) resampled" in out
