"""Standoff releases and rehydration from raw pages, checked before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsgold.release import build_release, verify_release
from newsgold.release.rehydrate import RehydrateError, rehydrate
from release_corpora import SEED, make_corpus, run_command, seed_document, variant


@pytest.fixture
def root(tmp_path: Path) -> Path:
    seed = seed_document()
    return make_corpus(
        tmp_path / "corpus",
        [
            (seed, "test", True),
            (variant(seed, "a000000000000002", published="2020-05-05", redistributable=True), "train", True),
        ],
    )


def _files(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def test_rehydrate_restores_the_full_release_byte_for_byte(root: Path, tmp_path: Path) -> None:
    full = build_release(root, tmp_path / "full").directory
    standoff = build_release(root, tmp_path / "standoff", standoff=True).directory
    assert _files(full) != _files(standoff)
    summary = rehydrate(standoff, [root / "corpus" / "raw" / f"{SEED}.txt"], tmp_path / "restored")
    assert summary.documents == 2
    assert _files(tmp_path / "restored") == _files(full)
    assert verify_release(tmp_path / "restored").ok


def test_a_wrong_raw_page_is_refused_and_nothing_is_written(root: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    standoff = build_release(root, tmp_path / "standoff", standoff=True).directory
    raw = (root / "corpus" / "raw" / f"{SEED}.txt").read_text(encoding="utf-8")
    wrong = tmp_path / "pages" / f"{SEED}.txt"
    wrong.parent.mkdir()
    wrong.write_text(raw.replace("Thursday", "Friday"), encoding="utf-8")
    out = tmp_path / "restored"
    with pytest.raises(RehydrateError) as info:
        rehydrate(standoff, [wrong], out)
    assert "not the same page" in info.value.problems[0] and SEED in info.value.problems[0]
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "pages", "standoff"]
    assert run_command("rehydrate", str(standoff), "--raw", str(wrong.parent), "--out", str(out)) == 1
    assert "not the same page" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(RehydrateError, match="problem"):
        rehydrate(standoff, [], out)  # no page at all
    assert not out.exists()


def test_a_tampered_standoff_release_is_refused(root: Path, tmp_path: Path) -> None:
    standoff = build_release(root, tmp_path / "standoff", standoff=True).directory
    copy = tmp_path / "copy"
    shutil.copytree(standoff, copy)
    (copy / "CHANGELOG.md").write_text("changed\n", encoding="utf-8")
    with pytest.raises(RehydrateError) as info:
        rehydrate(copy, [root / "corpus" / "raw" / f"{SEED}.txt"], tmp_path / "restored")
    assert any("CHANGELOG.md: altered" in p for p in info.value.problems)
    assert not (tmp_path / "restored").exists()


def test_rehydrate_command(root: Path, tmp_path: Path) -> None:
    standoff = build_release(root, tmp_path / "standoff", standoff=True).directory
    out = tmp_path / "restored"
    assert (
        run_command("rehydrate", str(standoff), "--raw", str(root / "corpus" / "raw"), "--out", str(out)) == 0
    )
    assert run_command("verify", str(out)) == 0
    full = build_release(root, tmp_path / "full").directory
    assert _files(out) == _files(full)


def _copy_of_the_real_corpus(dest: Path) -> Path:
    """The checkout's corpus, annotations (gold and each annotator's) and datasheet."""
    from release_corpora import CHECKOUT

    shutil.copytree(CHECKOUT / "corpus", dest / "corpus")
    shutil.copytree(CHECKOUT / "annotations", dest / "annotations")
    shutil.copy2(CHECKOUT / "DATASHEET.md", dest / "DATASHEET.md")
    return dest


@pytest.mark.slow
def test_rehydrate_restores_the_real_corpus_byte_for_byte(tmp_path: Path) -> None:
    from newsgold.io import read_json

    root = _copy_of_the_real_corpus(tmp_path / "real")
    version = read_json(root / "corpus" / "VERSION.json")
    assert version.get("annotators") and version.get("annotations_creators")  # what this test is about
    full = build_release(root, tmp_path / "full").directory
    manifest = read_json(full / "manifest.json")
    assert manifest["agreement"], "the real corpus has two annotators, so agreement figures"
    standoff = build_release(root, tmp_path / "standoff", standoff=True).directory
    assert read_json(standoff / "manifest.json")["withheld_documents"] > 0
    rehydrate(standoff, sorted((root / "corpus" / "raw").iterdir()), tmp_path / "restored")
    restored = _files(tmp_path / "restored")
    expected = _files(full)
    assert sorted(restored) == sorted(expected)
    assert [f for f in expected if restored[f] != expected[f]] == []
    sheet = (tmp_path / "restored" / "DATASHEET.md").read_text(encoding="utf-8")
    assert "Reproduce with `newsgold agree`" in sheet
    croissant = read_json(tmp_path / "restored" / "croissant.json")
    assert croissant["rai:annotatorDemographics"] == [version["annotators"]]
    assert (
        read_json(tmp_path / "restored" / "manifest.json")["annotations_creators"]
        == version["annotations_creators"]
    )
