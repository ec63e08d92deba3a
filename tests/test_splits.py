"""Splits: recorded for every document, assigned to new documents by a frozen hash rule."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from newsgold.corpus import document_paths
from newsgold.corpus.splits import assign_splits, read_splits, rule_split, update_splits
from newsgold.io import read_json, write_document
from newsgold.labels import inventory
from release_corpora import default_corpus, run_command, seed_document, variant

# Pinned outputs of the rule. The rule is frozen within a major corpus version: if this test fails,
# the rule changed, which would move documents between splits.
FROZEN = {
    "bc715259e8893656": "test",
    "a000000000000001": "train",
    "doc-3": "test",
    "doc-4": "test",
    "doc-1": "validation",
    "ffffffffffffffff": "train",
}


def test_every_corpus_document_has_a_recorded_split() -> None:
    recorded = read_splits()
    ids = [p.stem for p in document_paths()]
    assert ids and all(i in recorded for i in ids)
    assert set(recorded.values()) <= set(inventory().splits)


def test_the_rule_is_frozen() -> None:
    assert {i: rule_split(i) for i in FROZEN} == FROZEN


def test_the_rule_gives_about_60_20_20() -> None:
    counts = Counter(rule_split(f"doc-{i}") for i in range(20_000))
    train, validation, test = inventory().splits
    assert 0.58 < counts[train] / 20_000 < 0.62
    assert 0.19 < counts[validation] / 20_000 < 0.21 and 0.19 < counts[test] / 20_000 < 0.21


def test_recorded_splits_are_never_reassigned(tmp_path: Path) -> None:
    assert assign_splits(["doc-3", "doc-1"], {"doc-3": "train"}) == {"doc-1": "validation", "doc-3": "train"}
    root = default_corpus(tmp_path / "corpus")
    before = read_splits(root)
    write_document(root / "corpus" / "documents" / "doc-3.json", variant(seed_document(), "doc-3"))
    assert run_command("splits", "--check", "--root", str(root)) == 1
    assert update_splits(root) == ["doc-3"]
    after = read_json(root / "corpus" / "splits.json")
    assert after == {**before, "doc-3": "test"}
    assert run_command("splits", "--check", "--root", str(root)) == 0


def test_check_compares_with_the_last_release_of_the_major_version(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from newsgold.io import write_json
    from newsgold.release import build_release

    root = default_corpus(tmp_path / "corpus")
    build_release(root)  # dist/newsgold-1.0.0
    assert run_command("splits", "--check", "--root", str(root)) == 0
    capsys.readouterr()
    recorded = read_json(root / "corpus" / "splits.json")
    assert recorded["a000000000000001"] == "train"
    write_json(root / "corpus" / "splits.json", {**recorded, "a000000000000001": "test"})
    assert run_command("splits", "--check", "--root", str(root)) == 1
    err = capsys.readouterr().err
    assert "a000000000000001 is recorded in test" in err and "newsgold-1.0.0 has it in train" in err
    version = read_json(root / "corpus" / "VERSION.json")
    write_json(root / "corpus" / "VERSION.json", {**version, "corpus_version": "2.0.0"})
    assert run_command("splits", "--check", "--root", str(root)) == 0  # a new major version may move it


def test_check_of_a_missing_root_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run_command("splits", "--check", "--root", str(tmp_path / "nonexistent")) == 2
    captured = capsys.readouterr()
    assert "nonexistent" in captured.err and "splits: none" not in captured.out
