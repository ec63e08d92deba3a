"""Loading a release: ``load`` (Hugging Face datasets), ``load_table`` (pyarrow), ``iter_documents``.

Which release is read:

- ``path``: that release folder, any release (one you built, downloaded or rehydrated).
- Inside a project (``root``, else the project found from the working folder or ``$NEWSGOLD_ROOT``, see
  :mod:`newsgold.paths`): the project's ``dist/newsgold-<version>/``. For the current corpus version
  (``version=None``) a release that is not built yet is built first, with one line on stderr saying so.
  A release built from other sources than the project holds now (its manifest's ``source_fingerprint``
  differs) is stale: it raises :class:`StaleReleaseError` and is rebuilt only with ``build=True``.
  ``build=False`` never builds: a missing release raises ``FileNotFoundError``.
- Outside any project: the release the installed package carries (``newsgold/packaged-release/``, the
  standoff form of the corpus version it was built with), checked against its manifest first
  (:func:`newsgold.release.manifest.verify_release`; :class:`PackagedReleaseError` when it does not
  match). It withholds the text of documents whose publisher does not allow redistribution (their
  ``text`` and every covered span text are null); ``newsgold rehydrate`` restores it from pages you
  hold. An editable install carries none: there, work inside a project or give ``path``.

Nothing is written into the installed package's folder, and a release is never replaced unless asked.

``published_after`` keeps the articles whose publication date (the calendar date printed by the
publisher, ``published[:10]``) is strictly later than the given date, so a model can be evaluated only
on articles published after its training cut-off. Articles without a publication date are left out.
A ``datetime`` counts by its date.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgold import paths
from newsgold.corpus.fingerprint import source_fingerprint
from newsgold.corpus.version import read_version
from newsgold.io import read_json
from newsgold.model import AnnotatedDocument
from newsgold.paths import release_dir
from newsgold.release.build import build_release
from newsgold.release.manifest import MANIFEST, ManifestError, read_manifest, verify_release
from newsgold.release.read import document_rows, shard_files
from newsgold.release.tables import annotated_document_from_row, storage_schema

__all__ = [
    "PackagedReleaseError",
    "StaleReleaseError",
    "document_rows",
    "iter_documents",
    "load",
    "load_table",
    "packaged_release",
    "project_release",
    "release_path",
    "shard_files",
]

if TYPE_CHECKING:
    import pyarrow as pa

DateLike = _dt.date | str


def _cutoff(value: DateLike | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        _dt.date.fromisoformat(value[:10])  # raises ValueError on an impossible date
        return value[:10]
    raise ValueError(f"published_after={value!r}: expected a date, a datetime or 'YYYY-MM-DD'")


def _keep(published: str | None, cutoff: str | None) -> bool:
    return cutoff is None or (published is not None and published[:10] > cutoff)


class StaleReleaseError(RuntimeError):
    """The project's release was built from other sources than the project holds now."""


class PackagedReleaseError(RuntimeError):
    """The release the installed package carries does not match its manifest, or is not there."""


def release_path(
    version: str | None = None,
    *,
    path: Path | str | None = None,
    root: Path | None = None,
    build: bool | None = None,
) -> Path:
    """The release folder to read (see the module's docstring for which one).

    ``build``: ``None`` builds the current version's release when it is missing and refuses a stale one,
    ``True`` also rebuilds a stale one, ``False`` never builds. Raises ``FileNotFoundError``,
    :class:`StaleReleaseError`, :class:`PackagedReleaseError` or :class:`newsgold.paths.ProjectRootError`
    (a ``root`` that is not a project; no project and no packaged release)."""
    if path is not None:
        directory = Path(path)
        if not (directory / "manifest.json").is_file():
            raise FileNotFoundError(f"{directory}: not a newsgold release (no manifest.json)")
        return directory
    project = paths.require_project_root(root) if root is not None else paths.find_project_root()
    if project is None:
        return packaged_release(version)
    return project_release(project, version, build)


def packaged_release(version: str | None = None) -> Path:
    """The release the installed package carries, verified against its manifest."""
    directory = paths.packaged_release_dir()
    if directory is None:
        raise paths.ProjectRootError(
            f"{paths.no_project_error()}; this installation of newsgold carries no release (an "
            "editable install or a source tree): load a release folder with path=, or install the wheel"
        )
    try:
        check = verify_release(directory)
        packaged = str(read_manifest(directory).get("corpus_version"))
    except ManifestError as exc:
        raise PackagedReleaseError(f"{exc}; reinstall newsgold") from None
    if not check.ok:
        problems = check.lines()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PackagedReleaseError(
            f"{problems[0]}{more}: the release installed with newsgold does not match its manifest; "
            "reinstall newsgold"
        )
    if version is not None and version != packaged:
        raise FileNotFoundError(
            f"{directory}: the installed newsgold carries release {packaged}, not {version}; "
            "load another release with path=, or work in a project of that version"
        )
    return directory


