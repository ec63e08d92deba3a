"""Label Studio JSON export -> newsgold annotation files, checked strictly.

Label Studio stores whatever it is sent: unknown labels and controls, offsets out of range, span text
that does not match, relations to nothing. The import checks all of it and reports validation findings
(codes below); an annotation with an error is not written. Each converted annotation is also checked
with :func:`newsgold.validate.check_annotation`.

Imported annotations land beside the gold, never in it: ``annotations/annotators/<annotator>/<doc>.json``
(``<annotator>`` from the Label Studio user who completed it; the report says which account became which
folder). Making an annotation gold is a separate, explicit step (``newsgold adjudicate``). A task made for
one layer (``data.layout`` ``entities`` or ``events``) carries only some layers: its annotation replaces
those in the annotator's file and keeps the others already there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from newsgold.errors import UsageError
from newsgold.findings import Severity
from newsgold.io import read_annotation, read_bytes_bounded, sha256_text, write_annotation
from newsgold.labelstudio.config import CARRIES, CLAIMS, DEFAULT_LAYOUT, EVENTS, LAYERS
from newsgold.labelstudio.mapping import from_results
from newsgold.model import Annotation, Document
from newsgold.paths import child, document_file, documents_dir, gold_dir, is_safe_document_id, project_root
from newsgold.validate import Finding, check_annotation
from newsgold.validate.load import load_document

_SAFE = re.compile(r"[^a-z0-9_-]+")


class ImportRefused(UsageError, ValueError):
    """The import was asked to write where it must not (the gold)."""


@dataclass(frozen=True, slots=True)
class Account:
    """The Label Studio user who completed an annotation, as far as the export tells."""

    id: int | None
    email: str | None = None
    username: str | None = None

    def __str__(self) -> str:
        who = f"account {self.id}" if self.id is not None else "account (no id)"
        name = self.email or self.username
        return f"{who} <{name}>" if name else f"{who} (no e-mail in the export)"


@dataclass(frozen=True, slots=True)
class Imported:
    """One converted annotation (``annotation`` is ``None`` when it had errors)."""

    annotator: str
    document_id: str
    annotation: Annotation | None
    pointer: str
    kind: str = "annotation"  # or "prediction"
    updated_at: str = ""
    account: Account | None = None  # annotations: the Label Studio user the annotator is named after
    layers: tuple[str, ...] = LAYERS  # the layers the task carried (data.layout)


@dataclass(slots=True)
class ImportReport:
    items: list[Imported] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    # annotator folder -> the Label Studio account it was named after (annotations only)
    folders: dict[Path, Account] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    def summary(self) -> str:
        ok = sum(1 for i in self.items if i.annotation is not None)
        warnings = len(self.findings) - self.errors
        return (
            f"{len(self.items)} annotation(s) read, {ok} converted, {len(self.written)} file(s) written; "
            f"{self.errors} error(s), {warnings} warning(s)"
        )


def annotator_name(completed_by: Any, fallback: str = "unknown") -> str:
    """A safe folder name for a Label Studio user: the local part of the e-mail, else the username."""
    raw: str | None = None
    if isinstance(completed_by, dict):
        for key in ("email", "username"):
            v = completed_by.get(key)
            if isinstance(v, str) and v.strip():
                raw = v.split("@", 1)[0]
                break
        if raw is None and isinstance(completed_by.get("id"), int):
            raw = f"user{completed_by['id']}"
    elif isinstance(completed_by, int) and not isinstance(completed_by, bool):
        raw = f"user{completed_by}"
    elif isinstance(completed_by, str) and completed_by.strip():
        raw = completed_by.split("@", 1)[0]
    return _folder_name(raw or fallback, fallback)


def _folder_name(raw: str, fallback: str) -> str:
    """``raw`` lower-cased, every run of characters other than ``a-z``, digits, ``_`` and ``-`` made one
    ``-``, at most 64 characters: safe as a folder name."""
    name = _SAFE.sub("-", raw.lower()).strip("-_")
    return name[:64].strip("-_") or fallback


def account_of(completed_by: Any) -> Account:
    """The account in an annotation's ``completed_by`` (a user object, or an id only)."""
    if isinstance(completed_by, dict):
        uid = completed_by.get("id")
        email, username = completed_by.get("email"), completed_by.get("username")
        return Account(
            uid if isinstance(uid, int) and not isinstance(uid, bool) else None,
            email if isinstance(email, str) and email else None,
            username if isinstance(username, str) and username else None,
        )
    if isinstance(completed_by, int) and not isinstance(completed_by, bool):
        return Account(completed_by)
    return Account(None, completed_by if isinstance(completed_by, str) and completed_by else None)


