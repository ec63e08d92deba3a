"""Loaders: load (datasets), load_table (pyarrow), iter_documents (typed), and the date filter."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import newsgold
from newsgold.corpus import iter_corpus
from newsgold.io import read_json
from newsgold.labels import inventory
from release_corpora import SEED, default_corpus, seed_document, synthetic_annotation


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_corpus(tmp_path_factory.mktemp("corpus"))


def test_round_trip_documents_parquet_typed_documents_is_lossless(root: Path) -> None:
    original = list(iter_corpus(root))
    assert any(item.annotation is None for item in original)  # the unannotated case is covered too
    loaded = {item.document.id: item for item in newsgold.iter_documents(root=root)}
    assert set(loaded) == {item.document.id for item in original}
    for item in original:
        assert loaded[item.document.id] == item  # frozen dataclasses: every field, every span
        assert loaded[item.document.id].document.to_dict() == item.document.to_dict()


def test_load_returns_dataset_dict_or_dataset(root: Path, tmp_path: Path) -> None:
    import datasets

    dd = newsgold.load(root=root, cache_dir=str(tmp_path))
    assert isinstance(dd, datasets.DatasetDict)
    assert {k: v.num_rows for k, v in dd.items()} == {"train": 1, "test": 1}  # documents with gold
    texts = newsgold.load("texts", root=root, cache_dir=str(tmp_path))
    assert {k: v.num_rows for k, v in texts.items()} == {"train": 1, "validation": 1, "test": 1}
    assert texts["validation"]["annotated"] == [False]
    ner = newsgold.load("ner", split="test", root=root, cache_dir=str(tmp_path))
    assert isinstance(ner, datasets.Dataset)
    assert ner.features["ner_tags"].feature.names == list(inventory().bio_tags)
    streamed = newsgold.load("mentions", split="test", root=root, streaming=True)
    assert len(list(streamed)) == len(synthetic_annotation(seed_document()).mentions)


def test_published_after_filter(root: Path, tmp_path: Path) -> None:
    # seed 2019-09-19 (test), copy 2018-03-01 (train, annotated), copy 2020-05-05 (validation)
    dd = newsgold.load("texts", published_after="2019-01-01", root=root, cache_dir=str(tmp_path))
    assert sorted(i for split in dd.values() for i in split["id"]) == sorted([SEED, "a000000000000002"])
    gold = newsgold.load(published_after="2019-01-01", root=root, cache_dir=str(tmp_path))
    assert [i for split in gold.values() for i in split["id"]] == [SEED]
    table = newsgold.load_table("mentions", published_after=dt.date(2019, 1, 1), root=root)
    assert set(table.column("document_id").to_pylist()) == {SEED}
    later = [item.document.id for item in newsgold.iter_documents(published_after="2019-09-19", root=root)]
    assert later == ["a000000000000002"]  # strictly after the cut-off date
    at_time = newsgold.load_table("texts", published_after=dt.datetime(2019, 9, 18, 23, 0), root=root)
    assert sorted(at_time.column("id").to_pylist()) == sorted([SEED, "a000000000000002"])
    with pytest.raises(ValueError, match="published_after"):
        newsgold.load_table(published_after="last year", root=root)


def test_load_table_keeps_class_label_names(root: Path) -> None:
    from datasets import Features

    table = newsgold.load_table("events", root=root)
    assert table.num_rows == 2
    features = Features.from_dict(json.loads(table.schema.metadata[b"huggingface"])["info"]["features"])
    assert features["realis"].names == list(inventory().realis)
    one = newsgold.load_table("documents", split="test", columns=["id", "text_sha256"], root=root)
    assert one.to_pylist() == [{"id": SEED, "text_sha256": seed_document().text_sha256}]


def test_release_is_rebuilt_when_the_sources_change(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    before = newsgold.load_table("mentions", root=root).num_rows
    (root / "annotations" / "gold" / "a000000000000001.json").unlink()
    after = newsgold.load_table("mentions", root=root).num_rows
    assert after == before // 2
    manifest = read_json(root / "dist" / "newsgold-1.0.0" / "manifest.json")
    assert manifest["rows"]["mentions"]["test"] == after


def test_unknown_version_or_config(root: Path) -> None:
    with pytest.raises(FileNotFoundError, match="release 9.9.9 is not built"):
        newsgold.load_table(version="9.9.9", root=root)
    with pytest.raises(ValueError, match="unknown configuration"):
        newsgold.load_table("tokens", root=root)
    with pytest.raises(ValueError, match="no rows in split 'validation'"):
        newsgold.load_table("mentions", split="validation", root=root)


def test_explicit_release_path(root: Path) -> None:
    directory = root / "dist" / "newsgold-1.0.0"
    newsgold.load_table(root=root)  # make sure it is built
    ids = [item.document.id for item in newsgold.iter_documents(path=directory)]
    assert ids == ["a000000000000001", "a000000000000002", SEED]  # train, validation, test


def test_import_newsgold_stays_light() -> None:
    code = (
        "import sys, newsgold; print(sorted(m for m in ('datasets', 'pyarrow', 'pandas')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_changed_annotator_pass_makes_the_release_stale(tmp_path: Path) -> None:
    """The agreement figures of a release come from the passes, so they are part of its sources."""
    from newsgold.corpus.fingerprint import source_fingerprint
    from newsgold.io import write_annotation

    root = default_corpus(tmp_path / "corpus")
    before = source_fingerprint(root)
    write_annotation(
        root / "annotations" / "annotators" / "annotator-a" / f"{SEED}.json",
        synthetic_annotation(seed_document()),
    )
    assert source_fingerprint(root) != before
