"""Documents and annotation files read for use, checked first: a bad file is one error naming it.

``newsgold.io.read_document`` and ``read_annotation`` trust their input, as the release build may (it
validates the whole corpus first). A command that reads a few files without validating the corpus
reads them here instead: each file is parsed and checked as ``newsgold validate`` checks it, and a
file with an error raises :class:`InvalidFileError`, whose message names the file, the JSON Pointer and
the code of its first error (``findings`` holds them all), so a damaged file never surfaces later as an
exception somewhere in the work.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsgold import paths
from newsgold.errors import DataError
from newsgold.findings import Finding, finding
from newsgold.io import read_bytes_bounded
from newsgold.model import AnnotatedDocument, Annotation, Document
from newsgold.validate.checks import parse_json
from newsgold.validate.engine import check_annotation, check_document
from newsgold.validate.schema import schema_findings


class InvalidFileError(DataError, ValueError):
    """A document or annotation file that cannot be used: not readable, not JSON, or with an error
    finding. The message names the file and the JSON Pointer of the first error."""

    def __init__(self, path: Path, findings: list[Finding]) -> None:
        errors = [f if f.file else replace(f, file=str(path)) for f in findings if f.severity == "error"]
        more = f" (and {len(errors) - 1} more error(s): newsgold validate {path})" if len(errors) > 1 else ""
        super().__init__(f"{errors[0].format()}{more}")
        self.path = path
        self.findings = errors


def _parsed(path: Path) -> tuple[Any, list[Finding]]:
    try:
        raw = read_bytes_bounded(path)  # a FIFO or device refused, a file read up to the limit
    except OSError as exc:
        return None, [finding("malformed-json", f"cannot read the file: {exc.strerror or exc}", pointer="")]
    return parse_json(raw)


def _refuse(path: Path, found: list[Finding]) -> None:
    if any(f.severity == "error" for f in found):
        raise InvalidFileError(path, found)


def load_document(path: Path, *, schema_only: bool = False) -> Document:
    """The document file ``path``, checked as the validator checks a document (schema, text hash, NFC,
    paragraphs; with ``schema_only``, its JSON Schema alone); :class:`InvalidFileError` on any error."""
    data, found = _parsed(path)
    if data is not None:
        found += schema_findings(data, "document") if schema_only else check_document(data, str(path))
    _refuse(path, found)
    return Document.from_dict(data)


def load_annotation(path: Path, document: Document | None = None) -> Annotation:
    """The annotation file ``path``, checked against ``document`` as the validator checks it (spans,
    references, labels), or against its JSON Schema alone without one; :class:`InvalidFileError` on
    any error."""
    data, found = _parsed(path)
    if data is not None:
        if document is not None:
            found += check_annotation(data, document, str(path))
        else:
            found += schema_findings(data, "annotation")
    _refuse(path, found)
    return Annotation.from_dict(data)


def load_corpus(root: Path | None = None, annotations: Path | None = None) -> Iterator[AnnotatedDocument]:
    """As :func:`newsgold.corpus.iter_corpus` (documents in id order, each with its annotation from
    ``annotations``, default the gold), every file checked by :func:`load_document` and
    :func:`load_annotation`."""
    folder = annotations or paths.gold_dir(root)
    for doc_path in sorted(paths.documents_dir(root).glob("*.json")):
        doc = load_document(doc_path)
        ann_path = folder / doc_path.name
        yield AnnotatedDocument(doc, load_annotation(ann_path, doc) if ann_path.exists() else None)
