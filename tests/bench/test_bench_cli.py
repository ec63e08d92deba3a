"""``newsgold bench`` and ``newsgold agree`` end to end on the seed document."""

from __future__ import annotations

import json

from newsgold.cli import main
from newsgold.io import sha256_file, write_annotation
from newsgold.model import Argument, Claim, Event


def write_gold(root, seed_doc, span_of, mention, annotation):
    mentions = (
        mention("m1", "TOKYO — Japan", "GPE", inner="Japan"),
        mention("m2", "meet on Sept. 26 on", "DATE", inner="Sept. 26"),
        mention("m3", "said Thursday", "DATE", inner="Thursday"),
        mention("m4", "New York", "GPE"),
    )
    gold = annotation(
        mentions=mentions,
        events=(
            Event(
                "e1",
                "Contact:Meet",
                span_of("ministers to meet on", inner="meet"),
                "planned",
                (Argument("Entity", "m1"), Argument("Time", "m2"), Argument("Place", "m4")),
            ),
        ),
        claims=(
            Claim(
                "c1",
                span_of(
                    "Japan and South Korea are making arrangements for their foreign ministers to "
                    "meet on Sept. 26 on the margins of the U.N. General Assembly in New York"
                ),
                span_of("officials said Thursday", inner="said"),
                None,
                "unattributed",
                "indirect",
                "affirm",
            ),
        ),
    )
    write_annotation(root / "annotations" / "gold" / f"{seed_doc.id}.json", gold)
    return gold


def test_bench_baseline_end_to_end(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    out = tmp_path / "reports"
    assert (
        main(["bench", "--extractor", "baseline", "--out", str(out), "--bootstrap", "50", "--seed", "3"]) == 0
    )
    printed = capsys.readouterr()
    assert "Entities strict micro F1" in printed.out and "95% interval" in printed.out
    report = json.loads((out / "baseline.json").read_text(encoding="utf-8"))
    md = (out / "baseline.md").read_text(encoding="utf-8")
    assert report["corpus_version"] and report["scorer_version"] and report["release_manifest_sha256"] is None
    assert report["release"] == "unreleased working tree" and "unreleased working tree" in md
    assert report["settings"]["bootstrap"] == {
        **report["settings"]["bootstrap"],
        "replicates": 50,
        "seed": 3,
        "unit": "paragraph",
    }
    assert "paragraphs resampled" in md and "mention kinds scored: name" in md
    assert report["settings"]["entities"]["kinds"] == ["name"]
    assert report["source"] == {
        "kind": "extractor",
        "name": "baseline",
        "spec": "baseline",
        "version": "1.0.0",
    }
    assert report["figures"]["entities.strict.micro.recall"] > 0  # the patterns find the dates
    for name, value in report["figures"].items():
        iv = report["intervals"][name]
        if value is None:  # undefined (an accuracy over no matched items): no interval either
            assert iv["low"] is None, name
            continue
        assert iv["low"] <= value + 1e-9 and value <= iv["high"] + 1e-9, name

    # the same run as a predictions file, compared with the first report
    from newsgold.bench.baselines import Baseline
    from newsgold.bench.predictions import write_predictions

    preds = tmp_path / "baseline-run.jsonl"
    write_predictions(preds, [Baseline()(seed_doc)])
    manifest = corpus_root / "dist" / f"newsgold-{report['corpus_version']}" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text("{}\n", encoding="utf-8")
    assert (
        main(
            [
                "bench",
                "--predictions",
                str(preds),
                "--out",
                str(out),
                "--bootstrap",
                "50",
                "--compare",
                str(out / "baseline.json"),
            ]
        )
        == 0
    )
    second = json.loads((out / "baseline-run.json").read_text(encoding="utf-8"))
    assert second["release_manifest_sha256"] == sha256_file(manifest)
    assert second["source"]["sha256"] == sha256_file(preds)
    assert second["figures"] == report["figures"]
    delta = second["comparison"]["differences"]["entities.strict.micro.f1"]
    assert delta["delta"] == 0.0 and delta["p_value"] == 1.0
    assert "Paired comparison" in (out / "baseline-run.md").read_text(encoding="utf-8")


def test_bench_usage_and_data_errors(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    assert main(["bench", "--extractor", "baseline", "--out", str(tmp_path)]) == 1  # no gold yet
    write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    assert main(["bench", "--extractor", "nope", "--out", str(tmp_path)]) == 2
    assert main(["bench", "--predictions", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path)]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert main(["bench", "--predictions", str(bad), "--out", str(tmp_path), "--bootstrap", "0"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:1" in err and "prediction-malformed-line" in err


def test_agree_command(corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys) -> None:
    gold = write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    a, b = tmp_path / "a", tmp_path / "b"
    write_annotation(a / f"{seed_doc.id}.json", gold)
    write_annotation(b / f"{seed_doc.id}.json", gold)
    assert main(["agree", str(a), str(b), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["figures"]["mentions.strict.f1"] == 1.0
    assert main(["agree", str(a), str(b), "--format", "markdown"]) == 0
    assert "| Clusters MUC F1 |" in capsys.readouterr().out
    assert main(["agree", str(a), str(tmp_path / "nope")]) == 2
