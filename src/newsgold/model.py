"""The data model: typed, frozen records for documents and their standoff annotations.

Offsets follow the one convention of this package (see :mod:`newsgold.offsets`): 0-based, half-open
``[start, end)``, Python code points over the cleaned NFC text, and every span carries the text it covers.

Each record converts to and from plain JSON data with ``to_dict`` / ``from_dict``; the round trip is
lossless in both directions for data in canonical form (the form ``to_dict`` writes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> Json:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: Json) -> Span:
        return cls(d["start"], d["end"], d["text"])

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``[start, end)`` of ``text``, carrying its covered text."""
        return cls(start, end, text[start:end])


def _opt_span(d: Json | None) -> Span | None:
    return None if d is None else Span.from_dict(d)


# --- annotations ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention: a span with an entity type and a mention kind (name, nominal, pronoun)."""

    id: str
    start: int
    end: int
    text: str
    type: str
    kind: str = "name"
    normalized: str | None = None  # TIMEX3-style value for DATE and TIME mentions

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    def to_dict(self) -> Json:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "kind": self.kind,
            "normalized": self.normalized,
        }

    @classmethod
    def from_dict(cls, d: Json) -> Mention:
        return cls(d["id"], d["start"], d["end"], d["text"], d["type"], d["kind"], d.get("normalized"))


@dataclass(frozen=True, slots=True)
class Cluster:
    """A coreference cluster: mentions of one entity."""

    id: str
    type: str
    name: str
    mentions: tuple[str, ...]

    def to_dict(self) -> Json:
        return {"id": self.id, "type": self.type, "name": self.name, "mentions": list(self.mentions)}

    @classmethod
    def from_dict(cls, d: Json) -> Cluster:
        return cls(d["id"], d["type"], d["name"], tuple(d["mentions"]))


@dataclass(frozen=True, slots=True)
class Argument:
    """An event argument: a role filled by a mention (by id) or, where no mention fits, by a span."""

    role: str
    mention: str | None = None
    span: Span | None = None

    def to_dict(self) -> Json:
        if self.mention is not None:
            return {"role": self.role, "mention": self.mention}
        return {"role": self.role, "span": None if self.span is None else self.span.to_dict()}

    @classmethod
    def from_dict(cls, d: Json) -> Argument:
        return cls(d["role"], d.get("mention"), _opt_span(d.get("span")))


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    trigger: Span
    realis: str
    arguments: tuple[Argument, ...] = ()

    def to_dict(self) -> Json:
        return {
            "id": self.id,
            "type": self.type,
            "trigger": self.trigger.to_dict(),
            "realis": self.realis,
            "arguments": [a.to_dict() for a in self.arguments],
        }

    @classmethod
    def from_dict(cls, d: Json) -> Event:
        return cls(
            d["id"],
            d["type"],
            Span.from_dict(d["trigger"]),
            d["realis"],
            tuple(Argument.from_dict(a) for a in d["arguments"]),
        )


