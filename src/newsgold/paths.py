"""Where the project's data lives.

The label inventory and schemas ship inside the wheel (``newsgold/schema``); in a source checkout
they are read from the top-level ``schema/`` folder. A wheel also carries the corpus's standoff release
(``newsgold/packaged-release``, :func:`packaged_release_dir`), which the loaders read outside a project.

The corpus, annotations and releases live in a project root. A folder is a project root when it holds
``corpus/documents/`` or ``annotations/gold/`` (``newsgold init DIR`` makes both). Without an explicit
root (``--root``, or ``root=`` in the library) the root is found as git finds a repository: the nearest
folder at or above the working folder that is a project root, else ``$NEWSGOLD_ROOT``, else
:class:`ProjectRootError` says how to name one. The folder the package is installed in is never a
project root, so nothing is ever written there.
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


ROOT_ENV = "NEWSGOLD_ROOT"
# What makes a folder a project root: either of these folders (a corpus, or gold annotations).
PROJECT_MARKERS = ("corpus/documents", "annotations/gold")
PACKAGED_RELEASE = "packaged-release"  # the release a wheel carries, under the package's folder
HOW_TO_NAME_A_ROOT = (
    "start a project with `newsgold init DIR` and work inside it, or name one with --root DIR "
    f"(root= in Python) or {ROOT_ENV}=DIR"
)


class ProjectRootError(UsageError, ValueError):
    """No project root was found, or a folder given (or found in ``$NEWSGOLD_ROOT``) as one is not one."""


def is_installed_package() -> bool:
    """This newsgold runs from an installed wheel (its ``schema/`` is inside the package), not from a
    source checkout. The installed package's files are never written."""
    return (Path(str(files("newsgold"))) / "schema").is_dir()


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
    return Path(str(files("newsgold"))) / "schema" if is_installed_package() else _CHECKOUT / "schema"


def packaged_release_dir() -> Path | None:
    """The release this installed package carries (``newsgold/packaged-release/``: the standoff release
    of the corpus version it was built with), or ``None`` (an editable install or a source tree)."""
    folder = Path(str(files("newsgold"))) / PACKAGED_RELEASE
    return folder if (folder / "manifest.json").is_file() else None


def is_project_root(folder: Path) -> bool:
    """``folder`` holds a corpus (``corpus/documents/``) or gold annotations (``annotations/gold/``)."""
    return any((Path(folder) / marker).is_dir() for marker in PROJECT_MARKERS)


def _not_a_root(folder: Path, source: str = "") -> ProjectRootError:
    markers = " nor ".join(f"{m}/" for m in PROJECT_MARKERS)
    why = "does not exist" if not folder.exists() else f"has neither {markers}"
    return ProjectRootError(f"{folder}{source} is not a newsgold project root: it {why}")


def find_project_root(start: Path | None = None) -> Path | None:
    """The project root in force without an explicit one: the nearest folder at or above ``start``
    (default: the working folder) that is a project root, else ``$NEWSGOLD_ROOT`` when that is one,
    else ``None``."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project_root(folder):
            return folder
    env = os.environ.get(ROOT_ENV)
    if env and is_project_root(Path(env)):
        return Path(env).resolve()
    return None


def project_root(start: Path | None = None) -> Path:
    """:func:`find_project_root`, or :class:`ProjectRootError` (:func:`no_project_error`)."""
    found = find_project_root(start)
    if found is None:
        raise no_project_error(start)
    return found


def no_project_error(start: Path | None = None) -> ProjectRootError:
    """Why :func:`find_project_root` found no project from ``start``, and how to name one."""
    env = os.environ.get(ROOT_ENV)
    if env:
        return ProjectRootError(
            f"{_not_a_root(Path(env).resolve(), f' (from {ROOT_ENV})')}; {HOW_TO_NAME_A_ROOT}"
        )
    here = Path(start if start is not None else Path.cwd()).resolve()
    markers = " nor ".join(f"{m}/" for m in PROJECT_MARKERS)
    return ProjectRootError(
        f"no newsgold project here: neither {here} nor a folder above it holds {markers}, and "
        f"{ROOT_ENV} is not set; {HOW_TO_NAME_A_ROOT}"
    )


def require_project_root(root: Path | None = None) -> Path:
    """``root`` if it is a project root, else :class:`ProjectRootError` naming the folder; without
    ``root``, :func:`project_root`."""
    if root is None:
        return project_root()
    if is_project_root(Path(root)):
        return Path(root)
    raise _not_a_root(Path(root))


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
