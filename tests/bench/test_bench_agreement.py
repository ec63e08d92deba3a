"""Agreement between annotators, with the benchmark scorer."""

from __future__ import annotations

import pytest

from newsgold.bench.agreement import agreement, cluster_counts
from newsgold.bench.core import kappa
from newsgold.model import Cluster, Event


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
            assert ab[name] == pytest.approx(ba[name]), name
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
