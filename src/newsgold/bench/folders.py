"""Annotation files read for scoring or agreement, each validated against its document first.

Figures over files that do not validate would silently rest on broken spans or dangling references;
so every file is checked as the corpus validator does (:func:`newsgold.validate.check_annotation`)
and only files without errors are returned, with the findings (each naming its file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from newsgold.findings import Finding, finding
from newsgold.io import read_bytes_bounded
from newsgold.model import Annotation, Document
from newsgold.validate import check_annotation
from newsgold.validate.checks import parse_json


def read_checked_annotation(path: Path, document: Document | None) -> tuple[Annotation | None, list[Finding]]:
    """The annotation file ``path``, validated against ``document``, and its findings.

    ``document`` ``None`` means the corpus has no document for it (an ``unpaired-annotation`` error).
    The annotation is ``None`` when there is any error: nothing unvalidated is ever used.
    """
    where = str(path)
    try:
        data, found = parse_json(read_bytes_bounded(path))  # a FIFO or device is refused, not read
    except OSError as e:
        data, found = None, [finding("malformed-json", f"cannot read the file: {e.strerror}", pointer="")]
    if data is not None:
        if document is None:
            found.append(
                finding("unpaired-annotation", f"no corpus document {path.stem!r} for this file", pointer="")
            )
        else:
            found += check_annotation(data, document, file=where)
    found = [f if f.file else replace(f, file=where, document_id=f.document_id or path.stem) for f in found]
    if data is None or any(f.severity == "error" for f in found):
        return None, found
    return Annotation.from_dict(data), found


def read_folder(
    folder: Path, document: Callable[[str], Document | None]
) -> tuple[dict[str, Annotation], list[Finding]]:
    """Every ``<doc_id>.json`` of ``folder`` (``document(doc_id)`` gives its corpus document or
    ``None``), validated: the annotations without errors, by document id, and all findings."""
    out: dict[str, Annotation] = {}
    findings: list[Finding] = []
    for path in sorted(folder.glob("*.json")):
        ann, found = read_checked_annotation(path, document(path.stem))
        findings += found
        if ann is not None:
            out[path.stem] = ann
    return out, findings


@dataclass(frozen=True, slots=True)
class Passes:
    """The two independent annotation passes of every document annotated twice.

    Annotators differ from document to document, so passes are paired per document: ``first`` holds
    the annotation of the annotator whose folder name sorts first, ``second`` the other one.
    """

    first: dict[str, Annotation]
    second: dict[str, Annotation]
    annotators: dict[str, tuple[str, str]]  # document id -> (first annotator, second annotator)
    single: list[str]  # documents with one pass only
    extra: list[str]  # documents with more than two passes (the first two by name are used)
    findings: list[Finding]


def read_passes(annotators_dir: Path, document: Callable[[str], Document | None]) -> Passes:
    """Every ``<annotator>/<doc_id>.json`` under ``annotators_dir``, validated (see :func:`read_folder`),
    paired per document."""
    by_doc: dict[str, list[tuple[str, Annotation]]] = {}
    findings: list[Finding] = []
    folders = sorted(p for p in annotators_dir.iterdir() if p.is_dir()) if annotators_dir.is_dir() else []
    for folder in folders:
        anns, found = read_folder(folder, document)
        findings += found
        for doc_id, ann in anns.items():
            by_doc.setdefault(doc_id, []).append((folder.name, ann))
    first: dict[str, Annotation] = {}
    second: dict[str, Annotation] = {}
    names: dict[str, tuple[str, str]] = {}
    single, extra = [], []
    for doc_id, passes in sorted(by_doc.items()):
        if len(passes) < 2:
            single.append(doc_id)
            continue
        if len(passes) > 2:
            extra.append(doc_id)
        (na, a), (nb, b) = passes[:2]
        first[doc_id], second[doc_id], names[doc_id] = a, b, (na, nb)
    return Passes(first, second, names, single, extra, findings)
