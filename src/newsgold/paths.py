"""Where the project's data lives.

The label inventory and schemas ship inside the wheel (``newsgold/schema``); in a source checkout
they are read from the top-level ``schema/`` folder. The corpus, annotations and releases live in a
project root: ``$NEWSGOLD_ROOT``, else the source checkout this package was installed from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path, PurePosixPath

from newsgold.errors import DataError, UsageError

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


# --- the path guard ----------------------------------------------------------------------------------
# Every name that comes from data (a document id, an annotator named after a Label Studio account, a
# corpus version in a release folder's name, a raw page's path) becomes a path only through
# :func:`child` or :func:`under`: the result, with every symbolic link resolved, lies under the folder
# it belongs in, or :class:`UnsafePathError` says why not.

# One path component: letters, digits, ".", "_", "+" and "-", starting with a letter or digit (so never
# "", "." or "..", never hidden, never an option), at most 255 characters.
PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,254}")


class UnsafePathError(DataError, ValueError):
    """A name or path that comes from data would lead outside the folder it belongs in."""


def is_inside(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or lies under it, both with every symbolic link resolved."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def child(folder: Path, name: object, what: str, suffix: str = "") -> Path:
    """``folder / (name + suffix)``, when ``name`` is one plain path component (:data:`PLAIN_NAME`) and
    the path, symbolic links resolved, stays in ``folder``; else :class:`UnsafePathError` naming
    ``what`` (for example "annotator") and the value."""
    if not isinstance(name, str) or PLAIN_NAME.fullmatch(name) is None:
        raise UnsafePathError(
            f"{what} {name!r} cannot name a file or folder in {folder} (one name of letters, digits, "
            "'.', '_', '+' and '-', starting with a letter or digit)"
        )
    path = folder / f"{name}{suffix}"
    if not is_inside(path, folder):
        raise UnsafePathError(
            f"{what} {name!r}: {path} leads outside {folder} (to {path.resolve()}, through a symbolic link)"
        )
    return path


def document_file(folder: Path, doc_id: object, what: str = "document id") -> Path:
    """``folder/<doc_id>.json`` for a document id that is safe as a file name (:func:`is_safe_document_id`),
    else :class:`UnsafePathError`."""
    if not is_safe_document_id(doc_id):
        raise UnsafePathError(
            f"{what} {doc_id!r} is not a document id ({DOCUMENT_ID_PATTERN}); it names no file"
        )
    return child(folder, doc_id, what, ".json")


def relative_path_problem(relative: str) -> str | None:
    """Why ``relative`` is not a relative POSIX path that stays inside the folder it is read from (it is
    empty or absolute, has a backslash or a drive, or a ".." part), or ``None`` when it is one."""
    p = PurePosixPath(relative)
    if not p.parts or p.is_absolute() or "\\" in relative or "\0" in relative or ":" in p.parts[0]:
        return "is not a relative POSIX path"
    if ".." in p.parts:
        return "leaves the project root ('..')"
    return None


def under(root: Path, relative: object, what: str) -> Path:
    """``root / relative`` for a project-relative path from data (such as ``provenance.raw_path``) that
    stays under ``root`` with symbolic links resolved; else :class:`UnsafePathError`."""
    problem = "is not a string" if not isinstance(relative, str) else relative_path_problem(relative)
    if problem is not None:
        raise UnsafePathError(f"{what} {relative!r} {problem}; refusing to use it under {root}")
    assert isinstance(relative, str)
    path = root / relative
    if not is_inside(path, root):
        raise UnsafePathError(
            f"{what} {relative!r} leads outside {root} (to {path.resolve()}, through a symbolic link); "
            "refusing to use it"
        )
    return path


# The folders of a project that hold its own sources: a folder that replaces one of them, holds one, or
# lies inside one (but for the root itself, which holds dist/) is never replaced.
SOURCE_FOLDERS = ("corpus", "annotations", "schema")


def source_folder_at(target: Path, roots: Iterable[Path]) -> Path | None:
    """The source folder of one of the project ``roots`` (the root, its ``corpus/``, ``annotations/``,
    ``schema/``, and the packaged schema folder) that ``target`` is, contains, or (but for a root)
    lies inside; ``None`` when ``target`` touches none."""
    place = Path(target).resolve()
    for root in (Path(r).resolve() for r in roots):
        if root.is_relative_to(place):
            return root
        for folder in [root / name for name in SOURCE_FOLDERS] + [schema_dir().resolve()]:
            if folder.is_relative_to(place) or place.is_relative_to(folder):
                return folder
    return None


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


def release_name(version: object, standoff: bool = False) -> str:
    """The folder name of a release: ``newsgold-<version>``, ``-standoff`` for the standoff form.

    The version comes from data (``corpus/VERSION.json``, a release's manifest), so a version that would
    not make one plain folder name (:data:`PLAIN_NAME`) is :class:`UnsafePathError`."""
    name = f"newsgold-{version}{'-standoff' if standoff else ''}"
    if not isinstance(version, str) or PLAIN_NAME.fullmatch(name) is None:
        raise UnsafePathError(
            f"corpus version {version!r} cannot be part of a release folder name "
            "(letters, digits, '.', '_', '+' and '-')"
        )
    return name


def release_dir(version: str, root: Path | None = None, standoff: bool = False) -> Path:
    return dist_dir(root) / release_name(version, standoff)
