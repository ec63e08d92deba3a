"""Fixtures shared by every test folder (folder-specific ones live in that folder's conftest.py)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from checkout import CHECKOUT, SEED_DOCUMENT, SEED_GOLD
from newsgold.io import read_annotation, read_document
from newsgold.model import Annotation, Document


@pytest.fixture(scope="session")
def seed_document() -> Document:
    """The seed article, as the corpus holds it."""
    return read_document(SEED_DOCUMENT)


@pytest.fixture(scope="session")
def seed_gold() -> Annotation:
    """The seed article's gold annotation."""
    return read_annotation(SEED_GOLD)


# --- the checkout stays as it was --------------------------------------------------------------------
# Tests write into temporary folders only. The suite records every file of the checkout (but for the
# virtual environments and tool caches) before the first test and compares after the last: a file
# added, changed or removed fails the run, named.

_CACHES = {
    ".venv",
    ".venv-labelstudio",
    ".git",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "__pycache__",
    "build",
}


def checkout_files(root: Path = CHECKOUT) -> dict[str, tuple[int, int]]:
    """Relative path -> (size, mtime in ns) of every file under ``root`` outside the caches."""
    out = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _CACHES and not d.endswith(".egg-info")]
        for name in files:
            path = Path(folder) / name
            try:
                st = path.lstat()
            except FileNotFoundError:
                continue
            out[path.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns)
    return out


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(
        [f"added {p}" for p in after.keys() - before.keys()]
        + [f"removed {p}" for p in before.keys() - after.keys()]
        + [f"changed {p}" for p in before.keys() & after.keys() if before[p] != after[p]]
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_BEFORE] = checkout_files()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_BEFORE, None)
    if before is None or getattr(session.config, "workerinput", None) is not None:
        return
    changes = changed_files(before, checkout_files())
    if changes:
        more = f" and {len(changes) - 20} more" if len(changes) > 20 else ""
        print(
            f"\nthe tests changed the checkout ({CHECKOUT}): " + ", ".join(changes[:20]) + more,
            file=sys.stderr,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_BEFORE = pytest.StashKey[dict[str, tuple[int, int]]]()


@pytest.fixture
def project_copy(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the checkout's project (corpus, annotations, datasheet), made the working folder and
    ``$NEWSGOLD_ROOT``: for tests that build or load the project's release without touching the checkout."""
    root = tmp_path_factory.mktemp("project")
    for name in ("corpus", "annotations"):
        shutil.copytree(CHECKOUT / name, root / name)
    shutil.copy2(CHECKOUT / "DATASHEET.md", root / "DATASHEET.md")
    monkeypatch.chdir(root)
    monkeypatch.setenv("NEWSGOLD_ROOT", str(root))
    return root
