"""Loaders: load (datasets), load_table (pyarrow), iter_documents (typed), and the date filter."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import newsgold
from newsgold import paths
from newsgold.corpus import iter_corpus
from newsgold.corpus.fingerprint import source_fingerprint
from newsgold.io import read_json
from newsgold.labels import inventory
from newsgold.loaders import PackagedReleaseError, StaleReleaseError
from newsgold.release import build_release
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


def test_a_missing_release_is_built_saying_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = default_corpus(tmp_path / "corpus")
    with pytest.raises(FileNotFoundError, match="not built"):
        newsgold.load_table("mentions", root=root, build=False)
    assert not (root / "dist").exists()
    annotated = 2  # default_corpus: two of its three documents have gold
    assert newsgold.load_table("mentions", root=root).num_rows == annotated * len(
        synthetic_annotation(seed_document()).mentions
    )
    release = root / "dist" / "newsgold-1.0.0"
    err = capsys.readouterr().err.splitlines()
    assert err == [f"newsgold: building {release} (release 1.0.0 of {root} is not built yet)"]
    newsgold.load_table("mentions", root=root)  # built now: nothing more is said
    assert capsys.readouterr().err == ""


def test_a_stale_release_is_reported_and_rebuilt_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = default_corpus(tmp_path / "corpus")
    before = newsgold.load_table("mentions", root=root).num_rows
    manifest_path = root / "dist" / "newsgold-1.0.0" / "manifest.json"
    built = manifest_path.read_bytes()
    (root / "annotations" / "gold" / "a000000000000001.json").unlink()
    capsys.readouterr()
    for build in (None, False):
        with pytest.raises(StaleReleaseError, match="out of date.*newsgold release.*build=True"):
            newsgold.load_table("mentions", root=root, build=build)
    assert manifest_path.read_bytes() == built  # reported, not replaced
    assert newsgold.load_table("mentions", path=manifest_path.parent).num_rows == before  # as it is
    after = newsgold.load_table("mentions", root=root, build=True).num_rows
    assert after == before // 2
    assert capsys.readouterr().err.count("newsgold: rebuilding") == 1
    manifest = read_json(manifest_path)
    assert manifest["rows"]["mentions"]["test"] == after


def test_the_fingerprint_names_the_label_inventory_the_same_wherever_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editable install reads schema/labels.json of the checkout, a wheel its newsgold/schema copy:
    the release built by one is not stale for the other."""
    root = default_corpus(tmp_path / "corpus")
    before = source_fingerprint(root)
    installed = tmp_path / "site-packages" / "newsgold" / "schema" / "labels.json"
    installed.parent.mkdir(parents=True)
    installed.write_bytes(paths.labels_path().read_bytes())
    monkeypatch.setattr(paths, "labels_path", lambda: installed)
    assert source_fingerprint(root) == before
    installed.write_bytes(installed.read_bytes() + b"\n")  # the inventory's content still counts
    assert source_fingerprint(root) != before


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
    from newsgold.io import write_annotation

    root = default_corpus(tmp_path / "corpus")
    before = source_fingerprint(root)
    write_annotation(
        root / "annotations" / "annotators" / "annotator-a" / f"{SEED}.json",
        synthetic_annotation(seed_document()),
    )
    assert source_fingerprint(root) != before


# --- outside any project: the release the installed package carries -------------------------------


@pytest.fixture()
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder in no project, with NEWSGOLD_ROOT unset."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("NEWSGOLD_ROOT", raising=False)
    return folder


@pytest.fixture(scope="module")
def standoff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = default_corpus(tmp_path_factory.mktemp("standoff-corpus"))
    return build_release(root, tmp_path_factory.mktemp("packaged") / "release", standoff=True).directory


def test_outside_a_project_the_packaged_release_is_read(
    nowhere: Path, standoff: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "packaged_release_dir", lambda: standoff)
    rows = read_json(standoff / "manifest.json")["rows"]
    assert newsgold.load_table("mentions").num_rows == sum(rows["mentions"].values())
    assert newsgold.load_table("texts", version="1.0.0").num_rows == 3
    with pytest.raises(FileNotFoundError, match="carries release 1.0.0, not 9.9.9"):
        newsgold.load_table(version="9.9.9")
    # the standoff release withholds two of the three texts: those documents are left out, with a warning
    with pytest.warns(UserWarning, match="withheld .*newsgold rehydrate"):
        ids = [item.document.id for item in newsgold.iter_documents()]
    assert ids == ["a000000000000002"]
    assert not list(nowhere.iterdir())  # nothing written where the user is


def test_a_packaged_release_that_does_not_match_its_manifest_is_refused(
    nowhere: Path, standoff: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    altered = tmp_path / "altered"
    shutil.copytree(standoff, altered)
    labels = altered / "labels.json"
    labels.write_bytes(labels.read_bytes() + b" ")
    monkeypatch.setattr(paths, "packaged_release_dir", lambda: altered)
    with pytest.raises(PackagedReleaseError, match=r"labels.json: altered .*reinstall newsgold"):
        newsgold.load_table("mentions")


def test_outside_a_project_without_a_packaged_release_the_error_says_what_to_do(
    nowhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "packaged_release_dir", lambda: None)
    with pytest.raises(paths.ProjectRootError) as exc:
        newsgold.load("ner")
    message = str(exc.value)
    assert str(nowhere) in message and "newsgold init DIR" in message and "NEWSGOLD_ROOT" in message
    assert "carries no release" in message and "path=" in message
    assert not list(nowhere.iterdir())
