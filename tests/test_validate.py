"""Validation: one invalid fixture per finding code, the pure checks one by one, fast path vs full, CLI."""

from __future__ import annotations

import argparse
import copy
import dataclasses
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import datasets
import orjson
import pytest

from newsgold import paths
from newsgold.bench.extractors import load_extractor
from newsgold.bench.predictions import read_predictions
from newsgold.bench.run import run_extractor
from newsgold.cli import dispatch, main
from newsgold.errors import DataError
from newsgold.io import read_document, read_json, sha256_text
from newsgold.labels import inventory
from newsgold.labelstudio.importer import import_export
from newsgold.model import Document
from newsgold.release.tables import CONFIGS, features
from newsgold.schemas import load_schema
from newsgold.validate import (
    CODES,
    DocumentText,
    Finding,
    check_annotation,
    check_annotation_limited,
    check_document,
    format_findings,
    validate,
    validate_corpus,
    validate_paths,
)
from newsgold.validate import checks as C
from newsgold.validate.schema import ENGINES, fast_schema, fast_validator, full_findings, schema_findings

FIXTURES = Path(__file__).parent / "validation"
VALID = FIXTURES / "_valid"
CODE_DIRS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
# The readers besides the validator, by the prefix of their codes; every other code is the validator's.
READERS = {"prediction-": "predictions", "extractor-": "extractor", "ls-": "labelstudio"}


def reader_of(code: str) -> str:
    return next((reader for prefix, reader in READERS.items() if code.startswith(prefix)), "validator")


VALIDATOR_DIRS = [c for c in CODE_DIRS if reader_of(c) == "validator"]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def load_make_fixtures(monkeypatch) -> ModuleType:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # nothing written beside the fixtures
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- fixtures ------------------------------------------------------------------------------------


def test_the_valid_base_corpus_has_no_findings() -> None:
    report = validate([VALID])
    assert report.findings == ()
    assert (report.documents, report.annotations) == (1, 1)


def reader_root(folder: Path) -> Path:
    """The corpus a reader fixture is read against: its own, if it has one, else ``_valid/``."""
    return folder if (folder / "corpus").is_dir() else VALID


def documents_of(root: Path) -> dict[str, Document]:
    return {p.stem: read_document(p) for p in sorted((root / "corpus" / "documents").glob("*.json"))}


def read_fixture(code: str, tmp_path: Path, monkeypatch) -> list[Finding]:
    """The findings of the reader of ``code`` on the fixture of ``code``, as that reader runs in use."""
    folder = FIXTURES / code
    reader = reader_of(code)
    if reader == "predictions":
        return read_predictions(folder / "predictions.jsonl", documents_of(reader_root(folder))).findings
    if reader == "extractor":
        (module,) = folder.glob("*.py")
        shutil.copytree(folder, tmp_path / "work")  # imported from a copy: no bytecode beside the fixture
        monkeypatch.chdir(tmp_path / "work")
        try:
            extractor = load_extractor(f"{module.stem}:extract")
        finally:
            sys.modules.pop(module.stem, None)
        return run_extractor(extractor, documents_of(reader_root(folder)), progress=False).findings
    if reader == "labelstudio":
        out = tmp_path / "annotators"
        if (folder / "annotators").is_dir():  # the annotators' files already there before the import
            shutil.copytree(folder / "annotators", out)
        return import_export(folder / "export.json", root=reader_root(folder), out=out).findings
    return validate_paths([folder])


# A span without usable offsets, or an item that is not an object, breaks the annotation schema, and the
# benchmark validates every prediction before reading it: these codes come with the validator's finding,
# at the same line and pointer (alone when the reader runs without validation, see the test below).
VALIDATED_WITH = {
    "prediction-span-located": "schema-violation",
    "prediction-span-unlocatable": "schema-violation",
    "prediction-unreadable-item": "schema-violation",
}

# A code that says findings were left out comes after the ones listed: 102 copies of a mention give
# 100 listed duplicate-mention findings and one prediction-findings-truncated naming the next.
LISTED_WITH = {"prediction-findings-truncated": "duplicate-mention"}

# Where a reader's finding points besides its file ("path:line" for a line of a predictions file):
# the document and the JSON Pointer (into the line or the export), and the span, where it has them.
LOCATION: dict[str, tuple[str, ...]] = {
    "prediction-malformed-line": (),
    "prediction-no-document-id": ("pointer",),
    "prediction-duplicate-document": ("document_id",),
    "prediction-not-scored": ("document_id",),
    "prediction-missing-document": ("document_id",),
    "prediction-span-located": ("document_id", "pointer", "start", "end"),
    "prediction-span-unlocatable": ("document_id", "pointer"),
    "prediction-unreadable-item": ("document_id", "pointer"),
    "prediction-findings-truncated": ("document_id",),
    "extractor-failed": ("document_id",),
    "ls-malformed-export": (),
    "ls-unknown-document": ("document_id", "pointer"),
    "ls-task-hash-mismatch": ("document_id", "pointer"),
    "ls-unknown-control": ("document_id", "pointer", "annotation_id"),
    "ls-unknown-label": ("document_id", "pointer", "annotation_id"),
    "ls-dangling-relation": ("document_id", "pointer", "annotation_id"),
    "ls-relation-not-allowed": ("document_id", "pointer", "annotation_id"),
    "ls-span-text-mismatch": ("document_id", "pointer", "annotation_id", "start", "end"),
    "ls-utf16-offsets": ("document_id", "pointer", "annotation_id", "start", "end"),
    "ls-missing-attribute": ("document_id", "pointer", "annotation_id"),
    "ls-cancelled-annotation": ("document_id", "pointer"),
    "ls-duplicate-annotation": ("document_id", "pointer"),
    "ls-layer-merge": ("document_id",),
}


def source_of(f: Finding, folder: Path) -> bytes | None:
    """The bytes a finding's file names (one line of it for ``path:line``), or ``None`` if not a file."""
    assert f.file is not None
    numbered = re.fullmatch(r"(.+):(\d+)", f.file)
    path = folder / (numbered[1] if numbered else f.file)  # the file, if relative, is of the fixture folder
    if not path.is_file():
        return None
    data = path.read_bytes()
    return data.splitlines()[int(numbered[2]) - 1] if numbered else data


def resolve(data: object, pointer: str) -> object:
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        data = data[int(key)] if isinstance(data, list) else data[key]  # type: ignore[index]
    return data


