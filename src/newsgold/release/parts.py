"""A release in parts: the Arrow tables of a run of documents, made in this or a worker process.

The documents of a release, in id order, are cut into parts of :data:`PART_SIZE` documents. A part is
read and turned into one Arrow table per configuration and split (:func:`make_part`) wherever it is
made, and the writer takes the parts in order (:mod:`newsgold.release.build`). The cut depends on the
documents only, never on the number of processes, so the writer sees the same tables in the same
order and the release is byte for byte the same with any ``--jobs``.

A part also carries what the dataset card and the summary need from its documents (figures, text
rights, publication dates, the documents whose rows the card shows), to be combined in order.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from newsgold.corpus import CorpusFileError, read_item
from newsgold.corpus.stats import CorpusStats, corpus_stats
from newsgold.model import AnnotatedDocument
from newsgold.release.context import ReleaseError, TextRights
from newsgold.release.tables import CONFIGS, AlignmentProblem, RowMaker, storage_schema

PART_SIZE = 250  # documents per part: enough to keep a worker busy, few enough to keep memory flat
GC_THRESHOLD = 100_000  # allocations between collections of the youngest generation while a part is made


@dataclass(frozen=True, slots=True)
class PartTask:
    """What a worker needs to make a part: the files of its documents, their splits, the form."""

    documents: tuple[tuple[str, str | None, str], ...]  # (document file, gold file or None, split)
    standoff: bool
    annotation_licence: str | None


@dataclass(slots=True)
class Part:
    """The tables of a run of documents and what the card needs from them."""

    tables: dict[tuple[str, str], Any] = field(default_factory=dict)  # (config, split) -> pyarrow.Table
    documents: int = 0
    stats: CorpusStats = field(default_factory=CorpusStats)
    text_rights: dict[TextRights, int] = field(default_factory=dict)  # in first-seen order
    withheld: int = 0
    restricted: int = 0
    first_published: str | None = None
    last_published: str | None = None
    # per configuration, the first document (by id) with rows there: whose text may be redistributed,
    # and whatever its rights
    example: dict[str, tuple[str, str]] = field(default_factory=dict)
    fallback: dict[str, tuple[str, str]] = field(default_factory=dict)


@cache
def _schemas() -> dict[str, Any]:
    return {c: storage_schema(c) for c in CONFIGS}


@cache
def _maker() -> RowMaker:
    return RowMaker()


def make_part(
    items: Iterable[tuple[AnnotatedDocument, str]], standoff: bool, annotation_licence: str | None
) -> Part:
    """The part of ``items`` (documents with their split, in release order)."""
    import pyarrow as pa

    maker, schemas = _maker(), _schemas()
    part = Part()
    rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
    listed: list[AnnotatedDocument] = []
    for item, split in items:
        listed.append(item)
        md = item.document.metadata
        part.documents += 1
        part.restricted += not md.redistributable
        rights = TextRights(md.publisher, md.rights_holder, md.licence, md.licence_url, md.redistributable)
        part.text_rights[rights] = part.text_rights.get(rights, 0) + 1
        withhold = standoff and not md.redistributable
        part.withheld += withhold
        day = md.published_date
        if day is not None:
            part.first_published = min(part.first_published or day, day)
            part.last_published = max(part.last_published or day, day)
        try:
            made = maker.rows(item, split, withhold)
        except AlignmentProblem as exc:
            raise ReleaseError(str(exc)) from None
        if item.annotation is not None:
            made["documents"][0]["annotation_licence"] = annotation_licence
        chosen = part.example if md.redistributable else part.fallback
        for config in CONFIGS:
            if made[config]:
                rows.setdefault((config, split), []).extend(made[config])
                if config not in chosen or item.document.id < chosen[config][0]:
                    chosen[config] = (item.document.id, split)
    part.stats = corpus_stats(listed)
    for (config, split), config_rows in rows.items():
        part.tables[(config, split)] = pa.Table.from_pylist(config_rows, schema=schemas[config])
    return part


def read_part(task: PartTask) -> Part:
    """:func:`make_part` of the documents a task names, read from their files (in a worker)."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_THRESHOLD), *old[1:])
    try:
        items = ((read_item(Path(d), None if a is None else Path(a)), s) for d, a, s in task.documents)
        return make_part(items, task.standoff, task.annotation_licence)
    except CorpusFileError as exc:  # plain arguments, so that it crosses back from a worker
        raise ReleaseError(str(exc)) from None
    finally:
        gc.set_threshold(*old)


def chunked(items: Iterable[Any], size: int = PART_SIZE) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last may be shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
