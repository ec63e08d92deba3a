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
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from newsgold.convert.tokens import (
    AlignmentError,
    bio_tags,
    sentence_bounds,
    token_columns,
    token_range,
    tokenize,
)
from newsgold.corpus.stats import CorpusStats
from newsgold.io import read_bytes_bounded
from newsgold.labels import inventory
from newsgold.model import AnnotatedDocument
from newsgold.release.context import ReleaseError, TextRights
from newsgold.release.tables import (
    ANNOTATION_COLUMNS,
    CONFIGS,
    METADATA_FIELDS,
    AlignmentProblem,
    label_columns,
    storage_schema,
)

PART_SIZE = 250  # documents per part: enough to keep a worker busy, few enough to keep memory flat
GC_THRESHOLD = 100_000  # allocations between collections of the youngest generation while rows are made


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
    hashes: dict[str, str] = field(default_factory=dict)  # file read -> SHA-256 of its bytes


@contextmanager
def few_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely: a build makes millions of short-lived rows and values
    (freed by reference counting), and frequent collections walking the buffered rows took a quarter
    of the build time."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


@cache
def _schemas() -> dict[str, Any]:
    return {c: storage_schema(c) for c in CONFIGS}


@cache
def _labels() -> dict[str, dict[str, frozenset[str]]]:
    """The label columns of each configuration with their names (``arguments.role``: inside a list)."""
    return {c: {k: frozenset(v) for k, v in label_columns(c).items()} for c in CONFIGS}


def make_part(
    items: Iterable[tuple[AnnotatedDocument, str]], standoff: bool, annotation_licence: str | None
) -> Part:
    """The part of ``items`` (typed documents with their split, in release order)."""
    records = (
        (item.document.to_dict(), None if item.annotation is None else item.annotation.to_dict(), split)
        for item, split in items
    )
    return part_of_records(records, standoff, annotation_licence)


def read_part(task: PartTask) -> Part:
    """The part of the documents a task names, read from their files (in a worker); the part's
    ``hashes`` hold the SHA-256 of every file read, by its path as the task names it."""
    hashes: dict[str, str] = {}
    records = (
        (_read_json(d, "document", hashes), None if a is None else _read_json(a, "annotation", hashes), s)
        for d, a, s in task.documents
    )
    with few_collections():
        part = part_of_records(records, task.standoff, task.annotation_licence)
    part.hashes = hashes
    return part


def _read_json(path: str, what: str, hashes: dict[str, str]) -> dict[str, Any]:
    try:
        raw = read_bytes_bounded(Path(path))
        data = orjson.loads(raw)
    except OSError as exc:
        raise ReleaseError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise ReleaseError(
            f"{path}: not a readable {what} ({exc}); newsgold validate {path} says why"
        ) from None
    if not isinstance(data, dict):
        raise ReleaseError(
            f"{path}: not a readable {what} (not a JSON object); newsgold validate {path} says why"
        )
    hashes[path] = hashlib.sha256(raw).hexdigest()
    return data


def part_of_records(
    records: Iterable[tuple[dict[str, Any], dict[str, Any] | None, str]],
    standoff: bool,
    annotation_licence: str | None,
) -> Part:
    """The part of documents and annotations as their JSON files hold them (validated), with splits.

    The rows are those of :class:`newsgold.release.tables.RowMaker` (a test compares every table);
    the flat tables with most rows (``mentions``, ``ner``) are built column by column, the others from
    rows. A file that is not shaped as validation guarantees is a :class:`ReleaseError` naming it."""
    builder = _PartBuilder(standoff, annotation_licence)
    for doc, ann, split in records:
        try:
            builder.add(doc, ann, split)
        except AlignmentProblem as exc:
            raise ReleaseError(str(exc)) from None
        except (KeyError, TypeError, AttributeError, IndexError) as exc:  # not shaped as validated
            why = f"no {exc.args[0]!r} field" if isinstance(exc, KeyError) else str(exc)
            raise ReleaseError(
                f"document {doc.get('id') if isinstance(doc, dict) else '?'}: not shaped as a validated "
                f"document and annotation ({why}); run newsgold validate"
            ) from None
    try:
        return builder.finish()
    except KeyError as exc:
        raise ReleaseError(f"document {exc.args[0]}") from None


