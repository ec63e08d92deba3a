"""The corpus on disk: documents under ``corpus/documents/``, gold under ``annotations/gold/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsgold import paths
from newsgold.io import read_annotation, read_document
from newsgold.model import AnnotatedDocument


def document_paths(root: Path | None = None) -> list[Path]:
    return sorted(paths.documents_dir(root).glob("*.json"))


def iter_corpus(root: Path | None = None, annotations: Path | None = None) -> Iterator[AnnotatedDocument]:
    """Documents in id order, each with its annotation from ``annotations`` (default: the gold)."""
    ann_dir = annotations or paths.gold_dir(root)
    for doc_path in document_paths(root):
        doc = read_document(doc_path)
        ann_path = ann_dir / doc_path.name
        yield AnnotatedDocument(doc, read_annotation(ann_path) if ann_path.exists() else None)
