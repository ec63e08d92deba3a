"""Findings: what validation reports, one record per problem, each with a stable code.

``CODES`` is the one catalogue of every code newsgold reports: the validator's, those of the benchmark's
predictions reader (``prediction-*``) and those of the Label Studio import (``ls-*``), each with its
severity and a one-line description. Codes never change meaning once released; new problems get new
codes.

Text that comes from data (ids, file names, quoted values) is escaped wherever it is printed
(:func:`printable`, :func:`format_findings`), so a file cannot send control sequences to a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import orjson

Severity = Literal["error", "warning"]

CODES: dict[str, tuple[Severity, str]] = {
    # files
    "malformed-json": (
        "error",
        "the file is not well-formed JSON, or nests deeper than newsgold writes (254 levels)",
    ),
    "duplicate-key": (
        "error",
        "an object has the same key twice (JSON readers differ in which value they keep)",
    ),
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
    "control-character": (
        "error",
        "the document text holds a control character (C0 other than tab and line feed, DEL, C1)",
    ),
    "segment-out-of-bounds": (
        "error",
        "a provenance segment is reversed or lies outside the document text or the raw page",
    ),
    "integer-out-of-range": (
        "error",
        "an integer (offset, line number) or the text length does not fit the release's "
        "32-bit integer columns",
    ),
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
    "symlink-outside-root": (
        "error",
        "a document, annotation or raw page is a symbolic link (or lies in a linked folder) that leads "
        "outside the project root; it is not read",
    ),
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
    # predictions read by the benchmark (newsgold.bench.predictions, newsgold.bench.run)
    "prediction-malformed-line": ("error", "a line is not a JSON object"),
    "prediction-no-document-id": ("error", "a line has no document_id string"),
    "prediction-duplicate-document": ("error", "a second line for the same document (ignored)"),
    "prediction-not-scored": ("warning", "a line for a document outside the evaluated set (ignored)"),
    "prediction-missing-document": (
        "warning",
        "a document of the evaluated set has no line: all of its gold counts as missed",
    ),
    "prediction-span-located": (
        "warning",
        "a span had no usable offsets; its text was located in the document",
    ),
    "prediction-span-unlocatable": (
        "error",
        "a span can be placed nowhere in the text: it counts as spurious",
    ),
    "prediction-unreadable-item": ("error", "an item is not an object; it counts as one spurious item"),
    "prediction-findings-truncated": (
        "warning",
        "a validation check found more problems on a line than it lists; the first one not listed is named",
    ),
    "extractor-failed": (
        "error",
        "an extractor raised or returned something other than an Annotation: the document counts as missed",
    ),
    # Label Studio exports read back (newsgold.labelstudio.importer, newsgold.labelstudio.mapping)
    "ls-malformed-export": (
        "error",
        "the export is not JSON, or a task, annotation or result lacks a required part",
    ),
    "ls-unknown-document": ("error", "a task's data.document_id names no document of the corpus"),
    "ls-task-hash-mismatch": (
        "error",
        "a task's text (or its data.text_sha256) differs from the document's text",
    ),
    "ls-unknown-control": (
        "error",
        "a result names a control (from_name) that the labeling config lacks, or an "
        "attribute on a region that does not take it",
    ),
    "ls-unknown-label": ("error", "a label, choice or relation label is not in the label inventory"),
    "ls-dangling-relation": (
        "error",
        "a relation or per-region attribute points at no labelled region, or a cue "
        "or argument span is linked to nothing",
    ),
    "ls-relation-not-allowed": (
        "error",
        "a relation joins regions the inventory does not link (a role the event "
        "type does not take, a second cue or claimer)",
    ),
    "ls-span-text-mismatch": ("error", "a region's text differs from the document text at its offsets"),
    "ls-utf16-offsets": ("error", "a region's offsets are UTF-16 code units (they match only when read so)"),
    "ls-missing-attribute": (
        "error",
        "a region lacks a required attribute (kind, realis, form, stance, claimer "
        "status, claimer, cluster line)",
    ),
    "ls-cancelled-annotation": (
        "warning",
        "an annotation was skipped (cancelled) in Label Studio: not imported",
    ),
    "ls-duplicate-annotation": (
        "warning",
        "one annotator has several annotations of one task: the latest is kept",
    ),
    "ls-layer-merge": (
        "error",
        "an annotation of a one-layer task keeps the other layers of the annotator's file, and that file "
        "cannot be read, is pinned to another text, or its kept layers no longer fit",
    ),
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
        """One line: location, severity, code and message, with what comes from data escaped
        (:func:`printable`)."""
        return printable(f"{self.location}: {self.severity} {self.code}: {self.message}")


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


# What a terminal may act on rather than show: C0 controls (line breaks and tabs among them), DEL, C1
# controls, the Unicode line and paragraph separators and the bidirectional controls (which reorder
# what is shown).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same but for line feeds, carriage returns and tabs, which text of several lines is made of.
_TERMINAL_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str) -> str:
    """``text`` safe for one line of a terminal: control characters (line breaks and tabs too), line
    and paragraph separators and bidirectional controls as Python escapes (``\\x1b``, ``\\n``,
    ``\\u202e``), every other character as it is. Quotes and backslashes are left alone, so a message
    that quotes a value with ``repr`` reads the same."""
    return _UNPRINTABLE.sub(_escape, text)


def terminal_safe(text: str) -> str:
    """``text`` of any number of lines, safe for a terminal: as :func:`printable`, but line feeds,
    carriage returns and tabs are kept, and each escape is a JSON one (``\\u001b``), so JSON output
    stays valid JSON (these characters only occur inside its strings)."""
    return _TERMINAL_CONTROL.sub(_json_escape, text)


def format_findings(findings: Iterable[Finding], fmt: str = "human") -> str:
    """Findings as text: one line each (``human``) or a JSON list of finding objects (``json``).

    Either way nothing from data reaches a terminal unescaped: lines go through :func:`printable`; in
    JSON, orjson escapes C0 controls and :func:`terminal_safe` the rest.
    """
    if fmt == "json":
        dumped = orjson.dumps([f.to_dict() for f in findings], option=orjson.OPT_INDENT_2).decode()
        return terminal_safe(dumped)
    if fmt == "human":
        return "\n".join(f.format() for f in findings)
    raise ValueError(f"unknown format {fmt!r} (expected 'human' or 'json')")
