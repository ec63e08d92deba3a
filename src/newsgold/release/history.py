"""The releases already built under ``dist/``, as the record of what was published.

A document keeps its split for the whole of a major corpus version (:mod:`newsgold.corpus.splits`):
:func:`release_split_changes` compares the recorded splits with the newest release of the same major
version.
"""

from __future__ import annotations

from pathlib import Path

from newsgold import paths
from newsgold.corpus.splits import read_splits
from newsgold.corpus.version import parse_semver, read_version
from newsgold.errors import DataError
from newsgold.paths import version_path
from newsgold.release.manifest import ManifestError, read_manifest
from newsgold.release.read import shard_files


class SplitsError(DataError, ValueError):
    """A release to compare the recorded splits with cannot be read."""


def last_release(root: Path | None = None) -> Path | None:
    """The newest release under ``<root>/dist/`` of the corpus's current major version (the full form
    before the standoff form of the same version), or ``None``."""
    base = root or paths.project_root()
    if not version_path(base).exists():
        return None
    current = parse_semver(read_version(base).corpus_version)  # VersionError names a damaged file
    if current is None:
        return None
    found: list[tuple[tuple[int, int, int], bool, Path]] = []
    for folder in sorted(paths.dist_dir(base).glob("newsgold-*")):
        try:
            version = parse_semver(read_manifest(folder).get("corpus_version"))
        except FileNotFoundError:
            continue  # not a release
        except ManifestError as exc:  # a release, damaged: which one is the newest cannot be told
            raise SplitsError(f"{exc}; newsgold verify {folder} shows the release's state") from None
        if version is not None and version[0] == current[0]:
            found.append((version, not folder.name.endswith("-standoff"), folder))
    return max(found)[2] if found else None


def release_split_changes(root: Path | None = None) -> tuple[Path | None, dict[str, tuple[str, str]]]:
    """(the release compared with, document id -> (released split, recorded split)) for every
    document whose recorded split differs from the split in the newest release of the same major
    version (see :func:`last_release`); documents only in one of them are not changes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    release = last_release(root)
    if release is None:
        return None, {}
    recorded = read_splits(root)
    changes: dict[str, tuple[str, str]] = {}
    listed = [release / f for f in read_manifest(release)["files"] if f.startswith("data/documents/")]
    for shard in sorted(set(shard_files(release, "documents")) | set(listed)):
        if not shard.is_file():
            raise SplitsError(
                f"{shard}: listed in the manifest of {release}, missing (newsgold verify {release})"
            )
        try:
            table = pq.read_table(shard, columns=["id", "split"])
        except (pa.ArrowException, OSError, KeyError) as exc:
            raise SplitsError(f"{shard}: cannot read the id and split columns ({exc})") from None
        ids, splits = table.column("id").to_pylist(), table.column("split").to_pylist()
        for row, (doc_id, split) in enumerate(zip(ids, splits, strict=True)):
            if not (isinstance(doc_id, str) and isinstance(split, str)):
                raise SplitsError(
                    f"{shard}: row {row}: id and split must be strings, found {doc_id!r} and {split!r}"
                )
            if doc_id in recorded and recorded[doc_id] != split:
                changes[doc_id] = (split, recorded[doc_id])
    return release, dict(sorted(changes.items()))
