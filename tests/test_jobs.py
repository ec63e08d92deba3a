"""``--jobs``: validation finds the same in the same order with one process or two (newsgold.parallel)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

import newsgold.validate.engine as engine
from newsgold import paths
from newsgold.io import read_json, write_json
from newsgold.parallel import ordered_map, resolve_jobs
from newsgold.synthetic import synthesize
from newsgold.validate import validate

N = 40


@pytest.fixture(scope="module")
def synthetic_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("jobs") / "root"
    synthesize(N, root, seed=3)
    return root


def _damaged(synthetic_root: Path, target: Path) -> Path:
    """A copy of the corpus with findings of several kinds spread over its documents: duplicate
    documents far apart, an annotation that fails its schema, a missing raw page, an unreferenced
    one, an annotator's file without gold, an annotation without a document."""
    root = target / "root"
    shutil.copytree(synthetic_root, root)
    docs, gold = paths.documents_dir(root), paths.gold_dir(root)
    stems = sorted(p.stem for p in docs.glob("*.json"))
    first, late = read_json(docs / f"{stems[0]}.json"), stems[-3]
    write_json(docs / f"{late}.json", dict(first, id=late))  # the same text and raw page as the first
    ann = read_json(gold / f"{stems[5]}.json")
    ann["mentions"][0]["start"] = "zero"
    ann["mentions"][1]["type"] = "NOT-A-TYPE"
    write_json(gold / f"{stems[5]}.json", ann)
    ann = read_json(gold / f"{stems[9]}.json")
    ann["mentions"][2]["text"] += "x"
    write_json(gold / f"{stems[9]}.json", ann)
    (root / read_json(docs / f"{stems[12]}.json")["provenance"]["raw_path"]).unlink()
    (paths.raw_dir(root) / "stray.txt").write_text("nobody's page\n")
    annotator = root / "annotations" / "annotators" / "alice"
    annotator.mkdir(parents=True)
    alices = dict(read_json(gold / f"{stems[20]}.json"), annotator="alice")
    write_json(annotator / f"{stems[20]}.json", alices)
    (gold / f"{stems[20]}.json").unlink()
    write_json(gold / "no-such-document.json", read_json(gold / f"{stems[30]}.json"))
    return root


def test_validation_findings_are_the_same_in_the_same_order_with_one_and_two_jobs(
    synthetic_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _damaged(synthetic_root, tmp_path)
    monkeypatch.setattr(engine, "STEMS_PER_TASK", 2)  # many tasks: the duplicate is found across them
    one, two = validate(root=root, jobs=1), validate(root=root, jobs=2)
    assert two == one
    codes = {f.code for f in one.findings}
    assert {
        "duplicate-document",
        "schema-violation",
        "span-text-mismatch",
        "raw-file-missing",
        "unreferenced-raw-file",
        "unadjudicated-document",
        "unpaired-annotation",
    } <= codes
    assert one.documents == N and one.annotations == N + 1
    # a file named before the corpus is checked once, in either mode
    ninth = sorted(p.stem for p in paths.documents_dir(root).glob("*.json"))[9]
    given = [paths.gold_dir(root) / f"{ninth}.json"]
    assert validate([*given, root], jobs=2) == validate([*given, root], jobs=1)


def _square_later_first(x: int) -> int:
    time.sleep(0.02 * (5 - x) if x < 5 else 0)  # the first tasks finish last
    return x * x


def _fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


def test_ordered_map_keeps_the_order_of_the_tasks() -> None:
    assert list(ordered_map(_square_later_first, range(12), jobs=2, window=6)) == [x * x for x in range(12)]
    assert list(ordered_map(_square_later_first, range(12), jobs=1)) == [x * x for x in range(12)]


def test_ordered_map_raises_a_worker_error_at_its_task() -> None:
    seen = []
    with pytest.raises(ValueError, match="three"):
        for x in ordered_map(_fail_on_three, range(8), jobs=2):
            seen.append(x)
    assert seen == [0, 1, 2]


def test_jobs_zero_means_every_cpu() -> None:
    assert resolve_jobs(0) >= 1 and resolve_jobs(3) == 3
    with pytest.raises(ValueError):
        resolve_jobs(-1)
