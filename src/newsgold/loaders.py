"""Loading a release: ``load`` (Hugging Face datasets), ``load_table`` (pyarrow), ``iter_documents``.

Without ``path``, the loaders use ``dist/newsgold-<version>/`` of the project; for the current corpus
version (``version=None``) the release is built first when it is missing or was built from other
sources (its manifest records a fingerprint of the files it was built from). ``path`` points at any
release folder, e.g. one you downloaded.

``published_after`` keeps the articles whose publication date (the calendar date printed by the
publisher, ``published[:10]``) is strictly later than the given date, so a model can be evaluated only
on articles published after its training cut-off. Articles without a publication date are left out.
A ``datetime`` counts by its date.
"""

from __future__ import annotations

import datetime as _dt
import re
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
from newsgold.release.read import document_rows, shard_files
from newsgold.release.tables import annotated_document_from_row, storage_schema

__all__ = ["document_rows", "iter_documents", "load", "load_table", "release_path", "shard_files"]

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


def release_path(
    version: str | None = None,
    *,
    path: Path | str | None = None,
    root: Path | None = None,
    build: bool = True,
) -> Path:
    """The release folder to read, building the current version's release when needed."""
    if path is not None:
        directory = Path(path)
        if not (directory / "manifest.json").is_file():
            raise FileNotFoundError(f"{directory}: not a newsgold release (no manifest.json)")
        return directory
    root = root or paths.project_root()
    current = read_version(root).corpus_version
    directory = release_dir(version or current, root)
    if version is not None and version != current:
        if not (directory / "manifest.json").is_file():
            raise FileNotFoundError(
                f"{directory}: release {version} is not built; the corpus here is "
                f"{current} (build {version} from a checkout of that version)"
            )
        return directory
    manifest = directory / "manifest.json"
    fresh = manifest.is_file() and read_json(manifest).get("source_fingerprint") == source_fingerprint(root)
    if not fresh:
        if not build:
            raise FileNotFoundError(f"{directory}: missing or out of date (run: newsgold release)")
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
    streaming: bool = False,
    cache_dir: str | None = None,
) -> Any:
    """A ``datasets.DatasetDict`` of the release (a ``Dataset`` with ``split``), via ``load_dataset``."""
    try:
        import datasets
    except ImportError as exc:  # pragma: no cover - datasets is a core dependency
        raise ImportError("newsgold.load needs the 'datasets' package: pip install datasets") from exc
    cutoff = _cutoff(published_after)
    directory = release_path(version, path=path, root=root)
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
) -> pa.Table:
    """A ``pyarrow.Table`` of one configuration, labels as names (the ``datasets`` features, with their
    ClassLabels, stay in the schema metadata)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    cutoff = _cutoff(published_after)
    directory = release_path(version, path=path, root=root)
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
    batch_size: int = 256,
) -> Iterator[AnnotatedDocument]:
    """Every document of the release, typed, with its gold annotation (``None`` for a document
    without gold), read from the ``documents`` and ``texts`` Parquet in batches (splits in order
    train, validation, test; documents in id order within a split)."""
    cutoff = _cutoff(published_after)
    directory = release_path(version, path=path, root=root)
    for row in document_rows(directory, split, batch_size):
        if _keep(row["published"], cutoff):
            yield annotated_document_from_row(row)
