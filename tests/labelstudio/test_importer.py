import json
from pathlib import Path

import pytest

from checkout import SEED_ID as SEED
from newsgold.cli import main
from newsgold.findings import CODES
from newsgold.io import read_annotation
from newsgold.labelstudio.importer import ImportRefused, annotator_name, import_export

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = sorted(FIXTURES.glob("broken_*.json"))


# The constructed seed leaves one claim (cl3) without a cue, so that the mapping of a null cue is
# covered; the validator warns about it (claim-without-cue, guidelines 4.2).
NO_CUE = ["claim-without-cue"]


def test_recorded_export_imports_identically(root):
    report = import_export(FIXTURES / "export_seed.json", root=root)
    assert [f.code for f in report.findings] == NO_CUE
    (path,) = report.written
    assert path.parent.parent == root / "annotations" / "annotators"
    want = read_annotation(FIXTURES / "seed_constructed.json")
    got = read_annotation(path)
    assert got.annotator == path.parent.name
    assert got.to_dict() == {**want.to_dict(), "annotator": got.annotator}


def test_recorded_predictions_import_in_full(root, tmp_path):
    report = import_export(FIXTURES / "export_seed.json", root=root, predictions_out=tmp_path / "pred")
    assert report.errors == 0
    got = read_annotation(tmp_path / "pred" / "fixture-model-1" / f"{SEED}.json")
    want = read_annotation(FIXTURES / "seed_constructed.json")
    assert got.to_dict() == {**want.to_dict(), "annotator": "fixture-model-1"}


def test_emoji_before_spans_imports_identically(root):
    data = json.loads((FIXTURES / "export_emoji.json").read_text(encoding="utf-8"))
    text = data[0]["data"]["text"]
    first = min(
        r["value"]["start"] for r in data[0]["annotations"][0]["result"] if "start" in r.get("value", {})
    )
    assert any(ord(ch) > 0xFFFF for ch in text[:first])  # an emoji precedes every annotated span
    report = import_export(FIXTURES / "export_emoji.json", root=root)
    assert report.findings == []
    want = read_annotation(FIXTURES / "emoji_annotation.json")
    got = read_annotation(report.written[0])
    assert got.to_dict() == {**want.to_dict(), "annotator": got.annotator}


def test_utf16_offsets_are_diagnosed_not_converted(root):
    report = import_export(FIXTURES / "export_utf16_offsets.json", root=root)
    assert report.written == []
    codes = {f.code for f in report.findings}
    assert "ls-utf16-offsets" in codes
    utf16 = [f for f in report.findings if f.code == "ls-utf16-offsets"]
    assert all("UTF-16" in f.message and f.pointer and f.annotation_id for f in utf16)
    assert not (root / "annotations").exists()


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_each_broken_export_gives_its_finding(root, path):
    code = path.stem.removeprefix("broken_")
    assert code in CODES
    report = import_export(path, root=root)
    assert code in {f.code for f in report.findings}, [f.format() for f in report.findings]
    assert report.errors and report.written == []
    assert all(f.file == str(path) for f in report.findings)


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_export_via_command_exits_1_without_traceback(root, path, capsys):
    assert main(["ls", "import", str(path), "--format", "json"]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    codes = {f["code"] for f in json.loads(out.out)}
    assert path.stem.removeprefix("broken_") in codes


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"{}",
        b"[1, 2]",
        b'[{"data": {}}]',
        b'[{"data": {"document_id": "nope"}}]',
        b'[{"data": {"document_id": "../etc"}}]',
        b'[{"data": {"document_id": "bc715259e8893656"}, "annotations": "x"}]',
    ],
)
def test_garbage_gives_findings_never_a_traceback(root, tmp_path, payload):
    path = tmp_path / "export.json"
    path.write_bytes(payload)
    report = import_export(path, root=root)
    assert report.errors >= 1 and report.written == []
    assert {f.code for f in report.findings} <= set(CODES)