class _PartBuilder:
    """Rows and columns of every configuration for a run of documents, then their Arrow tables."""

    def __init__(self, standoff: bool, annotation_licence: str | None) -> None:
        self.standoff, self.licence = standoff, annotation_licence
        self.flat = inventory().flat_kinds
        self.part = Part()
        self.rows: dict[tuple[str, str], list[dict[str, Any]]] = {}  # documents, events, claims, texts
        self.mentions: dict[str, _Columns] = {}  # split -> columns
        self.ner: dict[str, _Columns] = {}
        self.annotated = self.characters = 0

    def add(self, doc: dict[str, Any], ann: dict[str, Any] | None, split: str) -> None:
        part, md = self.part, doc["metadata"]
        doc_id, published, redistributable = doc["id"], md["published"], md["redistributable"]
        part.documents += 1
        part.restricted += not redistributable
        rights = TextRights(
            md["publisher"], md["rights_holder"], md["licence"], md["licence_url"], redistributable
        )
        part.text_rights[rights] = part.text_rights.get(rights, 0) + 1
        hide = self.standoff and not redistributable
        part.withheld += hide
        if published is not None:
            day = published[:10]
            part.first_published = min(part.first_published or day, day)
            part.last_published = max(part.last_published or day, day)
        self.characters += len(doc["text"])
        self.annotated += ann is not None
        full = _document_row(doc, ann, split, hide)
        text_row = {k: v for k, v in full.items() if k not in ANNOTATION_COLUMNS}
        text_row["annotated"] = ann is not None
        made = {"texts": 1}
        self.rows.setdefault(("texts", split), []).append(text_row)
        if ann is not None:
            full["annotation_licence"] = self.licence
            self.rows.setdefault(("documents", split), []).append(full)
            common = (doc_id, split, published)
            by_id = {m["id"]: m for m in ann["mentions"]}
            made["documents"] = 1
            made["mentions"] = self._mentions(ann, common, hide, split)
            made["events"] = self._events(ann, by_id, common, hide, split)
            made["claims"] = self._claims(ann, by_id, common, hide, split)
            made["ner"] = self._ner(doc, ann, common, hide, split)
        chosen = part.example if redistributable else part.fallback
        for config, n in made.items():
            if n and (config not in chosen or doc_id < chosen[config][0]):
                chosen[config] = (doc_id, split)

    def _mentions(self, ann: dict[str, Any], common: tuple, hide: bool, split: str) -> int:
        mentions = ann["mentions"]
        if not mentions:
            return 0
        cluster_of = {m: c["id"] for c in ann["clusters"] for m in c["mentions"]}
        cols = self.mentions.setdefault(split, _Columns(MENTION_COLUMNS))
        n = len(mentions)
        doc_id, _, published = common
        cols.extend("document_id", [doc_id] * n)
        cols.extend("split", [split] * n)
        cols.extend("published", [published] * n)
        ids = [m["id"] for m in mentions]
        cols.extend("id", ids)
        cols.extend("start", [m["start"] for m in mentions])
        cols.extend("end", [m["end"] for m in mentions])
        cols.extend("text", [None] * n if hide else [m["text"] for m in mentions])
        cols.extend("type", [m["type"] for m in mentions])
        cols.extend("kind", [m["kind"] for m in mentions])
        cols.extend("normalized", [m.get("normalized") for m in mentions])
        cols.extend("cluster", [cluster_of.get(i) for i in ids])
        return n

    def _events(
        self, ann: dict[str, Any], by_id: dict[str, Any], common: tuple, hide: bool, split: str
    ) -> int:
        events = ann["events"]
        rows = self.rows.setdefault(("events", split), [])
        doc_id, _, published = common
        for e in events:
            args = []
            for a in e["arguments"]:
                mention = a.get("mention")
                sp = by_id.get(mention) if mention is not None else None
                sp = a.get("span") if sp is None else sp  # a mention carries its span's start, end and text
                args.append(
                    {
                        "role": a["role"],
                        "mention": mention,
                        "start": None if sp is None else sp["start"],
                        "end": None if sp is None else sp["end"],
                        "text": None if sp is None or hide else sp["text"],
                    }
                )
            trigger = e["trigger"]
            rows.append(
                {
                    "document_id": doc_id,
                    "split": split,
                    "published": published,
                    "id": e["id"],
                    "type": e["type"],
                    "trigger_start": trigger["start"],
                    "trigger_end": trigger["end"],
                    "trigger_text": None if hide else trigger["text"],
                    "realis": e["realis"],
                    "arguments": args,
                }
            )
        return len(events)

    def _claims(
        self, ann: dict[str, Any], by_id: dict[str, Any], common: tuple, hide: bool, split: str
    ) -> int:
        claims = ann["claims"]
        rows = self.rows.setdefault(("claims", split), [])
        doc_id, _, published = common
        for c in claims:
            claimer_id = c.get("claimer")
            claimer = by_id.get(claimer_id) if claimer_id is not None else None
            content, cue = c["content"], c.get("cue")
            rows.append(
                {
                    "document_id": doc_id,
                    "split": split,
                    "published": published,
                    "id": c["id"],
                    "content_start": content["start"],
                    "content_end": content["end"],
                    "content_text": None if hide else content["text"],
                    "cue_start": None if cue is None else cue["start"],
                    "cue_end": None if cue is None else cue["end"],
                    "cue_text": None if cue is None or hide else cue["text"],
                    "claimer": claimer_id,
                    "claimer_text": None if claimer is None or hide else claimer["text"],
                    "claimer_status": c["claimer_status"],
                    "form": c["form"],
                    "stance": c["stance"],
                    "events": list(c.get("events") or ()),
                }
            )
        return len(claims)

    def _ner(self, doc: dict[str, Any], ann: dict[str, Any], common: tuple, hide: bool, split: str) -> int:
        text, doc_id, published = doc["text"], common[0], common[2]
        texts, starts, ends = token_columns(text)
        flat = [m for m in ann["mentions"] if m["kind"] in self.flat]
        try:
            tags = bio_tags(starts, ends, [(m["start"], m["end"], m["type"]) for m in flat])
        except AlignmentError:  # name the first mention off the token boundaries
            tokens = tokenize(text)
            for m in flat:
                try:
                    token_range(tokens, m["start"], m["end"])
                except AlignmentError:
                    raise AlignmentProblem(doc_id, m["id"], m["start"], m["end"]) from None
            raise
        bounds = sentence_bounds(text, texts, starts, ends)
        cols = self.ner.setdefault(split, _Columns(NER_COLUMNS))
        n = len(bounds)
        cols.extend("id", [f"{doc_id}-{k}" for k in range(n)])
        cols.extend("document_id", [doc_id] * n)
        cols.extend("split", [split] * n)
        cols.extend("published", [published] * n)
        cols.extend("sentence", list(range(n)))
        cols.lists("tokens", bounds, None if hide else texts)
        cols.lists("token_starts", bounds, starts)
        cols.lists("token_ends", bounds, ends)
        cols.lists("ner_tags", bounds, tags)
        return n

    def finish(self) -> Part:
        import pyarrow as pa

        schemas, part = _schemas(), self.part
        for (config, split), rows in self.rows.items():
            if rows:
                part.tables[(config, split)] = pa.Table.from_pylist(rows, schema=schemas[config])
        for config, by_split in (("mentions", self.mentions), ("ner", self.ner)):
            for split, cols in by_split.items():
                part.tables[(config, split)] = cols.table(schemas[config])
        labels = _labels()
        for (config, _), table in part.tables.items():
            for column, names in labels[config].items():
                _check_labels(table, column, names)
        part.stats = _stats(part.tables, part.documents, self.annotated, self.characters)
        return part


