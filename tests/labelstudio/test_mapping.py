from dataclasses import replace
from pathlib import Path

import pytest

from newsgold.io import read_annotation, read_document
from newsgold.labelstudio import config as C
from newsgold.labelstudio.mapping import from_results, to_results
from newsgold.model import Annotation, Argument, Event, Span

FIXTURES = Path(__file__).parent / "fixtures"
CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seed():
    doc = read_document(CHECKOUT / "corpus" / "documents" / "bc715259e8893656.json")
    return doc, read_annotation(FIXTURES / "seed_constructed.json")


def _back(results, doc, annotator="constructed"):
    return from_results(
        results, doc.text, document_id=doc.id, text_sha256=doc.text_sha256, annotator=annotator
    )


def test_round_trip_is_identity(seed):
    doc, ann = seed
    back, findings = _back(to_results(ann), doc)
    assert findings == []
    assert back == ann


def test_every_layer_is_exercised_by_the_fixture(seed):
    _, ann = seed
    assert ann.clusters and ann.events and ann.claims
    assert any(m.normalized for m in ann.mentions)
    assert {m.kind for m in ann.mentions} == {"name", "nominal", "pronoun"}
    assert any(a.span is not None for e in ann.events for a in e.arguments)
    assert any(c.cue is None for c in ann.claims) and any(c.cue is not None for c in ann.claims)


def test_region_ids_are_annotation_ids_and_never_contain_hash(seed):
    _, ann = seed
    results = to_results(ann)
    ids = {r["id"] for r in results if r["type"] == "labels"}
    assert {m.id for m in ann.mentions} | {e.id for e in ann.events} | {c.id for c in ann.claims} <= ids
    assert not any("#" in i for i in ids)


def test_one_relation_per_pair_carries_several_roles(seed):
    doc, ann = seed
    m = ann.mentions[0]
    ev = Event(
        "e9",
        "Justice:Sue",
        Span(m.start, m.end, m.text),
        "actual",
        (
            Argument("Plaintiff", mention=ann.mentions[1].id),
            Argument("Defendant", mention=ann.mentions[1].id),
        ),
    )
    two = replace(ann, events=ann.events + (ev,))
    results = to_results(two)
    rels = [r for r in results if r["type"] == "relation" and r["from_id"] == "e9"]
    assert len(rels) == 1 and rels[0]["labels"] == ["Plaintiff", "Defendant"]
    back, findings = _back(results, doc)
    assert findings == [] and back == two


def test_relation_drawn_backwards_is_read_by_what_it_joins(seed):
    doc, ann = seed
    results = to_results(ann)
    for r in results:
        if r["type"] == "relation" and r["from_id"] == "e1":
            r["from_id"], r["to_id"] = r["to_id"], r["from_id"]
            r["direction"] = "left"
    back, findings = _back(results, doc)
    assert findings == [] and back == ann


def test_missing_cluster_line_is_reported(seed):
    doc, ann = seed
    assert ann.clusters
    results = [r for r in to_results(ann) if r.get("from_name") != C.CLUSTERS]
    back, findings = _back(results, doc)
    assert back is None
    assert {f.code for f in findings} == {"ls-missing-attribute"}


def test_empty_annotation(seed):
    doc, _ = seed
    back, findings = _back([], doc, "x")
    assert findings == []
    assert back == Annotation(doc.id, doc.text_sha256, "x")


def test_order_label_studio_cannot_keep_is_detected(seed):
    from newsgold.labelstudio.tasks import comes_back_unchanged

    doc, ann = seed
    assert comes_back_unchanged(ann, doc)
    c = ann.clusters[0]
    shuffled = replace(ann, clusters=(replace(c, mentions=tuple(reversed(c.mentions))),) + ann.clusters[1:])
    assert not comes_back_unchanged(shuffled, doc)
    back, findings = _back(to_results(shuffled), doc)
    assert findings == [] and back == ann  # same content, mention order


def test_cluster_is_a_choice_and_the_earlier_text_form_still_reads(seed):
    doc, ann = seed
    results = to_results(ann)
    clusters = [r for r in results if r.get("from_name") == C.CLUSTER]
    assert clusters and all(r["type"] == "choices" for r in clusters)
    for r in clusters:  # as exports made with the earlier config (a typed cluster id) have it
        r["type"] = "textarea"
        r["value"]["text"] = r["value"].pop("choices")
    back, findings = _back(results, doc)
    assert findings == [] and back == ann


def test_a_cluster_chosen_without_a_cluster_line_is_reported(seed):
    doc, ann = seed
    results = to_results(ann)
    chosen = next(r for r in results if r.get("from_name") == C.CLUSTER)
    chosen["value"]["choices"] = ["c99"]  # one of the new ids offered, with no "c99 | type | name" line
    back, findings = _back(results, doc)
    assert back is None
    assert any(f.code == "ls-missing-attribute" and "'c99'" in f.message for f in findings)


@pytest.mark.parametrize("layers", [("entities",), ("entities", "events"), ("entities", "events", "claims")])
def test_results_of_some_layers_read_back_as_those_layers(seed, layers):
    doc, ann = seed
    back, findings = _back(to_results(ann, layers), doc)
    assert findings == []
    assert back == replace(
        ann,
        events=ann.events if "events" in layers else (),
        claims=ann.claims if "claims" in layers else (),
    )
    with pytest.raises(ValueError, match="unknown layer"):
        to_results(ann, ("entity",))
