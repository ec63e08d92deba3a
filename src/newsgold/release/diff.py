"""``diff_releases(old, new)``: what changed between two releases.

Documents added or removed, documents whose text changed (by ``text_sha256``, so standoff releases
compare too), split or metadata changes, and per annotation layer (mentions, clusters, events, claims)
the annotation ids added, removed or changed. Span texts are left out of the comparison: they follow
from the offsets and the text, which is compared by hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

LAYERS = ("mentions", "clusters", "events", "claims")
_ANNOTATION_COLUMNS = frozenset(LAYERS) | {"annotator", "annotation_schema_version", "annotation_licence"}
_TEXT_COLUMNS = frozenset({"text", "title"})


@dataclass(frozen=True, slots=True)
class LayerChanges:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, list[str]]:
        return {"added": list(self.added), "removed": list(self.removed), "changed": list(self.changed)}


@dataclass(frozen=True, slots=True)
class DocumentChanges:
    document_id: str
    text_changed: bool = False
    split: tuple[str, str] | None = None  # (old, new) when the split changed
    metadata_changed: bool = False
    annotation: str | None = None  # "added" | "removed" when the document gained or lost its annotation
    layers: dict[str, LayerChanges] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "text_changed": self.text_changed,
            "split": list(self.split) if self.split else None,
            "metadata_changed": self.metadata_changed,
            "annotation": self.annotation,
            "layers": {k: v.to_dict() for k, v in self.layers.items()},
        }


@dataclass(frozen=True, slots=True)
class ReleaseDiff:
    old_version: str
    new_version: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[DocumentChanges, ...] = ()

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def layer_totals(self) -> dict[str, dict[str, int]]:
        out = {layer: {"added": 0, "removed": 0, "changed": 0} for layer in LAYERS}
        for doc in self.changed:
            for layer, ch in doc.layers.items():
                out[layer]["added"] += len(ch.added)
                out[layer]["removed"] += len(ch.removed)
                out[layer]["changed"] += len(ch.changed)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [d.to_dict() for d in self.changed],
            "layers": self.layer_totals(),
        }

    def lines(self) -> list[str]:
        out = [f"{self.old_version} -> {self.new_version}"]
        out += [f"+ document {d}" for d in self.added]
        out += [f"- document {d}" for d in self.removed]
        for doc in self.changed:
            notes = []
            if doc.text_changed:
                notes.append("text changed")
            if doc.split:
                notes.append(f"split {doc.split[0]} -> {doc.split[1]}")
            if doc.metadata_changed:
                notes.append("metadata changed")
            if doc.annotation:
                notes.append(f"annotation {doc.annotation}")
            for layer, ch in doc.layers.items():
                parts = [
                    f"{label} {len(ids)} ({', '.join(ids[:5])}{', ...' if len(ids) > 5 else ''})"
                    for label, ids in (("+", ch.added), ("-", ch.removed), ("~", ch.changed))
                    if ids
                ]
                notes.append(f"{layer}: " + "; ".join(parts))
            out.append(f"~ document {doc.document_id}: " + "; ".join(notes))
        totals = self.layer_totals()
        out.append(
            f"documents: +{len(self.added)} -{len(self.removed)} ~{len(self.changed)}; "
            + "; ".join(
                f"{layer} +{t['added']} -{t['removed']} ~{t['changed']}" for layer, t in totals.items()
            )
        )
        return out


def _strip_texts(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_texts(v) for k, v in value.items() if k != "text"}
    if isinstance(value, list):
        return [_strip_texts(v) for v in value]
    return value


def _digest(value: Any) -> str:
    return hashlib.sha256(orjson.dumps(_strip_texts(value), option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass(frozen=True, slots=True)
class _Summary:
    text_sha256: str
    split: str
    metadata: str
    annotated: bool
    layers: dict[str, dict[str, str]]


def _summaries(directory: Path) -> tuple[str, dict[str, _Summary]]:
    import pyarrow.parquet as pq

    from newsgold.loaders import shard_files
    from newsgold.release.manifest import read_manifest

    version = str(read_manifest(directory).get("corpus_version", directory.name))
    out: dict[str, _Summary] = {}
    for f in shard_files(directory, "documents"):
        for batch in pq.ParquetFile(f).iter_batches(batch_size=256):
            for row in batch.to_pylist():
                meta = {
                    k: v
                    for k, v in row.items()
                    if k not in _ANNOTATION_COLUMNS and k not in _TEXT_COLUMNS and k not in {"split", "id"}
                }
                out[row["id"]] = _Summary(
                    row["text_sha256"],
                    row["split"],
                    _digest(meta),
                    row["annotator"] is not None,
                    {layer: {item["id"]: _digest(item) for item in row[layer]} for layer in LAYERS},
                )
    return version, out


def diff_releases(old: Path, new: Path) -> ReleaseDiff:
    """Compare the ``documents`` configuration of two release folders."""
    old_version, a = _summaries(old)
    new_version, b = _summaries(new)
    changed = []
    for doc_id in sorted(a.keys() & b.keys()):
        x, y = a[doc_id], b[doc_id]
        layers = {}
        for layer in LAYERS:
            lx, ly = x.layers[layer], y.layers[layer]
            ch = LayerChanges(
                tuple(sorted(ly.keys() - lx.keys())),
                tuple(sorted(lx.keys() - ly.keys())),
                tuple(sorted(k for k in lx.keys() & ly.keys() if lx[k] != ly[k])),
            )
            if ch:
                layers[layer] = ch
        annotation = None if x.annotated == y.annotated else ("added" if y.annotated else "removed")
        doc = DocumentChanges(
            doc_id,
            x.text_sha256 != y.text_sha256,
            (x.split, y.split) if x.split != y.split else None,
            x.metadata != y.metadata,
            annotation,
            layers,
        )
        if doc.text_changed or doc.split or doc.metadata_changed or doc.annotation or doc.layers:
            changed.append(doc)
    return ReleaseDiff(
        old_version,
        new_version,
        tuple(sorted(b.keys() - a.keys())),
        tuple(sorted(a.keys() - b.keys())),
        tuple(changed),
    )
