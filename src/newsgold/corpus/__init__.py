"""The corpus on disk: documents under ``corpus/documents/``, gold under ``annotations/gold/``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from newsgold import paths
from newsgold.errors import DataError
from newsgold.io import read_annotation, read_document
from newsgold.model import AnnotatedDocument

T = TypeVar("T")


class CorpusFileError(DataError, ValueError):
    """A document or gold file of the corpus cannot be read as one (``newsgold validate`` says why)."""


def document_paths(root: Path | None = None) -> list[Path]:
    return sorted(paths.documents_dir(root).glob("*.json"))


def iter_corpus(root: Path | None = None, annotations: Path | None = None) -> Iterator[AnnotatedDocument]:
    """Documents in id order, each with its annotation from ``annotations`` (default: the gold).

    Files are read as they are (validate the corpus first, or read it with
    :func:`newsgold.validate.load.load_corpus`); one that is not even shaped like a document or an
    annotation is a :class:`CorpusFileError` naming it."""
    ann_dir = annotations or paths.gold_dir(root)
    for doc_path in document_paths(root):
        doc = _read(read_document, doc_path, "document")
        ann_path = ann_dir / doc_path.name
        yield AnnotatedDocument(
            doc, _read(read_annotation, ann_path, "annotation") if ann_path.exists() else None
        )


def _read(reader: Callable[[Path], T], path: Path, what: str) -> T:
    try:
        return reader(path)
    except OSError as exc:
        raise CorpusFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        why = f"no {exc.args[0]!r} field" if isinstance(exc, KeyError) else str(exc)
        raise CorpusFileError(
            f"{path}: not a readable {what} ({why}); newsgold validate {path} gives the JSON Pointer of "
            "every problem"
        ) from None