def test_every_reader_code_has_its_location() -> None:
    assert set(LOCATION) == {c for c in CODES if reader_of(c) != "validator"}


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_fixture_gives_exactly_its_code(code: str, tmp_path: Path, monkeypatch) -> None:
    folder = FIXTURES / code
    found = read_fixture(code, tmp_path, monkeypatch)
    own = [f for f in found if f.code == code]
    assert own, f"{code}: no finding\n{format_findings(found)}"
    companion = VALIDATED_WITH.get(code) or LISTED_WITH.get(code)
    assert codes(found) == {code} | ({companion} if companion else set()), format_findings(found)
    if code not in LISTED_WITH:
        assert {(f.file, f.pointer) for f in found} == {(f.file, f.pointer) for f in own}  # companions too
    documents = {p.stem for p in (folder / "corpus" / "documents").glob("*.json")}
    documents |= set(documents_of(reader_root(folder))) if reader_of(code) != "validator" else set()
    for f in own:
        assert f.severity == CODES[code][0], f.format()
        assert f.file, f.format()
        for where in LOCATION.get(code, ()):
            assert getattr(f, where) is not None, f"{code}: no {where}: {f.format()}"
        source = source_of(f, folder)
        if f.pointer:  # "" is the whole file (or line), which need not parse
            assert source is not None, f.format()
            resolve(orjson.loads(source), f.pointer)  # raises if the pointer leads nowhere
        if f.document_id is not None:  # a document of the fixture, or the id its input names
            assert f.document_id in documents or (source and f.document_id.encode() in source), f.format()


@pytest.mark.parametrize("code", sorted(VALIDATED_WITH))
def test_the_predictions_reader_alone_gives_exactly_its_code(code: str) -> None:
    found = read_predictions(FIXTURES / code / "predictions.jsonl", documents_of(VALID), validate=False)
    assert codes(found.findings) == {code}, format_findings(found.findings)


def test_the_base_prediction_and_export_read_cleanly(tmp_path: Path, monkeypatch) -> None:
    """What the reader fixtures change: a prediction line and an export of the valid gold, which give no
    finding."""
    make = load_make_fixtures(monkeypatch)
    (tmp_path / "predictions.jsonl").write_bytes(make.json_line(make.prediction()))
    preds = read_predictions(tmp_path / "predictions.jsonl", documents_of(VALID))
    assert preds.findings == [] and list(preds.annotations) == ["fixture-doc"]
    data, result = make.ls_base()
    (tmp_path / "export.json").write_bytes(make.dumps([make.ls_task(data, [make.ls_annotation(result)])]))
    report = import_export(tmp_path / "export.json", root=VALID, out=tmp_path / "annotators")
    assert report.findings == []
    (written,) = report.written
    gold = read_json(VALID / "annotations/gold/fixture-doc.json")
    assert read_json(written) == {**gold, "annotator": "alice"}


def test_every_code_has_a_fixture_and_every_fixture_is_a_code() -> None:
    assert set(CODE_DIRS) == set(CODES)


