"""Ingest: raw pages (text dumps, HTML) and tables of articles (CSV, JSON Lines) into corpus documents.

The pipeline (ids, raw copies, duplicates, the one write step) is :mod:`newsgold.ingest.pipeline`; the
cleaners are :mod:`newsgold.ingest.textdump`, :mod:`newsgold.ingest.html` and :mod:`newsgold.ingest.records`.
"""

from __future__ import annotations

from newsgold.ingest.pipeline import (
    SAFE_ID,
    CleaningError,
    IngestResult,
    NotAnArticle,
    TableDefaults,
    build_document,
    document_id_for,
    document_id_for_url,
    ingest,
    ingest_page,
    ingest_table,
    is_safe_document_id,
    raw_index,
    table_format,
)

__all__ = [
    "CleaningError",
    "IngestResult",
    "NotAnArticle",
    "SAFE_ID",
    "TableDefaults",
    "build_document",
    "document_id_for",
    "document_id_for_url",
    "ingest",
    "ingest_page",
    "ingest_table",
    "is_safe_document_id",
    "raw_index",
    "table_format",
]
