"""Reading the Parquet shards of a release folder, for the loaders, ``diff`` and ``rehydrate``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsgold.labels import inventory
from newsgold.release.tables import ANNOTATION_COLUMNS, CONFIGS


def shard_files(directory: Path, config: str, split: str | None = None) -> list[Path]:
    """The Parquet shards of ``config`` (one split, or all in split order then shard order)."""
    if config not in CONFIGS:
        raise ValueError(f"unknown configuration {config!r}; expected one of {', '.join(CONFIGS)}")
    folder = directory / "data" / config
    splits = [split] if split is not None else list(inventory().splits)
    files = [f for s in splits for f in sorted(folder.glob(f"{s}-*.parquet"))]
    if split is not None and not files:
        raise ValueError(f"{directory}: configuration {config!r} has no rows in split {split!r}")
    return files


def document_row_of(directory: Path, config: str, split: str, document_id: str) -> dict[str, Any] | None:
    """The first row of ``config`` in ``split`` that belongs to document ``document_id`` (``None``: none),
    as it is stored."""
    import pyarrow.parquet as pq

    column = "id" if config in ("documents", "texts") else "document_id"
    for f in sorted((directory / "data" / config).glob(f"{split}-*.parquet")):
        table = pq.read_table(f, filters=[(column, "=", document_id)])
        if table.num_rows:
            return table.slice(0, 1).to_pylist()[0]
    return None


def document_rows(
    directory: Path, split: str | None = None, batch_size: int = 256
) -> Iterator[dict[str, Any]]:
    """One ``documents``-shaped row per document of the release, with or without gold, in release
    order (splits in order, ids within a split): the ``documents`` row where the document has gold,
    else its ``texts`` row with empty annotation columns (``annotator`` null). A release built before
    the ``texts`` configuration existed has every document in ``documents``."""
    import pyarrow.parquet as pq

    def rows(config: str) -> Iterator[dict[str, Any]]:
        if split is not None and not any((directory / "data" / config).glob(f"{split}-*.parquet")):
            return  # no document of this split has gold
        for f in shard_files(directory, config, split):
            for batch in pq.ParquetFile(f).iter_batches(batch_size=batch_size):
                yield from batch.to_pylist()

    if not (directory / "data" / "texts").is_dir():
        yield from rows("documents")
        return
    gold = {row["id"]: row for row in rows("documents")}
    layers = ("mentions", "clusters", "events", "claims")
    empty: dict[str, Any] = {k: [] if k in layers else None for k in ANNOTATION_COLUMNS}
    for row in rows("texts"):
        annotated = row.pop("annotated")
        yield gold.pop(row["id"]) if annotated else {**row, **empty}