def test_committed_fixtures_are_those_make_fixtures_writes(tmp_path: Path, monkeypatch) -> None:
    make = load_make_fixtures(monkeypatch)
    assert make.write_all(tmp_path) == len(CODES)

    def tree(root: Path) -> dict[str, bytes]:  # a symbolic link as "-> target"
        files = (p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        return {
            p.relative_to(root).as_posix(): (
                b"-> " + os.readlink(p).encode() if p.is_symlink() else p.read_bytes()
            )
            for p in files
        }

    written = tree(tmp_path)
    committed = {k: v for k, v in tree(FIXTURES).items() if k != "make_fixtures.py"}
    assert sorted(written) == sorted(committed)
    assert [k for k in sorted(written) if written[k] != committed[k]] == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("code", VALIDATOR_DIRS)
def test_fast_path_and_full_jsonschema_give_the_same_findings(code: str, engine: str, monkeypatch) -> None:
    monkeypatch.setenv("NEWSGOLD_SCHEMA_ENGINE", engine)
    fast = validate([FIXTURES / code]).findings
    full = validate([FIXTURES / code], full_schema=True).findings
    assert fast == full


def _mutations(data: dict, rng: random.Random, n: int) -> list[dict]:
    """Copies of ``data`` with one value replaced or removed somewhere, or one key added."""
    junk = [None, True, 0, -1, 1.0, 1.5, "", "x y", "1.0", "PERSON", "m1\n", [], {}, ["m1"], {"start": 0}]
    out = []
    for _ in range(n):
        d = copy.deepcopy(data)
        node: dict | list = d
        key = None
        depth = rng.randint(1, 6)
        while True:
            keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
            key = rng.choice(keys) if keys else None
            child = node[key] if key is not None else None
            depth -= 1
            if not depth or not isinstance(child, (dict, list)) or not child or rng.random() < 0.25:
                break
            node = child
        action = rng.random()
        if isinstance(node, dict) and action < 0.15:
            node.pop(key, None)
        elif isinstance(node, dict) and action < 0.25:
            node["extra"] = 1
        elif key is not None:
            node[key] = rng.choice(junk)
        out.append(d)
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_fast_path_is_never_more_lenient_than_jsonschema(engine: str) -> None:
    """On hundreds of random corruptions: whatever the fast path accepts, jsonschema accepts, so the
    findings (always jsonschema's) are the same. It may be stricter ("m1\\n" as an id): then jsonschema
    decides."""
    ann = read_json(VALID / "annotations/gold/fixture-doc.json")
    doc = read_json(VALID / "corpus/documents/fixture-doc.json")
    rng = random.Random(7)
    rejected = 0
    for kind, data in (("annotation", ann), ("document", doc)):
        valid = fast_validator(kind, engine)
        for mutated in _mutations(data, rng, 400):
            full = full_findings(mutated, kind)
            if valid(mutated):
                assert not full, json.dumps(mutated)[:300]
            rejected += bool(full)
            assert schema_findings(mutated, kind, engine=engine) == full
    assert rejected > 200


def test_fast_schema_is_an_equivalent_rewrite() -> None:
    schema = load_schema("annotation")
    fast = fast_schema(schema)
    assert "$defs" not in fast and "oneOf" not in json.dumps(fast)
    arg = fast["properties"]["events"]["items"]["properties"]["arguments"]["items"]
    assert arg["if"] == {"required": ["mention"]} and arg["else"] == {"required": ["span"]}


def test_schema_findings_carry_pointers_and_label_codes() -> None:
    ann = read_json(VALID / "annotations/gold/fixture-doc.json")
    ann["events"][1]["arguments"][0]["role"] = "Speaker"
    ann["mentions"][2]["start"] = -3
    ann["events"][0]["arguments"][0]["span"] = {"start": 0, "end": 5, "text": "Japan"}
    found = schema_findings(ann, "annotation")
    by_code = {(f.code, f.pointer) for f in found}
    assert ("unknown-label", "/events/1/arguments/0/role") in by_code
    assert ("schema-violation", "/mentions/2/start") in by_code
    assert ("schema-violation", "/events/0/arguments/0") in by_code
    assert found == schema_findings(ann, "annotation", full=True)


@pytest.mark.parametrize(
    ("path", "value", "label"),
    [
        ("mentions/0/type", "COUNTRY", "entity type"),
        ("mentions/0/kind", "proper", "mention kind"),
        ("clusters/0/type", "PLACE", "entity type"),
        ("events/0/type", "Contact:Talk", "event type"),
        ("events/0/arguments/0/role", "Speaker", "role"),
        ("events/0/realis", "likely", "realis"),
        ("claims/0/form", "quote", "claim form"),
        ("claims/0/stance", "maybe", "stance"),
        ("claims/0/claimer_status", "anonymous", "claimer status"),
    ],
)
def test_every_label_field_reports_unknown_label(path: str, value: str, label: str) -> None:
    ann = read_json(VALID / "annotations/gold/fixture-doc.json")
    node = ann
    *keys, last = path.split("/")
    for k in keys:
        node = node[int(k)] if isinstance(node, list) else node[k]
    node[last] = value
    found = schema_findings(ann, "annotation")
    assert [(f.code, f.pointer) for f in found] == [("unknown-label", "/" + path)]
    assert label in found[0].message


# --- the real corpus -----------------------------------------------------------------------------


def test_the_real_corpus_has_no_findings() -> None:
    gold = paths.gold_dir() / "bc715259e8893656.json"
    report = validate()
    assert report.findings == (), format_findings(report.findings)
    assert report.documents >= 1
    assert report.annotations >= (1 if gold.exists() else 0)


# --- in-memory checks ----------------------------------------------------------------------------


@pytest.fixture
def doc():
    return read_document(VALID / "corpus/documents/fixture-doc.json")


@pytest.fixture
def ann():
    return read_json(VALID / "annotations/gold/fixture-doc.json")


def test_check_annotation_in_memory(doc, ann) -> None:
    assert check_annotation(ann, doc) == []
    ann["mentions"][0]["text"] = "Japn"
    (f,) = check_annotation(ann, doc, file="pred.json")
    assert (f.code, f.file, f.document_id, f.pointer, f.annotation_id, f.start, f.end) == (
        "span-text-mismatch",
        "pred.json",
        "fixture-doc",
        "/mentions/0",
        "m1",
        0,
        5,
    )


def test_check_annotation_never_raises_on_bad_data(doc) -> None:
    for data in (None, [], "x", {}, {"mentions": "x"}, {"mentions": [1, {"start": "a"}]}):
        assert all(f.code == "schema-violation" for f in check_annotation(data, doc))


def _crowded(ann: dict, copies: int) -> dict:
    """``ann`` with every mention repeated ``copies`` times under fresh ids (copies, overlaps)."""
    out = copy.deepcopy(ann)
    out["mentions"] += [
        dict(m, id=f"{m['id']}x{k}")
        for k in range(copies - 1)
        for m in ann["mentions"]
        if m["kind"] == "name"
    ]
    return out


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", range(12))
def test_a_large_file_with_bad_items_gets_jsonschemas_findings(engine: str, seed: int) -> None:
    """The fast path leaves out the items it accepts before jsonschema runs: the same findings, pointing
    at the same items, in the same order."""
    rng = random.Random(seed)
    data = _crowded(read_json(VALID / "annotations/gold/fixture-doc.json"), 15)
    for _ in range(rng.randint(1, 8)):
        layer = rng.choice(["mentions", "mentions", "mentions", "events", "claims", "clusters"])
        item = rng.choice(data[layer])
        key = rng.choice(sorted(item))
        item[key] = rng.choice([None, -1, "", "MISC", {"start": 0}, [], 1.5])
    if rng.random() < 0.3:
        data["extra"] = 1
    if rng.random() < 0.3:
        del data["annotator"]
    expected = full_findings(data, "annotation")
    assert expected
    assert schema_findings(data, "annotation", engine=engine) == expected


def test_check_annotation_limited_lists_the_first_findings_of_each_check(doc, ann) -> None:
    crowded = _crowded(ann, 12)  # each name mention 11 more times: copies, which also overlap
    crowded["mentions"][0]["type"] = "MISC"  # and one unknown label (the schema's findings)
    full = check_annotation(crowded, doc, file="p.jsonl:1")
    listed, cut = check_annotation_limited(crowded, doc, 5, file="p.jsonl:1")
    by_code = {c: [f for f in full if f.code == c] for c in codes(full)}
    assert {c: len(fs) for c, fs in by_code.items() if len(fs) > 5}  # some check has more than 5
    for c, fs in by_code.items():
        assert [f for f in listed if f.code == c] == fs[:5], c
    assert [f.code for f in cut] == [c for c in ("duplicate-mention", "overlapping-mentions") if c in by_code]
    assert all(f in full and f.file == "p.jsonl:1" for f in cut)
    assert check_annotation_limited(crowded, doc, len(full), file="p.jsonl:1") == (full, [])


def test_a_placed_finding_keeps_every_other_field() -> None:
    f = Finding("duplicate-id", "error", "m", "a.json", "doc", "/mentions/1", "m1", 3, 9)
    moved = f.placed("b.json", "doc2", "/mentions/0")
    assert moved == dataclasses.replace(f, file="b.json", document_id="doc2", pointer="/mentions/0")
    assert {x.name for x in dataclasses.fields(Finding)} - {"file", "document_id", "pointer"} == {
        "code",
        "severity",
        "message",
        "annotation_id",
        "start",
        "end",
    }  # a new field must be carried by Finding.placed too


def test_check_document_in_memory() -> None:
    data = read_json(VALID / "corpus/documents/fixture-doc.json")
    assert check_document(data) == []
    data["text_sha256"] = "0" * 64
    assert codes(check_document(data)) == {"document-hash-mismatch"}


# --- pure checks, one by one ---------------------------------------------------------------------

TEXT = "Japan and South Korea met."


def span(start: int, end: int, text: str | None = None) -> dict:
    return {"start": start, "end": end, "text": TEXT[start:end] if text is None else text}


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        (span(0, 5), set()),
        (span(0, 5, "Japn"), {"span-text-mismatch"}),
        (span(5, 9), {"span-whitespace"}),
        (span(3, 3), {"empty-span"}),
        (span(9, 4), {"offset-reversed"}),
        (span(20, 40), {"offset-out-of-bounds"}),
        ({"start": 0.0, "end": 5, "text": "Japan"}, {"schema-violation"}),
        (span(5, 9, "x"), {"span-text-mismatch", "span-whitespace"}),
    ],
)
def test_check_span(s: dict, expected: set[str]) -> None:
    assert codes(list(C.check_span(s, TEXT, "/x", "m1"))) == expected


def mention(
    mid: str, start: int, end: int, kind: str = "name", typ: str = "GPE", norm: str | None = None
) -> dict:
    return {
        "id": mid,
        "start": start,
        "end": end,
        "text": TEXT[start:end],
        "type": typ,
        "kind": kind,
        "normalized": norm,
    }


def annotation(mentions=(), clusters=(), events=(), claims=()) -> dict:
    return {
        "schema_version": "1.0",
        "document_id": "d",
        "text_sha256": sha256_text(TEXT),
        "annotator": "a",
        "mentions": list(mentions),
        "clusters": list(clusters),
        "events": list(events),
        "claims": list(claims),
    }


def test_check_flat_overlaps() -> None:
    nested = annotation([mention("m1", 10, 21), mention("m2", 16, 21)])
    assert codes(list(C.check_flat_overlaps(nested))) == {"overlapping-mentions"}
    nominal = annotation([mention("m1", 10, 21, "nominal"), mention("m2", 16, 21)])
    assert list(C.check_flat_overlaps(nominal)) == []
    disjoint = annotation([mention("m1", 0, 5), mention("m2", 10, 21), mention("m3", 22, 25)])
    assert list(C.check_flat_overlaps(disjoint)) == []


