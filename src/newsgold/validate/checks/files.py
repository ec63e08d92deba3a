"""Checks of files as read: JSON, names, raw pages, annotators."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath
from typing import Any

import orjson

from newsgold.findings import Finding, finding
from newsgold.paths import SAFE_ID, is_safe_document_id
from newsgold.validate.checks.base import BOM, GOLD_ANNOTATOR, WINDOWS_RESERVED, Findings, Json, short

# --- files -----------------------------------------------------------------------------------------


def parse_json(raw: bytes) -> tuple[Any, list[Finding]]:
    """Parse file bytes: ``(data, findings)``; ``data`` is ``None`` when the file cannot be parsed (or
    holds ``null``, an error finding too).

    A byte order mark is reported and skipped, so the rest of the file is still checked.
    """
    found: list[Finding] = []
    if raw.startswith(BOM):
        found.append(
            finding(
                "bom",
                "the file starts with a UTF-8 byte order mark; save it as UTF-8 without BOM",
                pointer="",
            )
        )
        raw = raw[len(BOM) :]
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            found.append(
                finding(
                    "wrong-encoding",
                    f"not UTF-8: byte {bad.start} is {raw[bad.start : bad.start + 1]!r} ({bad.reason})",
                    pointer="",
                )
            )
        else:
            found.append(finding("malformed-json", f"not well-formed JSON: {exc}", pointer=""))
        return None, found
    if data is None:  # ``null``: nothing to check, and nothing to use
        found.append(finding("schema-violation", "the file holds JSON null, not an object", pointer=""))
    return data, found


def unsafe_id_message(doc_id: str) -> str:
    if doc_id.lower() in WINDOWS_RESERVED:
        return f"document id {doc_id!r} is a device name Windows reserves; it cannot be a file name"
    return (
        f"document id {doc_id!r} is not lower-case letters, digits, '_' and '-' (at most 64, "
        "starting with a letter or digit)"
    )


def check_file_name(doc: Json, stem: str | None) -> Findings:
    """The document id is safe as a file name and equals the file name (``stem`` is ``None`` in memory).

    The JSON Schema holds the id pattern (:data:`newsgold.paths.DOCUMENT_ID_PATTERN`), so an id it
    rejects is reported with the schema findings; this check reports what slips through a JSON Schema
    validator built on Python's ``re`` (``$`` also matches before a final newline).
    """
    doc_id = doc.get("id")
    if not isinstance(doc_id, str):
        return
    if not is_safe_document_id(doc_id):
        if SAFE_ID.search(doc_id):
            yield finding("unsafe-document-id", unsafe_id_message(doc_id), pointer="/id")
    elif stem is not None and stem != doc_id:
        yield finding(
            "unsafe-document-id",
            f"document id {doc_id!r} differs from its file name {stem!r}.json",
            pointer="/id",
        )


def raw_path_problem(raw_path: str) -> str | None:
    """Why ``raw_path`` is not a safe project-relative path, or ``None`` when it is."""
    p = PurePosixPath(raw_path)
    if not raw_path or p.is_absolute() or "\\" in raw_path or ":" in p.parts[0]:
        return "is not a relative POSIX path"
    if ".." in p.parts:
        return "leaves the project root ('..')"
    return None


def check_raw_path(doc: Json) -> Findings:
    prov = doc.get("provenance")
    raw_path = prov.get("raw_path") if isinstance(prov, dict) else None
    if isinstance(raw_path, str):
        problem = raw_path_problem(raw_path)
        if problem:
            yield finding(
                "unsafe-raw-path",
                f"provenance.raw_path {raw_path!r} {problem}",
                pointer="/provenance/raw_path",
            )


def check_raw_checksum(doc: Json, raw: bytes | None) -> Findings:
    """The raw page (``None``: the file is missing) has the SHA-256 the provenance records."""
    prov = doc["provenance"]
    if raw is None:
        yield finding(
            "raw-file-missing", f"raw page {prov['raw_path']} does not exist", pointer="/provenance/raw_path"
        )
        return
    actual = hashlib.sha256(raw).hexdigest()
    if actual != prov["raw_sha256"]:
        yield finding(
            "raw-checksum-mismatch",
            f"raw page {prov['raw_path']} has SHA-256 {actual[:16]}…, "
            f"provenance.raw_sha256 says {str(prov['raw_sha256'])[:16]}…",
            pointer="/provenance/raw_sha256",
        )


def check_gold_annotator(ann: Json) -> Findings:
    """A file under ``annotations/gold/`` is the adjudicated gold: its annotator is ``gold``."""
    if ann.get("annotator") != GOLD_ANNOTATOR:
        yield finding(
            "gold-annotator",
            f"annotator {short(ann.get('annotator'))} of a file under "
            f"annotations/gold/ is not {GOLD_ANNOTATOR!r} (guidelines 6: adjudicated files)",
            pointer="/annotator",
        )


def check_annotator(ann: Json, folder: str) -> Findings:
    """An annotator file under ``annotations/annotators/<folder>/`` names that annotator."""
    if ann.get("annotator") != folder:
        yield finding(
            "annotator-mismatch",
            f"annotator {short(ann.get('annotator'))} differs from its folder annotators/{folder}/",
            pointer="/annotator",
        )