def _check_labels(table: Any, column: str, names: frozenset[str]) -> None:
    """A label outside the inventory fails the build (validation reports it first) instead of reaching
    the Parquet files: a :class:`KeyError` naming the document, the column and the label."""
    import pyarrow as pa
    import pyarrow.compute as pc

    head, _, inner = column.partition(".")
    values, rows = table[head].combine_chunks(), None
    if pa.types.is_list(values.type):
        rows = pc.list_parent_indices(values)
        values = pc.list_flatten(values)
    if inner:
        values = pc.struct_field(values, inner)
    unknown = sorted(set(pc.unique(values).drop_null().to_pylist()) - names)
    if not unknown:
        return
    at = pc.index(values, unknown[0]).as_py()
    row = at if rows is None else rows[at].as_py()
    raise KeyError(
        f"{table['document_id'][row].as_py()}: {column} {unknown[0]!r} is not a label of the inventory"
    )


MENTION_COLUMNS = (
    *("document_id", "split", "published", "id", "start", "end", "text", "type", "kind"),
    *("normalized", "cluster"),
)
NER_COLUMNS = ("id", "document_id", "split", "published", "sentence")
NER_LISTS = ("tokens", "token_starts", "token_ends", "ner_tags")


class _Columns:
    """Columns of a flat table as Python lists; list columns as flat values, offsets and nulls."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.values: dict[str, list[Any]] = {name: [] for name in names}
        self.offsets: dict[str, list[int]] = {}
        self.nulls: dict[str, list[bool]] = {}

    def extend(self, name: str, values: list[Any]) -> None:
        self.values[name].extend(values)

    def lists(self, name: str, bounds: list[tuple[int, int]], values: list[Any] | None) -> None:
        """One list per ``[i, j)`` of ``bounds`` over ``values`` (``None``: a null list each)."""
        flat = self.values.setdefault(name, [])
        offsets = self.offsets.setdefault(name, [0])
        nulls = self.nulls.setdefault(name, [])
        if values is None:
            offsets.extend([len(flat)] * len(bounds))
            nulls.extend([True] * len(bounds))
            return
        base = len(flat) - (bounds[0][0] if bounds else 0)
        flat.extend(values[bounds[0][0] : bounds[-1][1]] if bounds else [])
        offsets.extend(base + j for _, j in bounds)
        nulls.extend([False] * len(bounds))

    def table(self, schema: Any) -> Any:
        import pyarrow as pa

        arrays = []
        for column in schema:
            values = self.values[column.name]
            if column.name in self.offsets:
                nulls = self.nulls[column.name]
                items = pa.array(values, type=column.type.value_type)
                offsets = pa.array(self.offsets[column.name], type=pa.int32())
                mask = pa.array(nulls, type=pa.bool_()) if any(nulls) else None
                arrays.append(pa.ListArray.from_arrays(offsets, items, type=column.type, mask=mask))
            else:
                arrays.append(pa.array(values, type=column.type))
        return pa.Table.from_arrays(arrays, schema=schema)


def _stats(
    tables: dict[tuple[str, str], Any], documents: int, annotated: int, characters: int
) -> CorpusStats:
    """The figures of :func:`newsgold.corpus.stats.corpus_stats`, counted over the part's tables."""
    import pyarrow.compute as pc

    def counts(config: str, column: str) -> dict[str, int]:
        out: Counter[str] = Counter()
        for (c, _), table in tables.items():
            if c == config:
                for item in pc.value_counts(table[column]).to_pylist():
                    out[item["values"]] += item["counts"]
        return dict(sorted(out.items()))

    def lengths(config: str, column: str) -> int:
        return sum(
            pc.sum(pc.list_value_length(t[column])).as_py() or 0
            for (c, _), t in tables.items()
            if c == config
        )

    by_type, by_kind = counts("mentions", "type"), counts("mentions", "kind")
    events, forms = counts("events", "type"), counts("claims", "form")
    return CorpusStats(
        documents,
        annotated,
        characters,
        sum(by_type.values()),
        by_type,
        by_kind,
        lengths("documents", "clusters"),
        sum(events.values()),
        events,
        lengths("events", "arguments"),
        sum(forms.values()),
        forms,
    )