def test_check_crossing() -> None:
    crossing = annotation([mention("m1", 0, 9, "nominal"), mention("m2", 6, 15)])
    (f,) = C.check_crossing(crossing)
    assert (f.code, f.annotation_id) == ("crossing-mentions", "m2")
    nested = annotation([mention("m1", 0, 21, "nominal"), mention("m2", 10, 21), mention("m3", 0, 5)])
    assert list(C.check_crossing(nested)) == []
    both_flat = annotation([mention("m1", 0, 9), mention("m2", 6, 15)])
    assert list(C.check_crossing(both_flat)) == []  # reported as overlapping-mentions


def test_check_duplicate_ids() -> None:
    cluster = {"id": "m1", "type": "GPE", "name": "J", "mentions": ["m1"]}
    ann = annotation([mention("m1", 0, 5)], clusters=[cluster])
    (f,) = C.check_duplicate_ids(ann)
    assert (f.code, f.pointer) == ("duplicate-id", "/clusters/0/id")


def test_check_references() -> None:
    ann = annotation(
        [mention("m1", 0, 5)],
        clusters=[{"id": "c1", "type": "GPE", "name": "J", "mentions": ["m1", "m9"]}],
        events=[
            {
                "id": "e1",
                "type": "Contact:Meet",
                "trigger": span(22, 25),
                "realis": "actual",
                "arguments": [{"role": "Entity", "mention": "m8"}],
            }
        ],
        claims=[
            {
                "id": "cl1",
                "content": span(0, 25),
                "cue": None,
                "claimer": "m7",
                "claimer_status": "mention",
                "form": "indirect",
                "stance": "affirm",
                "events": ["e1", "e5"],
            }
        ],
    )
    assert [f.pointer for f in C.check_references(ann)] == [
        "/clusters/0/mentions/1",
        "/events/0/arguments/0/mention",
        "/claims/0/claimer",
        "/claims/0/events/1",
    ]


def test_check_roles() -> None:
    ev = {
        "id": "e1",
        "type": "Contact:Meet",
        "trigger": span(22, 25),
        "realis": "actual",
        "arguments": [
            {"role": "Entity", "mention": "m1"},
            {"role": "Victim", "mention": "m1"},
            {"role": "NotARole", "mention": "m1"},
        ],
    }
    assert [f.pointer for f in C.check_roles(annotation(events=[ev]))] == ["/events/0/arguments/1/role"]


def test_check_clusters() -> None:
    ann = annotation(
        [mention("m1", 0, 5), mention("m2", 10, 21, typ="ORG")],
        clusters=[
            {"id": "c1", "type": "GPE", "name": "J", "mentions": ["m1", "m2"]},
            {"id": "c2", "type": "GPE", "name": "J", "mentions": ["m1"]},
        ],
    )
    assert [(f.code, f.pointer) for f in C.check_clusters(ann)] == [
        ("cluster-type-mismatch", "/clusters/0/mentions/1"),
        ("duplicate-cluster-membership", "/clusters/1/mentions/0"),
    ]


@pytest.mark.parametrize(
    ("status", "claimer", "ok"),
    [
        ("mention", "m1", True),
        ("mention", None, False),
        ("author", None, True),
        ("author", "m1", False),
        ("unattributed", None, True),
        ("unattributed", "m1", False),
    ],
)
def test_check_claimers(status: str, claimer: str | None, ok: bool) -> None:
    claim = {
        "id": "cl1",
        "content": span(0, 25),
        "cue": None,
        "claimer": claimer,
        "claimer_status": status,
        "form": "indirect",
        "stance": "affirm",
        "events": [],
    }
    assert (list(C.check_claimers(annotation(claims=[claim]))) == []) is ok


@pytest.mark.parametrize(
    ("typ", "value", "ok"),
    [
        ("DATE", "2019-09-26", True),
        ("DATE", "2019-W39", True),
        ("DATE", "1910/1945", True),
        ("DATE", "P1Y", True),
        ("TIME", "2019-09-19T21:31", True),
        ("DATE", "2019-09", True),
        ("DATE", None, True),
        ("GPE", None, True),
        ("DATE", "Sept 26", False),
        ("DATE", "FUTURE_REF", False),
        ("DATE", "2019-9-26", False),
        ("GPE", "2019", False),
    ],
)
def test_check_normalized(typ: str, value: str | None, ok: bool) -> None:
    ann = annotation([mention("m1", 0, 5, typ=typ, norm=value)])
    assert (list(C.check_normalized(ann)) == []) is ok


def test_check_text_hash_and_document_id() -> None:
    doc = DocumentText("d", TEXT, sha256_text(TEXT))
    ann = annotation()
    assert list(C.check_text_hash(ann, doc)) == [] and list(C.check_document_id(ann, doc)) == []
    assert codes(list(C.check_text_hash(ann, DocumentText("d", TEXT + "!", sha256_text(TEXT + "!"))))) == {
        "text-hash-mismatch"
    }
    other = DocumentText("e", TEXT, doc.sha256)
    assert codes(list(C.check_document_id(ann, other))) == {"document-id-mismatch"}


def test_document_checks() -> None:
    d = read_json(VALID / "corpus/documents/fixture-doc.json")
    for check in C.DOCUMENT_CHECKS.values():
        assert list(check(d)) == []
    d["text"] = d["text"].replace("Japan", "Cafe\u0301", 1)
    assert codes(list(C.check_nfc(d))) == {"non-nfc-text"}
    assert codes(list(C.check_document_hash(d))) == {"document-hash-mismatch"}
    d["paragraphs"][0]["end"] = 10_000
    assert codes(list(C.check_paragraphs(d))) == {"paragraph-offsets"}


def test_file_checks() -> None:
    assert codes(C.parse_json(b"\xef\xbb\xbf{}")[1]) == {"bom"}
    assert C.parse_json(b'{"a": 1}') == ({"a": 1}, [])
    assert codes(C.parse_json(b'{"a": ')[1]) == {"malformed-json"}
    assert codes(C.parse_json('{"a": "é"}'.encode("latin-1"))[1]) == {"wrong-encoding"}
    d = {"id": "Bad.Id", "provenance": {"raw_path": "/etc/passwd", "raw_sha256": "0" * 64}}
    assert list(C.check_file_name(d, None)) == []  # the schema's id pattern reports it
    assert codes(list(C.check_file_name({"id": "a-b\n"}, None))) == {"unsafe-document-id"}  # re's "$"
    assert codes(list(C.check_file_name({"id": "a-b"}, "c-d"))) == {"unsafe-document-id"}
    assert list(C.check_file_name({"id": "a-b"}, "a-b")) == []
    assert codes(list(C.check_raw_path(d))) == {"unsafe-raw-path"}
    assert codes(list(C.check_raw_checksum(d, None))) == {"raw-file-missing"}
    assert codes(list(C.check_raw_checksum(d, b"x"))) == {"raw-checksum-mismatch"}
    assert codes(list(C.check_annotator({"annotator": "bob"}, "alice"))) == {"annotator-mismatch"}


