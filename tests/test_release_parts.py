"""A release made in parts (newsgold.release.parts): the same tables as the row maker, the same bytes
with any number of jobs, and batches that do not depend on how the parts cut the rows."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pyarrow as pa
import pytest

from checkout import CHECKOUT
from newsgold.corpus import iter_corpus
from newsgold.corpus.fingerprint import source_fingerprint
from newsgold.corpus.splits import read_splits
from newsgold.corpus.stats import combine_stats, corpus_stats
from newsgold.io import read_json, write_json
from newsgold.model import AnnotatedDocument
from newsgold.release import build
from newsgold.release.build import _ShardedWriter, build_release
from newsgold.release.context import ReleaseError
from newsgold.release.parts import make_part, part_of_records
from newsgold.release.tables import CONFIGS, RowMaker, storage_schema
from newsgold.synthetic import synthesize

LICENCE = "CC-BY-4.0"


@pytest.fixture(scope="module")
def corpus() -> list[tuple[AnnotatedDocument, str]]:
    """Every document of the checkout's corpus, with and without gold, with its split."""
    splits = read_splits(CHECKOUT)
    return [(item, splits[item.document.id]) for item in iter_corpus(CHECKOUT)]


@pytest.fixture(scope="module")
def synthetic_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parts") / "root"
    synthesize(60, root, seed=5)
    return root


def _reference(items: list[tuple[AnnotatedDocument, str]], standoff: bool) -> dict[tuple[str, str], pa.Table]:
    """The tables of :class:`RowMaker` (one document at a time, Python rows), as the writer once made them."""
    maker, rows = RowMaker(), {}
    for item, split in items:
        made = maker.rows(item, split, standoff and not item.document.metadata.redistributable)
        if item.annotation is not None:
            made["documents"][0]["annotation_licence"] = LICENCE
        for config in CONFIGS:
            if made[config]:
                rows.setdefault((config, split), []).extend(made[config])
    return {key: pa.Table.from_pylist(r, schema=storage_schema(key[0])) for key, r in rows.items()}


@pytest.mark.parametrize("standoff", [False, True])
def test_a_part_has_the_tables_of_the_row_maker(
    corpus: list[tuple[AnnotatedDocument, str]], standoff: bool
) -> None:
    assert any(not item.document.metadata.redistributable for item, _ in corpus)  # standoff hides some
    assert any(item.annotation is None for item, _ in corpus)
    part = make_part(corpus, standoff, LICENCE)
    expected = _reference(corpus, standoff)
    assert sorted(part.tables) == sorted(expected)
    for key, table in expected.items():
        assert part.tables[key].equals(table), key
    assert part.stats == corpus_stats(item for item, _ in corpus)
    assert part.documents == len(corpus)
    assert part.withheld == (
        sum(not i.document.metadata.redistributable for i, _ in corpus) if standoff else 0
    )


def test_figures_of_parts_combine_to_those_of_the_whole(corpus: list[tuple[AnnotatedDocument, str]]) -> None:
    halves = [corpus[: len(corpus) // 3], corpus[len(corpus) // 3 :]]
    parts = [make_part(h, False, LICENCE).stats for h in halves]
    assert combine_stats(parts) == corpus_stats(item for item, _ in corpus)
    assert combine_stats([]) == corpus_stats([])


@pytest.mark.parametrize(
    ("path", "column"),
    [
        (("mentions", 0, "type"), "type"),
        (("events", 0, "arguments", 0, "role"), "arguments.role"),
        (("events", 0, "realis"), "realis"),
        (("claims", 0, "stance"), "stance"),
    ],
)
def test_a_label_outside_the_inventory_fails_the_part_naming_the_document(
    corpus: list[tuple[AnnotatedDocument, str]], path: tuple, column: str
) -> None:
    item, split = next((i, s) for i, s in corpus if i.annotation is not None and i.annotation.claims)
    ann = item.annotation.to_dict()  # type: ignore[union-attr]
    at = ann
    for key in path[:-1]:
        at = at[key]
    at[path[-1]] = "WIZARD"
    with pytest.raises(ReleaseError, match=rf"document {item.document.id}: {column} 'WIZARD'"):
        part_of_records([(item.document.to_dict(), ann, split)], False, LICENCE)


def test_a_file_not_shaped_as_validated_is_a_release_error_not_a_traceback(
    corpus: list[tuple[AnnotatedDocument, str]],
) -> None:
    item, split = next((i, s) for i, s in corpus if i.annotation is not None)
    doc = item.document.to_dict()
    del doc["metadata"]["publisher"]
    with pytest.raises(ReleaseError, match="'publisher'"):
        part_of_records([(doc, None, split)], False, LICENCE)


@pytest.mark.parametrize("cut", [1, 7, 1000])
def test_batches_do_not_depend_on_how_the_rows_are_cut(
    corpus: list[tuple[AnnotatedDocument, str]], tmp_path: Path, cut: int
) -> None:
    table = make_part(corpus, False, LICENCE).tables[("mentions", "train")]
    assert table.num_rows > 200

    def written(pieces: list[pa.Table], folder: Path) -> list[bytes]:
        writer = _ShardedWriter(folder, "train", storage_schema("mentions"), shard_size=150, batch_size=40)
        for piece in pieces:
            writer.add(piece)
        return [(folder / name).read_bytes() for name in writer.close()]

    whole = written([table], tmp_path / "whole")
    pieces = [table.slice(i, cut) for i in range(0, table.num_rows, cut)]
    assert written(pieces, tmp_path / "cut") == whole
    assert len(whole) == -(-table.num_rows // 150)  # shards of 150 rows


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_release_is_byte_identical_with_one_job_and_two(
    synthetic_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """60 documents in parts of 25 (three parts, two workers), shards of 500 rows."""
    monkeypatch.setattr(build, "PART_SIZE", 25)
    one = build_release(synthetic_root, tmp_path / "one", allow_synthetic=True, jobs=1, shard_size=500)
    two = build_release(synthetic_root, tmp_path / "two", allow_synthetic=True, jobs=2, shard_size=500)
    assert _digest(tmp_path / "one") == _digest(tmp_path / "two")
    assert one.stats == two.stats and one.rows == two.rows and one.examples == two.examples
    manifest = read_json(tmp_path / "one" / "manifest.json")
    assert manifest["rows"]["mentions"]["train"] > 500  # more than one shard: the cut shows in the bytes
    assert len(one.shards["mentions"]["train"]) > 1
    # made from the hashes of the files the parts read, the same as hashing the sources afresh
    assert manifest["source_fingerprint"] == source_fingerprint(synthetic_root)


def test_a_release_in_parts_reports_a_broken_file_from_a_worker(synthetic_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(synthetic_root, root)
    gold = sorted((root / "annotations" / "gold").glob("*.json"))[-1]
    data = read_json(gold)
    data["mentions"][0]["type"] = "WIZARD"
    write_json(gold, data)
    with pytest.raises(ReleaseError, match=f"document {gold.stem}: .*WIZARD"):
        build_release(root, tmp_path / "out", allow_synthetic=True, validate=False, jobs=2)
    assert not (tmp_path / "out").exists()
