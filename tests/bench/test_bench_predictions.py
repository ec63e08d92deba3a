"""Predictions files: validated with line numbers, nothing silently dropped."""

from __future__ import annotations

import dataclasses
import json

from newsgold.bench.core import Case
from newsgold.bench.entities import scheme_counts
from newsgold.bench.predictions import MAX_FINDINGS_PER_CHECK, read_predictions
from newsgold.bench.run import Gold, benchmark


def line(doc, mentions) -> str:
    return json.dumps(
        {
            "schema_version": "1.0",
            "document_id": doc.id,
            "text_sha256": doc.text_sha256,
            "annotator": "system",
            "mentions": mentions,
            "clusters": [],
            "events": [],
            "claims": [],
        },
        ensure_ascii=False,
    )


def test_findings_carry_line_numbers_and_unlocatable_strings_count(tmp_path, seed_doc, mention) -> None:
    tokyo = mention("m1", "TOKYO", "GPE")
    path = tmp_path / "p.jsonl"
    path.write_text(
        "\n".join(
            [
                "not json",
                line(
                    seed_doc,
                    [
                        tokyo.to_dict(),
                        {
                            "id": "m2",
                            "text": "Atlantis",
                            "type": "GPE",
                            "kind": "name",
                        },  # nowhere in the text
                        {"id": "m3", "text": "New York", "type": "GPE", "kind": "name"},
                    ],
                ),  # no offsets: located
                json.dumps({"document_id": "unknown-doc"}),
                line(seed_doc, []),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    preds = read_predictions(path, {seed_doc.id: seed_doc})
    by_code = {f.code: f for f in preds.findings}
    assert by_code["prediction-malformed-line"].file == f"{path}:1"
    assert by_code["prediction-span-unlocatable"].file == f"{path}:2"
    assert by_code["prediction-span-located"].file == f"{path}:2"
    assert by_code["prediction-not-scored"].file == f"{path}:3"
    assert by_code["prediction-duplicate-document"].file == f"{path}:4"
    assert any(
        f.code == "schema-violation" and f.file == f"{path}:2" for f in preds.findings
    )  # from validation
    assert preds.unlocatable == 1 and preds.located == 1
    ann = preds.annotations[seed_doc.id]
    assert len(ann.mentions) == 3  # the unlocatable one is kept
    gold = dataclasses.replace(ann, mentions=(tokyo,))
    from newsgold.bench.scorer import Settings, score

    c = score([Case(seed_doc, gold, ann)], Settings(tasks=("entities",))).totals
    strict = scheme_counts(c, "strict")
    assert (strict["COR"], strict["SPU"]) == (1, 2)  # Atlantis and New York are spurious, not dropped


def test_a_document_without_prediction_counts_as_all_missed(tmp_path, seed_doc, mention, annotation) -> None:
    other = dataclasses.replace(seed_doc, id="other-doc")
    tokyo = mention("m1", "TOKYO", "GPE")
    gold = Gold(
        "test",
        tmp_path,
        {seed_doc.id: seed_doc, other.id: other},
        {
            seed_doc.id: annotation(mentions=(tokyo,)),
            other.id: dataclasses.replace(annotation(mentions=(tokyo,)), document_id=other.id),
        },
    )
    path = tmp_path / "p.jsonl"
    path.write_text(line(seed_doc, [tokyo.to_dict()]) + "\n", encoding="utf-8")
    preds = read_predictions(path, gold.documents)
    assert [f.document_id for f in preds.findings if f.code == "prediction-missing-document"] == ["other-doc"]
    report, _ = benchmark(gold, preds, {"kind": "predictions", "name": "p"}, replicates=0)
    assert report["documents"] == 2 and report["documents_without_prediction"] == ["other-doc"]
    assert report["figures"]["entities.strict.micro.recall"] == 0.5
    assert report["figures"]["entities.strict.micro.precision"] == 1.0


def test_a_line_of_thousands_of_bad_mentions_lists_the_first_and_scores_all(
    tmp_path, seed_doc, mention
) -> None:
    tokyo = mention("m1", "TOKYO", "GPE").to_dict()
    copies = [dict(tokyo, id=f"c{k}") for k in range(3000)]  # each a duplicate-mention finding
    path = tmp_path / "p.jsonl"
    path.write_text(line(seed_doc, [tokyo, *copies]) + "\n", encoding="utf-8")
    preds = read_predictions(path, {seed_doc.id: seed_doc})
    listed = [f for f in preds.findings if f.code == "duplicate-mention"]
    assert len(listed) == MAX_FINDINGS_PER_CHECK and listed[0].pointer == "/mentions/1"
    (more,) = [f for f in preds.findings if f.code == "prediction-findings-truncated"]
    assert (
        more.file == f"{path}:1"
        and f"duplicate-mention at /mentions/{MAX_FINDINGS_PER_CHECK + 1}" in more.message
    )
    assert preds.errors == MAX_FINDINGS_PER_CHECK
    assert len(preds.annotations[seed_doc.id].mentions) == 3001  # all scored: one match, 3,000 spurious