def model_name(model_version: Any) -> str:
    name = _SAFE.sub("-", str(model_version or "model").lower()).strip("-_")
    return name[:64] or "model"


def read_export(path: Path) -> tuple[Any, list[Finding]]:
    """The parsed export, or ``None`` with an ``ls-malformed-export`` finding (also for a file that is
    not a regular file, or too large: :func:`newsgold.io.read_bytes_bounded`)."""
    try:
        raw = read_bytes_bounded(path)
    except OSError as e:
        return None, [
            Finding("ls-malformed-export", "error", f"cannot read the export: {e.strerror}", file=str(path))
        ]
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        return None, [
            Finding("ls-malformed-export", "error", f"the export is not valid JSON: {e}", file=str(path))
        ]
    if data is None:
        return None, [
            Finding(
                "ls-malformed-export", "error", "the export is JSON null, not a list of tasks", file=str(path)
            )
        ]
    return data, []


def _document_loader(root: Path) -> Callable[[str], Document | None]:
    cache: dict[str, Document | None] = {}

    def load(doc_id: str) -> Document | None:
        if doc_id not in cache:
            path = documents_dir(root) / f"{doc_id}.json"
            cache[doc_id] = load_document(path) if is_safe_document_id(doc_id) and path.is_file() else None
        return cache[doc_id]

    return load


