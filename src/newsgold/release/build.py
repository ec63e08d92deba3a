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

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsgold import paths
from newsgold._version import __version__
from newsgold.corpus import document_paths
from newsgold.corpus.fingerprint import source_fingerprint, source_names
from newsgold.corpus.splits import read_splits, split_order
from newsgold.corpus.stats import CorpusStats, combine_stats
from newsgold.corpus.version import read_changelog, read_version
from newsgold.io import atomic_write_bytes, dumps, replacing_folder
from newsgold.labels import inventory
from newsgold.model import AnnotatedDocument
from newsgold.parallel import ordered_map
from newsgold.paths import UnsafePathError, release_dir, splits_path, version_path
from newsgold.release import card, croissant
from newsgold.release.context import (
    BATCH_SIZE,
    SHARD_SIZE,
    DestinationError,
    ReleaseContext,
    ReleaseError,
    ReleaseSummary,
)
from newsgold.release.datasheet import DatasheetError, agreement_figures, read_datasheet, render_datasheet
from newsgold.release.destination import check_destination, is_release_dir
from newsgold.release.manifest import MANIFEST, manifest_bytes
from newsgold.release.parts import PART_SIZE, Part, PartTask, chunked, few_collections, make_part, read_part
from newsgold.release.read import document_row_of
from newsgold.release.tables import CONFIGS, storage_schema
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
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 3


