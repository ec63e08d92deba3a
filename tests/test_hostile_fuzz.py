"""Fuzzing the readers of outside data: a finding (or a clean read), never an exception.

Label Studio exports (every field of a task, an annotation and each result replaced by a value of the
wrong type: lists, objects, numbers, strings, null, huge integers, deep nesting) through the import's
converter; annotation files so damaged through ``validate`` and through the benchmark's gold and
predictions readers.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checkout import CHECKOUT, SEED_ID
from newsgold.bench.predictions import read_predictions
from newsgold.bench.run import load_gold
from newsgold.errors import NewsgoldError
from newsgold.findings import CODES
from newsgold.io import write_document, write_json
from newsgold.labelstudio.importer import convert_export, read_export
from newsgold.labelstudio.mapping import from_results, to_results
from newsgold.labelstudio.tasks import build_tasks
from newsgold.model import Document
from newsgold.validate import validate_paths
from release_corpora import seed_document, synthetic_annotation

Path_ = tuple[Any, ...]  # keys and indices from the top of a JSON value


def _deep(levels: int) -> Any:
    value: Any = "x"
    for i in range(levels):
        value = [value] if i % 2 else {"k": value}
    return value


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.sampled_from([2**63, -(2**63) - 1, 10**30])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["", "#", "m1", "entity", "relation", "labels", "PERSON", "\x00", "\ud800"[:0]])
)
HOSTILE = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
) | st.sampled_from([_deep(60), [[[[[]]]]], {"start": "0", "end": [1], "text": {}}])


def paths_of(value: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every key and index path below ``value`` (the value itself excluded)."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        yield (*prefix, key)
        yield from paths_of(child, (*prefix, key))


def replaced(value: Any, path: Path_, new: Any) -> Any:
    """A deep copy of ``value`` with the item at ``path`` replaced by ``new``."""
    copy = json.loads(json.dumps(value))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = new
    return copy


def check_findings(findings: list[Any]) -> None:
    for f in findings:
        assert f.code in CODES and f.severity == CODES[f.code][0], f
        assert isinstance(f.message, str) and f.message


# --- Label Studio exports -------------------------------------------------------------------------

SEED = seed_document()
ANNOTATION = synthetic_annotation(SEED, "annotator-a")
RESULTS = to_results(ANNOTATION)
(TASK,) = build_tasks([SEED], {SEED.id: [ANNOTATION]})
TASK["annotations"][0]["completed_by"] = {"id": 1, "email": "annotator-a@example.org"}
EXPORT = [TASK]
EXPORT_PATHS = list(paths_of(EXPORT))
RESULT_PATHS = [p for p in paths_of(RESULTS)]


def _documents(doc_id: str) -> Document | None:
    return SEED if doc_id == SEED.id else None


@settings(max_examples=300, deadline=None)
@given(path=st.sampled_from(RESULT_PATHS), value=HOSTILE)
def test_a_result_field_of_any_type_is_a_finding_not_an_exception(path: Path_, value: Any) -> None:
    results = replaced(RESULTS, path, value)
    ann, findings = from_results(
        results, SEED.text, document_id=SEED.id, text_sha256=SEED.text_sha256, annotator="a", pointer="/r"
    )
    check_findings(findings)
    if ann is None:
        assert any(f.severity == "error" for f in findings)


@settings(max_examples=300, deadline=None)
@given(path=st.sampled_from(EXPORT_PATHS), value=HOSTILE)
@example(path=(0, "data", "layout"), value=[{"k": "x"}])  # an unhashable layout once raised TypeError
def test_an_export_field_of_any_type_is_a_finding_not_an_exception(path: Path_, value: Any) -> None:
    export = replaced(EXPORT, path, value)
    items, findings = convert_export(export, _documents, file="export.json", predictions=True)
    check_findings(findings)
    assert all(f.file == "export.json" for f in findings)
    for item in items:
        assert item.annotation is not None or any(f.severity == "error" for f in findings)


@settings(max_examples=60, deadline=None)
@given(value=HOSTILE)
def test_an_export_of_any_shape_is_a_finding_not_an_exception(value: Any) -> None:
    items, findings = convert_export(value, _documents, file="export.json")
    check_findings(findings)
    assert items == [] or isinstance(value, (list, dict))


@pytest.mark.parametrize(
    ("content", "finding"),
    [
        (b"null", "JSON null"),
        (b"42", "not a list of tasks"),
        (b'"tasks"', "not a list of tasks"),
        (b"\x89PNG\x00\xff", "not valid JSON"),
        (b"", "not valid JSON"),
    ],
)
def test_an_export_that_is_no_list_of_tasks_is_an_ls_malformed_export(
    tmp_path: Path, content: bytes, finding: str
) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    data, found = read_export(path)
    if not found:
        _, found = convert_export(data, _documents, file=str(path))
    assert [f.code for f in found] == ["ls-malformed-export"] and finding in found[0].message
    assert found[0].file == str(path)


# --- annotation files: validate, and the benchmark's readers ------------------------------------------

GOLD = synthetic_annotation(SEED, "gold").to_dict()
GOLD_PATHS = list(paths_of(GOLD))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of the seed alone (in the test split), its gold to be replaced by each example."""
    root = tmp_path_factory.mktemp("fuzz")
    write_document(root / "corpus" / "documents" / f"{SEED_ID}.json", SEED)
    (root / "corpus" / "raw").mkdir()
    shutil.copy2(CHECKOUT / SEED.provenance.raw_path, root / SEED.provenance.raw_path)
    write_json(root / "corpus" / "splits.json", {SEED_ID: "test"})
    return root


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")  # big integers, NaN: as a careless writer would


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(GOLD_PATHS), value=HOSTILE)
def test_an_annotation_field_of_any_type_is_a_finding_for_validate_and_bench(
    corpus: Path, path: Path_, value: Any
) -> None:
    data = replaced(GOLD, path, value)
    gold = corpus / "annotations" / "gold" / f"{SEED_ID}.json"
    _write(gold, data)
    findings = validate_paths([gold, corpus / "corpus" / "documents" / f"{SEED_ID}.json"])
    check_findings(findings)
    errors = [f for f in findings if f.severity == "error"]
    try:
        read = load_gold("test", root=corpus)
    except NewsgoldError as exc:  # the gold is refused, naming the file
        assert errors and str(gold) in str(exc)
    else:
        assert not errors and list(read.annotations) == [SEED_ID]
    predictions = corpus / "predictions.jsonl"
    predictions.write_text(json.dumps(data) + "\n", encoding="utf-8")
    check_findings(read_predictions(predictions, {SEED_ID: SEED}).findings)
