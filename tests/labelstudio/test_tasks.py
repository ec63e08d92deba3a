import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from checkout import SEED_ID as SEED
from newsgold.cli import main
from newsgold.io import read_annotation, read_document, write_annotation
from newsgold.labelstudio.mapping import to_results
from newsgold.labelstudio.tasks import Prediction, TaskError, document_task

FIXTURES = Path(__file__).parent / "fixtures"


def test_task_carries_document_id_hash_annotations_and_predictions(root):
    doc = read_document(root / "corpus" / "documents" / f"{SEED}.json")
    ann = read_annotation(FIXTURES / "seed_constructed.json")
    task = document_task(doc, [ann], [Prediction(ann, "m-1", 0.25)])
    assert task["data"] == {
        "text": doc.text,
        "document_id": doc.id,
        "text_sha256": doc.text_sha256,
        "title": doc.metadata.title,
    }
    assert task["annotations"] == [{"result": to_results(ann), "ground_truth": False}]
    assert task["predictions"] == [{"model_version": "m-1", "result": to_results(ann), "score": 0.25}]


def test_annotation_of_another_text_is_refused(root):
    doc = read_document(root / "corpus" / "documents" / f"{SEED}.json")
    ann = replace(read_annotation(FIXTURES / "seed_constructed.json"), text_sha256="0" * 64)
    with pytest.raises(TaskError, match="pinned to text"):
        document_task(doc, [ann])


def test_tasks_command(root, tmp_path, capsys):
    gold = root / "annotations" / "gold" / f"{SEED}.json"
    gold.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "seed_constructed.json", gold)
    preds = tmp_path / "preds"
    write_annotation(preds / f"{SEED}.json", replace(read_annotation(gold), annotator="my-model"))
    out = tmp_path / "tasks.json"
    assert main(["ls", "tasks", "--gold", "--predictions", str(preds), "--score", "0.5", "-o", str(out)]) == 0
    tasks = {t["data"]["document_id"]: t for t in json.loads(out.read_text(encoding="utf-8"))}
    assert set(tasks) == {SEED, "emoji-sample"}
    assert len(tasks[SEED]["annotations"]) == 1 and "annotations" not in tasks["emoji-sample"]
    assert tasks[SEED]["predictions"][0]["model_version"] == "my-model"
    assert "2 task(s), 1 annotation(s), 1 prediction(s)" in capsys.readouterr().err
    assert main(["ls", "tasks", "no-such-doc"]) == 2


def test_tasks_command_refuses_stale_annotation(root, capsys):
    gold = root / "annotations" / "gold" / f"{SEED}.json"
    write_annotation(gold, replace(read_annotation(FIXTURES / "seed_constructed.json"), text_sha256="0" * 64))
    assert main(["ls", "tasks", SEED, "--gold"]) == 1
    assert "pinned to text" in capsys.readouterr().err


def test_tasks_command_validates_predictions_and_writes_nothing_on_errors(root, tmp_path, capsys):
    preds = tmp_path / "preds"
    preds.mkdir()
    out = tmp_path / "tasks.json"
    bad = preds / f"{SEED}.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["ls", "tasks", "--predictions", str(preds), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "malformed-json" in err and "nothing written" in err
    assert "Traceback" not in err and not out.exists()

    data = read_annotation(FIXTURES / "seed_constructed.json").to_dict()
    data["mentions"][0]["end"] += 1  # text no longer matches the document there
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["ls", "tasks", "--predictions", str(preds), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "span-text-mismatch" in err and not out.exists()


def test_tasks_command_unwritable_output_is_a_message(root, tmp_path, capsys):
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    assert main(["ls", "tasks", SEED, "-o", str(a_file / "tasks.json")]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {a_file / 'tasks.json'}" in err and "Traceback" not in err


def test_tasks_command_annotator_without_files_warns(root, tmp_path, capsys):
    write_annotation(
        root / "annotations" / "annotators" / "alice" / f"{SEED}.json",
        replace(read_annotation(FIXTURES / "seed_constructed.json"), annotator="alice"),
    )
    out = tmp_path / "tasks.json"
    assert main(["ls", "tasks", SEED, "--annotator", "alice", "--annotator", "bob", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "annotator 'bob' has no file" in err and not out.exists()
    assert main(["ls", "tasks", SEED, "--annotator", "alice", "-o", str(out)]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))[0]["annotations"]) == 1
