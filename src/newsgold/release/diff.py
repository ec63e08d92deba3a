"""``diff_releases(old, new)``: what changed between two releases.

Documents added or removed, documents whose text changed (by ``text_sha256``, so standoff releases
compare too), split or metadata changes, and per annotation layer (mentions, clusters, events, claims)
the annotation ids added, removed or changed. Span texts are left out of the comparison: they follow
from the offsets and the text, which is compared by hash.

Both releases are first verified against their manifests; a release that fails is refused
(:class:`DiffError`). The diff also says which corpus version bump its changes require (see
``newsgold.corpus.version``): text, offsets, labels, splits or removed documents and annotations ->
major; added documents, annotation layers, fields or changed metadata -> minor; otherwise patch. It
warns when the new release's version does not make that bump.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from newsgold.errors import DataError
from newsgold.release.manifest import ManifestError, read_manifest, verify_release
from newsgold.release.read import document_rows, shard_files

LAYERS = ("mentions", "clusters", "events", "claims")
_ANNOTATION_COLUMNS = frozenset(LAYERS) | {"annotator", "annotation_schema_version", "annotation_licence"}
_TEXT_COLUMNS = frozenset({"text", "title"})
BUMPS = ("patch", "minor", "major")


class DiffError(DataError):
    """A release cannot be compared; ``problems`` names every file at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


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
    fields_added: tuple[str, ...] = ()  # columns of the documents table new in NEW
    fields_removed: tuple[str, ...] = ()

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed or self.fields_added or self.fields_removed)

    def reasons(self) -> dict[str, list[str]]:
        """Why each bump is needed: bump -> what changed (only bumps with a reason)."""
        major: list[str] = []
        minor: list[str] = []
        docs = self.changed
        if any(d.text_changed for d in docs):
            major.append("text changed")
        if any(d.split for d in docs):
            major.append("splits changed")
        if self.removed:
            major.append("documents removed")
        if self.fields_removed:
            major.append("fields removed")
        if any(d.annotation == "removed" for d in docs):
            major.append("annotations removed")
        if any(ch for d in docs if not d.annotation for ch in d.layers.values()):
            major.append("offsets or labels changed")
        if self.added:
            minor.append("documents added")
        if any(d.annotation == "added" for d in docs):
            minor.append("annotations added")
        if self.fields_added:
            minor.append("fields added")
        if any(d.metadata_changed for d in docs):
            minor.append("metadata changed")
        return {k: v for k, v in (("major", major), ("minor", minor)) if v}

    @property
    def required_bump(self) -> str | None:
        """The smallest corpus version bump these changes need (``None``: no change in the data)."""
        reasons = self.reasons()
        return "major" if "major" in reasons else "minor" if "minor" in reasons else None

    @property
    def actual_bump(self) -> str | None:
        """The bump from OLD's to NEW's corpus version (``None``: the same version or not semantic;
        ``"downgrade"`` when NEW is older)."""
        try:
            a = tuple(int(x) for x in self.old_version.split("."))
            b = tuple(int(x) for x in self.new_version.split("."))
        except ValueError:
            return None
        if len(a) != 3 or len(b) != 3 or a == b:
            return None
        if b < a:
            return "downgrade"
        return "major" if b[0] > a[0] else "minor" if b[1] > a[1] else "patch"

    def version_warning(self) -> str | None:
        """A warning when NEW's version does not make the bump the changes require."""
        need = self.required_bump
        have = self.actual_bump
        if need is None:
            return None
        if have is not None and have != "downgrade" and BUMPS.index(have) >= BUMPS.index(need):
            return None
        why = ", ".join(self.reasons()[need])
        return f"{self.old_version} -> {self.new_version} but {why}: a {need} version is required"

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
            "fields_added": list(self.fields_added),
            "fields_removed": list(self.fields_removed),
            "required_bump": self.required_bump,
            "reasons": self.reasons(),
            "version_warning": self.version_warning(),
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
        out += [f"+ field {f}" for f in self.fields_added]
        out += [f"- field {f}" for f in self.fields_removed]
        totals = self.layer_totals()
        out.append(
            f"documents: +{len(self.added)} -{len(self.removed)} ~{len(self.changed)}; "
            + "; ".join(
                f"{layer} +{t['added']} -{t['removed']} ~{t['changed']}" for layer, t in totals.items()
            )
        )
        need = self.required_bump
        out.append(
            f"version bump required: {need} ({', '.join(self.reasons()[need])})"
            if need
            else "version bump required: none beyond patch (the data is unchanged)"
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


def _summaries(directory: Path) -> tuple[str, dict[str, _Summary], tuple[str, ...]]:
    version = str(read_manifest(directory).get("corpus_version", directory.name))
    out: dict[str, _Summary] = {}
    columns: tuple[str, ...] = ()
    for f in shard_files(directory, "documents")[:1]:  # the columns; every document's row comes below
        columns = _columns(f)
    for row in _rows(directory):
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
    return version, out, columns


def _columns(path: Path) -> tuple[str, ...]:
    """The column names of a ``documents`` shard; :class:`DiffError` naming the file when it cannot be
    read (truncated, corrupt, or missing the columns of a ``documents`` table)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        names = tuple(pq.ParquetFile(path).schema_arrow.names)
    except (pa.ArrowException, OSError) as exc:
        raise DiffError([f"{path}: not a readable Parquet file ({exc})"]) from None
    missing = {"id", "split", "text_sha256", "annotator", *LAYERS} - set(names)
    if missing:
        raise DiffError([f"{path}: not a documents shard (no column {', '.join(sorted(missing))})"])
    return names


def _rows(directory: Path) -> Iterator[dict[str, Any]]:
    """Every document's row (see :func:`newsgold.release.read.document_rows`); :class:`DiffError` naming the
    release when a shard cannot be read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for config in ("documents", "texts"):
        for f in shard_files(directory, config):
            try:
                pq.ParquetFile(f)
            except (pa.ArrowException, OSError) as exc:
                raise DiffError([f"{f}: not a readable Parquet file ({exc})"]) from None
    try:
        yield from document_rows(directory)
    except (pa.ArrowException, OSError, KeyError) as exc:
        raise DiffError([f"{directory}: a shard cannot be read ({exc})"]) from None


def check_releases(*directories: Path) -> None:
    """Verify each release against its manifest; :class:`DiffError` naming every file at fault."""
    problems: list[str] = []
    for d in directories:
        try:
            problems += verify_release(d).lines()
        except (FileNotFoundError, ManifestError) as exc:
            problems.append(str(exc))
    if problems:
        raise DiffError(problems)


def diff_releases(old: Path, new: Path, *, verify: bool = True) -> ReleaseDiff:
    """Compare the documents (``documents`` and ``texts`` configurations) of two release folders,
    after verifying both against their manifests (``verify``)."""
    if verify:
        check_releases(old, new)
    old_version, a, old_columns = _summaries(old)
    new_version, b, new_columns = _summaries(new)
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
        tuple(c for c in new_columns if old_columns and c not in old_columns),
        tuple(c for c in old_columns if new_columns and c not in new_columns),
    )