def test_garbage_results_give_findings(root, tmp_path):
    data = json.loads((FIXTURES / "export_seed.json").read_text(encoding="utf-8"))
    res = data[0]["annotations"][0]["result"]
    res.append("not an object")
    res.append({"type": "labels", "from_name": "entity", "id": "zz", "value": {"start": "1", "end": 2}})
    res.append({"type": "relation", "from_id": "m1", "to_id": "m2", "labels": []})
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = import_export(path, root=root)
    assert {f.code for f in report.findings} == {"ls-malformed-export"}
    assert report.written == []


def test_import_never_writes_into_gold(root):
    with pytest.raises(ImportRefused):
        import_export(FIXTURES / "export_seed.json", root=root, out=root / "annotations" / "gold")
    assert (
        main(
            [
                "ls",
                "import",
                str(FIXTURES / "export_seed.json"),
                "--out",
                str(root / "annotations" / "gold" / "x"),
            ]
        )
        == 2
    )
    assert not (root / "annotations" / "gold").exists()


def test_two_annotators_land_in_their_own_folders(root, tmp_path):
    data = json.loads((FIXTURES / "export_seed.json").read_text(encoding="utf-8"))
    task = data[0]
    second = json.loads(json.dumps(task["annotations"][0]))
    second["completed_by"] = {"id": 7, "email": "Second.Annotator@Example.org"}
    second["result"] = [r for r in second["result"] if r.get("id") != "cl3" and r.get("from_id") != "cl3"]
    task["annotations"].append(second)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = import_export(path, root=root)
    assert [f.code for f in report.findings] == NO_CUE  # cl3 of the first annotator; the second has none
    names = sorted(p.parent.name for p in report.written)
    assert "second-annotator" in names and len(names) == 2
    b = read_annotation(root / "annotations" / "annotators" / "second-annotator" / f"{SEED}.json")
    assert [c.id for c in b.claims] == ["cl1", "cl2"]


def test_cancelled_annotation_is_a_warning(root, tmp_path):
    data = json.loads((FIXTURES / "export_seed.json").read_text(encoding="utf-8"))
    data[0]["annotations"][0]["was_cancelled"] = True
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = import_export(path, root=root)
    assert [(f.code, f.severity) for f in report.findings] == [("ls-cancelled-annotation", "warning")]


@pytest.mark.parametrize(
    "user,name",
    [
        ({"id": 3, "email": "ann.two@example.com"}, "ann-two"),
        ({"id": 3, "email": "", "username": "Bob"}, "bob"),
        (5, "user5"),
        (None, "unknown"),
        ({"email": "../../x@y"}, "x"),
    ],
)
def test_annotator_names_are_safe(user, name):
    assert annotator_name(user) == name


def test_clean_import_command(root, capsys):
    assert main(["ls", "import", str(FIXTURES / "export_seed.json"), "--format", "json", "--check"]) == 0
    out = capsys.readouterr()
    assert [f["code"] for f in json.loads(out.out)] == NO_CUE
    assert "0 file(s) written" in out.err
    assert not (root / "annotations").exists()
    assert main(["ls", "import", str(FIXTURES / "export_seed.json")]) == 0
    assert len(list((root / "annotations" / "annotators").glob(f"*/{SEED}.json"))) == 1


def test_import_says_which_account_became_which_folder(root, tmp_path, capsys):
    data = json.loads((FIXTURES / "export_seed.json").read_text(encoding="utf-8"))
    task = data[0]
    second = json.loads(json.dumps(task["annotations"][0]))
    second["completed_by"] = {"id": 7, "email": "Second.Annotator@Example.org"}
    third = json.loads(json.dumps(task["annotations"][0]))
    third["completed_by"] = 9  # a plain JSON export names the user by id only
    task["annotations"] += [second, third]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    folders = root / "annotations" / "annotators"
    assert main(["ls", "import", str(path), "--check"]) == 0
    lines = [x for x in capsys.readouterr().err.splitlines() if x.startswith("Label Studio account")]
    first = task["annotations"][0]["completed_by"]
    assert lines == [
        f"Label Studio account {first['id']} <{first['email']}> -> annotator folder "
        f"{folders / annotator_name(first)}",
        "Label Studio account 7 <Second.Annotator@Example.org> -> annotator folder "
        f"{folders / 'second-annotator'}",
        f"Label Studio account 9 (no e-mail in the export) -> annotator folder {folders / 'user9'}",
    ]
    report = import_export(path, root=root, write=False)
    assert {p.name: (a.id, a.email) for p, a in report.folders.items()} == {
        annotator_name(first): (first["id"], first["email"]),
        "second-annotator": (7, "Second.Annotator@Example.org"),
        "user9": (9, None),
    }


