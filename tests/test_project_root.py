"""Finding the project root: the nearest project at or above the working folder, then $NEWSGOLD_ROOT,
then a usage error that says how to name one; and the ``newsgold`` command run where a user is."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsgold import paths
from newsgold.cli import main

CHECKOUT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "validation"


def make_project(folder: Path, marker: str = "corpus/documents") -> Path:
    (folder / marker).mkdir(parents=True)
    return folder


@pytest.fixture()
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSGOLD_ROOT", raising=False)


def test_the_nearest_project_at_or_above_the_working_folder(tmp_path: Path, no_env: None) -> None:
    outer = make_project(tmp_path / "outer")
    inner = make_project(outer / "work" / "inner", "annotations/gold")
    deep = inner / "annotations" / "gold"
    assert paths.find_project_root(deep) == inner.resolve()
    assert paths.find_project_root(inner) == inner.resolve()
    assert paths.find_project_root(outer / "work") == outer.resolve()
    assert paths.find_project_root(tmp_path) is None
    assert paths.project_root(deep) == inner.resolve()


def test_what_marks_a_project(tmp_path: Path) -> None:
    assert paths.is_project_root(make_project(tmp_path / "a", "corpus/documents"))
    assert paths.is_project_root(make_project(tmp_path / "b", "annotations/gold"))
    (tmp_path / "images" / "annotations").mkdir(parents=True)  # a common folder name, not a project
    (tmp_path / "images" / "corpus").mkdir()
    assert not paths.is_project_root(tmp_path / "images")


def test_newsgold_root_counts_only_outside_any_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = make_project(tmp_path / "here")
    there = make_project(tmp_path / "there")
    monkeypatch.setenv("NEWSGOLD_ROOT", str(there))
    assert paths.find_project_root(here) == here.resolve()  # where the user is comes first
    (tmp_path / "nowhere").mkdir()
    assert paths.find_project_root(tmp_path / "nowhere") == there.resolve()
    monkeypatch.chdir(tmp_path / "nowhere")
    assert paths.project_root() == there.resolve()


def test_no_project_is_an_error_that_says_how_to_name_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_env: None
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(paths.ProjectRootError) as exc:
        paths.project_root()
    message = str(exc.value)
    assert f"neither {tmp_path.resolve()} nor a folder above it" in message
    for hint in ("newsgold init DIR", "--root DIR", "NEWSGOLD_ROOT=DIR"):
        assert hint in message
    monkeypatch.setenv("NEWSGOLD_ROOT", str(tmp_path / "missing"))
    with pytest.raises(paths.ProjectRootError, match=r"missing \(from NEWSGOLD_ROOT\) .* does not exist"):
        paths.require_project_root()
    with pytest.raises(paths.ProjectRootError, match="has neither corpus/documents/ nor annotations/gold/"):
        paths.require_project_root(tmp_path)


def test_a_command_in_no_project_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_env: None
) -> None:
    monkeypatch.chdir(tmp_path)
    for argv in (
        ["validate"],
        ["release"],
        ["splits"],
        ["agree"],
        ["ls", "tasks"],
        ["bench", "--extractor", "baseline"],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith(f"newsgold {argv[0]}: no newsgold project here"), err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing written


# --- the command as a user runs it --------------------------------------------------------------


def newsgold(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed ``newsgold`` command, run in ``cwd`` with NEWSGOLD_ROOT unset."""
    script = Path(sys.executable).parent / "newsgold"
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "newsgold"]
    env = {k: v for k, v in os.environ.items() if k != "NEWSGOLD_ROOT"}
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_init_then_validate_in_the_new_project_validates_that_folder(tmp_path: Path) -> None:
    assert newsgold("init", "proj", cwd=tmp_path).returncode == 0
    proj = tmp_path / "proj"
    empty = newsgold("validate", cwd=proj)
    assert empty.returncode == 0, empty.stderr
    assert "0 files checked (0 documents, 0 annotations)" in empty.stderr  # the checkout has hundreds
    # a document with a wrong span, put into the new project: found from a folder inside it
    for sub in ("corpus", "annotations"):
        shutil.copytree(FIXTURES / "span-text-mismatch" / sub, proj / sub, dirs_exist_ok=True)
    found = newsgold("validate", cwd=proj / "annotations" / "gold")
    assert found.returncode == 1, found.stderr
    assert found.stdout.startswith("annotations/gold/fixture-doc.json: fixture-doc /mentions/0")
    assert "span-text-mismatch" in found.stdout
    assert "(1 documents, 1 annotations)" in found.stderr


def test_validate_in_a_folder_that_is_no_project_exits_2(tmp_path: Path) -> None:
    result = newsgold("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"newsgold validate: no newsgold project here: neither {tmp_path.resolve()}"
    )
    assert "newsgold init DIR" in result.stderr and "Traceback" not in result.stderr