def test_every_check_function_is_registered_once() -> None:
    registered = [*C.DOCUMENT_CHECKS.values(), *C.ANNOTATION_CHECKS.values(), *C.TEXT_CHECKS.values()]
    assert len(registered) == len(set(registered))


# --- output and CLI ------------------------------------------------------------------------------


def test_format_findings() -> None:
    f = Finding(
        "span-text-mismatch",
        "error",
        "span text 'Japn' differs from text[120:125] 'Japan'",
        "annotations/gold/x.json",
        "x",
        "/mentions/3",
        "m4",
        120,
        125,
    )
    assert format_findings([f]) == (
        "annotations/gold/x.json: x /mentions/3 [m4] 120-125: error "
        "span-text-mismatch: span text 'Japn' differs from text[120:125] 'Japan'"
    )
    assert json.loads(format_findings([f], "json")) == [f.to_dict()]
    with pytest.raises(ValueError):
        format_findings([f], "xml")


def test_cli_exit_codes(capsys) -> None:
    assert main(["validate", str(VALID)]) == 0
    assert main(["validate", str(FIXTURES / "span-text-mismatch")]) == 1
    assert "span-text-mismatch" in capsys.readouterr().out
    assert main(["validate", str(FIXTURES / "span-text-mismatch"), "--ignore", "span-text-mismatch"]) == 0
    assert main(["validate", str(FIXTURES / "span-text-mismatch"), "--select", "bom"]) == 0
    assert main(["validate", str(FIXTURES / "annotator-mismatch")]) == 1  # a warning is a finding too
    assert main(["validate", str(FIXTURES / "annotator-mismatch"), "--errors-only"]) == 0
    assert main(["validate", str(FIXTURES / "span-text-mismatch"), "--errors-only"]) == 1
    assert "annotator-mismatch" in capsys.readouterr().out  # still listed with --errors-only
    assert main(["validate", str(FIXTURES / "no-such-folder")]) == 2
    assert main(["validate", str(VALID), "--select", "no-such-code"]) == 2
    capsys.readouterr()


