"""``newsgold bench`` and ``newsgold agree`` end to end on the seed document."""

from __future__ import annotations

import json
import re

from newsgold.cli import main
from newsgold.corpus.fingerprint import source_fingerprint
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
    manifest.write_text(json.dumps({"source_fingerprint": source_fingerprint()}), encoding="utf-8")
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
    assert "matches the working tree" in second["release"]
    assert second["source"]["sha256"] == sha256_file(preds)
    assert second["figures"] == report["figures"]
    delta = second["comparison"]["differences"]["entities.strict.micro.f1"]
    assert delta["delta"] == 0.0 and delta["p_value"] == 1.0
    md = (out / "baseline-run.md").read_text(encoding="utf-8")
    assert "Paired comparison" in md and "one-sided" in md and "p (one-sided)" in md
    assert "one-sided paired bootstrap p-value" in capsys.readouterr().out


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


def _bench(*argv: str) -> int:
    return main(["bench", *argv])


def test_unwritable_out_is_a_message_not_a_traceback(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    out = a_file / "x"  # a folder below a file: NotADirectoryError
    assert _bench("--extractor", "baseline", "--bootstrap", "0", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert f"cannot write {out}" in err and "Traceback" not in err


def test_predictions_folder_is_named_a_folder(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    assert _bench("--predictions", str(tmp_path), "--out", str(tmp_path / "r")) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path} is a folder, not a predictions file" in err and "no such file" not in err


def test_compare_with_something_not_a_report_names_the_file(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    out = tmp_path / "r"
    assert _bench("--extractor", "baseline", "--bootstrap", "0", "--out", str(out)) == 0
    good = json.loads((out / "baseline.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    for name, content, what in (
        ("list.json", [], "a JSON list, not an object"),
        ("no-units.json", {k: v for k, v in good.items() if k != "units"}, "no 'units'"),
        ("bad-units.json", {**good, "units": [{"document": 1}]}, "units/0"),
    ):
        path = tmp_path / name
        path.write_text(json.dumps(content), encoding="utf-8")
        code = _bench(
            "--extractor", "baseline", "--bootstrap", "0", "--out", str(out), "--compare", str(path)
        )
        err = capsys.readouterr().err
        assert code == 2, name
        assert f"{path}: not a newsgold benchmark report ({what}" in err, err
        assert "Traceback" not in err


def test_compare_refuses_runs_with_other_settings(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    out = tmp_path / "r"
    assert _bench("--extractor", "baseline", "--bootstrap", "0", "--out", str(out)) == 0
    earlier = tmp_path / "earlier.json"
    earlier.write_bytes((out / "baseline.json").read_bytes())
    capsys.readouterr()
    base = ("--extractor", "baseline", "--bootstrap", "20", "--out", str(out), "--compare", str(earlier))
    assert _bench(*base, "--seed", "7") == 0  # bootstrap replicates and seed may differ
    capsys.readouterr()
    assert _bench(*base, "--trigger-match", "overlap", "--kinds", "name,nominal") == 2
    err = capsys.readouterr().err
    assert "settings.entities.kinds" in err and "settings.events.trigger_match" in err
    assert "settings.claims" not in err
    assert _bench(*base, "--min-iou", "0.5") == 2
    err = capsys.readouterr().err
    assert "settings.entities.min_iou" in err and "settings.claims.min_iou" in err
    doctored = json.loads(earlier.read_text(encoding="utf-8"))
    doctored["gold"]["sha256"] = "0" * 64
    doctored["split"] = "validation"
    earlier.write_text(json.dumps(doctored), encoding="utf-8")
    assert _bench(*base) == 2
    err = capsys.readouterr().err
    assert "gold.sha256" in err and "split" in err


def test_release_manifest_is_recorded_only_when_built_from_the_scored_sources(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    out = tmp_path / "r"
    version = json.loads((corpus_root / "corpus" / "VERSION.json").read_text(encoding="utf-8"))
    manifest = corpus_root / "dist" / f"newsgold-{version['corpus_version']}" / "manifest.json"
    manifest.parent.mkdir(parents=True)

    def run() -> dict:
        assert _bench("--extractor", "baseline", "--bootstrap", "0", "--out", str(out)) == 0
        return json.loads((out / "baseline.json").read_text(encoding="utf-8"))

    manifest.write_text("{}\n", encoding="utf-8")
    report = run()
    assert report["release_manifest_sha256"] is None and report["release"].startswith("release is stale")
    assert "release is stale" in (out / "baseline.md").read_text(encoding="utf-8")

    manifest.write_text(json.dumps({"source_fingerprint": source_fingerprint()}), encoding="utf-8")
    assert run()["release_manifest_sha256"] == sha256_file(manifest)

    # the gold changes after the release was built: the release no longer holds the gold scored
    gold_file = corpus_root / "annotations" / "gold" / f"{seed_doc.id}.json"
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    gold["mentions"] = gold["mentions"][:-1]
    gold["events"][0]["arguments"] = gold["events"][0]["arguments"][:-1]
    gold_file.write_text(json.dumps(gold), encoding="utf-8")
    report = run()
    assert report["release_manifest_sha256"] is None and "release is stale" in report["release"]


def test_one_resampling_unit_gives_no_interval(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    out = tmp_path / "r"
    assert (
        _bench("--extractor", "baseline", "--unit", "document", "--bootstrap", "50", "--out", str(out)) == 0
    )
    printed = capsys.readouterr().out
    report = json.loads((out / "baseline.json").read_text(encoding="utf-8"))
    boot = report["settings"]["bootstrap"]
    assert boot["units"] == 1 and boot["reason"].startswith("1 unit: no interval")
    assert all(iv == {"low": None, "high": None} for iv in report["intervals"].values())
    line = next(ln for ln in printed.splitlines() if ln.startswith("Entities strict micro F1"))
    assert line.rstrip().endswith(" -") and "[" not in line
    assert "1 unit: no interval" in printed and "1 unit: no interval" in (out / "baseline.md").read_text()
    # a paired comparison over one unit has no interval and no p-value either
    assert (
        _bench(
            "--extractor",
            "baseline",
            "--unit",
            "document",
            "--bootstrap",
            "50",
            "--out",
            str(out),
            "--compare",
            str(out / "baseline.json"),
        )
        == 0
    )
    report = json.loads((out / "baseline.json").read_text(encoding="utf-8"))
    d = report["comparison"]["differences"]["entities.strict.micro.f1"]
    assert d["interval"] == {"low": None, "high": None} and d["p_value"] is None
    assert report["comparison"]["reason"].startswith("1 unit: no interval")


def test_baseline_training_is_stated(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    out = tmp_path / "r"
    assert _bench("--extractor", "baseline", "--bootstrap", "0", "--out", str(out)) == 0  # seed: test split
    err = capsys.readouterr().err
    report = json.loads((out / "baseline.json").read_text(encoding="utf-8"))
    assert len(report["notes"]) == 1 and "has no gold: the gazetteer" in report["notes"][0]
    assert "only the value patterns" in (out / "baseline.md").read_text(encoding="utf-8")
    assert "has no gold: the gazetteer" in err

    (corpus_root / "corpus" / "splits.json").write_text(json.dumps({seed_doc.id: "train"}), encoding="utf-8")
    assert _bench("--extractor", "baseline", "--split", "train", "--bootstrap", "0", "--out", str(out)) == 0
    report = json.loads((out / "baseline.json").read_text(encoding="utf-8"))
    assert len(report["notes"]) == 1 and "figures are on training data" in report["notes"][0]
    assert "figures are on training data" in capsys.readouterr().err

    preds = tmp_path / "p.jsonl"
    preds.write_text("", encoding="utf-8")  # a predictions file says nothing of training
    assert _bench("--predictions", str(preds), "--split", "train", "--bootstrap", "0", "--out", str(out)) == 0
    assert json.loads((out / "p.json").read_text(encoding="utf-8"))["notes"] == []


def test_agree_validates_both_folders_and_refuses_with_findings(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    gold = write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    a, b = tmp_path / "a", tmp_path / "b"
    write_annotation(a / f"{seed_doc.id}.json", gold)
    broken = gold.to_dict()
    broken["mentions"][0]["end"] += 1  # the span's text no longer matches the document
    (b / f"{seed_doc.id}.json").parent.mkdir(parents=True)
    (b / f"{seed_doc.id}.json").write_text(json.dumps(broken), encoding="utf-8")
    assert main(["agree", str(a), str(b), "--format", "json"]) == 1
    out = capsys.readouterr()
    assert out.out == ""  # no figures from a subset of the files
    assert f"{b / seed_doc.id}.json" in out.err and "span-text-mismatch" in out.err
    assert "no agreement computed" in out.err

    (b / f"{seed_doc.id}.json").write_text("{not json", encoding="utf-8")
    (a / "no-such-doc.json").write_text(json.dumps(gold.to_dict()), encoding="utf-8")
    assert main(["agree", str(a), str(b)]) == 1
    err = capsys.readouterr().err
    assert "malformed-json" in err and f"{a / 'no-such-doc.json'}" in err and "unpaired-annotation" in err
    assert "Traceback" not in err


def test_tasks_scored_are_the_ones_asked_for_or_predicted(
    corpus_root, tmp_path, seed_doc, span_of, mention, annotation, capsys
) -> None:
    gold = write_gold(corpus_root, seed_doc, span_of, mention, annotation)
    out = tmp_path / "reports"
    common = ["--out", str(out), "--bootstrap", "20"]
    assert main(["bench", "--extractor", "baseline", "--tasks", "claims,entities", *common]) == 0
    printed = capsys.readouterr()
    report = json.loads((out / "baseline.json").read_text(encoding="utf-8"))
    assert report["tasks"] == {"scored": ["entities", "claims"], "reason": "as requested"}
    assert {name.split(".")[0] for name in report["figures"]} == {"entities", "claims"}
    assert "Claim detection F1" in printed.out and "Trigger" not in printed.out
    assert "scored 1 document(s), entities, claims: Entities strict micro F1" in printed.err

    minimal = tmp_path / "names.jsonl"
    line = {
        "document_id": seed_doc.id,
        "mentions": [{"start": m.start, "end": m.end, "type": m.type} for m in gold.mentions],
    }
    minimal.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["bench", "--predictions", str(minimal), *common]) == 0  # a clean minimal file: exit 0
    printed = capsys.readouterr()
    assert "tasks scored: entities (default" in printed.out
    rows = [r for r in printed.out.splitlines() if re.match(r"^\S.*\s+(\d+\.\d|-)\s+(\[|-)", r)]
    assert rows and all(r.startswith("Entities ") for r in rows)  # no row of 0.0 for events or claims
    assert "100.0" in next(r for r in rows if r.startswith("Entities strict micro F1"))

    assert main(["bench", "--predictions", str(minimal), "--tasks", "entities,relations", *common]) == 2
    assert "--tasks entities,relations: unknown task(s) 'relations'" in capsys.readouterr().err