@dataclass(frozen=True, slots=True)
class Claim:
    """An attributed claim: what is claimed (content), the reporting cue, and who claims it.

    ``claimer`` is a mention id when ``claimer_status`` is ``mention``, otherwise ``None``.
    """

    id: str
    content: Span
    cue: Span | None
    claimer: str | None
    claimer_status: str
    form: str
    stance: str
    events: tuple[str, ...] = ()

    def to_dict(self) -> Json:
        return {
            "id": self.id,
            "content": self.content.to_dict(),
            "cue": None if self.cue is None else self.cue.to_dict(),
            "claimer": self.claimer,
            "claimer_status": self.claimer_status,
            "form": self.form,
            "stance": self.stance,
            "events": list(self.events),
        }

    @classmethod
    def from_dict(cls, d: Json) -> Claim:
        return cls(
            d["id"],
            Span.from_dict(d["content"]),
            _opt_span(d.get("cue")),
            d.get("claimer"),
            d["claimer_status"],
            d["form"],
            d["stance"],
            tuple(d.get("events", ())),
        )


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotator's (or the gold) standoff annotation of one document, pinned by text hash."""

    document_id: str
    text_sha256: str
    annotator: str
    mentions: tuple[Mention, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    schema_version: str = SCHEMA_VERSION

    def mention_by_id(self) -> dict[str, Mention]:
        return {m.id: m for m in self.mentions}

    def to_dict(self) -> Json:
        return {
            "schema_version": self.schema_version,
            "document_id": self.document_id,
            "text_sha256": self.text_sha256,
            "annotator": self.annotator,
            "mentions": [m.to_dict() for m in self.mentions],
            "clusters": [c.to_dict() for c in self.clusters],
            "events": [e.to_dict() for e in self.events],
            "claims": [c.to_dict() for c in self.claims],
        }

    @classmethod
    def from_dict(cls, d: Json) -> Annotation:
        return cls(
            document_id=d["document_id"],
            text_sha256=d["text_sha256"],
            annotator=d["annotator"],
            mentions=tuple(Mention.from_dict(m) for m in d.get("mentions", ())),
            clusters=tuple(Cluster.from_dict(c) for c in d.get("clusters", ())),
            events=tuple(Event.from_dict(e) for e in d.get("events", ())),
            claims=tuple(Claim.from_dict(c) for c in d.get("claims", ())),
            schema_version=d.get("schema_version", SCHEMA_VERSION),
        )


# --- documents -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    kind: str  # headline | body

    def to_dict(self) -> Json:
        return {"start": self.start, "end": self.end, "kind": self.kind}

    @classmethod
    def from_dict(cls, d: Json) -> Paragraph:
        return cls(d["start"], d["end"], d["kind"])


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    published: str | None  # ISO 8601: date-time with offset when the time is known, else a date
    time_as_printed: str | None
    publisher: str | None
    section_path: tuple[str, ...] = ()
    dateline: Span | None = None
    language: str = "en"
    rights_holder: str | None = None
    licence: str | None = None
    redistributable: bool = False
    url: str | None = None
    licence_url: str | None = None

    @property
    def published_date(self) -> str | None:
        return None if self.published is None else self.published[:10]

    def to_dict(self) -> Json:
        return {
            "title": self.title,
            "published": self.published,
            "time_as_printed": self.time_as_printed,
            "publisher": self.publisher,
            "section_path": list(self.section_path),
            "dateline": None if self.dateline is None else self.dateline.to_dict(),
            "language": self.language,
            "rights_holder": self.rights_holder,
            "licence": self.licence,
            "redistributable": self.redistributable,
            "url": self.url,
            "licence_url": self.licence_url,
        }

    @classmethod
    def from_dict(cls, d: Json) -> Metadata:
        return cls(
            d["title"],
            d.get("published"),
            d.get("time_as_printed"),
            d.get("publisher"),
            tuple(d.get("section_path", ())),
            _opt_span(d.get("dateline")),
            d.get("language", "en"),
            d.get("rights_holder"),
            d.get("licence"),
            d.get("redistributable", False),
            d.get("url"),
            d.get("licence_url"),
        )


@dataclass(frozen=True, slots=True)
class Segment:
    """Cleaned text ``[start, end)`` was copied from raw text ``[raw_start, raw_end)``.

    Raw offsets are code points of the decoded raw file. Equal lengths mean a one-to-one map;
    unequal lengths occur only where NFC normalisation changed the raw characters.
    """

    start: int
    end: int
    raw_start: int
    raw_end: int

    def to_list(self) -> list[int]:
        return [self.start, self.end, self.raw_start, self.raw_end]


@dataclass(frozen=True, slots=True)
class Removal:
    """Raw lines ``first_line..last_line`` (1-based, inclusive, as editors show them) were dropped."""

    first_line: int
    last_line: int
    reason: str
    text: str

    def to_dict(self) -> Json:
        return {
            "first_line": self.first_line,
            "last_line": self.last_line,
            "reason": self.reason,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: Json) -> Removal:
        return cls(d["first_line"], d["last_line"], d["reason"], d["text"])


@dataclass(frozen=True, slots=True)
class Provenance:
    raw_path: str  # relative to the project root
    raw_sha256: str
    raw_encoding: str
    cleaner: str
    cleaner_version: str
    segments: tuple[Segment, ...] = ()
    removed: tuple[Removal, ...] = ()

    def to_raw(self, offset: int) -> int | None:
        """The raw code-point offset of cleaned ``offset``, or ``None`` for inserted separators."""
        for s in self.segments:
            if s.start <= offset < s.end:
                if s.end - s.start == s.raw_end - s.raw_start:
                    return s.raw_start + offset - s.start
                return s.raw_start
        return None

    def to_dict(self) -> Json:
        return {
            "raw_path": self.raw_path,
            "raw_sha256": self.raw_sha256,
            "raw_encoding": self.raw_encoding,
            "cleaner": self.cleaner,
            "cleaner_version": self.cleaner_version,
            "segments": [s.to_list() for s in self.segments],
            "removed": [r.to_dict() for r in self.removed],
        }

    @classmethod
    def from_dict(cls, d: Json) -> Provenance:
        return cls(
            d["raw_path"],
            d["raw_sha256"],
            d["raw_encoding"],
            d["cleaner"],
            d["cleaner_version"],
            tuple(Segment(*s) for s in d.get("segments", ())),
            tuple(Removal.from_dict(r) for r in d.get("removed", ())),
        )


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned article: NFC text (headline, blank line, body paragraphs), metadata, provenance."""

    id: str
    text: str
    text_sha256: str
    paragraphs: tuple[Paragraph, ...]
    metadata: Metadata
    provenance: Provenance
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> Json:
        return {
            "schema_version": self.schema_version,
            "id": self.id,
            "text": self.text,
            "text_sha256": self.text_sha256,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "metadata": self.metadata.to_dict(),
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: Json) -> Document:
        return cls(
            d["id"],
            d["text"],
            d["text_sha256"],
            tuple(Paragraph.from_dict(p) for p in d["paragraphs"]),
            Metadata.from_dict(d["metadata"]),
            Provenance.from_dict(d["provenance"]),
            d.get("schema_version", SCHEMA_VERSION),
        )


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document with its annotation (``annotation`` is ``None`` when it has none yet)."""

    document: Document
    annotation: Annotation | None = field(default=None)
