"""Where the project's data lives.

The label inventory and schemas ship inside the wheel (``newsgold/schema``); in a source checkout
they are read from the top-level ``schema/`` folder. The corpus, annotations and releases live in a
project root: ``$NEWSGOLD_ROOT``, else the source checkout this package was installed from.
"""

from __future__ import annotations

import os
import re
from importlib.resources import files
from pathlib import Path

from newsgold.errors import UsageError

_CHECKOUT = Path(__file__).resolve().parents[2]

# A document id is also a file name (corpus/documents/<id>.json, annotations/gold/<id>.json), so it is
# lower-case ASCII letters, digits, "_" and "-", at most 64 characters, not starting with "_" or "-",
# and never a name Windows reserves for a device. The one definition: the JSON Schemas use the pattern,
# ingest and the validator use :func:`is_safe_document_id`.
WINDOWS_RESERVED_NAMES = (
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
)
DOCUMENT_ID_PATTERN = rf"^(?!(?:{'|'.join(WINDOWS_RESERVED_NAMES)})$)[a-z0-9][a-z0-9_-]{{0,63}}$"
SAFE_ID = re.compile(DOCUMENT_ID_PATTERN)


def is_safe_document_id(value: object) -> bool:
    """``value`` is a string that matches :data:`DOCUMENT_ID_PATTERN` as a whole (no final newline)."""
    return isinstance(value, str) and SAFE_ID.fullmatch(value) is not None


class ProjectRootError(UsageError, ValueError):
    """A folder given (or found in ``$NEWSGOLD_ROOT``) as the project root is not one."""


def schema_dir() -> Path:
    packaged = Path(str(files("newsgold"))) / "schema"
    return packaged if packaged.is_dir() else _CHECKOUT / "schema"


def project_root() -> Path:
    env = os.environ.get("NEWSGOLD_ROOT")
    return Path(env).resolve() if env else _CHECKOUT


def is_project_root(folder: Path) -> bool:
    """``folder`` holds a corpus (``corpus/documents/``) or annotations (``annotations/``)."""
    return (folder / "corpus" / "documents").is_dir() or (folder / "annotations").is_dir()


def require_project_root(root: Path | None = None) -> Path:
    """``root`` (default: :func:`project_root`) if it is a project root, else :class:`ProjectRootError`
    naming the folder (and ``$NEWSGOLD_ROOT`` when the folder came from it)."""
    folder = Path(root) if root is not None else project_root()
    if is_project_root(folder):
        return folder
    source = " (from NEWSGOLD_ROOT)" if root is None and os.environ.get("NEWSGOLD_ROOT") else ""
    why = "does not exist" if not folder.exists() else "has neither corpus/documents/ nor annotations/"
    raise ProjectRootError(f"{folder}{source} is not a newsgold project root: it {why}")


def corpus_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "corpus"


def documents_dir(root: Path | None = None) -> Path:
    return corpus_dir(root) / "documents"


def raw_dir(root: Path | None = None) -> Path:
    return corpus_dir(root) / "raw"


def gold_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "annotations" / "gold"


def annotations_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "annotations"


def annotators_dir(root: Path | None = None) -> Path:
    """One folder per annotator's pass: ``annotations/annotators/<name>/<document id>.json``."""
    return annotations_dir(root) / "annotators"


def guideline_sources_path(root: Path | None = None) -> Path:
    return annotations_dir(root) / "guideline-sources.json"


def version_path(root: Path | None = None) -> Path:
    return corpus_dir(root) / "VERSION.json"


def changelog_path(root: Path | None = None) -> Path:
    return corpus_dir(root) / "CHANGELOG.md"


def splits_path(root: Path | None = None) -> Path:
    return corpus_dir(root) / "splits.json"


def datasheet_path(root: Path | None = None) -> Path:
    return (root or project_root()) / "DATASHEET.md"


def labels_path() -> Path:
    return schema_dir() / "labels.json"


def dist_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "dist"


def release_name(version: str, standoff: bool = False) -> str:
    """The folder name of a release: ``newsgold-<version>``, ``-standoff`` for the standoff form."""
    return f"newsgold-{version}{'-standoff' if standoff else ''}"


def release_dir(version: str, root: Path | None = None, standoff: bool = False) -> Path:
    return dist_dir(root) / release_name(version, standoff)
