"""Validation of documents and annotation files: findings with stable codes, never prints or raises.

The engine (reading files, running the checks in order, the report) is :mod:`newsgold.validate.engine`;
the pure checks are :mod:`newsgold.validate.checks`; the JSON Schema step is :mod:`newsgold.validate.schema`.
"""

from __future__ import annotations

from newsgold.validate.engine import (
    CODES,
    DocumentText,
    Finding,
    Passed,
    ProjectRootError,
    Report,
    check_annotation,
    check_annotation_limited,
    check_document,
    format_findings,
    validate,
    validate_corpus,
    validate_paths,
)

__all__ = [
    "CODES",
    "DocumentText",
    "Finding",
    "Passed",
    "ProjectRootError",
    "Report",
    "check_annotation",
    "check_annotation_limited",
    "check_document",
    "format_findings",
    "validate",
    "validate_corpus",
    "validate_paths",
]
