"""Label Studio tasks for newsgold documents.

A task carries the document text and, in ``data``, the document id and the text's SHA-256 (Label Studio
reuses task ids after deletes, so tasks are keyed by our own id), the layout it was made for (which
layers its results carry) and the coreference clusters an annotator can choose from: those of the
task's annotations and predictions, then a few new ids. Existing annotations (an annotator's file)
travel as task annotations; an extractor's output, and the gold, travel as predictions with a
``model_version`` (and a score), to pre-annotate documents without being anybody's annotation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from newsgold.errors import DataError
from newsgold.labelstudio import config as C
from newsgold.labelstudio.mapping import from_results, to_results
from newsgold.model import Annotation, Cluster, Document

Task = dict[str, Any]
# New cluster ids offered in each task, after those of its annotations and predictions.
NEW_CLUSTERS = 20


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


def gold_model_version(corpus_version: str | None) -> str:
    """The ``model_version`` of the gold as a prediction: ``gold-<corpus version>`` (``gold`` without)."""
    return f"gold-{corpus_version}" if corpus_version else "gold"


def _number(cluster_id: str) -> int | None:
    digits = cluster_id[1:] if cluster_id.startswith("c") else ""
    return int(digits) if digits.isdigit() else None


def cluster_options(annotations: Iterable[Annotation], new: int = NEW_CLUSTERS) -> list[dict[str, str]]:
    """The clusters offered for a task's mentions (Label Studio ``Choice`` attributes).

    Each cluster of ``annotations`` once (the first definition of an id), in id order, shown as
    ``c1 | GPE | Japan`` (as in the cluster list), then ``new`` unused ids ``c<n>`` shown as
    ``c<n> | new``. The ``alias`` is the id: it is what an annotation records.
    """
    seen: dict[str, Cluster] = {}
    for ann in annotations:
        for cl in ann.clusters:
            seen.setdefault(cl.id, cl)
    ordered = sorted(seen.values(), key=lambda c: (_number(c.id) is None, _number(c.id) or 0, c.id))
    # "$" starts a task-data variable in a Label Studio value: shown as a full-width dollar sign
    out = [{"value": f"{c.id} | {c.type} | {c.name}".replace("$", "\uff04"), "alias": c.id} for c in ordered]
    n = max((x for x in map(_number, seen) if x is not None), default=0)
    while len(out) < len(ordered) + new:
        n += 1
        if f"c{n}" not in seen:
            out.append({"value": f"c{n} | new", "alias": f"c{n}"})
    return out


def document_task(
    doc: Document,
    annotations: Sequence[Annotation] = (),
    predictions: Sequence[Prediction] = (),
    *,
    layout: str = C.DEFAULT_LAYOUT,
    new_clusters: int = NEW_CLUSTERS,
) -> Task:
    """One task for ``layout``: the document, the layers of its annotations and predictions that the
    layout carries, and the clusters to choose from."""
    layers = C.CARRIES[C.check_layout(layout)]
    for ann in annotations:
        _check(doc, ann, "annotation")
    for p in predictions:
        _check(doc, p.annotation, "prediction")
    task: Task = {
        "data": {
            "text": doc.text,
            "document_id": doc.id,
            "text_sha256": doc.text_sha256,
            "title": doc.metadata.title,
            "layout": layout,
            C.CLUSTER_OPTIONS: cluster_options(
                [*annotations, *(p.annotation for p in predictions)], new_clusters
            ),
        }
    }
    if annotations:
        task["annotations"] = [
            {"result": to_results(ann, layers), "ground_truth": ann.annotator == "gold"}
            for ann in annotations
        ]
    if predictions:
        task["predictions"] = [
            {
                "model_version": p.model_version,
                "result": to_results(p.annotation, layers),
                **({} if p.score is None else {"score": p.score}),
            }
            for p in predictions
        ]
    return task


def build_tasks(
    docs: Iterable[Document],
    annotations: dict[str, list[Annotation]] | None = None,
    predictions: dict[str, list[Prediction]] | None = None,
    *,
    layout: str = C.DEFAULT_LAYOUT,
    new_clusters: int = NEW_CLUSTERS,
) -> list[Task]:
    """Tasks for ``docs`` and ``layout``, with the annotations and predictions given per document id."""
    annotations = annotations or {}
    predictions = predictions or {}
    return [
        document_task(
            d,
            annotations.get(d.id, ()),
            predictions.get(d.id, ()),
            layout=layout,
            new_clusters=new_clusters,
        )
        for d in docs
    ]


def task_document_id(task: dict[str, Any]) -> str | None:
    data = task.get("data")
    if isinstance(data, dict) and isinstance(data.get("document_id"), str):
        return data["document_id"]
    return None


def task_layout(task: dict[str, Any]) -> str | None:
    """The layout a task was made for (``data.layout``); ``None`` when it does not say."""
    data = task.get("data")
    layout = data.get("layout") if isinstance(data, dict) else None
    return layout if isinstance(layout, str) else None


def carried(ann: Annotation, layers: Sequence[str]) -> Annotation:
    """``ann`` with only ``layers`` (what a task of a layout carrying them holds of it)."""
    return replace(
        ann,
        mentions=ann.mentions if C.ENTITIES in layers else (),
        clusters=ann.clusters if C.ENTITIES in layers else (),
        events=ann.events if C.EVENTS in layers else (),
        claims=ann.claims if C.CLAIMS in layers else (),
    )


def comes_back_unchanged(ann: Annotation, doc: Document, layers: Sequence[str] = C.LAYERS) -> bool:
    """Whether the ``layers`` of ``ann`` read back from their Label Studio results exactly as they are.

    False when Label Studio cannot keep its order (cluster members out of mention order, or one filler's
    roles of an event not adjacent): the content survives, the order is normalised on the way back.
    """
    ann = carried(ann, layers)
    back, _ = from_results(
        to_results(ann, layers),
        doc.text,
        document_id=ann.document_id,
        text_sha256=ann.text_sha256,
        annotator=ann.annotator,
    )
    return back == ann