class _ShardedWriter:
    """Tables of one configuration and split, in order -> Parquet shards of at most ``shard_size`` rows.

    Rows are written in batches (row groups) of ``batch_size`` rows, or fewer when rows are large: the
    first row sets the number, then the average size of the rows written so far, so that a batch holds
    about ``BATCH_BYTES`` of Arrow data. Batches depend on the rows only, never on how the tables given
    to :meth:`add` cut them."""

    def __init__(self, folder: Path, split: str, schema: Any, shard_size: int, batch_size: int) -> None:
        self.folder, self.split, self.schema = folder, split, schema
        self.shard_size, self.batch_size = shard_size, min(batch_size, shard_size)
        self.buffer: list[Any] = []  # tables not written yet, in order
        self.buffered = 0  # their rows
        self.limit = 0  # rows per batch: batch_size, or fewer when rows are large (set by the first row)
        self.bytes = 0  # Arrow bytes written so far
        self.writer: Any = None
        self.in_shard = 0
        self.total = 0
        self.files: list[Path] = []

    def add(self, table: Any) -> None:
        if not table.num_rows:
            return
        if not self.limit:
            self.limit = self._rows_per_batch(table.slice(0, 1).nbytes)
        self.buffer.append(table)
        self.buffered += table.num_rows
        while self.buffered >= (need := min(self.limit, self.shard_size - self.in_shard)):
            self._write(need)

    def _rows_per_batch(self, row_bytes: float) -> int:
        return max(1, min(self.batch_size, int(BATCH_BYTES // max(row_bytes, 1))))

    def _write(self, n: int) -> None:
        """Write the first ``n`` buffered rows as one batch; close the shard when it is full."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not n:
            return
        whole = self.buffer[0] if len(self.buffer) == 1 else pa.concat_tables(self.buffer)
        batch, rest = whole.slice(0, n).combine_chunks(), whole.slice(n)
        self.buffer, self.buffered = ([rest] if rest.num_rows else []), rest.num_rows
        if self.writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f".{self.split}-{len(self.files):05d}.parquet"
            self.files.append(path)
            self.writer = pq.ParquetWriter(
                path, self.schema, compression=COMPRESSION, compression_level=COMPRESSION_LEVEL
            )
        self.writer.write_table(batch)
        self.in_shard += n
        self.total += n
        self.bytes += batch.nbytes
        self.limit = self._rows_per_batch(self.bytes / self.total)
        if self.in_shard >= self.shard_size:
            self._close_shard()

    def _close_shard(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            self.in_shard = 0

    def close(self) -> list[str]:
        """Finish; shards are renamed ``<split>-NNNNN-of-NNNNN.parquet``. A split without rows gets no
        file (``datasets`` cannot load an empty split), so the card lists only splits with rows."""
        self._write(self.buffered)
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
    licence = context.version.annotation_licence
    parts = (make_part(chunk, standoff, licence) for chunk in chunked(items))
    return write_parts(
        parts,
        context,
        out,
        standoff=standoff,
        shard_size=shard_size,
        batch_size=batch_size,
        progress=progress,
        force=force,
        protect=protect,
    )


def write_parts(
    parts: Iterable[Part],
    context: ReleaseContext,
    out: Path,
    *,
    standoff: bool = False,
    shard_size: int = SHARD_SIZE,
    batch_size: int = BATCH_SIZE,
    progress: bool = False,
    total: int | None = None,
    fingerprint: Callable[[dict[str, str]], str] | None = None,
    force: bool = False,
    protect: Iterable[Path] = (),
) -> ReleaseSummary:
    """:func:`write_release` of documents already made into parts (:mod:`newsgold.release.parts`), in
    order; ``total`` is the number of documents, for the progress bar. ``fingerprint``, when given,
    makes the source fingerprint once every part is in, from the hashes of the files the parts read."""
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
        with few_collections():
            summary = _write_into(
                work.folder,
                parts,
                context,
                out,
                standoff,
                shard_size,
                batch_size,
                progress,
                total,
                fingerprint,
            )
        check_destination(out, force=force, protect=protect)
    summary.directory = out
    summary.notes = work.notes
    return summary


def _write_into(
    tmp: Path,
    parts: Iterable[Part],
    context: ReleaseContext,
    out: Path,
    standoff: bool,
    shard_size: int,
    batch_size: int,
    progress: bool,
    total: int | None,
    fingerprint: Callable[[dict[str, str]], str] | None,
) -> ReleaseSummary:
    schemas = {c: storage_schema(c) for c in CONFIGS}
    writers: dict[tuple[str, str], _ShardedWriter] = {}
    summary = ReleaseSummary(
        out, context.version.corpus_version, standoff, shard_size=shard_size, batch_size=batch_size
    )
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

    hashes: dict[str, str] = {}

    def written() -> Iterator[CorpusStats]:
        with _progress(total, progress) as bar:
            for part in parts:
                hashes.update(part.hashes)
                summary.restricted += part.restricted
                summary.withheld += part.withheld
                for rights, n in part.text_rights.items():
                    summary.text_rights[rights] = summary.text_rights.get(rights, 0) + n
                for day in (part.first_published, part.last_published):
                    if day is not None:
                        summary.first_published = min(summary.first_published or day, day)
                        summary.last_published = max(summary.last_published or day, day)
                for (config, split), table in part.tables.items():
                    writer(config, split).add(table)
                for mine, theirs in ((example, part.example), (fallback, part.fallback)):
                    for config, (doc_id, split) in theirs.items():
                        if config not in mine or doc_id < mine[config][0]:
                            mine[config] = (doc_id, split)
                bar.update(part.documents)
                yield part.stats

    summary.stats = combine_stats(written())
    if fingerprint is not None:
        context = replace(context, source_fingerprint=fingerprint(hashes))
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


def _progress(total: int | None, enabled: bool) -> Any:
    """A bar over the documents written (on a terminal, when ``enabled``)."""
    from tqdm import tqdm

    shown = enabled and sys.stderr.isatty()
    return tqdm(total=total, desc="release", unit="doc", file=sys.stderr, disable=not shown)


# --- from the corpus --------------------------------------------------------------------------------


def corpus_context(root: Path | None = None, fingerprint: bool = True) -> ReleaseContext:
    """What goes into the release besides its rows; ``fingerprint=False`` leaves the source fingerprint
    to be made later (see :func:`write_parts`)."""
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
        source_fingerprint=source_fingerprint(root) if fingerprint else "",
    )


def _recorded_splits(root: Path | None) -> dict[str, str]:
    """The split of every document, checked: each has one, and each is a split of the inventory."""
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
    return recorded


def corpus_tasks(root: Path | None, standoff: bool, annotation_licence: str | None) -> list[PartTask]:
    """The parts of the corpus's release, as tasks for :func:`newsgold.release.parts.read_part`
    (documents in id order, :data:`PART_SIZE` to a part; every document must have a recorded split)."""
    recorded = _recorded_splits(root)
    gold = paths.gold_dir(root)
    files = []
    for doc_path in document_paths(root):
        ann_path = gold / doc_path.name
        files.append((str(doc_path), str(ann_path) if ann_path.exists() else None, recorded[doc_path.stem]))
    return [PartTask(tuple(chunk), standoff, annotation_licence) for chunk in chunked(files, PART_SIZE)]


def validation_errors(root: Path | None = None, jobs: int = 1) -> list:
    return [f for f in validate_corpus(root, jobs=jobs) if f.severity == "error"]


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
    jobs: int = 1,
) -> ReleaseSummary:
    """Validate the corpus under ``root`` (any error stops the build) and write its release.

    ``jobs`` processes read the documents and make their tables (:mod:`newsgold.release.parts`); the
    release is the same byte for byte with any number of them.

    A synthetic corpus (``newsgold synth``) is refused unless ``allow_synthetic`` (benchmarks only).
    ``out`` must be absent, empty or a newsgold release unless ``force`` (:func:`check_destination`)."""
    if not allow_synthetic and is_synthetic(root):
        raise ReleaseError(
            f"{version_path(root)}: a synthetic corpus (newsgold synth) is for "
            "measurement only and is never released"
        )
    if validate:
        with few_collections():
            errors = validation_errors(root, jobs)
        if errors:
            raise ReleaseError(f"validation found {len(errors)} error(s); nothing was released", errors)
    context = corpus_context(root, fingerprint=False)
    tasks = corpus_tasks(root, standoff, context.version.annotation_licence)
    home = root or paths.project_root()

    def fingerprint(hashes: dict[str, str]) -> str:
        """The source fingerprint, with the hashes of the files the parts read."""
        files = [Path(p) for p in hashes]
        named = zip(hashes.values(), source_names(home, files), strict=True)
        return source_fingerprint(home, {name: sha for sha, (name, _) in named})

    if out is None:
        try:
            out = release_dir(context.version.corpus_version, root, standoff)
        except UnsafePathError as exc:
            raise UnsafePathError(f"{version_path(root)}: {exc}") from None
    protect = (root or paths.project_root(),)
    check_destination(out, force=force, protect=protect)  # before the work, and again before replacing
    return write_parts(
        ordered_map(read_part, tasks, jobs, preload=("newsgold.release.parts",)),
        context,
        out,
        standoff=standoff,
        shard_size=shard_size,
        batch_size=batch_size,
        progress=progress,
        total=sum(len(t.documents) for t in tasks),
        fingerprint=fingerprint,
        force=force,
        protect=protect,
    )
