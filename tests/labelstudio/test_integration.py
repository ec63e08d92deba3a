"""The round trip against a real Label Studio server on 127.0.0.1 (see conftest.ls_server)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from checkout import SEED_ID as SEED
from newsgold.cli import main
from newsgold.corpus.version import read_version
from newsgold.io import read_annotation, read_document, read_json
from newsgold.labelstudio.client import connect, pull, resolve_project
from newsgold.labelstudio.config import CARRIES, CLUSTER_OPTIONS, LAYOUTS, generate
from newsgold.labelstudio.importer import annotations_by_annotator, model_name
from newsgold.labelstudio.mapping import to_results
from newsgold.labelstudio.tasks import carried

pytestmark = pytest.mark.labelstudio

FIXTURES = Path(__file__).parent / "fixtures"
CHECKOUT = Path(__file__).resolve().parents[2]
GOLD = CHECKOUT / "annotations" / "gold" / f"{SEED}.json"


@pytest.fixture
def env(root, ls_server, monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_URL", ls_server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", ls_server.token)
    return root


def _gold_source() -> Path:
    """The seed's gold when it exists, else a constructed annotation of every layer (never a skip)."""
    return GOLD if GOLD.is_file() else FIXTURES / "seed_constructed.json"


def _run(capsys, *argv: str, token: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    assert token not in out.out + out.err, "the API token must never be printed"
    return code, out.out + out.err


def _gold_in(root: Path) -> Path:
    gold_path = root / "annotations" / "gold" / f"{SEED}.json"
    gold_path.parent.mkdir(parents=True)
    shutil.copy(_gold_source(), gold_path)
    return gold_path


def _annotator(client, name: str):
    """A Label Studio account of its own for one test (the server lives for the whole session)."""
    return client.users.create(username=name, email=f"{name}@newsgold.test")


def _folders(root: Path) -> list[str]:
    base = root / "annotations" / "annotators"
    return sorted(p.name for p in base.iterdir()) if base.exists() else []


def test_gold_goes_out_as_a_prediction_and_is_nobodys_annotation(env, ls_server, capsys, tmp_path):
    root = env
    gold_path = _gold_in(root)
    gold = read_annotation(gold_path)
    version = f"gold-{read_version(root).corpus_version}"
    tasks, export = tmp_path / "tasks.json", tmp_path / "export.json"
    t, title = ls_server.token, "newsgold gold round trip"
    assert _run(capsys, "ls", "tasks", SEED, "--gold", "-o", str(tasks), token=t)[0] == 0
    code, out = _run(capsys, "ls", "push", str(tasks), "--project", title, token=t)
    assert code == 0, out
    assert "1 task(s) imported" in out and "1 prediction(s) added" in out
    # pushing again keeps the task (and any annotators' work) and adds no second gold
    code, out = _run(capsys, "ls", "push", str(tasks), "--project", title, token=t)
    assert code == 0 and "0 task(s) imported, 1 already there, 0 prediction(s) added" in out
    assert _run(capsys, "ls", "pull", "--project", title, "-o", str(export), token=t)[0] == 0
    (task,) = read_json(export)
    assert task["annotations"] == []
    assert [p["model_version"] for p in task["predictions"]] == [version]

    # the gold comes back as the prediction it went out as, and yields no annotator folder
    predictions = tmp_path / "predictions"
    code, out = _run(capsys, "ls", "import", str(export), "--predictions-out", str(predictions), token=t)
    assert code == 0, out
    assert _folders(root) == [] and "Label Studio account" not in out
    (back,) = predictions.glob(f"*/{SEED}.json")
    assert back.parent.name == model_name(version)
    assert read_annotation(back).to_dict() == {**gold.to_dict(), "annotator": back.parent.name}

    # an annotator accepts the prediction: the annotation is theirs, named after their account
    client = connect()
    user = _annotator(client, "gold-reviewer")
    (pred,) = task["predictions"]
    client.annotations.create(
        task["id"], result=pred["result"], completed_by=user.id, parent_prediction=pred["id"]
    )
    assert _run(capsys, "ls", "pull", "--project", title, "-o", str(export), token=t)[0] == 0
    code, out = _run(capsys, "ls", "import", str(export), token=t)
    assert code == 0, out
    assert _folders(root) == ["gold-reviewer"]
    folder = root / "annotations" / "annotators" / "gold-reviewer"
    assert f"Label Studio account {user.id} <gold-reviewer@newsgold.test> -> annotator folder {folder}" in out
    back = read_annotation(folder / f"{SEED}.json")
    assert replace(back, annotator=gold.annotator) == gold
    assert read_annotation(gold_path) == gold  # the gold itself is untouched


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_server_accepts_each_layout_with_its_tasks(env, ls_server, capsys, tmp_path, layout):
    root = env
    _gold_in(root)
    tasks = tmp_path / "tasks.json"
    t, title = ls_server.token, f"newsgold layout {layout}"
    assert _run(capsys, "ls", "tasks", "--gold", "--layout", layout, "-o", str(tasks), token=t)[0] == 0
    code, out = _run(capsys, "ls", "push", str(tasks), "--project", title, token=t)
    assert code == 0, out
    assert f"layout {layout}): 2 task(s) imported" in out
    client = connect()
    project = resolve_project(client, title)
    assert client.projects.get(project).label_config.strip() == generate(layout=layout).strip()
    for task in client.tasks.list(project=project):
        assert task.data["layout"] == layout and isinstance(task.data[CLUSTER_OPTIONS], list)
    # tasks of another layout's layers are refused before the project changes
    other = "entities" if layout != "entities" else "events"
    code, out = _run(capsys, "ls", "push", str(tasks), "--project", title, "--layout", other, token=t)
    assert code == 2 and "carries other layers" in out
    assert _run(capsys, "ls", "tasks", "--layout", other, "-o", str(tasks), token=t)[0] == 0
    code, out = _run(capsys, "ls", "push", str(tasks), "--project", title, token=t)
    assert code == 1 and "carries other layers" in out
    assert client.projects.get(project).label_config.strip() == generate(layout=layout).strip()


def _changed(ann, layout):
    """``ann`` as an annotator edits it in a project of ``layout``: one change in that layer."""
    if layout == "entities":
        used = {x for c in ann.clusters for x in c.mentions}
        used |= {a.mention for e in ann.events for a in e.arguments if a.mention}
        used |= {c.claimer for c in ann.claims if c.claimer}
        drop = next(m.id for m in reversed(ann.mentions) if m.id not in used)
        return replace(ann, mentions=tuple(m for m in ann.mentions if m.id != drop))
    if layout == "events":
        first = ann.events[0]
        realis = next(r for r in ("actual", "planned") if r != first.realis)
        return replace(ann, events=(replace(first, realis=realis), *ann.events[1:]))
    first = ann.claims[0]
    stance = next(s for s in ("affirm", "deny") if s != first.stance)
    return replace(ann, claims=(replace(first, stance=stance), *ann.claims[1:]))


@pytest.mark.parametrize("layout", ["entities", "events", "claims"])
def test_an_annotation_made_in_a_layer_project_imports_back_to_that_layer(
    env, ls_server, capsys, tmp_path, layout
):
    root = env
    gold = read_annotation(_gold_in(root))
    tasks, export = tmp_path / "tasks.json", tmp_path / "export.json"
    t, title = ls_server.token, f"newsgold {layout} pass"
    assert _run(capsys, "ls", "tasks", SEED, "--gold", "--layout", layout, "-o", str(tasks), token=t)[0] == 0
    assert _run(capsys, "ls", "push", str(tasks), "--project", title, token=t)[0] == 0
    assert _run(capsys, "ls", "pull", "--project", title, "-o", str(export), token=t)[0] == 0
    (task,) = read_json(export)
    (pred,) = task["predictions"]
    assert pred["result"] == read_json(tasks)[0]["predictions"][0]["result"]

    layers = CARRIES[layout]
    edited = _changed(gold, layout)
    client = connect()
    user = _annotator(client, f"{layout}-annotator")
    client.annotations.create(
        task["id"], result=to_results(edited, layers), completed_by=user.id, parent_prediction=pred["id"]
    )
    assert _run(capsys, "ls", "pull", "--project", title, "-o", str(export), token=t)[0] == 0
    back, findings = annotations_by_annotator(export, root)
    assert [f for f in findings if f.severity == "error"] == []
    got = back[f"{layout}-annotator"][SEED]
    assert got == replace(carried(edited, layers), annotator=f"{layout}-annotator")
    assert got != replace(carried(gold, layers), annotator=got.annotator)  # the edit came back

    code, out = _run(capsys, "ls", "import", str(export), token=t)
    assert code == 0, out
    assert _folders(root) == [f"{layout}-annotator"]  # the annotator only: the gold is a prediction
    written = read_annotation(root / "annotations" / "annotators" / f"{layout}-annotator" / f"{SEED}.json")
    assert written == got


def test_extractor_predictions_come_back_in_full(env, ls_server, capsys, tmp_path):
    from newsgold.bench.extractors import load_extractor
    from newsgold.corpus import iter_corpus

    root = env
    t = ls_server.token
    tasks, export = tmp_path / "tasks.json", tmp_path / "export.json"
    code, out = _run(
        capsys, "ls", "tasks", SEED, "--extractor", "baseline", "--score", "0.5", "-o", str(tasks), token=t
    )
    assert code == 0, out
    pushed = read_json(tasks)[0]["predictions"][0]
    assert pushed["result"] and pushed["score"] == 0.5
    assert _run(capsys, "ls", "push", str(tasks), "--project", "newsgold predictions", token=t)[0] == 0
    assert _run(capsys, "ls", "pull", "--project", "newsgold predictions", "-o", str(export), token=t)[0] == 0
    (task,) = read_json(export)
    (pred,) = task["predictions"]
    assert isinstance(pred, dict), "predictions must come back in full, not as ids"
    assert pred["model_version"] == pushed["model_version"] and pred["score"] == pushed["score"]
    assert pred["result"] == pushed["result"]
    pred_dir = tmp_path / "predictions"
    code, out = _run(capsys, "ls", "import", str(export), "--predictions-out", str(pred_dir), token=t)
    assert code == 0, out
    extractor = load_extractor("baseline", list(iter_corpus(root)))
    want = extractor(read_document(root / "corpus" / "documents" / f"{SEED}.json"))
    (path,) = pred_dir.glob(f"*/{SEED}.json")
    got = read_annotation(path)
    assert got.to_dict() == {**want.to_dict(), "annotator": got.annotator}


def test_label_studio_checks_nothing_and_the_import_does(env, ls_server, capsys, tmp_path):
    """What the server accepts silently (a wrong span, a dangling relation) the import reports."""
    t = ls_server.token
    client = connect()
    doc = read_document(env / "corpus" / "documents" / "emoji-sample.json")
    ann = read_annotation(FIXTURES / "emoji_annotation.json")
    results = to_results(ann)
    results[0]["value"]["start"] += 1  # offsets as UTF-16 units would shift after the emoji
    results.append(
        {"from_id": "e1", "to_id": "m404", "type": "relation", "direction": "right", "labels": ["Place"]}
    )
    project = client.projects.create(
        title="newsgold unchecked",
        label_config=open(CHECKOUT / "schema" / "labelstudio.xml", encoding="utf-8").read(),
    )
    client.projects.import_tasks(
        project.id,
        request=[
            {
                "data": {
                    "text": doc.text,
                    "document_id": doc.id,
                    "text_sha256": doc.text_sha256,
                    CLUSTER_OPTIONS: [],
                },
                "annotations": [{"result": results}],
            }
        ],
    )
    export = tmp_path / "export.json"
    export.write_text(json.dumps(pull(client, project.id)), encoding="utf-8")
    code, out = _run(capsys, "ls", "import", str(export), token=t)
    assert code == 1
    assert "ls-utf16-offsets" in out or "ls-span-text-mismatch" in out
    assert "ls-dangling-relation" in out
    assert not (env / "annotations" / "annotators").exists()


def test_credentials_missing_is_a_clear_error(root, monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    assert main(["ls", "pull", "--project", "x", "-o", str(tmp_path / "e.json")]) == 1
    err = capsys.readouterr().err
    assert "LABEL_STUDIO_URL" in err and "LABEL_STUDIO_API_KEY" in err


def _second_version(a):
    """B: A without two unreferenced mentions and its last claim, one more mention with another type."""
    used = {x for c in a.clusters for x in c.mentions}
    used |= {arg.mention for e in a.events for arg in e.arguments if arg.mention}
    used |= {c.claimer for c in a.claims if c.claimer}
    free = [m for m in a.mentions if m.id not in used]
    assert len(free) >= 3 and a.claims, "the annotation must have 3 unreferenced mentions and a claim"
    drop = {free[0].id, free[1].id}
    retype = free[2]
    types = [t for t in ("ORG", "GPE", "PERSON") if t != retype.type]
    new_type = types[0]
    mentions = tuple(
        replace(m, type=new_type, normalized=None) if m.id == retype.id else m
        for m in a.mentions
        if m.id not in drop
    )
    return replace(a, annotator="second", mentions=mentions, claims=a.claims[:-1])


def test_second_annotator_agreement(env, ls_server, capsys, tmp_path):
    t = ls_server.token
    a = replace(read_annotation(_gold_source()), annotator="first")
    b = _second_version(a)
    doc = read_document(env / "corpus" / "documents" / f"{SEED}.json")
    from newsgold.labelstudio.tasks import document_task

    client = connect()
    project = client.projects.create(
        title="newsgold agreement",
        label_config=open(CHECKOUT / "schema" / "labelstudio.xml", encoding="utf-8").read(),
    )
    client.projects.import_tasks(project.id, request=[document_task(doc, [a])])
    (task,) = list(client.tasks.list(project=project.id))
    user = client.users.create(username="second", email="second@newsgold.test")
    client.annotations.create(task.id, result=to_results(b), completed_by=user.id)
    export = tmp_path / "export.json"
    code, out = _run(capsys, "ls", "pull", "--project", str(project.id), "-o", str(export), token=t)
    assert code == 0, out
    (task_data,) = read_json(export)
    assert sorted(x["completed_by"]["email"] for x in task_data["annotations"]) == sorted(
        [ls_server.username, "second@newsgold.test"]
    )

    code, out = _run(
        capsys,
        "agree",
        ls_server.username,
        "second@newsgold.test",
        "--label-studio",
        str(export),
        "--format",
        "json",
        token=t,
    )
    assert code == 0, out
    report = json.loads(out[: out.rindex("}") + 1])
    figures = report["figures"]
    n, k, c = len(a.mentions), 2, len(a.claims)
    # strict mentions: B has n - k, of which all but the retyped one match A exactly
    assert figures["mentions.strict.f1"] == pytest.approx(2 * (n - k - 1) / (n + (n - k)))
    assert figures["claims.detection_exact.f1"] == pytest.approx(2 * (c - 1) / (c + (c - 1)))
    assert figures["events.trigger_cls.f1"] == pytest.approx(1.0)
    assert figures["events.argument_cls.keyed.f1"] == pytest.approx(1.0)

    # the same figures from the annotation files the import writes
    assert _run(capsys, "ls", "import", str(export), token=t)[0] == 0
    folders = env / "annotations" / "annotators"
    first_dir = folders / ls_server.username.split("@")[0]
    code, out2 = _run(capsys, "agree", str(first_dir), str(folders / "second"), "--format", "json", token=t)
    assert code == 0, out2
    assert json.loads(out2[: out2.rindex("}") + 1])["figures"] == figures


def test_server_accepts_the_generated_config_and_refuses_a_broken_one(env, ls_server):
    from newsgold.labelstudio.client import ClientError, _call
    from newsgold.labelstudio.config import generate

    client = connect()
    project = _call(
        "creating", client.projects.create, title="newsgold config check", label_config=generate()
    )
    assert "entity" in client.projects.get(project.id).label_config
    broken = generate().replace('<Labels name="event" toName="text"', '<Labels name="event" toName="nowhere"')
    with pytest.raises(ClientError, match="HTTP 400"):
        _call("creating", client.projects.create, title="newsgold broken config", label_config=broken)


def test_push_gives_a_task_made_before_the_cluster_options_the_keys_it_lacks(
    env, ls_server, capsys, tmp_path
):
    """A project made with an earlier config: its task keeps its text and annotations and gains the
    data keys the current config needs, never a changed value."""
    root = env
    _gold_in(root)
    doc = read_document(root / "corpus" / "documents" / f"{SEED}.json")
    client = connect()
    title = "newsgold earlier project"
    project = client.projects.create(
        title=title, label_config='<View><Text name="text" value="$text"/></View>'
    )
    old = {"text": doc.text, "document_id": doc.id, "text_sha256": doc.text_sha256, "title": "kept as it is"}
    client.projects.import_tasks(project.id, request=[{"data": old}])
    tasks = tmp_path / "tasks.json"
    t = ls_server.token
    assert _run(capsys, "ls", "tasks", SEED, "--gold", "-o", str(tasks), token=t)[0] == 0
    code, out = _run(capsys, "ls", "push", str(tasks), "--project", title, token=t)
    assert code == 0, out
    assert "0 task(s) imported, 1 already there, 1 given new data keys, 1 prediction(s) added" in out
    (task,) = client.tasks.list(project=project.id)
    want = read_json(tasks)[0]["data"]
    assert task.data == {**old, "layout": "all", CLUSTER_OPTIONS: want[CLUSTER_OPTIONS]}
    assert _run(capsys, "ls", "push", str(tasks), "--project", title, token=t)[1].count("given new data") == 0