def test_cli_json_output_in_a_subprocess() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsgold",
            "validate",
            "--format",
            "json",
            str(FIXTURES / "dangling-reference"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    found = json.loads(proc.stdout)
    assert {f["code"] for f in found} == {"dangling-reference"}
    assert found[0]["pointer"] == "/events/0/arguments/0/mention"
    assert "1 errors, 0 warnings" in proc.stderr


def test_validate_single_files_and_folders(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "span-text-mismatch", tmp_path / "c")
    gold = tmp_path / "c/annotations/gold/fixture-doc.json"
    assert codes(validate_paths([gold])) == {"span-text-mismatch"}
    assert codes(validate_paths([tmp_path / "c/annotations/gold"])) == {"span-text-mismatch"}
    assert validate_paths([tmp_path / "c/corpus/documents/fixture-doc.json"]) == []
    report = validate([gold, tmp_path / "c"])  # a file and its corpus: checked once
    assert report.annotations == 1


def test_build_command(tmp_path: Path, capsys) -> None:
    shutil.copytree(VALID, tmp_path / "ok")
    assert main(["build", "--root", str(tmp_path / "ok")]) == 0
    out = capsys.readouterr().out
    assert "documents   1: 1 with gold, 0 without (text only)" in out and "mentions    14" in out
    shutil.copytree(FIXTURES / "text-hash-mismatch", tmp_path / "bad")
    assert main(["build", "--root", str(tmp_path / "bad")]) == 1
    assert "text-hash-mismatch" in capsys.readouterr().err


def test_validate_corpus_defaults_to_the_project_root(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSGOLD_ROOT", str(FIXTURES / "document-id-mismatch"))
    monkeypatch.chdir(tmp_path)  # in no project: NEWSGOLD_ROOT
    assert codes(validate_corpus()) == {"document-id-mismatch"}
    monkeypatch.chdir(FIXTURES / "span-text-mismatch" / "annotations" / "gold")  # in a project: that one
    assert codes(validate_corpus()) == {"span-text-mismatch"}


def test_strict_is_gone(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", str(VALID), "--strict"])
    assert exc.value.code == 2
    capsys.readouterr()


# --- a root that is not a project is a usage error ----------------------------------------------


@pytest.mark.parametrize("command", ["validate", "build", "datasheet"])
def test_a_wrong_root_is_a_usage_error(command: str, tmp_path: Path, capsys) -> None:
    for root in (tmp_path / "nonexistent", tmp_path):  # missing, and a folder with no corpus
        assert main([command, "--root", str(root)]) == 2
        err = capsys.readouterr().err
        assert str(root) in err and "not a newsgold project root" in err and "Traceback" not in err


def test_a_wrong_newsgold_root_is_a_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NEWSGOLD_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "NEWSGOLD_ROOT" in err
    with pytest.raises(paths.ProjectRootError, match="does not exist"):
        validate_corpus(tmp_path / "nonexistent")


# --- the checks added with inventory 1.1.0 --------------------------------------------------------


def test_check_duplicate_mentions() -> None:
    ann = annotation(
        [
            mention("m1", 0, 5),
            mention("m2", 0, 5, typ="ORG"),
            mention("m3", 0, 5, "nominal"),
            mention("m4", 0, 5),
        ]
    )
    (f,) = C.check_duplicate_mentions(ann)
    assert (f.code, f.pointer, f.annotation_id) == ("duplicate-mention", "/mentions/3", "m4")
    assert "m1" in f.message
    assert list(C.check_flat_overlaps(ann)) != []  # m2 overlaps m1 (another type), m4 is left to this check
    assert all(f.annotation_id != "m4" for f in C.check_flat_overlaps(ann))


def test_check_duplicate_arguments() -> None:
    ev = {
        "id": "e1",
        "type": "Contact:Meet",
        "trigger": span(22, 25),
        "realis": "actual",
        "arguments": [
            {"role": "Entity", "mention": "m1"},
            {"role": "Place", "mention": "m1"},
            {"role": "Entity", "mention": "m2"},
            {"role": "Entity", "mention": "m1"},
            {"role": "Place", "span": span(0, 5)},
            {"role": "Place", "span": span(0, 5)},
        ],
    }
    found = list(C.check_duplicate_arguments(annotation(events=[ev])))
    assert [(f.code, f.pointer) for f in found] == [
        ("duplicate-argument", "/events/0/arguments/3"),
        ("duplicate-argument", "/events/0/arguments/5"),
    ]


def test_check_claim_cues() -> None:
    claim = {
        "id": "cl1",
        "content": span(0, 25),
        "cue": None,
        "claimer": None,
        "claimer_status": "author",
        "form": "indirect",
        "stance": "affirm",
        "events": [],
    }
    (f,) = C.check_claim_cues(annotation(claims=[claim]))
    assert (f.code, f.severity, f.pointer) == ("claim-without-cue", "warning", "/claims/0/cue")
    claim["cue"] = span(22, 25)
    assert list(C.check_claim_cues(annotation(claims=[claim]))) == []


def test_check_singleton_clusters() -> None:
    ann = annotation(
        [mention("m1", 0, 5), mention("m2", 10, 21)],
        clusters=[
            {"id": "c1", "type": "GPE", "name": "J", "mentions": ["m1", "m2"]},
            {"id": "c2", "type": "GPE", "name": "S", "mentions": ["m2"]},
            {"id": "c3", "type": "GPE", "name": "T", "mentions": ["m1", "m1"]},
        ],
    )
    found = list(C.check_singleton_clusters(ann))
    assert [(f.code, f.severity, f.annotation_id) for f in found] == [
        ("singleton-cluster", "warning", "c2"),
        ("singleton-cluster", "warning", "c3"),
    ]


def test_check_claim_events() -> None:
    events = [
        {"id": "e1", "type": "Contact:Meet", "trigger": span(22, 25), "realis": "actual", "arguments": []},
        {"id": "e2", "type": "Contact:Meet", "trigger": span(0, 5), "realis": "actual", "arguments": []},
    ]
    claim = {
        "id": "cl1",
        "content": span(10, 25),
        "cue": None,
        "claimer": None,
        "claimer_status": "author",
        "form": "indirect",
        "stance": "affirm",
        "events": ["e1", "e2", "e9"],
    }
    (f,) = C.check_claim_events(annotation(events=events, claims=[claim]))
    assert (f.code, f.severity, f.pointer, f.start, f.end) == (
        "claim-event-outside-content",
        "warning",
        "/claims/0/events/1",
        0,
        5,
    )


def _event(*arguments: dict) -> dict:
    return {
        "id": "e1",
        "type": "Transaction:Transfer-Money",
        "trigger": span(22, 25),
        "realis": "actual",
        "arguments": list(arguments),
    }


def test_check_argument_fillers() -> None:
    mentions = [
        mention("m1", 0, 5),
        mention("m2", 10, 15, typ="DATE"),
        mention("m3", 16, 21, typ="MONEY"),
        mention("m4", 6, 9, typ="CARDINAL"),
    ]
    ok = _event(
        {"role": "Time", "mention": "m2"},
        {"role": "Place", "mention": "m1"},
        {"role": "Money", "mention": "m3"},
        {"role": "Giver", "mention": "m1"},
        {"role": "Time", "span": span(0, 5)},
    )
    assert list(C.check_argument_fillers(annotation(mentions, events=[ok]))) == []
    bad = _event(
        {"role": "Time", "mention": "m1"},
        {"role": "Place", "mention": "m2"},
        {"role": "Giver", "mention": "m3"},
        {"role": "Recipient", "mention": "m4"},
    )
    found = list(C.check_argument_fillers(annotation(mentions, events=[bad])))
    assert [f.pointer for f in found] == [f"/events/0/arguments/{j}/mention" for j in range(4)]
    assert {(f.code, f.severity) for f in found} == {("argument-filler-type", "warning")}


def test_argument_filler_types_come_from_labels_json() -> None:
    inv = inventory()
    assert inv.role_filler_types["Time"] == {"DATE", "TIME"}
    assert inv.role_filler_types["Place"] == {"GPE", "LOC", "FAC"}
    values = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
    for role in ("Sentence", "Position", "Topic", "Task", "Status", "Crime"):
        assert inv.role_filler_types[role] == set(inv.entity_types)
    for role in ("Money", "Price"):
        assert inv.role_filler_types[role] == set(inv.entity_types) - values | {"MONEY"}
    assert inv.role_filler_types["Agent"] == set(inv.entity_types) - values
    # the check reads the inventory: another map, other findings
    ann = annotation([mention("m1", 0, 5)], events=[_event({"role": "Place", "mention": "m1"})])
    assert list(C.check_argument_fillers(ann)) == []
    fillers = {**inv.role_filler_types, "Place": frozenset({"LOC"})}
    changed = dataclasses.replace(inv, role_filler_types=fillers)
    assert codes(list(C.check_argument_fillers(ann, changed))) == {"argument-filler-type"}


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2019-13", False),
        ("2019-00", False),
        ("2019-13-45", False),
        ("2019-02-30", False),
        ("2019-02-29", False),
        ("2020-02-29", True),
        ("2019-04-31", False),
        ("2019-12-31", True),
        ("XXXX-02-29", True),
        ("XXXX-02-30", False),
        ("2019-XX-31", True),
        ("2019-XX-32", False),
        ("2019-W38", True),
        ("2020-W53", True),
        ("2019-W53", False),
        ("2019-W00", False),
        ("2019-09-19T21:31", True),
        ("2019-09-19T24:00", False),
        ("2019-09-19T21:61", False),
        ("1910/1945", True),
        ("2019-01-01/2019-02-30", False),
        ("P1Y", True),
        ("P13M", True),
        ("2019-Q4", True),
        ("2019-SU", True),
        ("2019-09-19TEV", True),
    ],
)
def test_normalized_values_are_real_calendar_dates(value: str, ok: bool) -> None:
    ann = annotation([mention("m1", 0, 5, typ="DATE", norm=value)])
    found = list(C.check_normalized(ann))
    assert (found == []) is ok, found
    assert all(f.code == "normalized-value" for f in found)


# --- document ids: one pattern, Windows device names -----------------------------------------------


def test_one_document_id_pattern_for_schema_ingest_and_validator() -> None:
    from newsgold import ingest

    assert load_schema("document")["properties"]["id"]["pattern"] == paths.DOCUMENT_ID_PATTERN
    assert load_schema("annotation")["properties"]["document_id"]["pattern"] == paths.DOCUMENT_ID_PATTERN
    assert ingest.SAFE_ID is paths.SAFE_ID
    assert paths.is_safe_document_id("bc715259e8893656") and paths.is_safe_document_id("con1")
    assert not paths.is_safe_document_id("abc\n") and not paths.is_safe_document_id("Abc")


@pytest.mark.parametrize("name", ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"])
def test_windows_device_names_are_unsafe_document_ids(name: str) -> None:
    data = read_json(VALID / "corpus/documents/fixture-doc.json")
    data["id"] = name
    (f,) = check_document(data)
    assert (f.code, f.pointer) == ("unsafe-document-id", "/id") and "Windows" in f.message
    ann = read_json(VALID / "annotations/gold/fixture-doc.json")
    ann["document_id"] = name
    doc = read_document(VALID / "corpus/documents/fixture-doc.json")
    (f,) = check_annotation(ann, doc)  # and no document-id-mismatch after it
    assert (f.code, f.pointer) == ("unsafe-document-id", "/document_id")


# --- no follow-on findings after a schema failure ----------------------------------------------------


def test_a_negative_start_gives_only_its_schema_finding(doc, ann) -> None:
    ann["mentions"][2]["start"] = -3
    found = check_annotation(ann, doc)
    assert [(f.code, f.pointer) for f in found] == [("schema-violation", "/mentions/2/start")]


def test_a_string_paragraph_offset_gives_only_its_schema_finding() -> None:
    data = read_json(VALID / "corpus/documents/fixture-doc.json")
    data["paragraphs"][-1]["end"] = str(data["paragraphs"][-1]["end"])
    found = check_document(data)
    assert [(f.code, f.pointer) for f in found] == [("schema-violation", "/paragraphs/2/end")]


def test_checks_skip_only_the_items_that_failed_the_schema(doc, ann) -> None:
    """The other items are still checked, and their findings point at their place in the file."""
    ann["mentions"][0]["start"] = "0"  # m1 fails the schema: left out of the semantic checks
    ann["mentions"][3]["text"] = "TOKIO"  # m4: still checked, still /mentions/3
    ann["mentions"].append({**ann["mentions"][4], "id": "m15"})  # a copy of m5, at /mentions/14
    found = check_annotation(ann, doc)
    assert [(f.code, f.pointer, f.annotation_id) for f in found] == [
        ("schema-violation", "/mentions/0/start", "m1"),
        ("duplicate-mention", "/mentions/14", "m15"),
        ("span-text-mismatch", "/mentions/3", "m4"),
    ]


def test_references_still_see_items_that_failed_the_schema(doc, ann) -> None:
    ann["mentions"][2]["kind"] = "proper"  # m3 has an unknown kind; e1 and c3 still name it
    found = check_annotation(ann, doc)
    assert [(f.code, f.pointer) for f in found] == [("unknown-label", "/mentions/2/kind")]


# --- corpus-level checks -------------------------------------------------------------------------


def test_duplicate_document_names_the_first(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "duplicate-document", tmp_path / "c")
    (f,) = validate_corpus(tmp_path / "c")
    assert (f.code, f.file, f.document_id, f.pointer) == (
        "duplicate-document",
        "corpus/documents/fixture-doc-copy.json",
        "fixture-doc-copy",
        "/provenance/raw_sha256",
    )
    assert "as document fixture-doc (corpus/documents/fixture-doc.json)" in f.message
    assert "raw page" in f.message and "same text" in f.message
    # a text that differs, from the same raw page, is still a duplicate
    copy_path = tmp_path / "c/corpus/documents/fixture-doc-copy.json"
    data = read_json(copy_path)
    data["text"] = data["text"].replace("Japan", "Nippon")
    copy_path.write_bytes(json.dumps(data).encode())
    assert "duplicate-document" in codes(validate_corpus(tmp_path / "c"))


def test_gold_annotator_for_a_single_gold_file() -> None:
    found = validate_paths([FIXTURES / "gold-annotator/annotations/gold/fixture-doc.json"])
    assert [(f.code, f.pointer) for f in found] == [("gold-annotator", "/annotator")]


def test_unadjudicated_document_is_gone_once_there_is_gold(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "unadjudicated-document", tmp_path / "c")
    (f,) = validate_corpus(tmp_path / "c")
    assert (f.code, f.file) == ("unadjudicated-document", "corpus/documents/fixture-doc.json")
    assert "alice" in f.message
    shutil.copytree(VALID / "annotations/gold", tmp_path / "c/annotations/gold")
    assert validate_corpus(tmp_path / "c") == []


# --- hostile input: what parses but must not pass, and what must not reach a terminal --------------


def _valid_copy(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(VALID, tmp_path / "c")
    return tmp_path / "c/corpus/documents/fixture-doc.json", tmp_path / "c/annotations/gold/fixture-doc.json"


def test_duplicate_keys_do_not_pass_validation_silently(tmp_path: Path) -> None:
    _, gold = _valid_copy(tmp_path)
    raw = gold.read_bytes()
    same = raw.replace(
        b'"end": 5,', b'"end": 5,\n      "end": 5,', 1
    )  # same value twice: orjson sees no change
    gold.write_bytes(same)
    (f,) = validate_paths([tmp_path / "c"])
    assert (f.code, f.pointer, f.annotation_id) == ("duplicate-key", "/mentions/0", "m1")
    assert "'end' 2 times" in f.message
    # a top-level key, in a compact file, and a key three times
    data, found = C.parse_json(b'{"a": 1, "b": [{"x": 1, "x": 2, "x": 3}], "a": 2}')
    assert data == {"a": 2, "b": [{"x": 3}]}
    assert [(f.code, f.pointer) for f in found] == [("duplicate-key", ""), ("duplicate-key", "/b/0")]
    assert "'x' 3 times" in found[1].message
    # a valid file written by another tool (other whitespace, escaped non-ASCII) has no finding
    assert C.parse_json(json.dumps({"a": "é", "b": [{"c": 1}]}, indent=4).encode()) == (
        {"a": "é", "b": [{"c": 1}]},
        [],
    )


def test_deeply_nested_json_is_a_finding_not_a_recursion_error(tmp_path: Path) -> None:
    _, gold = _valid_copy(tmp_path)
    raw = gold.read_bytes()
    for depth in (1_000, 2_000):  # within orjson's reading limit (1024), and beyond it
        gold.write_bytes(raw.replace(b'"text": "Japan"', b'"text": ' + b"[" * depth + b"]" * depth, 1))
        (f,) = validate_paths([tmp_path / "c"])
        assert f.code == "malformed-json", f.format()
        assert re.search("depth limit|nested deeper", f.message), f.message
    nested: list = []
    for _ in range(1_000):
        nested = [nested]
    ann = read_json(VALID / "annotations/gold/fixture-doc.json")
    ann["mentions"][0]["text"] = nested
    doc = read_document(VALID / "corpus/documents/fixture-doc.json")
    (f,) = check_annotation(ann, doc)
    assert f.code == "malformed-json" and "nested deeper than 254 levels" in f.message
    assert codes(check_document({"text": nested})) == {"malformed-json"}
    # nesting newsgold writes itself is read as usual (a schema finding, not a parse failure)
    shallow: list = []
    for _ in range(200):
        shallow = [shallow]
    ann["mentions"][0]["text"] = shallow
    assert codes(check_annotation(ann, doc)) == {"schema-violation"}


def test_deeply_nested_prediction_lines_are_malformed_lines_not_a_recursion_error(tmp_path: Path) -> None:
    ann = read_json(VALID / "annotations/gold/fixture-doc.json")
    line = orjson.dumps({**ann, "annotator": "system"})
    deep = line.replace(b'"text":"Japan"', b'"text":' + b"[" * 1_000 + b"]" * 1_000, 1)
    twice = line.replace(b'"id":"m2",', b'"id":"m2","id":"m2",', 1)
    path = tmp_path / "p.jsonl"
    path.write_bytes(deep + b"\n" + twice + b"\n")
    documents = documents_of(VALID)
    for validated in (True, False):
        found = read_predictions(path, documents, validate=validated).findings
        assert [(f.code, f.file) for f in found if f.code == "prediction-malformed-line"] == [
            ("prediction-malformed-line", f"{path}:1")
        ]
        assert "nested deeper than 254 levels" in found[0].message
        dup = [(f.file, f.document_id, f.pointer) for f in found if f.code == "duplicate-key"]
        assert dup == ([(f"{path}:2", "fixture-doc", "/mentions/1")] if validated else [])


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\r", "\x0c"])
def test_control_characters_in_the_text_do_not_pass_validation(char: str) -> None:
    d = read_json(VALID / "corpus/documents/fixture-doc.json")
    d["text"] = d["text"].replace("officials", f"offi{char}cials")
    (f,) = C.check_control_characters(d)
    at = d["text"].index(char)
    assert (f.code, f.pointer, f.start, f.end) == ("control-character", "/text", at, at + 1)
    assert repr(char) in f.message and char not in f.message


def test_tabs_and_line_feeds_are_the_control_characters_a_text_may_hold() -> None:
    d = read_json(VALID / "corpus/documents/fixture-doc.json")
    d["text"] = d["text"].replace("officials said", "officials\tsaid\nso")
    assert list(C.check_control_characters(d)) == []


def test_segments_outside_the_text_or_the_raw_page_do_not_pass_validation(tmp_path: Path) -> None:
    d = read_json(VALID / "corpus/documents/fixture-doc.json")
    raw = (VALID / "corpus/raw/fixture-doc.txt").read_bytes()
    assert list(C.check_segments(d)) == [] and list(C.check_raw_segments(d, raw)) == []
    n, pages = len(d["text"]), len(raw.decode("utf-8"))
    d["provenance"]["segments"] += [[n, n + 5, 0, 5], [5, 3, 0, 2], [0, 2, 9, 4], [0, 2, pages, pages + 1]]
    found = list(C.check_segments(d))
    assert [f.pointer for f in found] == [f"/provenance/segments/{i}" for i in (3, 4, 5)]
    assert "outside the text" in found[0].message and "reversed" in found[1].message
    assert "raw range 9-4 is reversed" in found[2].message
    (f,) = C.check_raw_segments(d, raw)
    assert f.pointer == "/provenance/segments/6" and "outside raw page" in f.message
    # raw offsets count code points of the page as decoded, not bytes, and not a byte order mark
    d["provenance"]["segments"] = [[0, 1, pages - 1, pages]]
    d["provenance"]["raw_encoding"] = "utf-8-sig"
    assert list(C.check_raw_segments(d, b"\xef\xbb\xbf" + raw)) == []
    d["provenance"]["segments"] = [[0, 1, pages, pages + 1]]
    assert codes(list(C.check_raw_segments(d, b"\xef\xbb\xbf" + raw))) == {"segment-out-of-bounds"}


def test_offsets_beyond_the_release_int32_columns_do_not_pass_validation() -> None:
    d = read_json(VALID / "corpus/documents/fixture-doc.json")
    assert list(C.check_integer_ranges(d)) == []
    d["provenance"]["segments"][0][2] = 2**31
    d["paragraphs"][0]["end"] = 2**31 - 1  # the largest int32 fits
    (f,) = C.check_integer_ranges(d)
    assert (f.code, f.pointer) == ("integer-out-of-range", "/provenance/segments/0/2")


def test_the_integer_range_fast_path_fails_wherever_the_check_finds_something() -> None:
    """Each integer the check reads, too large, fails the fast path; the largest int32 passes it."""
    d = read_json(VALID / "corpus/documents/fixture-doc.json")
    d["metadata"]["dateline"] = d["metadata"]["dateline"] or {"start": 0, "end": 1, "text": d["text"][:1]}
    d["provenance"]["removed"] = d["provenance"]["removed"] or [{"first_line": 1, "last_line": 2}]
    check = C.check_integer_ranges
    assert check.clean(d)  # type: ignore[attr-defined]
    places = [(p, k) for p in d["paragraphs"] for k in ("start", "end")]
    places += [(d["metadata"]["dateline"], k) for k in ("start", "end")]
    places += [(seg, k) for seg in d["provenance"]["segments"] for k in range(4)]
    places += [(r, k) for r in d["provenance"]["removed"] for k in ("first_line", "last_line")]
    for holder, key in places:
        kept = holder[key]
        for value, clean in ((2**31 - 1, True), (2**31, False)):
            holder[key] = value
            assert check.clean(d) is clean and (not list(check.full(d))) is clean  # type: ignore[attr-defined]
        holder[key] = kept


def test_the_int32_limit_is_that_of_the_release_columns() -> None:
    """Every integer column of every release configuration is int32, the limit the check applies."""

    def dtypes(feature: object) -> set[str]:
        if isinstance(feature, dict):
            return {t for f in feature.values() for t in dtypes(f)}
        if isinstance(feature, datasets.List):
            return dtypes(feature.feature)
        if isinstance(feature, datasets.Value) and "int" in feature.dtype:
            return {feature.dtype}
        return set()

    assert {t for config in CONFIGS for t in dtypes(features(config))} == {"int32"}
    assert C.INT32_MAX == 2**31 - 1


def test_ids_with_terminal_controls_are_escaped_in_findings() -> None:
    f = Finding(
        "span-text-mismatch",
        "error",
        "span text 'Jap\x1bn' differs",
        "annotations/gold/x\x1b[2J.json",
        "x\x9b31m",
        "/mentions/0",
        "m1\x1b]0;owned\x07",
        0,
        5,
    )
    line = format_findings([f])
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", line)
    assert "x\\x1b[2J.json" in line and "[m1\\x1b]0;owned\\x07]" in line and "x\\x9b31m" in line
    dumped = format_findings([f], "json")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", dumped)
    assert json.loads(dumped) == [f.to_dict()]  # escaped, and still the same JSON


def test_ids_with_terminal_controls_are_not_echoed_raw_by_the_cli(tmp_path: Path, capfd) -> None:
    _, gold = _valid_copy(tmp_path)
    ann = read_json(gold)
    ann["mentions"][0]["id"] = "m1\x1b[31m"
    ann["mentions"][0]["text"] = "Japn"
    gold.write_bytes(orjson.dumps(ann))
    for fmt in ("human", "json"):
        assert main(["validate", str(tmp_path / "c"), "--format", fmt]) == 1
        out, err = capfd.readouterr()
        assert "\x1b" not in out + err and "m1" in out


def test_command_output_from_data_reaches_the_terminal_escaped(capfd) -> None:
    """Whatever a command prints (an id, a file name, a message) passes through the terminal guard."""

    def command(args: argparse.Namespace) -> int:
        print("assigned doc\x1b[2J -> train\tok")
        print("progress\r", end="", file=sys.stderr)
        raise DataError("bad id 'x\x1b]0;title\x07'")

    assert dispatch(argparse.Namespace(func=command, command="splits")) == 1
    out, err = capfd.readouterr()
    assert out == "assigned doc\\u001b[2J -> train\tok\n"
    assert err == "progress\rnewsgold splits: bad id 'x\\x1b]0;title\\x07'\n"
    assert sys.stdout.write("\x1b") == 1 and capfd.readouterr().out == "\x1b"  # restored afterwards
