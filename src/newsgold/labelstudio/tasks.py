"""Label Studio tasks for newsgold documents.

A task carries the document text and, in ``data``, the document id and the text's SHA-256 (Label Studio
reuses task ids after deletes, so tasks are keyed by our own id). Existing annotations (the gold, or an
annotator's file) travel as task annotations; an extractor's output travels as predictions with its
``model_version`` and a score, to pre-annotate new documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsgold.errors import DataError
from newsgold.labelstudio.mapping import from_results, to_results
from newsgold.model import Annotation, Document

Task = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Prediction:
    """An extractor's annotation of one document, as a Label Studio prediction."""

    annotation: Annotation
    model_version: str
    score: float | None = None


class TaskError(DataError, ValueError):
    """An annotation or prediction does not belong to the document it was given with."""


def _check(doc: Document, ann: Annotation, what: str) -> None:
    if ann.document_id != doc.id:
        raise TaskError(f"{what} by {ann.annotator!r} is for document {ann.document_id!r}, not {doc.id!r}")
    if ann.text_sha256 != doc.text_sha256:
        raise TaskError(
            f"{what} by {ann.annotator!r} of {doc.id} is pinned to text {ann.text_sha256[:12]}..., "
            f"the document's text is {doc.text_sha256[:12]}..."
        )


def document_task(
    doc: Document, annotations: Sequence[Annotation] = (), predictions: Sequence[Prediction] = ()
) -> Task:
    """One task: the document, its annotations and its predictions."""
    task: Task = {
        "data": {
            "text": doc.text,
            "document_id": doc.id,
            "text_sha256": doc.text_sha256,
            "title": doc.metadata.title,
        }
    }
    if annotations:
        for ann in annotations:
            _check(doc, ann, "annotation")
        task["annotations"] = [
            {"result": to_results(ann), "ground_truth": ann.annotator == "gold"} for ann in annotations
        ]
    if predictions:
        for p in predictions:
            _check(doc, p.annotation, "prediction")
        task["predictions"] = [
            {
                "model_version": p.model_version,
                "result": to_results(p.annotation),
                **({} if p.score is None else {"score": p.score}),
            }
            for p in predictions
        ]
    return task


def build_tasks(
    docs: Iterable[Document],
    annotations: dict[str, list[Annotation]] | None = None,
    predictions: dict[str, list[Prediction]] | None = None,
) -> list[Task]:
    """Tasks for ``docs``, with the annotations and predictions given per document id."""
    annotations = annotations or {}
    predictions = predictions or {}
    return [document_task(d, annotations.get(d.id, ()), predictions.get(d.id, ())) for d in docs]


def task_document_id(task: dict[str, Any]) -> str | None:
    data = task.get("data")
    if isinstance(data, dict) and isinstance(data.get("document_id"), str):
        return data["document_id"]
    return None


def comes_back_unchanged(ann: Annotation, doc: Document) -> bool:
    """Whether ``ann`` reads back from its Label Studio results exactly as it is.

    False when Label Studio cannot keep its order (cluster members out of mention order, or one filler's
    roles of an event not adjacent): the content survives, the order is normalised on the way back.
    """
    back, _ = from_results(
        to_results(ann),
        doc.text,
        document_id=ann.document_id,
        text_sha256=ann.text_sha256,
        annotator=ann.annotator,
    )
    return back == ann