def project_release(root: Path, version: str | None = None, build: bool | None = None) -> Path:
    """The project's ``dist/newsgold-<version>/``, built (or rebuilt) as ``build`` allows."""
    current = read_version(root).corpus_version
    directory = release_dir(version or current, root)
    if version is not None and version != current:
        if not (directory / MANIFEST).is_file():
            raise FileNotFoundError(
                f"{directory}: release {version} is not built; the corpus here is "
                f"{current} (build {version} from a checkout of that version)"
            )
        return directory
    manifest = directory / MANIFEST
    if not manifest.is_file():
        if build is False:
            raise FileNotFoundError(f"{directory}: not built (run: newsgold release, or pass build=True)")
        print(
            f"newsgold: building {directory} (release {current} of {root} is not built yet)", file=sys.stderr
        )
        build_release(root)
        return directory
    recorded = read_json(manifest).get("source_fingerprint")
    if recorded != source_fingerprint(root):
        if not build:
            raise StaleReleaseError(
                f"{directory}: out of date: built from other sources than {root} holds now (its "
                "manifest's source_fingerprint differs); rebuild it with `newsgold release` or "
                "build=True, or read it as it is with path="
            )
        print(f"newsgold: rebuilding {directory}: its sources in {root} have changed", file=sys.stderr)
        build_release(root)
    return directory


def load(
    config: str = "documents",
    split: str | None = None,
    version: str | None = None,
    *,
    published_after: DateLike | None = None,
    path: Path | str | None = None,
    root: Path | None = None,
    build: bool | None = None,
    streaming: bool = False,
    cache_dir: str | None = None,
) -> Any:
    """A ``datasets.DatasetDict`` of the release (a ``Dataset`` with ``split``), via ``load_dataset``."""
    try:
        import datasets
    except ImportError as exc:  # pragma: no cover - datasets is a core dependency
        raise ImportError("newsgold.load needs the 'datasets' package: pip install datasets") from exc
    cutoff = _cutoff(published_after)
    directory = release_path(version, path=path, root=root, build=build)
    shard_files(directory, config, split)  # clear errors for an unknown config or an empty split
    ds = datasets.load_dataset(str(directory), config, split=split, streaming=streaming, cache_dir=cache_dir)
    if cutoff is not None:
        ds = ds.filter(lambda published: _keep(published, cutoff), input_columns="published")
    return ds


def load_table(
    config: str = "documents",
    split: str | None = None,
    version: str | None = None,
    *,
    published_after: DateLike | None = None,
    columns: list[str] | None = None,
    path: Path | str | None = None,
    root: Path | None = None,
    build: bool | None = None,
) -> pa.Table:
    """A ``pyarrow.Table`` of one configuration, labels as names (the ``datasets`` features, with their
    ClassLabels, stay in the schema metadata)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    cutoff = _cutoff(published_after)
    directory = release_path(version, path=path, root=root, build=build)
    files = shard_files(directory, config, split)
    schema = storage_schema(config)
    tables = [pq.read_table(f, schema=schema) for f in files]
    table = pa.concat_tables(tables) if tables else schema.empty_table()
    if cutoff is not None:
        day = pc.utf8_slice_codeunits(table["published"], 0, 10)
        table = table.filter(pc.fill_null(pc.greater(day, cutoff), False))
    if columns is not None:
        table = table.select(columns)
    return table.replace_schema_metadata(schema.metadata) if columns is None else table


def iter_documents(
    split: str | None = None,
    version: str | None = None,
    *,
    published_after: DateLike | None = None,
    path: Path | str | None = None,
    root: Path | None = None,
    build: bool | None = None,
    batch_size: int = 256,
) -> Iterator[AnnotatedDocument]:
    """Every document of the release, typed, with its gold annotation (``None`` for a document
    without gold), read from the ``documents`` and ``texts`` Parquet in batches (splits in order
    train, validation, test; documents in id order within a split). A document whose text a standoff
    release withholds is left out, with one warning."""
    cutoff = _cutoff(published_after)
    directory = release_path(version, path=path, root=root, build=build)
    warned = False
    for row in document_rows(directory, split, batch_size):
        if not _keep(row["published"], cutoff):
            continue
        if row["text"] is None:  # a standoff release: no typed document without its text
            if not warned:
                warnings.warn(
                    f"{directory}: a standoff release: documents whose text is withheld (first: "
                    f"{row['id']}) are left out; `newsgold rehydrate` restores their text from your own "
                    "copies of the pages",
                    stacklevel=2,
                )
                warned = True
            continue
        yield annotated_document_from_row(row)