def _span(sp: dict[str, Any] | None, hide: bool) -> dict[str, Any] | None:
    return (
        None if sp is None else {"start": sp["start"], "end": sp["end"], "text": None if hide else sp["text"]}
    )


def _document_row(doc: dict[str, Any], ann: dict[str, Any] | None, split: str, hide: bool) -> dict[str, Any]:
    """The ``documents`` row of :func:`newsgold.release.tables.document_row`, from JSON."""
    md, pv = doc["metadata"], doc["provenance"]
    row = {
        "id": doc["id"],
        "split": split,
        "schema_version": doc["schema_version"],
        "text": None if hide else doc["text"],
        "text_sha256": doc["text_sha256"],
        **{k: md.get(k) for k in METADATA_FIELDS},
        "paragraphs": doc["paragraphs"],
        "provenance": pv,
        "annotator": None if ann is None else ann["annotator"],
        "annotation_schema_version": None if ann is None else ann["schema_version"],
        "annotation_licence": None,
        "mentions": [] if ann is None else ann["mentions"],
        "clusters": [] if ann is None else ann["clusters"],
        "events": [] if ann is None else ann["events"],
        "claims": [] if ann is None else ann["claims"],
    }
    row["section_path"] = list(md.get("section_path") or ())
    if not hide:
        return row
    row["title"] = None
    row["dateline"] = _span(md.get("dateline"), True)
    row["provenance"] = {**pv, "removed": [{**r, "text": None} for r in pv["removed"]]}
    row["mentions"] = [{**m, "text": None} for m in row["mentions"]]
    row["events"] = [
        {
            **e,
            "trigger": _span(e["trigger"], True),
            "arguments": [{**a, "span": _span(a.get("span"), True)} for a in e["arguments"]],
        }
        for e in row["events"]
    ]
    row["claims"] = [
        {**c, "content": _span(c["content"], True), "cue": _span(c.get("cue"), True)} for c in row["claims"]
    ]
    return row


def chunked(items: Iterable[Any], size: int = PART_SIZE) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last may be shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
