"""Pure check functions: parsed data in, findings out. Nothing here reads files or prints.

Three flat registries name the checks the validator runs:

- ``DOCUMENT_CHECKS``: ``check(doc) -> findings`` over a document dict;
- ``ANNOTATION_CHECKS``: ``check(ann) -> findings`` over an annotation dict, without its document;
- ``TEXT_CHECKS``: ``check(ann, doc) -> findings`` that need the document's text (a :class:`DocumentText`).

The checks live by subject in ``base`` (shared shapes, the fast-path machinery), ``files``, ``spans``,
``structure``, ``documents`` and ``labels``; this package gathers them.

File-level checks (``parse_json``, ``check_file_name``, ``check_raw_checksum``, ``check_annotator``)
take the bytes or names the caller has read. Checks assume schema-valid data; the caller guards them
when the schema already failed. Every check is linear in the size of the data (overlap checks sort once).
"""

from __future__ import annotations

from collections.abc import Callable

from newsgold.validate.checks.base import (
    BOM,
    CLAIMER_IS_MENTION,
    GOLD_ANNOTATOR,
    INT32_MAX,
    WINDOWS_RESERVED,
    DocumentText,
    Findings,
    Json,
    fast_path,
    short,
    text_sha256,
)
from newsgold.validate.checks.documents import (
    check_control_characters,
    check_document_hash,
    check_document_spans,
    check_integer_ranges,
    check_nfc,
    check_paragraphs,
    check_segments,
)
from newsgold.validate.checks.files import (
    MAX_DEPTH,
    check_annotator,
    check_depth,
    check_file_name,
    check_gold_annotator,
    check_json_structure,
    check_raw_checksum,
    check_raw_path,
    check_raw_segments,
    parse_json,
    raw_path_problem,
    unsafe_id_message,
)
from newsgold.validate.checks.labels import LABEL_FIELDS, label_field, unknown_label
from newsgold.validate.checks.spans import check_document_id, check_span, check_spans, check_text_hash
from newsgold.validate.checks.structure import (
    TIMEX3_VALUE,
    calendar_problem,
    check_argument_fillers,
    check_claim_cues,
    check_claim_events,
    check_claimers,
    check_clusters,
    check_crossing,
    check_duplicate_arguments,
    check_duplicate_ids,
    check_duplicate_mentions,
    check_flat_overlaps,
    check_normalized,
    check_references,
    check_roles,
    check_singleton_clusters,
)

__all__ = [
    "BOM",
    "CLAIMER_IS_MENTION",
    "INT32_MAX",
    "MAX_DEPTH",
    "DocumentText",
    "Findings",
    "GOLD_ANNOTATOR",
    "Json",
    "LABEL_FIELDS",
    "TIMEX3_VALUE",
    "WINDOWS_RESERVED",
    "calendar_problem",
    "check_annotator",
    "check_argument_fillers",
    "check_claim_cues",
    "check_claim_events",
    "check_claimers",
    "check_clusters",
    "check_control_characters",
    "check_crossing",
    "check_depth",
    "check_document_hash",
    "check_document_id",
    "check_document_spans",
    "check_duplicate_arguments",
    "check_duplicate_ids",
    "check_duplicate_mentions",
    "check_file_name",
    "check_flat_overlaps",
    "check_gold_annotator",
    "check_integer_ranges",
    "check_json_structure",
    "check_nfc",
    "check_normalized",
    "check_paragraphs",
    "check_raw_checksum",
    "check_raw_path",
    "check_raw_segments",
    "check_references",
    "check_roles",
    "check_segments",
    "check_singleton_clusters",
    "check_span",
    "check_spans",
    "check_text_hash",
    "fast_path",
    "label_field",
    "parse_json",
    "raw_path_problem",
    "short",
    "text_sha256",
    "unknown_label",
    "unsafe_id_message",
    "ANNOTATION_CHECKS",
    "DOCUMENT_CHECKS",
    "TEXT_CHECKS",
    "WHOLE_FILE_CHECKS",
]


# --- registries ------------------------------------------------------------------------------------

DOCUMENT_CHECKS: dict[str, Callable[[Json], Findings]] = {
    "nfc": check_nfc,
    "control-characters": check_control_characters,
    "document-hash": check_document_hash,
    "paragraphs": check_paragraphs,
    "document-spans": check_document_spans,
    "segments": check_segments,
    "integer-ranges": check_integer_ranges,
    "raw-path": check_raw_path,
}

ANNOTATION_CHECKS: dict[str, Callable[[Json], Findings]] = {
    "duplicate-ids": check_duplicate_ids,
    "references": check_references,
    "roles": check_roles,
    "clusters": check_clusters,
    "claimers": check_claimers,
    "normalized": check_normalized,
    "flat-overlaps": check_flat_overlaps,
    "crossing": check_crossing,
    "duplicate-mentions": check_duplicate_mentions,
    "duplicate-arguments": check_duplicate_arguments,
    "argument-fillers": check_argument_fillers,
    "singleton-clusters": check_singleton_clusters,
    "claim-cues": check_claim_cues,
    "claim-events": check_claim_events,
}

# Annotation checks that read every item of the file, also one that failed the schema: ids and the
# references to them do not depend on the item's other fields. Every other check sees only the items
# that passed the schema (see newsgold.validate).
WHOLE_FILE_CHECKS = frozenset({"duplicate-ids", "references"})

TEXT_CHECKS: dict[str, Callable[[Json, DocumentText], Findings]] = {
    "text-hash": check_text_hash,
    "document-id": check_document_id,
    "spans": check_spans,
}
