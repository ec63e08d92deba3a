"""The release's tables: Hugging Face features per configuration, rows per document, and back.

Configurations:

- ``documents``: one row per article with its text, metadata, paragraphs, provenance and every
  annotation layer as nested lists of structs. Label columns are plain strings here, exactly as in
  the JSON files, so that the round trip documents -> Parquet -> typed documents is lossless and SQL
  engines show readable values.
- ``mentions``, ``events``, ``claims``: flat tables, one row per annotation, for analysis and
  training. Their label columns are ``ClassLabel`` features whose names come from the label inventory.
- ``ner``: one row per sentence in the shape of CoNLL-2003 on the Hugging Face Hub (``id``,
  ``tokens``, ``ner_tags``) plus the document id and each token's character offsets. Tokens and
  sentences come from :mod:`newsgold.convert.tokens`; tags are IOB2 over the flat (``name``) mentions.
- ``texts``: every document of the corpus, with or without gold: the ``documents`` columns without
  the annotation layers, plus ``annotated`` (whether the document has gold).

The five labelled configurations (:data:`LABELLED_CONFIGS`) hold only documents with gold, so a
document nobody has annotated never looks like a document without entities, events or claims; the
documents still waiting for gold are in ``texts`` only.

Every table carries ``split`` and ``published`` so that filters work on all of them. In the standoff
form, every piece of text of a document that may not be redistributed is null; offsets and hashes stay.

**Labels are stored by name.** A ``ClassLabel`` column (the label columns of the flat tables, the roles
of ``events.arguments``, ``ner_tags``) is written to Parquet as strings, the label names, which Parquet
stores dictionary-encoded (:func:`storage_schema`); so DuckDB, Polars, pyarrow or Spark show
``GPE``, not ``4``. The ``datasets`` features with their ``ClassLabel`` names are in each file's schema
metadata (key ``huggingface``) and in the dataset card, and ``datasets.load_dataset`` turns the names
into ``ClassLabel`` ids as it loads (``ClassLabel.cast_storage``). Arrow's own dictionary type is not
used: ``datasets`` cannot cast a dictionary column to a ``ClassLabel``.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

from newsgold.convert.tokens import (
    AlignmentError,
    bio_tags,
    sentence_bounds,
    token_columns,
    token_range,
    tokenize,
)
from newsgold.errors import DataError
from newsgold.labels import Inventory, inventory
from newsgold.model import (
    AnnotatedDocument,
    Annotation,
    Argument,
    Claim,
    Cluster,
    Document,
    Event,
    Mention,
    Metadata,
    Span,
)

if TYPE_CHECKING:
    import datasets
    import pyarrow

CONFIGS = ("documents", "mentions", "events", "claims", "ner", "texts")
# The configurations with annotation layers: only documents with gold have rows in them.
LABELLED_CONFIGS = ("documents", "mentions", "events", "claims", "ner")
# The columns of ``documents`` that ``texts`` leaves out.
ANNOTATION_COLUMNS = (
    "annotator",
    "annotation_schema_version",
    "annotation_licence",
    "mentions",
    "clusters",
    "events",
    "claims",
)
Row = dict[str, Any]
# The metadata fields, each a top-level column of the ``documents`` configuration.
METADATA_FIELDS = tuple(f.name for f in fields(Metadata))


class AlignmentProblem(DataError, ValueError):
    """A flat mention does not start and end on token boundaries, so it has no BIO encoding."""

    def __init__(self, document_id: str, mention_id: str, start: int, end: int) -> None:
        super().__init__(
            f"document {document_id}: mention {mention_id} [{start}, {end}) does not start and "
            "end on token boundaries of newsgold.convert.tokens, so it has no BIO tags"
        )
        self.document_id, self.mention_id, self.start, self.end = document_id, mention_id, start, end


# --- features -------------------------------------------------------------------------------------


def features(config: str, inv: Inventory | None = None) -> datasets.Features:
    """The ``datasets.Features`` of one configuration (ClassLabel names from the inventory)."""
    try:
        from datasets import ClassLabel, Features, List, Value
    except ImportError as exc:  # pragma: no cover - datasets is a core dependency
        raise ImportError("building a release needs the 'datasets' package: pip install datasets") from exc
    inv = inv or inventory()
    s, i32, b = Value("string"), Value("int32"), Value("bool")

    def span() -> dict:
        return {"start": i32, "end": i32, "text": s}

    def label(names: tuple[str, ...] | list[str]) -> ClassLabel:
        return ClassLabel(names=list(names))

    common = {"document_id": s, "split": s, "published": s}
    if config == "texts":
        columns = {k: v for k, v in features("documents", inv).items() if k not in ANNOTATION_COLUMNS}
        return Features({**columns, "annotated": b})
    if config == "documents":
        return Features(
            {
                "id": s,
                "split": s,
                "schema_version": s,
                "text": s,
                "text_sha256": s,
                "title": s,
                "published": s,
                "time_as_printed": s,
                "publisher": s,
                "section_path": List(s),
                "dateline": span(),
                "language": s,
                "rights_holder": s,
                "licence": s,
                "redistributable": b,
                "url": s,
                "licence_url": s,
                "paragraphs": List({"start": i32, "end": i32, "kind": s}),
                "provenance": {
                    "raw_path": s,
                    "raw_sha256": s,
                    "raw_encoding": s,
                    "cleaner": s,
                    "cleaner_version": s,
                    "segments": List(List(Value("int32"))),
                    "removed": List({"first_line": i32, "last_line": i32, "reason": s, "text": s}),
                },
                "annotator": s,
                "annotation_schema_version": s,
                "annotation_licence": s,
                "mentions": List(
                    {"id": s, "start": i32, "end": i32, "text": s, "type": s, "kind": s, "normalized": s}
                ),
                "clusters": List({"id": s, "type": s, "name": s, "mentions": List(s)}),
                "events": List(
                    {
                        "id": s,
                        "type": s,
                        "trigger": span(),
                        "realis": s,
                        "arguments": List({"role": s, "mention": s, "span": span()}),
                    }
                ),
                "claims": List(
                    {
                        "id": s,
                        "content": span(),
                        "cue": span(),
                        "claimer": s,
                        "claimer_status": s,
                        "form": s,
                        "stance": s,
                        "events": List(s),
                    }
                ),
            }
        )
    if config == "mentions":
        return Features(
            {
                **common,
                "id": s,
                "start": i32,
                "end": i32,
                "text": s,
                "type": label(inv.entity_types),
                "kind": label(inv.mention_kinds),
                "normalized": s,
                "cluster": s,
            }
        )
    if config == "events":
        return Features(
            {
                **common,
                "id": s,
                "type": label(list(inv.event_types)),
                "trigger_start": i32,
                "trigger_end": i32,
                "trigger_text": s,
                "realis": label(inv.realis),
                "arguments": List(
                    {"role": label(inv.roles), "mention": s, "start": i32, "end": i32, "text": s}
                ),
            }
        )
    if config == "claims":
        return Features(
            {
                **common,
                "id": s,
                "content_start": i32,
                "content_end": i32,
                "content_text": s,
                "cue_start": i32,
                "cue_end": i32,
                "cue_text": s,
                "claimer": s,
                "claimer_text": s,
                "claimer_status": label(inv.claimer_statuses),
                "form": label(inv.claim_forms),
                "stance": label(inv.stances),
                "events": List(s),
            }
        )
    if config == "ner":
        return Features(
            {
                "id": s,
                **common,
                "sentence": i32,
                "tokens": List(s),
                "token_starts": List(i32),
                "token_ends": List(i32),
                "ner_tags": List(label(inv.bio_tags)),
            }
        )
    raise ValueError(f"unknown configuration {config!r}; expected one of {', '.join(CONFIGS)}")


def _names_as_strings(feature: Any) -> Any:
    """``feature`` with every ``ClassLabel`` in it (at any depth) replaced by a string ``Value``."""
    from datasets import ClassLabel, List, Value

    if isinstance(feature, ClassLabel):
        return Value("string")
    if isinstance(feature, List):
        return List(_names_as_strings(feature.feature), length=feature.length)
    if isinstance(feature, dict):
        return {k: _names_as_strings(v) for k, v in feature.items()}
    return feature


def storage_schema(config: str, inv: Inventory | None = None) -> pyarrow.Schema:
    """The Arrow schema of one configuration's Parquet files: the columns of :func:`features`, with each
    ``ClassLabel`` stored as its names (strings), and the features themselves, ClassLabel names and all,
    in the schema metadata under ``huggingface``, as ``datasets`` writes them."""
    from datasets import Features

    typed = features(config, inv)
    stored = Features({k: _names_as_strings(v) for k, v in typed.items()}).arrow_schema
    return stored.with_metadata(typed.arrow_schema.metadata)


def label_columns(config: str, inv: Inventory | None = None) -> dict[str, tuple[str, ...]]:
    """The ``ClassLabel`` columns of one configuration, each with its names (a dotted path for a column
    inside a list of structs: ``arguments.role``)."""
    from datasets import ClassLabel, List

    out: dict[str, tuple[str, ...]] = {}

    def walk(path: str, feature: Any) -> None:
        if isinstance(feature, ClassLabel):
            out[path] = tuple(feature.names)
        elif isinstance(feature, List):
            walk(path, feature.feature)
        elif isinstance(feature, dict):
            for k, v in feature.items():
                walk(f"{path}.{k}" if path else k, v)

    walk("", dict(features(config, inv)))
    return out


# --- rows -----------------------------------------------------------------------------------------


def _common_columns(doc: Document, split: str) -> Row:
    """The columns every flat configuration shares (see ``common`` in :func:`features`)."""
    return {"document_id": doc.id, "split": split, "published": doc.metadata.published}


def _span(sp: Span | None, hide: bool) -> Row | None:
    return None if sp is None else {"start": sp.start, "end": sp.end, "text": None if hide else sp.text}


class RowMaker:
    """Rows of every configuration for one document at a time. Labels are written by name (see
    :func:`storage_schema`); each is looked up in its inventory, so a label outside it fails the build
    (``KeyError``) instead of reaching the Parquet files."""

    def __init__(self, inv: Inventory | None = None) -> None:
        inv = inv or inventory()
        self.inv = inv

        def names(labels: tuple[str, ...] | list[str]) -> dict[str, str]:
            return {n: n for n in labels}

        self.entity, self.kind = names(inv.entity_types), names(inv.mention_kinds)
        self.event, self.realis, self.role = names(list(inv.event_types)), names(inv.realis), names(inv.roles)
        self.status, self.form = names(inv.claimer_statuses), names(inv.claim_forms)
        self.stance, self.bio = names(inv.stances), names(inv.bio_tags)

    def rows(self, item: AnnotatedDocument, split: str, withhold: bool = False) -> dict[str, list[Row]]:
        doc, ann = item.document, item.annotation
        full = document_row(item, split, withhold)
        text_row = {k: v for k, v in full.items() if k not in ANNOTATION_COLUMNS}
        text_row["annotated"] = ann is not None
        if ann is None:
            return {**{c: [] for c in LABELLED_CONFIGS}, "texts": [text_row]}
        return {
            "documents": [full],
            "mentions": self.mention_rows(doc, ann, split, withhold),
            "events": self.event_rows(doc, ann, split, withhold),
            "claims": self.claim_rows(doc, ann, split, withhold),
            "ner": self.ner_rows(doc, ann, split, withhold),
            "texts": [text_row],
        }

    def mention_rows(self, doc: Document, ann: Annotation | None, split: str, hide: bool) -> list[Row]:
        if ann is None:
            return []
        cluster_of = {m: c.id for c in ann.clusters for m in c.mentions}
        return [
            {
                **_common_columns(doc, split),
                "id": m.id,
                "start": m.start,
                "end": m.end,
                "text": None if hide else m.text,
                "type": self.entity[m.type],
                "kind": self.kind[m.kind],
                "normalized": m.normalized,
                "cluster": cluster_of.get(m.id),
            }
            for m in ann.mentions
        ]

    def event_rows(self, doc: Document, ann: Annotation | None, split: str, hide: bool) -> list[Row]:
        if ann is None:
            return []
        by_id = ann.mention_by_id()
        out = []
        for e in ann.events:
            args = []
            for a in e.arguments:
                sp: Mention | Span | None = by_id.get(a.mention) if a.mention is not None else None
                sp = a.span if sp is None else sp  # a mention carries its span's start, end and text
                args.append(
                    {
                        "role": self.role[a.role],
                        "mention": a.mention,
                        "start": None if sp is None else sp.start,
                        "end": None if sp is None else sp.end,
                        "text": None if sp is None or hide else sp.text,
                    }
                )
            out.append(
                {
                    **_common_columns(doc, split),
                    "id": e.id,
                    "type": self.event[e.type],
                    "trigger_start": e.trigger.start,
                    "trigger_end": e.trigger.end,
                    "trigger_text": None if hide else e.trigger.text,
                    "realis": self.realis[e.realis],
                    "arguments": args,
                }
            )
        return out

    def claim_rows(self, doc: Document, ann: Annotation | None, split: str, hide: bool) -> list[Row]:
        if ann is None:
            return []
        by_id = ann.mention_by_id()
        out = []
        for c in ann.claims:
            claimer = by_id.get(c.claimer) if c.claimer is not None else None
            out.append(
                {
                    **_common_columns(doc, split),
                    "id": c.id,
                    "content_start": c.content.start,
                    "content_end": c.content.end,
                    "content_text": None if hide else c.content.text,
                    "cue_start": None if c.cue is None else c.cue.start,
                    "cue_end": None if c.cue is None else c.cue.end,
                    "cue_text": None if c.cue is None or hide else c.cue.text,
                    "claimer": c.claimer,
                    "claimer_text": None if claimer is None or hide else claimer.text,
                    "claimer_status": self.status[c.claimer_status],
                    "form": self.form[c.form],
                    "stance": self.stance[c.stance],
                    "events": list(c.events),
                }
            )
        return out

    def ner_rows(self, doc: Document, ann: Annotation | None, split: str, hide: bool) -> list[Row]:
        texts, starts, ends = token_columns(doc.text)
        flat = [m for m in ann.mentions if m.kind in self.inv.flat_kinds] if ann is not None else []
        try:
            tags = bio_tags(starts, ends, [(m.start, m.end, m.type) for m in flat])
        except AlignmentError:  # name the first mention off the token boundaries
            tokens = tokenize(doc.text)
            for m in flat:
                try:
                    token_range(tokens, m.start, m.end)
                except AlignmentError:
                    raise AlignmentProblem(doc.id, m.id, m.start, m.end) from None
            raise
        common = _common_columns(doc, split)
        bio = self.bio
        out = []
        for n, (i, j) in enumerate(sentence_bounds(doc.text, texts, starts, ends)):
            out.append(
                {
                    "id": f"{doc.id}-{n}",
                    **common,
                    "sentence": n,
                    "tokens": None if hide else texts[i:j],
                    "token_starts": starts[i:j],
                    "token_ends": ends[i:j],
                    "ner_tags": [bio[t] for t in tags[i:j]],
                }
            )
        return out


def document_row(item: AnnotatedDocument, split: str, withhold: bool = False) -> Row:
    """The ``documents`` row of one document; ``withhold`` nulls every piece of its text."""
    doc, ann, md, pv = item.document, item.annotation, item.document.metadata, item.document.provenance
    h = withhold
    return {
        "id": doc.id,
        "split": split,
        "schema_version": doc.schema_version,
        "text": None if h else doc.text,
        "text_sha256": doc.text_sha256,
        "title": None if h else md.title,
        "published": md.published,
        "time_as_printed": md.time_as_printed,
        "publisher": md.publisher,
        "section_path": list(md.section_path),
        "dateline": _span(md.dateline, h),
        "language": md.language,
        "rights_holder": md.rights_holder,
        "licence": md.licence,
        "redistributable": md.redistributable,
        "url": md.url,
        "licence_url": md.licence_url,
        "paragraphs": [p.to_dict() for p in doc.paragraphs],
        "provenance": {
            "raw_path": pv.raw_path,
            "raw_sha256": pv.raw_sha256,
            "raw_encoding": pv.raw_encoding,
            "cleaner": pv.cleaner,
            "cleaner_version": pv.cleaner_version,
            "segments": [s.to_list() for s in pv.segments],
            "removed": [{**r.to_dict(), "text": None if h else r.text} for r in pv.removed],
        },
        "annotator": None if ann is None else ann.annotator,
        "annotation_schema_version": None if ann is None else ann.schema_version,
        "annotation_licence": None,  # filled by the writer from corpus/VERSION.json
        "mentions": []
        if ann is None
        else [{**m.to_dict(), "text": None if h else m.text} for m in ann.mentions],
        "clusters": [] if ann is None else [c.to_dict() for c in ann.clusters],
        "events": []
        if ann is None
        else [
            {
                "id": e.id,
                "type": e.type,
                "trigger": _span(e.trigger, h),
                "realis": e.realis,
                "arguments": [
                    {"role": a.role, "mention": a.mention, "span": _span(a.span, h)} for a in e.arguments
                ],
            }
            for e in ann.events
        ],
        "claims": []
        if ann is None
        else [
            {
                "id": c.id,
                "content": _span(c.content, h),
                "cue": _span(c.cue, h),
                "claimer": c.claimer,
                "claimer_status": c.claimer_status,
                "form": c.form,
                "stance": c.stance,
                "events": list(c.events),
            }
            for c in ann.claims
        ],
    }


# --- back to typed documents ----------------------------------------------------------------------


def _from_span(d: Row | None, text: str | None) -> Span | None:
    if d is None:
        return None
    covered = d["text"] if d["text"] is not None else (None if text is None else text[d["start"] : d["end"]])
    return Span(d["start"], d["end"], covered)  # type: ignore[arg-type]


def annotated_document_from_row(row: Row, document: Document | None = None) -> AnnotatedDocument:
    """The typed document of a ``documents`` or ``texts`` row (the inverse of :func:`document_row`).

    A standoff row (text withheld) needs ``document``: the document rebuilt from its raw page; span
    texts are then restored from its text.
    """
    if document is None:
        if row["text"] is None:
            raise ValueError(
                f"document {row['id']}: its text is withheld in this standoff release; "
                "restore it with `newsgold rehydrate`"
            )
        document = Document.from_dict(
            {
                "schema_version": row["schema_version"],
                "id": row["id"],
                "text": row["text"],
                "text_sha256": row["text_sha256"],
                "paragraphs": row["paragraphs"],
                "metadata": {k: row[k] for k in METADATA_FIELDS},
                "provenance": row["provenance"],
            }
        )
    text = document.text
    if row.get("annotator") is None:  # a ``texts`` row, or a document without gold
        return AnnotatedDocument(document, None)

    def sp(d: Row) -> Span:
        out = _from_span(d, text)
        assert out is not None
        return out

    ann = Annotation(
        document_id=row["id"],
        text_sha256=row["text_sha256"],
        annotator=row["annotator"],
        mentions=tuple(
            Mention(
                m["id"],
                m["start"],
                m["end"],
                m["text"] if m["text"] is not None else text[m["start"] : m["end"]],
                m["type"],
                m["kind"],
                m["normalized"],
            )
            for m in row["mentions"]
        ),
        clusters=tuple(Cluster(c["id"], c["type"], c["name"], tuple(c["mentions"])) for c in row["clusters"]),
        events=tuple(
            Event(
                e["id"],
                e["type"],
                sp(e["trigger"]),
                e["realis"],
                tuple(Argument(a["role"], a["mention"], _from_span(a["span"], text)) for a in e["arguments"]),
            )
            for e in row["events"]
        ),
        claims=tuple(
            Claim(
                c["id"],
                sp(c["content"]),
                _from_span(c["cue"], text),
                c["claimer"],
                c["claimer_status"],
                c["form"],
                c["stance"],
                tuple(c["events"]),
            )
            for c in row["claims"]
        ),
        schema_version=row["annotation_schema_version"],
    )
    return AnnotatedDocument(document, ann)
