"""Where a release may be written: never over data that is not a newsgold release."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgold.io import read_json
from newsgold.release import build_release
from release_corpora import SEED, default_corpus, make_corpus, run_command, seed_document, variant


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return default_corpus(tmp_path / "corpus")


def test_a_folder_that_is_not_a_release_is_refused(root: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.tex").write_text("years of work\n", encoding="utf-8")
    assert run_command("release", "--root", str(root), "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "not a newsgold release" in err and "--force" in err
    assert (out / "chapter1.tex").read_text(encoding="utf-8") == "years of work\n"
    assert sorted(p.name for p in out.iterdir()) == ["chapter1.tex"]
    from newsgold.release.build import DestinationError

    with pytest.raises(DestinationError):
        build_release(root, out)
    assert (out / "chapter1.tex").exists()
    # --force replaces the folder on purpose
    assert run_command("release", "--root", str(root), "--out", str(out), "--force") == 0
    assert not (out / "chapter1.tex").exists() and (out / "manifest.json").is_file()


def test_an_empty_folder_and_an_earlier_release_are_replaced(root: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_command("release", "--root", str(root), "--out", str(empty)) == 0
    assert (empty / "manifest.json").is_file()
    assert run_command("release", "--root", str(root), "--out", str(empty), "--standoff") == 0
    assert read_json(empty / "manifest.json")["form"] == "standoff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "empty"]  # no temporary, no lock left
    # a file the manifest does not list makes it a folder of the user's: kept, unless --force
    (empty / "stale.txt").write_text("left by a user inside the release\n", encoding="utf-8")
    capsys.readouterr()
    assert run_command("release", "--root", str(root), "--out", str(empty)) == 2
    assert "it holds stale.txt, which its manifest.json does not list" in capsys.readouterr().err
    assert (empty / "stale.txt").exists()


@pytest.mark.parametrize("where", ["file", "project", "parent", "home"])
def test_never_even_with_force(where: str, root: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    a_file = tmp_path / "release.tar"
    a_file.write_bytes(b"not a folder")
    target = {"file": a_file, "project": root, "parent": tmp_path, "home": home}[where]
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert run_command("release", "--root", str(root), "--out", str(target), "--force") == 2
    assert "refusing" in capsys.readouterr().err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    assert a_file.read_bytes() == b"not a folder"
    assert (root / "corpus" / "documents" / f"{SEED}.json").is_file()


def test_rehydrate_refuses_a_folder_that_is_not_a_release(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    seed = seed_document()
    root = make_corpus(
        tmp_path / "corpus",
        [(seed, "test", True), (variant(seed, "a000000000000002", redistributable=True), "train", False)],
    )
    standoff = build_release(root, tmp_path / "standoff", standoff=True).directory
    out = tmp_path / "data"
    out.mkdir()
    (out / "keep.csv").write_text("a,b\n", encoding="utf-8")
    raw = str(root / "corpus" / "raw")
    assert run_command("rehydrate", str(standoff), "--raw", raw, "--out", str(out)) == 2
    assert "not a newsgold release" in capsys.readouterr().err
    assert (out / "keep.csv").read_text(encoding="utf-8") == "a,b\n"
    # nor over the standoff release it reads, even with --force
    assert run_command("rehydrate", str(standoff), "--raw", raw, "--out", str(standoff), "--force") == 2
    assert (standoff / "manifest.json").is_file()
    assert run_command("rehydrate", str(standoff), "--raw", raw, "--out", str(out), "--force") == 0
    assert run_command("verify", str(out)) == 0


def test_release_of_a_root_that_is_not_a_project_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run_command("release", "--root", str(tmp_path / "nonexistent")) == 2
    err = capsys.readouterr().err
    assert "is not a newsgold project root" in err and "Traceback" not in err
