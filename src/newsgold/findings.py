"""Findings: what validation reports, one record per problem, each with a stable code.

``CODES`` is the catalogue of every code the validator can report, with its severity and a one-line
description. Codes never change meaning once released; new problems get new codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import orjson

Severity = Literal["error", "warning"]

CODES: dict[str, tuple[Severity, str]] = {
    # files
    "malformed-json": ("error", "the file is not well-formed JSON"),
    "wrong-encoding": ("error", "the file is not UTF-8"),
    "bom": ("error", "the file starts with a UTF-8 byte order mark"),
    "schema-violation": ("error", "the data does not follow the JSON Schema (at the JSON Pointer given)"),
    "unknown-label": (
        "error",
        "a label (entity type, kind, event type, role, realis, form, stance, claimer "
        "status, paragraph kind) is not in schema/labels.json",
    ),
    # documents
    "non-nfc-text": ("error", "the document text is not in Unicode normalization form NFC"),
    "document-hash-mismatch": ("error", "the document's text_sha256 is not the SHA-256 of its text"),
    "paragraph-offsets": (
        "error",
        "paragraphs are out of order, overlap, fall outside the text or leave text uncovered",
    ),
    "unsafe-document-id": (
        "error",
        "the document id is not ^[a-z0-9][a-z0-9_-]{0,63}$, is a device name "
        "Windows reserves (con, prn, aux, nul, com1-9, lpt1-9) or differs from "
        "the file name",
    ),
    "raw-file-missing": ("error", "the raw page named by provenance.raw_path does not exist"),
    "raw-checksum-mismatch": ("error", "the raw page's bytes differ from provenance.raw_sha256"),
    "unsafe-raw-path": ("error", "provenance.raw_path is absolute or leaves the project root"),
    "unreferenced-raw-file": ("warning", "a file under corpus/raw/ that no document names as its raw page"),
    "duplicate-document": (
        "error",
        "two documents have the same raw page (raw_sha256) or the same text (text_sha256)",
    ),
    # spans
    "offset-out-of-bounds": ("error", "a span's start or end lies outside the document text"),
    "offset-reversed": ("error", "a span's end is before its start"),
    "empty-span": ("error", "a span covers no characters (start == end)"),
    "span-text-mismatch": ("error", "a span's text differs from text[start:end]"),
    "span-whitespace": ("error", "a span starts or ends with whitespace"),
    # mentions, clusters, events, claims
    "overlapping-mentions": ("error", "two mentions of a flat kind (names) overlap"),
    "crossing-mentions": ("error", "two mentions partially overlap, neither containing the other"),
    "duplicate-id": ("error", "an id is used twice in one annotation file (ids are unique across layers)"),
    "dangling-reference": (
        "error",
        "a reference (argument mention, claimer, cluster member, claim event) "
        "names no annotation of the right layer",
    ),
    "role-not-allowed": ("error", "an argument role is not allowed for its event type"),
    "duplicate-cluster-membership": ("error", "a mention belongs to more than one cluster"),
    "cluster-type-mismatch": ("error", "a cluster's type differs from the type of one of its mentions"),
    "claimer-status-mismatch": (
        "error",
        "claimer_status 'mention' needs a claimer id; 'author' and 'unattributed' need claimer null",
    ),
    "normalized-value": (
        "error",
        "a normalized value is not TIMEX3-like, names no real date or time "
        "(2019-13, 2019-02-30, 2019-W54, T25:00), or is given for a type other "
        "than DATE or TIME",
    ),
    "duplicate-mention": ("error", "two mentions have the same start, end, type and kind"),
    "duplicate-argument": ("error", "an event has the same role with the same filler twice"),
    "argument-filler-type": (
        "warning",
        "a mention fills a role its entity type is not listed for "
        "(filler_types of the role in schema/labels.json)",
    ),
    "singleton-cluster": (
        "warning",
        "a cluster has only one mention (guidelines 2.5: singletons get no cluster)",
    ),
    "claim-without-cue": ("warning", "a claim has no cue (guidelines 4.2: every claim has its cue)"),
    "claim-event-outside-content": (
        "warning",
        "a claim lists an event whose trigger is not inside its content span (guidelines 4.6)",
    ),
    # pairing
    "text-hash-mismatch": ("error", "the annotation is pinned to another text SHA-256 than its document's"),
    "unpaired-annotation": ("error", "an annotation file has no document file of the same name"),
    "document-id-mismatch": ("error", "the annotation's document_id differs from its document (file name)"),
    "annotator-mismatch": ("warning", "an annotator file's annotator field differs from its folder name"),
    "gold-annotator": ("warning", 'a file under annotations/gold/ has an annotator other than "gold"'),
    "unadjudicated-document": ("warning", "a document has annotator files but no gold file"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: a stable code, its severity, a one-line message and where it is."""

    code: str
    severity: Severity
    message: str
    file: str | None = None
    document_id: str | None = None
    pointer: str | None = None  # JSON Pointer into the file ("" is the whole file)
    annotation_id: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "document_id": self.document_id,
            "pointer": self.pointer,
            "annotation_id": self.annotation_id,
            "start": self.start,
            "end": self.end,
        }

    def placed(self, file: str | None, document_id: str | None, pointer: str | None) -> Finding:
        """This finding with another file, document id and pointer: ``dataclasses.replace`` without
        its introspection, which costs seconds on a file with a million findings."""
        return Finding(
            self.code,
            self.severity,
            self.message,
            file,
            document_id,
            pointer,
            self.annotation_id,
            self.start,
            self.end,
        )

    @property
    def location(self) -> str:
        parts = [p for p in (self.document_id, self.pointer) if p]
        if self.annotation_id is not None:
            parts.append(f"[{self.annotation_id}]")
        if self.start is not None and self.end is not None:
            parts.append(f"{self.start}-{self.end}")
        elif self.start is not None:
            parts.append(str(self.start))
        where = " ".join(parts)
        if self.file:
            return f"{self.file}: {where}" if where else self.file
        return where or "-"

    def format(self) -> str:
        return f"{self.location}: {self.severity} {self.code}: {self.message}"


def finding(
    code: str,
    message: str,
    *,
    pointer: str | None = None,
    annotation_id: Any = None,
    start: Any = None,
    end: Any = None,
) -> Finding:
    """A :class:`Finding` of a catalogued ``code`` (severity from ``CODES``), located in one file.

    File and document id are filled in by the caller that knows them. Location values that are not of
    the expected type (malformed data) are dropped rather than carried along.
    """
    severity = CODES[code][0]
    return Finding(
        code,
        severity,
        message,
        pointer=pointer,
        annotation_id=annotation_id if isinstance(annotation_id, str) else None,
        start=start if type(start) is int else None,
        end=end if type(end) is int else None,
    )


def format_findings(findings: Iterable[Finding], fmt: str = "human") -> str:
    """Findings as text: one line each (``human``) or a JSON list of finding objects (``json``)."""
    if fmt == "json":
        return orjson.dumps([f.to_dict() for f in findings], option=orjson.OPT_INDENT_2).decode()
    if fmt == "human":
        return "\n".join(f.format() for f in findings)
    raise ValueError(f"unknown format {fmt!r} (expected 'human' or 'json')")
