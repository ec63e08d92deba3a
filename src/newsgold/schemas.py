"""JSON Schemas (draft 2020-12) for document and annotation files, generated from the label inventory.

The committed files ``schema/document.schema.json`` and ``schema/annotation.schema.json`` are the
output of :func:`generate`; ``newsgold schema --write`` regenerates them and a test fails on drift.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from newsgold.io import dumps, read_json
from newsgold.labels import Inventory, inventory
from newsgold.model import SCHEMA_VERSION
from newsgold.paths import DOCUMENT_ID_PATTERN, schema_dir

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://newsgold.dev/schema/"
SCHEMA_FILES = {"document": "document.schema.json", "annotation": "annotation.schema.json"}

_ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.:-]*$"}
_DOCUMENT_ID = {"type": "string", "pattern": DOCUMENT_ID_PATTERN}  # also a file name (newsgold.paths)
_SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_OFFSET = {"type": "integer", "minimum": 0}
_ISO_DATE_TIME = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?$"


def _span() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["start", "end", "text"],
        "properties": {"start": _OFFSET, "end": _OFFSET, "text": {"type": "string"}},
    }


def _enum(values: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def annotation_schema(inv: Inventory) -> dict[str, Any]:
    mention = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "start", "end", "text", "type", "kind"],
        "properties": {
            "id": _ID,
            "start": _OFFSET,
            "end": _OFFSET,
            "text": {"type": "string"},
            "type": _enum(inv.entity_types),
            "kind": _enum(inv.mention_kinds),
            "normalized": {"type": ["string", "null"]},
        },
    }
    cluster = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "type", "name", "mentions"],
        "properties": {
            "id": _ID,
            "type": _enum(inv.entity_types),
            "name": {"type": "string"},
            "mentions": {"type": "array", "items": _ID, "minItems": 1},
        },
    }
    argument = {
        "type": "object",
        "additionalProperties": False,
        "required": ["role"],
        "properties": {"role": _enum(inv.roles), "mention": _ID, "span": {"$ref": "#/$defs/span"}},
        "oneOf": [{"required": ["mention"]}, {"required": ["span"]}],
    }
    event = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "type", "trigger", "realis", "arguments"],
        "properties": {
            "id": _ID,
            "type": _enum(list(inv.event_types)),
            "trigger": {"$ref": "#/$defs/span"},
            "realis": _enum(inv.realis),
            "arguments": {"type": "array", "items": {"$ref": "#/$defs/argument"}},
        },
    }
    claim = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "content", "cue", "claimer", "claimer_status", "form", "stance", "events"],
        "properties": {
            "id": _ID,
            "content": {"$ref": "#/$defs/span"},
            "cue": {"oneOf": [{"$ref": "#/$defs/span"}, {"type": "null"}]},
            "claimer": {"oneOf": [_ID, {"type": "null"}]},
            "claimer_status": _enum(inv.claimer_statuses),
            "form": _enum(inv.claim_forms),
            "stance": _enum(inv.stances),
            "events": {"type": "array", "items": _ID},
        },
    }
    return {
        "$schema": DRAFT,
        "$id": BASE + SCHEMA_FILES["annotation"],
        "title": "newsgold annotation file",
        "description": f"Standoff annotation of one document. Labels: inventory {inv.version}.",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "schema_version",
            "document_id",
            "text_sha256",
            "annotator",
            "mentions",
            "clusters",
            "events",
            "claims",
        ],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "document_id": _DOCUMENT_ID,
            "text_sha256": _SHA256,
            "annotator": {"type": "string", "minLength": 1},
            "mentions": {"type": "array", "items": {"$ref": "#/$defs/mention"}},
            "clusters": {"type": "array", "items": {"$ref": "#/$defs/cluster"}},
            "events": {"type": "array", "items": {"$ref": "#/$defs/event"}},
            "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
        },
        "$defs": {
            "span": _span(),
            "mention": mention,
            "cluster": cluster,
            "argument": argument,
            "event": event,
            "claim": claim,
        },
    }


def document_schema(inv: Inventory) -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    metadata = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "title",
            "published",
            "time_as_printed",
            "publisher",
            "section_path",
            "dateline",
            "language",
            "rights_holder",
            "licence",
            "redistributable",
            "url",
        ],
        "properties": {
            "title": {"type": "string"},
            "published": {"oneOf": [{"type": "string", "pattern": _ISO_DATE_TIME}, {"type": "null"}]},
            "time_as_printed": nullable_str,
            "publisher": nullable_str,
            "section_path": {"type": "array", "items": {"type": "string"}},
            "dateline": {"oneOf": [{"$ref": "#/$defs/span"}, {"type": "null"}]},
            "language": {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]+)*$"},
            "rights_holder": nullable_str,
            "licence": nullable_str,
            "redistributable": {"type": "boolean"},
            "url": nullable_str,
            "licence_url": nullable_str,
        },
    }
    provenance = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "raw_path",
            "raw_sha256",
            "raw_encoding",
            "cleaner",
            "cleaner_version",
            "segments",
            "removed",
        ],
        "properties": {
            "raw_path": {"type": "string"},
            "raw_sha256": _SHA256,
            "raw_encoding": {"type": "string"},
            "cleaner": {"type": "string"},
            "cleaner_version": {"type": "string"},
            "segments": {
                "type": "array",
                "items": {"type": "array", "items": _OFFSET, "minItems": 4, "maxItems": 4},
            },
            "removed": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["first_line", "last_line", "reason", "text"],
                    "properties": {
                        "first_line": {"type": "integer", "minimum": 1},
                        "last_line": {"type": "integer", "minimum": 1},
                        "reason": {"type": "string"},
                        "text": {"type": "string"},
                    },
                },
            },
        },
    }
    paragraph = {
        "type": "object",
        "additionalProperties": False,
        "required": ["start", "end", "kind"],
        "properties": {"start": _OFFSET, "end": _OFFSET, "kind": _enum(inv.paragraph_kinds)},
    }
    return {
        "$schema": DRAFT,
        "$id": BASE + SCHEMA_FILES["document"],
        "title": "newsgold document file",
        "description": "A cleaned news article: NFC text, paragraphs, metadata and provenance.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "id", "text", "text_sha256", "paragraphs", "metadata", "provenance"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "id": _DOCUMENT_ID,
            "text": {"type": "string", "minLength": 1},
            "text_sha256": _SHA256,
            "paragraphs": {"type": "array", "items": paragraph, "minItems": 1},
            "metadata": metadata,
            "provenance": provenance,
        },
        "$defs": {"span": _span()},
    }


def generate(inv: Inventory | None = None) -> dict[str, bytes]:
    """The schema files as they should be on disk, keyed by file name."""
    inv = inv or inventory()
    return {
        SCHEMA_FILES["document"]: dumps(document_schema(inv)),
        SCHEMA_FILES["annotation"]: dumps(annotation_schema(inv)),
    }


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """The committed schema ``kind`` ("document" or "annotation")."""
    return read_json(schema_dir() / SCHEMA_FILES[kind])