def convert_export(
    data: Any,
    documents: Callable[[str], Document | None],
    *,
    file: str | None = None,
    predictions: bool = False,
) -> tuple[list[Imported], list[Finding]]:
    """Every annotation (and, with ``predictions``, every prediction) of an export, converted and checked."""
    findings: list[Finding] = []

    def bad(
        message: str,
        pointer: str,
        doc: str | None = None,
        code: str = "ls-malformed-export",
        severity: Severity = "error",
    ) -> None:
        findings.append(Finding(code, severity, message, file=file, document_id=doc, pointer=pointer))

    if isinstance(data, dict) and "data" in data:
        data = [data]  # a single task
    if not isinstance(data, list):
        bad("the export is not a list of tasks", "")
        return [], findings
    items: list[Imported] = []
    names: dict[str, Any] = {}
    for ti, task in enumerate(data):
        tp = f"/{ti}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            bad("task has no data object", tp)
            continue
        tdata = task["data"]
        doc_id = tdata.get("document_id")
        if not isinstance(doc_id, str):
            bad("task has no data.document_id (was it created by newsgold ls tasks?)", f"{tp}/data")
            continue
        doc = documents(doc_id)
        if doc is None:
            bad(
                f"task names document {doc_id!r}, which is not in the corpus",
                f"{tp}/data/document_id",
                doc_id,
                "ls-unknown-document",
            )
            continue
        text = tdata.get("text")
        pinned = tdata.get("text_sha256")
        if not isinstance(text, str) or sha256_text(text) != doc.text_sha256 or pinned != doc.text_sha256:
            got = sha256_text(text) if isinstance(text, str) else "no text"
            bad(
                f"task text no longer matches document {doc_id}: task text {got[:12]}, data.text_sha256 "
                f"{str(pinned)[:12]}, document {doc.text_sha256[:12]}",
                f"{tp}/data",
                doc_id,
                "ls-task-hash-mismatch",
            )
            continue
        layout = tdata.get("layout", DEFAULT_LAYOUT)
        if not isinstance(layout, str) or layout not in CARRIES:
            bad(
                f"task data.layout {str(layout)[:40]!r} is not a layout ({', '.join(CARRIES)})",
                f"{tp}/data/layout",
                doc_id,
            )
            continue
        lists = [("annotations", "annotation")] + ([("predictions", "prediction")] if predictions else [])
        for key, kind in lists:
            entries = task.get(key, [])
            if not isinstance(entries, list):
                bad(f"task {key} is not a list", f"{tp}/{key}", doc_id)
                continue
            for ai, entry in enumerate(entries):
                ap = f"{tp}/{key}/{ai}"
                if not isinstance(entry, dict):
                    if kind == "prediction" and isinstance(entry, int):
                        bad(
                            "prediction is exported as an id only: pull with newsgold ls pull for full "
                            "predictions",
                            ap,
                            doc_id,
                        )
                    else:
                        bad(f"{kind} is not an object", ap, doc_id)
                    continue
                account = None
                if kind == "annotation":
                    who = annotator_name(entry.get("completed_by"))
                    user = entry.get("completed_by")
                    uid = user.get("id") if isinstance(user, dict) else user
                    account = account_of(user)
                    if who in names and names[who] != uid:  # two users, one local part
                        who = _folder_name(f"{who}-{uid}", who)  # the id comes from the export too
                    names.setdefault(who, uid)
                    if entry.get("was_cancelled"):
                        bad(
                            f"annotation by {who} was skipped in Label Studio: not imported",
                            ap,
                            doc_id,
                            "ls-cancelled-annotation",
                            "warning",
                        )
                        continue
                else:
                    who = model_name(entry.get("model_version"))
                ann, fs = from_results(
                    entry.get("result"),
                    doc.text,
                    document_id=doc_id,
                    text_sha256=doc.text_sha256,
                    annotator=who,
                    file=file,
                    pointer=f"{ap}/result",
                )
                findings.extend(fs)
                items.append(
                    Imported(
                        who,
                        doc_id,
                        ann,
                        ap,
                        kind,
                        str(entry.get("updated_at") or ""),
                        account,
                        CARRIES[layout],
                    )
                )
    # one annotation per annotator and document: keep the latest
    latest: dict[tuple[str, str, str], Imported] = {}
    for it in items:
        slot = (it.kind, it.annotator, it.document_id)
        if slot in latest:
            older, newer = sorted((latest[slot], it), key=lambda x: x.updated_at)
            bad(
                f"{it.annotator} has several {it.kind}s of {it.document_id}: "
                f"keeping the one at {newer.pointer}",
                older.pointer,
                it.document_id,
                "ls-duplicate-annotation",
                "warning",
            )
            latest[slot] = newer
        else:
            latest[slot] = it
    kept = list(latest.values())
    return kept, findings


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


def import_export(
    export: Path,
    *,
    root: Path | None = None,
    out: Path | None = None,
    predictions_out: Path | None = None,
    write: bool = True,
) -> ImportReport:
    """Convert ``export`` into annotation files under ``out/<annotator>/<doc>.json``.

    ``out`` defaults to ``annotations/annotators`` of the project root; it may not lie inside the gold
    folder (:class:`ImportRefused`). With ``predictions_out``, predictions are converted too and written
    under ``predictions_out/<model_version>/``. Files are written only for annotations without errors,
    each atomically.
    """
    root = root or project_root()
    out = out or root / "annotations" / "annotators"
    for target in (out, predictions_out):
        if target is not None and _inside(target, gold_dir(root)):
            raise ImportRefused(
                f"refusing to write into the gold folder {gold_dir(root)}: imported annotations "
                "go beside it (annotations/annotators/); use newsgold adjudicate to make gold"
            )
    report = ImportReport()
    data, fs = read_export(export)
    report.findings.extend(fs)
    if data is None:
        return report
    load = _document_loader(root)
    items, fs = convert_export(data, load, file=str(export), predictions=predictions_out is not None)
    report.items.extend(items)
    report.findings.extend(fs)
    for it in items:
        base = out if it.kind == "annotation" else predictions_out
        assert base is not None
        if it.account is not None:
            report.folders.setdefault(base / it.annotator, it.account)
        if it.annotation is None:
            continue
        path = document_file(child(base, it.annotator, f"{it.kind} folder"), it.document_id)
        doc = load(it.document_id)
        assert doc is not None
        ann, merge_findings = _with_kept_layers(it, path)
        report.findings.extend(merge_findings)
        if ann is None:
            continue
        checks = check_annotation(ann.to_dict(), doc, file=str(path))
        report.findings.extend(checks)
        if any(f.severity == "error" for f in checks):
            if ann != it.annotation:
                report.findings.append(
                    Finding(
                        "ls-layer-merge",
                        "error",
                        f"the {', '.join(_kept(it))} kept from {path} do not fit the imported "
                        f"{', '.join(it.layers)} (see the findings above): not written",
                        file=str(path),
                        document_id=it.document_id,
                    )
                )
            continue
        if write:
            write_annotation(path, ann)
            report.written.append(path)
    return report


