"""The source fingerprint: one hash over every file a release is built from.

A release records it in its manifest, so a loader can tell whether the release under ``dist/`` was
built from the project as it is now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from newsgold import paths
from newsgold.io import sha256_file


def source_files(root: Path | None = None) -> list[Path]:
    """The files a release is built from (their hashes make the source fingerprint)."""
    root = root or paths.project_root()
    files = sorted(paths.documents_dir(root).glob("*.json")) + sorted(paths.gold_dir(root).glob("*.json"))
    # the agreement figures (manifest, datasheet, card) come from the annotators' passes
    files += sorted(paths.annotators_dir(root).glob("*/*.json"))
    files += [
        p
        for p in (
            paths.guideline_sources_path(root),
            paths.splits_path(root),
            paths.version_path(root),
            paths.changelog_path(root),
            paths.datasheet_path(root),
            paths.labels_path(),
        )
        if p.exists()
    ]
    return files


# The label inventory is the package's, read from a checkout's schema/ or an installed package's
# newsgold/schema/: one name for it, so a release's fingerprint does not depend on how newsgold was
# installed.
LABELS_NAME = "schema/labels.json"


def source_names(root: Path, files: Iterable[Path]) -> Iterator[tuple[str, Path]]:
    """Each file with the name the fingerprint gives it: its path under ``root`` (resolved, each folder
    once: the files of a corpus share a few), the label inventory ``schema/labels.json``."""
    root = root.resolve()
    labels = paths.labels_path().resolve()
    folders: dict[Path, Path] = {}
    for p in files:
        folder = folders.get(p.parent)
        if folder is None:
            folder = folders[p.parent] = p.parent.resolve()
        p = folder / p.name
        if p.is_symlink():
            try:
                p = p.resolve()
            except (OSError, RuntimeError):  # a loop of links: named as it is, hashed as unreadable
                pass
        if p == labels:
            yield LABELS_NAME, p
        else:
            yield (p.relative_to(root).as_posix() if p.is_relative_to(root) else p.name), p


def source_fingerprint(root: Path | None = None, known: Mapping[str, str] | None = None) -> str:
    """SHA-256 over the name and SHA-256 of every source file (:func:`source_files`): project files named
    by their path under ``root``, the label inventory as ``schema/labels.json`` wherever it is read.

    ``known`` gives the SHA-256 of files already read, by name (a release hashes the documents and their
    gold as it reads them); the other files are read here."""
    root = (root or paths.project_root()).resolve()
    known = known or {}
    h = hashlib.sha256()
    for name, p in source_names(root, source_files(root)):
        h.update(f"{name}\t{known.get(name) or _sha256_or_unreadable(p)}\n".encode())
    return h.hexdigest()


def _sha256_or_unreadable(path: Path) -> str:
    """The file's SHA-256, or ``unreadable`` (the fingerprint changes when it can be read again;
    validation reports why it cannot)."""
    try:
        return sha256_file(path)
    except OSError:
        return "unreadable"
