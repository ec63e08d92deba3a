import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from checkout import SEED_ID as SEED
from newsgold.cli import main
from newsgold.corpus.version import read_version
from newsgold.io import read_annotation, read_document, write_annotation
from newsgold.labelstudio.mapping import from_results, to_results
from newsgold.labelstudio.tasks import Prediction, TaskError, cluster_options, document_task
from newsgold.model import Cluster

FIXTURES = Path(__file__).parent / "fixtures"


def test_task_carries_document_id_hash_annotations_and_predictions(root):
    doc = read_document(root / "corpus" / "documents" / f"{SEED}.json")
    ann = read_annotation(FIXTURES / "seed_constructed.json")
    task = document_task(doc, [ann], [Prediction(ann, "m-1", 0.25)], new_clusters=2)
    assert task["data"] == {
        "text": doc.text,
        "document_id": doc.id,
        "text_sha256": doc.text_sha256,
        "title": doc.metadata.title,
        "layout": "all",
        "cluster_options": cluster_options([ann], 2),
    }
    assert task["annotations"] == [{"result": to_results(ann), "ground_truth": False}]
    assert task["predictions"] == [{"model_version": "m-1", "result": to_results(ann), "score": 0.25}]


def test_cluster_options_are_the_task_clusters_then_new_ids(root):
    ann = read_annotation(FIXTURES / "seed_constructed.json")
    other = replace(ann, clusters=(Cluster("c12", "GPE", "Tokyo $ Co", (ann.mentions[0].id,)),))
    options = cluster_options([other, ann], new=3)
    ids = [c.id for c in ann.clusters]
    assert [o["alias"] for o in options] == sorted(ids + ["c12"], key=lambda x: int(x[1:])) + [
        "c13",
        "c14",
        "c15",
    ]
    first = ann.clusters[0]
    assert {"value": f"{first.id} | {first.type} | {first.name}", "alias": first.id} in options
    assert {"value": "c12 | GPE | Tokyo \uff04 Co", "alias": "c12"} in options  # "$" would be a variable
    assert {"value": "c13 | new", "alias": "c13"} in options
    assert [o["alias"] for o in cluster_options([], new=2)] == ["c1", "c2"]


@pytest.mark.parametrize(
    ("layout", "layers"),
    [("entities", {"entity"}), ("events", {"entity", "event"}), ("claims", {"entity", "event", "claim"})],
)
def test_a_layer_task_carries_that_layer_and_the_ones_it_refers_to(root, layout, layers):
    doc = read_document(root / "corpus" / "documents" / f"{SEED}.json")
    ann = read_annotation(FIXTURES / "seed_constructed.json")
    task = document_task(doc, predictions=[Prediction(ann, "gold-2.0.0")], layout=layout)
    assert task["data"]["layout"] == layout
    (pred,) = task["predictions"]
    regions = {r["from_name"] for r in pred["result"] if r["type"] == "labels"}
    assert regions - {"argument"} == layers
    back, findings = from_results(
        pred["result"], doc.text, document_id=doc.id, text_sha256=doc.text_sha256, annotator="x"
    )
    assert findings == []
    assert back == replace(
        ann,
        annotator="x",
        events=ann.events if "event" in layers else (),
        claims=ann.claims if "claim" in layers else (),
    )
    with pytest.raises(ValueError, match="unknown layout"):
        document_task(doc, layout="sideways")


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
    # the gold is a prediction named after the corpus version, never an annotation (nobody's work)
    assert "annotations" not in tasks[SEED] and "annotations" not in tasks["emoji-sample"]
    version = read_version(root).corpus_version
    assert [p["model_version"] for p in tasks[SEED]["predictions"]] == [f"gold-{version}", "my-model"]
    assert tasks[SEED]["predictions"][0]["result"] == to_results(read_annotation(gold))
    assert "predictions" not in tasks["emoji-sample"]
    assert "2 task(s) for layout all, 0 annotation(s), 2 prediction(s)" in capsys.readouterr().err
    assert main(["ls", "tasks", "no-such-doc"]) == 2


def test_gold_without_a_corpus_version_is_plain_gold(root, tmp_path):
    gold = root / "annotations" / "gold" / f"{SEED}.json"
    gold.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "seed_constructed.json", gold)
    (root / "corpus" / "VERSION.json").unlink()
    out = tmp_path / "tasks.json"
    assert main(["ls", "tasks", SEED, "--gold", "--layout", "events", "-o", str(out)]) == 0
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    assert [p["model_version"] for p in task["predictions"]] == ["gold"]
    assert task["data"]["layout"] == "events"
    assert not any(r.get("from_name") == "claim" for r in task["predictions"][0]["result"])


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