def _kept(it: Imported) -> tuple[str, ...]:
    return tuple(layer for layer in LAYERS if layer not in it.layers)


def _with_kept_layers(it: Imported, path: Path) -> tuple[Annotation | None, list[Finding]]:
    """``it``'s annotation with the layers its task did not carry taken from the file at ``path``, if any.

    ``None`` with an ``ls-layer-merge`` finding when that file cannot be read or is pinned to another text.
    """
    assert it.annotation is not None
    kept = _kept(it)
    if not kept or not path.is_file():
        return it.annotation, []

    def refuse(why: str) -> tuple[None, list[Finding]]:
        message = f"{path} {why}; its {', '.join(kept)} would be lost: not written"
        return None, [Finding("ls-layer-merge", "error", message, file=str(path), document_id=it.document_id)]

    try:
        old = read_annotation(path)
    except (OSError, ValueError, KeyError, TypeError) as e:
        return refuse(f"cannot be read as an annotation ({type(e).__name__}: {e})")
    if old.text_sha256 != it.annotation.text_sha256:
        return refuse(f"is pinned to another text ({old.text_sha256[:12]}...)")
    return (
        replace(
            it.annotation,
            events=old.events if EVENTS in kept else it.annotation.events,
            claims=old.claims if CLAIMS in kept else it.annotation.claims,
        ),
        [],
    )


def annotations_by_annotator(
    export: Path, root: Path | None = None
) -> tuple[dict[str, dict[str, Annotation]], list[Finding]]:
    """Every annotator's converted annotations in an export (annotator -> document id -> annotation).

    Nothing is written. The findings are those of the import (including
    :func:`newsgold.validate.check_annotation`); annotations with errors are left out.
    """
    root = root or project_root()
    data, findings = read_export(export)
    out: dict[str, dict[str, Annotation]] = {}
    if data is None:
        return out, findings
    load = _document_loader(root)
    items, fs = convert_export(data, load, file=str(export))
    findings.extend(fs)
    for it in items:
        doc = load(it.document_id)
        if it.annotation is None or doc is None:
            continue
        checks = check_annotation(it.annotation.to_dict(), doc, file=f"{export}{it.pointer}")
        findings.extend(checks)
        if not any(f.severity == "error" for f in checks):
            out.setdefault(it.annotator, {})[it.document_id] = it.annotation
    return out, findings


def export_to_folders(
    export: Path, annotators: tuple[str, str], folder: Path, root: Path | None = None
) -> tuple[int, tuple[Path, Path] | None, list[Finding], str]:
    """Write two annotators' annotations from ``export`` into ``folder/<annotator>/``.

    Used by ``newsgold agree --label-studio``.

    ``annotators`` are Label Studio users (e-mail, username or the folder name the import gives them).
    Returns an exit code, the two folders (``None`` on failure), the import's findings and a message.
    """
    by, findings = annotations_by_annotator(export, root)
    if any(f.severity == "error" for f in findings):
        return 1, None, findings, f"{export} has errors; fix them in Label Studio first"
    names = tuple(annotator_name(a) for a in annotators)
    missing = [a for a, n in zip(annotators, names, strict=True) if n not in by]
    if missing:
        return (
            2,
            None,
            findings,
            (
                f"no annotations by {', '.join(missing)} in {export}; annotators there: "
                f"{', '.join(sorted(by)) or 'none'}"
            ),
        )
    dirs = []
    for n in names:
        d = child(folder, n, "annotator")
        for doc_id, ann in by[n].items():
            write_annotation(document_file(d, doc_id), ann)
        dirs.append(d)
    return 0, (dirs[0], dirs[1]), findings, ""
