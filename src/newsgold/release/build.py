"""Building a release: validated corpus -> ``dist/newsgold-<version>/``.

A release holds sharded Parquet per configuration and split (``data/<config>/<split>-NNNNN-of-NNNNN
.parquet``), a dataset card (``README.md``), Croissant metadata (``croissant.json``), the release notes
(``CHANGELOG.md``), the datasheet (``DATASHEET.md``), the label inventory (``labels.json``) and a
manifest (``manifest.json``) with the SHA-256 and size of every other file.

Rows are written in batches of ``batch_size`` (fewer for large rows, so that a batch holds about
``BATCH_BYTES`` of Arrow data) through one ``pyarrow.parquet.ParquetWriter`` per configuration and split,
and a new shard starts every ``shard_size`` rows, so memory does not grow with the corpus. Builds are
reproducible: documents in id order, fixed writer options, sorted JSON keys, and no clock: the only
date is the one in ``corpus/VERSION.json``. The release is written to a temporary folder next to its
destination and swapped into place when complete, under a lock beside it; see
:func:`newsgold.io.replacing_folder` for the crash-safe swap and the recovery after an interrupted run.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsgold import paths
from newsgold._version import __version__
from newsgold.corpus import document_paths, iter_corpus
from newsgold.corpus.fingerprint import source_fingerprint
from newsgold.corpus.splits import read_splits, split_order
from newsgold.corpus.stats import corpus_stats
from newsgold.corpus.version import read_changelog, read_version
from newsgold.io import atomic_write_bytes, dumps, replacing_folder
from newsgold.labels import inventory
from newsgold.model import AnnotatedDocument
from newsgold.paths import UnsafePathError, release_dir, splits_path, version_path
from newsgold.release import card, croissant
from newsgold.release.context import (
    BATCH_SIZE,
    SHARD_SIZE,
    DestinationError,
    ReleaseContext,
    ReleaseError,
    ReleaseSummary,
    TextRights,
)
from newsgold.release.datasheet import DatasheetError, agreement_figures, read_datasheet, render_datasheet
from newsgold.release.destination import check_destination, is_release_dir
from newsgold.release.manifest import MANIFEST, manifest_bytes
from newsgold.release.read import document_row_of
from newsgold.release.tables import CONFIGS, AlignmentProblem, Row, RowMaker, storage_schema
from newsgold.synthetic import is_synthetic
from newsgold.validate import validate_corpus

__all__ = [
    "BATCH_SIZE",
    "SHARD_SIZE",
    "DestinationError",
    "ReleaseContext",
    "ReleaseError",
    "ReleaseSummary",
    "build_release",
    "check_destination",
    "is_release_dir",
    "release_dir",
    "write_release",
]

BATCH_BYTES = 4 << 20  # Arrow bytes per batch at most: large rows (documents) come in smaller batches
GC_THRESHOLD = 100_000  # allocations between collections of the youngest generation during a build
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 3


class _ShardedWriter:
    """Rows of one configuration and split -> Parquet shards of at most ``shard_size`` rows."""

    def __init__(self, folder: Path, split: str, schema: Any, shard_size: int, batch_size: int) -> None:
        self.folder, self.split, self.schema = folder, split, schema
        self.shard_size, self.batch_size = shard_size, min(batch_size, shard_size)
        self.buffer: list[Row] = []
        self.limit = 0  # rows per batch: batch_size, or fewer when rows are large (set by the first row)
        self.bytes = 0  # Arrow bytes written so far
        self.writer: Any = None
        self.in_shard = 0
        self.total = 0
        self.files: list[Path] = []

    def add(self, row: Row) -> None:
        if not self.limit:
            self.limit = self._rows_per_batch(self._table([row]).nbytes)
        self.buffer.append(row)
        if self.in_shard + len(self.buffer) >= self.shard_size:
            self._flush()
            self._close_shard()
        elif len(self.buffer) >= self.limit:
            self._flush()

    def _rows_per_batch(self, row_bytes: float) -> int:
        return max(1, min(self.batch_size, int(BATCH_BYTES // max(row_bytes, 1))))

    def _table(self, rows: list[Row]) -> Any:
        import pyarrow as pa

        return pa.Table.from_pylist(rows, schema=self.schema)

    def _flush(self) -> None:
        import pyarrow.parquet as pq

        if not self.buffer:
            return
        if self.writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f".{self.split}-{len(self.files):05d}.parquet"
            self.files.append(path)
            self.writer = pq.ParquetWriter(
                path, self.schema, compression=COMPRESSION, compression_level=COMPRESSION_LEVEL
            )
        table = self._table(self.buffer)
        self.writer.write_table(table)
        self.in_shard += len(self.buffer)
        self.total += len(self.buffer)
        self.bytes += table.nbytes
        self.limit = self._rows_per_batch(self.bytes / self.total)
        self.buffer = []

    def _close_shard(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            self.in_shard = 0

    def close(self) -> list[str]:
        """Finish; shards are renamed ``<split>-NNNNN-of-NNNNN.parquet``. A split without rows gets no
        file (``datasets`` cannot load an empty split), so the card lists only splits with rows."""
        self._flush()
        self._close_shard()
        names = []
        for k, path in enumerate(self.files):
            name = f"{self.split}-{k:05d}-of-{len(self.files):05d}.parquet"
            path.rename(self.folder / name)
            names.append(name)
        return names


def write_release(
    items: Iterable[tuple[AnnotatedDocument, str]],
    context: ReleaseContext,
    out: Path,
    *,
    standoff: bool = False,
    shard_size: int = SHARD_SIZE,
    batch_size: int = BATCH_SIZE,
    progress: bool = False,
    force: bool = False,
    protect: Iterable[Path] = (),
) -> ReleaseSummary:
    """Write a release of ``items`` (documents with their split, in a fixed order) to ``out``.

    ``out`` is replaced only when the whole release has been written, and only when it is absent, an
    empty folder or provably a newsgold release (see :func:`check_destination`; ``force`` allows any
    other folder but the project's sources, ``protect`` names more folders that must not be inside
    ``out``). A second run on the same ``out`` meanwhile is refused; what an interrupted run left is
    cleaned up first and listed in the summary's ``notes`` (:func:`newsgold.io.replacing_folder`).
    Nothing is validated here: :func:`build_release` validates the corpus first.
    """
    if shard_size < 1 or batch_size < 1:
        raise ValueError("shard_size and batch_size must be positive")
    protect = tuple(protect)
    check_destination(out, force=force, protect=protect)
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DestinationError(f"{out}: cannot be created: {exc.strerror} ({exc.filename})") from None
    with replacing_folder(out) as work:
        # after recovery (which may have put an interrupted run's release back) and again before the
        # swap: the destination may have changed meanwhile
        check_destination(out, force=force, protect=protect)
        with _few_collections():
            summary = _write_into(
                work.folder, items, context, out, standoff, shard_size, batch_size, progress
            )
        check_destination(out, force=force, protect=protect)
    summary.directory = out
    summary.notes = work.notes
    return summary


@contextmanager
def _few_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely: a build makes millions of short-lived rows, tokens and
    model objects (freed by reference counting), and frequent collections walking the buffered rows
    took a quarter of the build time."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _write_into(
    tmp: Path,
    items: Iterable[tuple[AnnotatedDocument, str]],
    context: ReleaseContext,
    out: Path,
    standoff: bool,
    shard_size: int,
    batch_size: int,
    progress: bool,
) -> ReleaseSummary:
    schemas = {c: storage_schema(c) for c in CONFIGS}
    maker = RowMaker()
    writers: dict[tuple[str, str], _ShardedWriter] = {}
    summary = ReleaseSummary(
        out, context.version.corpus_version, standoff, shard_size=shard_size, batch_size=batch_size
    )
    licence = context.version.annotation_licence
    # the document whose row the card shows, per configuration: the first by id with rows there whose
    # text may be redistributed, else the first by id with rows there (whatever order items come in)
    example: dict[str, tuple[str, str]] = {}
    fallback: dict[str, tuple[str, str]] = {}

    def writer(config: str, split: str) -> _ShardedWriter:
        key = (config, split)
        if key not in writers:
            writers[key] = _ShardedWriter(
                tmp / "data" / config, split, schemas[config], shard_size, batch_size
            )
        return writers[key]

    def written() -> Iterator[AnnotatedDocument]:
        for item, split in _progress(items, progress):
            md = item.document.metadata
            summary.restricted += not md.redistributable
            rights = TextRights(
                md.publisher, md.rights_holder, md.licence, md.licence_url, md.redistributable
            )
            summary.text_rights[rights] = summary.text_rights.get(rights, 0) + 1
            withhold = standoff and not md.redistributable
            summary.withheld += withhold
            day = item.document.metadata.published_date
            if day is not None:
                summary.first_published = min(summary.first_published or day, day)
                summary.last_published = max(summary.last_published or day, day)
            try:
                rows = maker.rows(item, split, withhold)
            except AlignmentProblem as exc:
                raise ReleaseError(str(exc)) from None
            if item.annotation is not None:
                rows["documents"][0]["annotation_licence"] = licence
            for config in CONFIGS:
                w = writer(config, split)
                for row in rows[config]:
                    w.add(row)
                chosen = example if md.redistributable else fallback
                if rows[config] and (config not in chosen or item.document.id < chosen[config][0]):
                    chosen[config] = (item.document.id, split)
            yield item

    summary.stats = corpus_stats(written())
    splits = sorted({s for _, s in writers}, key=split_order)
    for config in CONFIGS:
        for split in splits:
            names = writer(config, split).close()
            summary.shards.setdefault(config, {})[split] = [f"data/{config}/{n}" for n in names]
            summary.rows.setdefault(config, {})[split] = writers[(config, split)].total
    for config, (doc_id, split) in sorted({**fallback, **example}.items(), key=lambda c: CONFIGS.index(c[0])):
        row = document_row_of(tmp, config, split, doc_id)  # as written, read back from the Parquet
        if row is not None:
            summary.examples[config] = row

    atomic_write_bytes(tmp / "labels.json", context.labels)
    atomic_write_bytes(tmp / "CHANGELOG.md", context.changelog.encode("utf-8"))
    if context.datasheet is not None:
        split_counts = {
            s: (summary.rows["texts"][s], summary.rows.get("documents", {}).get(s, 0)) for s in summary.splits
        }
        text = render_datasheet(context.datasheet, summary.stats, context.agreement, split_counts)
        atomic_write_bytes(tmp / "DATASHEET.md", text.encode("utf-8"))
    atomic_write_bytes(tmp / "README.md", card.render_card(summary, context).encode("utf-8"))
    atomic_write_bytes(tmp / "croissant.json", dumps(croissant.croissant(summary, context)))
    header = manifest_header(summary, context)
    atomic_write_bytes(tmp / MANIFEST, manifest_bytes(header, tmp))
    return summary


def manifest_header(summary: ReleaseSummary, context: ReleaseContext) -> dict[str, Any]:
    import pyarrow

    return {
        "name": "newsgold",
        **context.version.to_dict(),
        "form": "standoff" if summary.standoff else "full",
        "withheld_documents": summary.withheld,
        "documents": summary.documents,
        "shard_size": summary.shard_size,
        "batch_size": summary.batch_size,
        "rows": summary.rows,
        "source_fingerprint": context.source_fingerprint,
        # name/value pairs, so the figures keep their order through the manifest's sorted keys
        "agreement": [[k, v] for k, v in context.agreement.items()] if context.agreement else None,
        "built_with": {"newsgold": __version__, "pyarrow": pyarrow.__version__},
    }


def agreement_from_manifest(value: Any) -> dict[str, Any] | None:
    """The agreement figures of a manifest header, in their original order (older manifests stored
    them as an object)."""
    if not value:
        return None
    if isinstance(value, dict):
        return dict(value)
    return {str(k): v for k, v in value}


def _progress(items: Iterable, enabled: bool) -> Iterable:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="release", unit="doc", file=sys.stderr, disable=not sys.stderr.isatty())


# --- from the corpus --------------------------------------------------------------------------------


def corpus_context(root: Path | None = None) -> ReleaseContext:
    version = read_version(root)
    sheet = paths.datasheet_path(root)
    try:
        agreement = agreement_figures(root)
    except DatasheetError as exc:
        raise ReleaseError(str(exc)) from None
    return ReleaseContext(
        version=version,
        changelog=read_changelog(root, version.corpus_version),
        labels=paths.labels_path().read_bytes(),
        datasheet=read_datasheet(sheet),
        agreement=agreement,
        source_fingerprint=source_fingerprint(root),
    )


def corpus_items(root: Path | None = None) -> Callable[[], Iterator[tuple[AnnotatedDocument, str]]]:
    """Check that every document has a recorded split; return a factory of (document, split) pairs."""
    recorded = read_splits(root)
    missing = [p.stem for p in document_paths(root) if p.stem not in recorded]
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise ReleaseError(
            f"{splits_path(root)}: no split recorded for {', '.join(missing[:5])}{more} "
            "(run: newsgold splits --update)"
        )
    bad = {d: s for d, s in recorded.items() if s not in inventory().splits}
    if bad:
        raise ReleaseError(
            f"{splits_path(root)}: unknown split for {', '.join(sorted(bad))} "
            f"(expected one of {', '.join(inventory().splits)})"
        )

    def items() -> Iterator[tuple[AnnotatedDocument, str]]:
        for item in iter_corpus(root):
            yield item, recorded[item.document.id]

    return items


def validation_errors(root: Path | None = None) -> list:
    return [f for f in validate_corpus(root) if f.severity == "error"]


def build_release(
    root: Path | None = None,
    out: Path | None = None,
    *,
    standoff: bool = False,
    shard_size: int = SHARD_SIZE,
    batch_size: int = BATCH_SIZE,
    validate: bool = True,
    progress: bool = False,
    allow_synthetic: bool = False,
    force: bool = False,
) -> ReleaseSummary:
    """Validate the corpus under ``root`` (any error stops the build) and write its release.

    A synthetic corpus (``newsgold synth``) is refused unless ``allow_synthetic`` (benchmarks only).
    ``out`` must be absent, empty or a newsgold release unless ``force`` (:func:`check_destination`)."""
    if not allow_synthetic and is_synthetic(root):
        raise ReleaseError(
            f"{version_path(root)}: a synthetic corpus (newsgold synth) is for "
            "measurement only and is never released"
        )
    if validate:
        with _few_collections():
            errors = validation_errors(root)
        if errors:
            raise ReleaseError(f"validation found {len(errors)} error(s); nothing was released", errors)
    context = corpus_context(root)
    items = corpus_items(root)
    if out is None:
        try:
            out = release_dir(context.version.corpus_version, root, standoff)
        except UnsafePathError as exc:
            raise UnsafePathError(f"{version_path(root)}: {exc}") from None
    protect = (root or paths.project_root(),)
    check_destination(out, force=force, protect=protect)  # before the work, and again before replacing
    return write_release(
        items(),
        context,
        out,
        standoff=standoff,
        shard_size=shard_size,
        batch_size=batch_size,
        progress=progress,
        force=force,
        protect=protect,
    )
