"""Annotation specs: spans named by their text compile to offsets and ids; every bad spec is refused
with the item that is wrong; ``newsgold author`` writes only clean files, into the annotator's folder."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import yaml

from newsgold import authoring, paths
from newsgold.authoring import SpecError, compile_spec, locate
from newsgold.cli import main
from newsgold.io import read_document, write_document
from newsgold.model import Document, Paragraph
from newsgold.validate import check_annotation

TEXT = (
    "Council news\n\nMayor Ana Ruiz of Springfield said on Monday that the council will meet in May. "
    "She met the council in 2001."
)
DOC_ID = "springfield-council-0a1b2c3d"


@pytest.fixture
def document() -> Document:
    seed = read_document(paths.documents_dir() / "bc715259e8893656.json")
    return dataclasses.replace(
        seed,
        id=DOC_ID,
        text=TEXT,
        text_sha256=__import__("hashlib").sha256(TEXT.encode("utf-8")).hexdigest(),
        paragraphs=(Paragraph(0, 12, "headline"), Paragraph(14, len(TEXT), "body")),
    )


@pytest.fixture
def spec() -> dict:
    """The example of the module docstring, so the documented format is the tested one."""
    assert authoring.__doc__ is not None
    return yaml.safe_load(authoring.__doc__.split("::", 1)[1].split("A span is")[0])


def test_the_documented_example_compiles(document: Document, spec: dict) -> None:
    ann = compile_spec(spec, document)
    assert [(m.id, m.text) for m in ann.mentions] == [
        ("m1", "Ana Ruiz"),
        ("m2", "Springfield"),
        ("m3", "Monday"),
        ("m4", "the council"),
        ("m5", "May"),
        ("m6", "She"),
        ("m7", "the council"),
        ("m8", "2001"),
    ]
    assert all(TEXT[m.start : m.end] == m.text for m in ann.mentions)
    assert ann.mentions[6].start == TEXT.index("met the council") + 4
    assert [c.mentions for c in ann.clusters] == [("m1", "m6"), ("m4", "m7")]
    assert [(e.id, e.trigger.text, [a.mention for a in e.arguments]) for e in ann.events] == [
        ("e1", "meet", ["m4", "m5"]),
        ("e2", "met", ["m6", "m7", "m8"]),
    ]
    (claim,) = ann.claims
    assert (claim.claimer, claim.events) == ("m1", ("e1",))
    assert claim.content.text == "the council will meet in May"


def test_spans_do_not_cut_words() -> None:
    assert locate(TEXT, "May", "x").start == TEXT.index("in May") + 3  # not inside "Mayor"
    assert locate(TEXT, {"text": "May", "at": TEXT.index("Mayor")}, "x").text == "May"


@pytest.mark.parametrize(
    "span, message",
    [
        ("the council", "occurs 2 times"),
        ("Shelbyville", "does not occur"),
        ({"text": "council", "in": "the council"}, "context 'the council' occurs 2 times"),
        ({"text": "Ruiz", "at": 3}, "is not at offset 3"),
        ({"text": "council", "n": 3}, "n = 3"),
        ({"n": 1}, "non-empty 'text'"),
    ],
)
def test_a_span_that_names_no_single_place_is_refused(span: object, message: str) -> None:
    with pytest.raises(SpecError, match=message) as info:
        locate(TEXT, span, "mentions[4]")
    assert info.value.where == "mentions[4]"


@pytest.mark.parametrize(
    "change, where, message",
    [
        (
            lambda s: s["clusters"][0]["members"].append("nobody"),
            "clusters[0]",
            "no mention has key 'nobody'",
        ),
        (lambda s: s["mentions"][1].update(key="ruiz"), "mentions[1]", "key 'ruiz' is used twice"),
        (lambda s: s["events"][0].pop("realis"), "events[0]", "'realis' is missing"),
        (lambda s: s.update(document="other-doc"), "document", "the spec is for 'other-doc'"),
    ],
)
def test_a_bad_spec_names_its_item(document: Document, spec: dict, change, where: str, message: str) -> None:
    change(spec)
    with pytest.raises(SpecError, match=message) as info:
        compile_spec(spec, document)
    assert info.value.where.startswith(where)


def test_compiled_annotations_meet_the_validator(document: Document, spec: dict) -> None:
    ann = compile_spec(spec, document)
    errors = [f for f in check_annotation(ann.to_dict(), document, "x.json") if f.severity == "error"]
    assert errors == []
    spec["events"][0]["type"] = "Contact:Dance"  # the spec format does not check labels; the validator does
    bad = compile_spec(spec, document)
    assert any(
        f.code == "unknown-label" or "Contact:Dance" in f.message
        for f in check_annotation(bad.to_dict(), document, "x.json")
    )


@pytest.fixture
def project(tmp_path: Path, document: Document) -> Path:
    root = tmp_path / "project"
    shutil.copytree(paths.project_root() / "schema", root / "schema")
    write_document(paths.documents_dir(root) / f"{DOC_ID}.json", document)
    return root


def test_author_writes_clean_specs_into_the_annotators_folder(
    project: Path, spec: dict, tmp_path: Path
) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    out = project / "annotations" / "annotators" / "annotator-x" / f"{DOC_ID}.json"
    assert main(["author", str(spec_path), "--root", str(project), "--check"]) == 0
    assert not out.exists()
    assert main(["author", str(spec_path), "--root", str(project)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["annotator"] == "annotator-x"


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.update(annotator="../../escape"),
        lambda s: s["mentions"].append({"text": "nowhere to be found", "type": "ORG"}),
    ],
)
def test_author_refuses_bad_specs_without_writing(
    project: Path, spec: dict, tmp_path: Path, change, capsys: pytest.CaptureFixture[str]
) -> None:
    change(spec)
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    before = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert main(["author", str(spec_path), "--root", str(project)]) == 1
    assert f"{spec_path}: " in capsys.readouterr().err
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == before


def test_author_reports_a_yaml_error_with_its_line(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(f"document: {DOC_ID}\nannotator: a\nmentions: [\n", encoding="utf-8")
    assert main(["author", str(spec_path), "--root", str(project)]) == 1
    assert "not YAML (line" in capsys.readouterr().err


def test_author_refuses_an_out_that_is_a_file(
    project: Path, spec: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    target = tmp_path / "a-file"
    target.write_text("keep me", encoding="utf-8")
    assert main(["author", str(spec_path), "--root", str(project), "--out", str(target)]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"