def _layer_export(tmp_path, layout, change=None):
    """The recorded export as if its task had been made for ``layout``: only the layers it carries."""
    from newsgold.labelstudio.config import CARRIES
    from newsgold.labelstudio.mapping import to_results

    data = json.loads((FIXTURES / "export_seed.json").read_text(encoding="utf-8"))
    ann = read_annotation(FIXTURES / "seed_constructed.json")
    if change is not None:
        ann = change(ann)
    data[0]["data"]["layout"] = layout
    data[0]["annotations"][0]["result"] = to_results(ann, CARRIES[layout])
    path = tmp_path / f"export-{layout}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_layer_import_replaces_that_layer_and_keeps_the_others(root, tmp_path):
    from dataclasses import replace

    want = read_annotation(FIXTURES / "seed_constructed.json")
    (full,) = import_export(FIXTURES / "export_seed.json", root=root).written
    assert read_annotation(full).claims == want.claims

    first = want.events[0]
    realis = next(r for r in ("actual", "planned") if r != first.realis)

    def other_realis(a):
        return replace(a, events=(replace(first, realis=realis), *a.events[1:]))

    report = import_export(_layer_export(tmp_path, "events", other_realis), root=root)
    assert report.errors == 0 and report.written == [full]
    got = read_annotation(full)
    assert got.events == (replace(first, realis=realis), *want.events[1:])  # the events as annotated
    assert got.claims == want.claims  # the claims already there are kept, not dropped

    # an entities task with a mention the kept events refer to removed: refused, the file unchanged
    used = want.events[0].arguments[0].mention
    assert used is not None

    def without_used(a):
        return replace(
            a,
            mentions=tuple(m for m in a.mentions if m.id != used),
            clusters=tuple(
                replace(c, mentions=tuple(x for x in c.mentions if x != used))
                for c in a.clusters
                if c.mentions != (used,)
            ),
        )

    before = full.read_bytes()
    report = import_export(_layer_export(tmp_path, "entities", without_used), root=root)
    assert "ls-layer-merge" in {f.code for f in report.findings} and report.written == []
    assert full.read_bytes() == before


def test_a_layer_import_into_an_unreadable_file_is_refused(root, tmp_path):
    path = _layer_export(tmp_path, "entities")
    target = root / "annotations" / "annotators"
    data = json.loads(path.read_text(encoding="utf-8"))
    name = annotator_name(data[0]["annotations"][0]["completed_by"])
    (target / name).mkdir(parents=True)
    (target / name / f"{SEED}.json").write_text("{not json", encoding="utf-8")
    report = import_export(path, root=root)
    (finding,) = [f for f in report.findings if f.code == "ls-layer-merge"]
    assert "cannot be read" in finding.message and "events, claims would be lost" in finding.message
    assert report.written == []
    # a first import of a layer task (no file yet) writes what it has
    report = import_export(path, root=root, out=tmp_path / "fresh")
    assert report.errors == 0 and len(report.written) == 1
    assert read_annotation(report.written[0]).events == ()


def test_an_unknown_layout_is_a_finding(root, tmp_path):
    data = json.loads((FIXTURES / "export_seed.json").read_text(encoding="utf-8"))
    data[0]["data"]["layout"] = "sideways"
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = import_export(path, root=root)
    assert [(f.code, f.pointer) for f in report.findings] == [("ls-malformed-export", "/0/data/layout")]
    assert report.written == []
