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
