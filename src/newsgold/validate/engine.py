"""Validation of corpus files: documents, gold and annotator annotations, and how they pair up.

Every problem becomes a :class:`Finding` with a stable code from :data:`CODES`; nothing here prints,
and bad data never raises. Entry points:

- :func:`validate_corpus` - a whole project root: ``corpus/documents/``, ``annotations/gold/`` and
  ``annotations/annotators/<name>/``, with pairing checks and raw-page checksums;
- :func:`validate_paths` - files or folders (a folder holding ``corpus/`` or ``annotations/`` is a corpus);
- :func:`check_annotation` / :func:`check_document` - one parsed dict in memory;
  :func:`check_annotation_limited` lists at most so many findings per check (for untrusted input,
  such as a system's predictions, where one file can hold a million of them).

Schema validation takes a compiled fast path and falls back to jsonschema only for files that fail it
(see :mod:`newsgold.validate.schema`); semantic checks are the pure functions of
:mod:`newsgold.validate.checks`. When the schema fails, the semantic checks see only what passed it
(:class:`Passed`): a mention, cluster, event or claim with a schema finding is left out (ids and
references are still checked over every item), and so is any other top-level field with one (a
document's paragraphs, metadata or provenance), so one malformed value gives one finding, not a
trail of follow-on ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from os import DirEntry, scandir
from os.path import dirname
from pathlib import Path
from typing import Any

from newsgold import paths as project_paths
from newsgold.findings import CODES, Finding, finding, format_findings
from newsgold.io import read_bytes_bounded
from newsgold.model import Document
from newsgold.parallel import ordered_map
from newsgold.paths import ProjectRootError, is_project_root, is_safe_document_id
from newsgold.validate.checks import (
    ANNOTATION_CHECKS,
    DOCUMENT_CHECKS,
    TEXT_CHECKS,
    WHOLE_FILE_CHECKS,
    DocumentText,
    check_annotator,
    check_depth,
    check_file_name,
    check_gold_annotator,
    check_raw_checksum,
    check_raw_segments,
    parse_json,
    raw_path_problem,
    text_sha256,
)
from newsgold.validate.schema import schema_findings

__all__ = [
    "CODES",
    "DocumentText",
    "Finding",
    "Passed",
    "ProjectRootError",
    "Report",
    "check_annotation",
    "check_annotation_limited",
    "check_document",
    "format_findings",
    "validate",
    "validate_corpus",
    "validate_paths",
]

# The arrays of independent items in an annotation: one item that fails the schema leaves the others
# checkable. A document's paragraphs are not independent (together they cover the text).
ANNOTATION_LAYERS = ("mentions", "clusters", "events", "claims")


@dataclass(frozen=True, slots=True)
class Report:
    """Findings of one validation run and what was checked."""

    findings: tuple[Finding, ...]
    documents: int = 0
    annotations: int = 0

    @property
    def files(self) -> int:
        return self.documents + self.annotations

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    def summary(self) -> str:
        return (
            f"{self.files} files checked ({self.documents} documents, {self.annotations} annotations): "
            f"{self.errors} errors, {self.warnings} warnings"
        )


@dataclass(slots=True)
class _Cap:
    """At most ``limit`` findings listed per check; the first one a check had beyond it goes to
    ``cut``. A check is a generator, so it stops there: a million findings are never made."""

    limit: int
    cut: list[Finding] = field(default_factory=list)

    def take(self, found: Iterable[Finding], out: list[Finding]) -> None:
        it = iter(found)
        out.extend(islice(it, self.limit))
        extra = next(it, None)
        if extra is not None:
            self.cut.append(extra)


def _run(
    checks: Iterable[Callable[..., Iterable[Finding]]],
    args: tuple[Any, ...],
    guarded: bool,
    out: list[Finding],
    cap: _Cap | None = None,
) -> None:
    """Run checks, appending their findings (at most ``cap.limit`` each). When the schema already
    failed (``guarded``), a check that trips over the malformed data contributes what it found so far
    and nothing else."""
    for check in checks:
        try:
            if cap is None:
                out.extend(check(*args))
            else:
                cap.take(check(*args), out)
        except Exception:
            if not guarded:
                raise


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


@dataclass(frozen=True, slots=True)
class Passed:
    """The part of a file's data that passed the schema, for the semantic checks.

    ``data`` lacks every item of ``layers`` and every other top-level field that has a schema finding;
    ``index[layer][k]`` is the position in the file of the ``k``-th item kept, so findings of checks
    run on ``data`` point into the file (:meth:`run`).
    """

    data: dict[str, Any]
    index: dict[str, list[int]]

    @classmethod
    def of(cls, data: dict[str, Any], schema: Iterable[Finding], layers: Sequence[str] = ()) -> Passed:
        failed_items: dict[str, set[int]] = {}
        failed_fields: set[str] = set()
        for f in schema:
            parts = [_unescape(t) for t in (f.pointer or "").split("/")[1:]]
            if not parts:
                continue  # the file as a whole (a required field missing): checks that need it stop
            if parts[0] in layers and len(parts) > 1 and parts[1].isdigit():
                failed_items.setdefault(parts[0], set()).add(int(parts[1]))
            else:
                failed_fields.add(parts[0])
        view = {k: v for k, v in data.items() if k not in failed_fields}
        index: dict[str, list[int]] = {}
        for layer, bad in failed_items.items():
            items = view.get(layer)
            if isinstance(items, list):
                index[layer] = [i for i in range(len(items)) if i not in bad]
                view[layer] = [items[i] for i in index[layer]]
        return cls(view, index)

    def point(self, found: Finding) -> Finding:
        """``found`` (of a check run on :attr:`data`) with its JSON Pointer into the file."""
        if not self.index or not found.pointer:
            return found
        parts = found.pointer.split("/")
        kept = self.index.get(parts[1]) if len(parts) > 2 and parts[2].isdigit() else None
        if kept is None:
            return found
        parts[2] = str(kept[int(parts[2])])
        return found.placed(found.file, found.document_id, "/".join(parts))

    def run(
        self,
        check: Callable[..., Iterable[Finding]],
        extra: tuple[Any, ...],
        guarded: bool,
        out: list[Finding],
        cap: _Cap | None = None,
    ) -> None:
        found: list[Finding] = []
        before = len(cap.cut) if cap is not None else 0
        _run((check,), (self.data, *extra), guarded, found, cap)
        out.extend(self.point(f) for f in found)
        if cap is not None:
            cap.cut[before:] = [self.point(f) for f in cap.cut[before:]]


# What makes two documents the same page: (kind, SHA-256, what it is called, JSON Pointer).
_PageKey = tuple[str, str, str, str]


def _page_keys(data: dict[str, Any]) -> list[_PageKey]:
    """The raw page's and the text's SHA-256 of a document (pure: the duplicate check compares them)."""
    keys = []
    raw_sha = data["provenance"]["raw_sha256"] if "provenance" in data else None
    if isinstance(raw_sha, str):
        keys.append(("raw", raw_sha, "raw page (provenance.raw_sha256)", "/provenance/raw_sha256"))
    if isinstance(data.get("text"), str):
        keys.append(("text", text_sha256(data["text"]), "text", "/text_sha256"))
    return keys


def _tag(found: list[Finding], file: str | None, document_id: str | None) -> list[Finding]:
    return [f.placed(file, document_id, f.pointer) for f in found] if found else found


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _annotation_findings(
    data: Any, doc: DocumentText | None, full_schema: bool, cap: _Cap | None = None
) -> list[Finding]:
    schema = schema_findings(data, "annotation", full=full_schema)
    out = schema
    if cap is not None:
        out = []
        cap.take(schema, out)
    if isinstance(data, dict) and not schema:  # schema-valid: every check sees the whole file
        _run(ANNOTATION_CHECKS.values(), (data,), False, out, cap)
        if doc is not None:
            _run(TEXT_CHECKS.values(), (data, doc), False, out, cap)
    elif isinstance(data, dict):  # the schema failed: checks see what passed it, guarded
        passed = Passed.of(data, schema, ANNOTATION_LAYERS)
        for name, check in ANNOTATION_CHECKS.items():
            if name in WHOLE_FILE_CHECKS:
                _run((check,), (data,), True, out, cap)
            else:
                passed.run(check, (), True, out, cap)
        if doc is not None:
            for text_check in TEXT_CHECKS.values():
                passed.run(text_check, (doc,), True, out, cap)
    return out


def _document_findings(data: Any, stem: str | None, full_schema: bool) -> tuple[list[Finding], Passed | None]:
    """Findings of a document, and what passed its schema (``None``: not an object)."""
    out = schema_findings(data, "document", full=full_schema)
    if not isinstance(data, dict):
        return out, None
    if not out:  # schema-valid: every check sees the whole file
        for check in DOCUMENT_CHECKS.values():
            out.extend(check(data))
        out.extend(check_file_name(data, stem))
        return out, Passed(data, {})
    passed = Passed.of(data, out)  # the schema failed: checks see what passed it, guarded
    for check in DOCUMENT_CHECKS.values():
        passed.run(check, (), True, out)
    passed.run(check_file_name, (stem,), True, out)
    return out, passed


def check_annotation(
    data: Any, document: Document | DocumentText, file: str | None = None, *, full_schema: bool = False
) -> list[Finding]:
    """Schema and every semantic check of one annotation dict against its document, in memory."""
    doc = document if isinstance(document, DocumentText) else DocumentText.of(document)
    found = list(check_depth(data)) or _annotation_findings(data, doc, full_schema)
    doc_id = _str(data.get("document_id")) if isinstance(data, dict) else None
    return _tag(found, file, doc_id or doc.id)


def check_annotation_limited(
    data: Any, document: Document | DocumentText, limit: int, file: str | None = None
) -> tuple[list[Finding], list[Finding]]:
    """:func:`check_annotation` listing at most ``limit`` findings of each check, and the first finding
    of each check that had more (the schema counts as one check).

    A check stops at its ``limit + 1``-th finding, so a file with a million problems costs little more
    than one with a thousand; the findings listed are the first ones :func:`check_annotation` gives.
    """
    doc = document if isinstance(document, DocumentText) else DocumentText.of(document)
    cap = _Cap(limit)
    found = _annotation_findings(data, doc, False, cap)
    doc_id = (_str(data.get("document_id")) if isinstance(data, dict) else None) or doc.id
    return _tag(found, file, doc_id), _tag(cap.cut, file, doc_id)


def check_document(data: Any, file: str | None = None, *, full_schema: bool = False) -> list[Finding]:
    """Schema and every check of one document dict that needs no other file (no raw page, no file name)."""
    found = list(check_depth(data)) or _document_findings(data, None, full_schema)[0]
    return _tag(found, file, _str(data.get("id")) if isinstance(data, dict) else None)


def _document_text(data: Any, stem: str) -> DocumentText | None:
    if isinstance(data, dict) and isinstance(data.get("text"), str):
        return DocumentText(_str(data.get("id")) or stem, data["text"], text_sha256(data["text"]))
    return None


STEMS_PER_TASK = 100  # document ids a worker checks per task


@dataclass(frozen=True, slots=True)
class _Places:
    """Where a corpus lies: its resolved root and its documents' and gold folders relative to it."""

    root: Path
    docs_rel: str
    gold_rel: str


@dataclass(frozen=True, slots=True)
class _Stem:
    """The files of one document id: its document (checked unless seen before) and its annotations,
    each with whether to check it and whether it is a symbolic link (``None``: not known).

    What the folder listing told (a link or not, the document a regular file or not) is kept, so a
    file costs no ``stat`` to learn it again."""

    stem: str
    doc_path: Path
    has_document: bool
    check_document: bool
    annotations: list[tuple[Path, str | None, bool, bool | None]]
    doc_link: bool | None = None
    doc_is_file: bool | None = None


@dataclass(frozen=True, slots=True)
class _StemTask:
    stems: tuple[_Stem, ...]
    places: _Places
    full_schema: bool


@dataclass(frozen=True, slots=True)
class _StemResult:
    """What a worker found for its document ids: findings in order, with the places where each
    document's duplicate findings go (``pages``: index into ``findings``, keys, file, document id)."""

    findings: list[Finding]
    pages: list[tuple[int, list[_PageKey], str, str]]
    documents: int
    annotations: int
    raw_seen: set[Path]
    stems: int


class _Validation:
    """One run: files checked once each, findings in file order, counts for the summary."""

    def __init__(self, full_schema: bool) -> None:
        self.full_schema = full_schema
        self.findings: list[Finding] = []
        self.documents = 0
        self.annotations = 0
        self.seen: set[Path] = set()
        self.raw_seen: set[Path] = set()
        self._texts: dict[Path, DocumentText | None] = {}
        self._leaves: dict[Path, Callable[[Path, bool | None], bool]] = {}  # root -> its _leaves_root_test
        # (corpus root or None, "raw" | "text", SHA-256) -> (file, document id) of the first document
        self._pages: dict[tuple[Path | None, str, str], tuple[str, str]] = {}

    def leaves_test(self, root: Path) -> Callable[[Path, bool | None], bool]:
        """The :func:`_leaves_root_test` of ``root``, made once per run."""
        test = self._leaves.get(root)
        if test is None:
            test = self._leaves[root] = _leaves_root_test(root)
        return test

    def report(self) -> Report:
        return Report(tuple(self.findings), self.documents, self.annotations)

    def first_time(self, path: Path, resolved: bool = False) -> bool:
        key = path if resolved else path.resolve()
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    @staticmethod
    def load(path: Path) -> tuple[Any, list[Finding]]:
        try:
            raw = read_bytes_bounded(path)  # a FIFO or device is refused, not read
        except OSError as exc:
            return None, [finding("malformed-json", f"cannot read the file: {exc.strerror}", pointer="")]
        return parse_json(raw)

    def document(
        self, path: Path, rel: str, root: Path | None, loaded: tuple[Any, list[Finding]] | None = None
    ) -> DocumentText | None:
        """Check a document file; returns its text for the annotation checks (``None``: unusable)."""
        self.documents += 1
        data, out = loaded or self.load(path)
        doc_id = _str(data.get("id")) if isinstance(data, dict) else None
        keys: list[_PageKey] | None = None
        if data is not None:
            found, passed = _document_findings(data, path.stem, self.full_schema)
            out = out + found
            if passed is not None:
                if root is not None:
                    _run((self._raw_checks,), (passed.data, root), bool(found), out)
                try:
                    keys = _page_keys(passed.data)
                except Exception:  # the schema failed and the data trips the keys: no duplicates known
                    if not found:
                        raise
                    keys = []
        self.findings.extend(_tag(out, rel, doc_id or path.stem))
        if keys is not None:
            self.pages(keys, root, rel, doc_id or path.stem)
        return _document_text(data, path.stem)

    def pages(self, keys: list[_PageKey], root: Path | None, rel: str, doc_id: str) -> None:
        """``duplicate-document``: an earlier document of the same corpus has this raw page or text."""
        self.findings.extend(_tag(list(self._duplicates(keys, root, rel, doc_id)), rel, doc_id))

    def _duplicates(
        self, keys: list[_PageKey], root: Path | None, rel: str, doc_id: str
    ) -> Iterable[Finding]:
        matches: dict[tuple[str, str], list[tuple[str, str]]] = {}  # earlier document -> (what, pointer)
        for what, sha, label, pointer in keys:
            first = self._pages.setdefault((root, what, sha), (rel, doc_id))
            if first != (rel, doc_id):
                matches.setdefault(first, []).append((label, pointer))
        for (other_rel, other_id), same in matches.items():
            labels = " and the same ".join(label for label, _ in same)
            yield finding(
                "duplicate-document",
                f"document {doc_id} has the same {labels} as document "
                f"{other_id} ({other_rel}); a page is ingested once",
                pointer=same[0][1],
            )

    def _raw_checks(self, data: dict[str, Any], root: Path) -> Iterable[Finding]:
        raw_path = data["provenance"]["raw_path"]
        if not isinstance(raw_path, str) or raw_path_problem(raw_path):
            return ()  # reported by check_raw_path
        target = root / raw_path  # root is resolved and raw_path has no ".." (checked above)
        self.raw_seen.add(target)
        if self.leaves_test(root)(target, None):
            return [_leaves_root(f"raw page {raw_path}", target, pointer="/provenance/raw_path")]
        try:
            raw = read_bytes_bounded(target)
        except OSError:
            raw = None  # missing, not a regular file, or larger than any page newsgold reads: missing
        found = list(check_raw_checksum(data, raw))
        if raw is not None and not found:  # the segments point into this page: it is the one recorded
            found.extend(check_raw_segments(data, raw))
        return found

    def text_of(self, doc_path: Path) -> DocumentText | None:
        """The text of a document that is not itself being checked (a few kept for repeated use)."""
        key = doc_path.resolve()
        if key not in self._texts:
            if len(self._texts) >= 64:
                self._texts.pop(next(iter(self._texts)))
            data, _ = self.load(doc_path) if doc_path.is_file() else (None, [])
            self._texts[key] = _document_text(data, doc_path.stem)
        return self._texts[key]

    def annotation(
        self,
        path: Path,
        rel: str,
        doc_path: Path,
        doc: DocumentText | None,
        annotator: str | None = None,
        loaded: tuple[Any, list[Finding]] | None = None,
        gold: bool = False,
        doc_is_file: bool | None = None,
    ) -> None:
        """Check an annotation file against its document (``doc_is_file``: whether ``doc_path`` is a
        regular file, when the caller knows)."""
        self.annotations += 1
        data, out = loaded or self.load(path)
        if data is not None:
            out = out + _annotation_findings(data, doc, self.full_schema)
            if isinstance(data, dict):
                if not (doc_path.is_file() if doc_is_file is None else doc_is_file):
                    out.append(
                        finding(
                            "unpaired-annotation",
                            f"there is no document {doc_path.name} for "
                            f"this annotation (looked in {doc_path.parent})",
                            pointer="",
                        )
                    )
                if annotator is not None:
                    _run((check_annotator,), (data, annotator), True, out)
                if gold:
                    _run((check_gold_annotator,), (data,), True, out)
        doc_id = _str(data.get("document_id")) if isinstance(data, dict) else None
        self.findings.extend(_tag(out, rel, doc_id or path.stem))

    def corpus(self, root: Path, progress: bool = False, jobs: int = 1) -> None:
        root = root.resolve()  # every path below is built from it, so none needs resolving again
        docs_dir = project_paths.documents_dir(root)
        gold_dir = project_paths.gold_dir(root)
        # not only regular files: a FIFO or device named *.json is reported (it is refused, not read)
        listed = {
            p.stem: (p, link, is_file) for p, link, is_dir, is_file in _json_files(docs_dir) if not is_dir
        }
        documents = {stem: p for stem, (p, _, _) in listed.items()}
        annotations: dict[str, list[tuple[Path, str | None, bool | None]]] = {}
        for p, link, _, _ in _json_files(gold_dir):
            annotations.setdefault(p.stem, []).append((p, None, link))
        for p in sorted((gold_dir.parent / "annotators").glob("*/*.json"), key=_parts):
            annotations.setdefault(p.stem, []).append((p, p.parent.name, None))
        stems = sorted(documents.keys() | annotations.keys())
        # every document and gold file lies directly in its folder: its path relative to the root is
        # that of the folder plus its name (as _rel gives it)
        places = _Places(root, _rel(docs_dir, root), _rel(gold_dir, root))
        plan = []
        for stem in stems:
            doc_path = documents.get(stem) or docs_dir / f"{stem}.json"
            check = stem in documents and self.first_time(doc_path, resolved=True)
            files = [
                (p, annotator, self.first_time(p, resolved=True), link)
                for p, annotator, link in annotations.get(stem, ())
            ]
            _, doc_link, doc_is_file = listed.get(stem, (None, None, False))
            plan.append(_Stem(stem, doc_path, stem in documents, check, files, doc_link, doc_is_file))
        if jobs > 1 and len(plan) > 1:
            self._corpus_in_parallel(plan, places, progress, jobs)
        else:
            for entry in _progress(plan, progress, "validate"):
                self.stem(entry, places)
        raw_dir = project_paths.raw_dir(root)
        for p in sorted(raw_dir.iterdir(), key=_parts) if raw_dir.is_dir() else ():
            if p.is_file() and not p.name.startswith(".") and p not in self.raw_seen:
                self.findings.append(
                    replace(
                        finding(
                            "unreferenced-raw-file",
                            "no document names this file as its raw page (provenance.raw_path)",
                        ),
                        file=_rel(p, root),
                    )
                )

    def stem(self, entry: _Stem, places: _Places) -> None:
        """The files of one document id: its document, then its annotations, then their pairing."""
        root, doc_path = places.root, entry.doc_path
        doc = None
        leaves = self.leaves_test(root)
        if entry.check_document:
            if leaves(doc_path, entry.doc_link):
                self.findings.append(_leaves_root(f"document {doc_path.name}", doc_path, root, entry.stem))
            else:
                doc = self.document(doc_path, f"{places.docs_rel}/{doc_path.name}", root)
        for ann_path, annotator, check, link in entry.annotations:
            if check:
                if leaves(ann_path, link):
                    found = _leaves_root(f"annotation {ann_path.name}", ann_path, root, entry.stem)
                    self.findings.append(found)
                    continue
                shown = f"{places.gold_rel}/{ann_path.name}" if annotator is None else _rel(ann_path, root)
                self.annotation(
                    ann_path,
                    shown,
                    doc_path,
                    doc,
                    annotator,
                    gold=annotator is None,
                    doc_is_file=entry.doc_is_file,
                )
        names = [annotator for _, annotator, _, _ in entry.annotations if annotator is not None]
        if entry.has_document and names and len(names) == len(entry.annotations):
            self.findings.append(
                replace(
                    finding(
                        "unadjudicated-document",
                        f"annotators {', '.join(names)} annotated this "
                        f"document but there is no gold file annotations/gold/{entry.stem}.json",
                        pointer="",
                    ),
                    file=_rel(doc_path, root),
                    document_id=entry.stem,
                )
            )

    def _corpus_in_parallel(self, plan: list[_Stem], places: _Places, progress: bool, jobs: int) -> None:
        """:meth:`stem` for every entry of ``plan`` in ``jobs`` processes, in order. What needs the
        documents before (a duplicate page or text) is decided here, in document order."""
        tasks = (
            _StemTask(tuple(plan[k : k + STEMS_PER_TASK]), places, self.full_schema)
            for k in range(0, len(plan), STEMS_PER_TASK)
        )
        with _progress_bar(len(plan), progress, "validate") as bar:
            for done in ordered_map(_check_stems, tasks, jobs, preload=(__name__,)):
                taken = 0
                for at, keys, rel, doc_id in done.pages:
                    self.findings.extend(done.findings[taken:at])
                    taken = at
                    self.pages(keys, places.root, rel, doc_id)
                self.findings.extend(done.findings[taken:])
                self.documents += done.documents
                self.annotations += done.annotations
                self.raw_seen.update(done.raw_seen)
                bar.update(done.stems)

    def file(self, path: Path, shown: str) -> None:
        """A single file, classified by where it lies in a corpus layout, else by its content."""
        if not self.first_time(path):
            return
        where = path.resolve()
        parents = list(where.parents) + [Path("/")] * 3  # pad, so a shallow path has parents to look at
        if where.parent.name == "documents" and parents[1].name == "corpus":
            self.document(path, shown, parents[2])
            return
        if where.parent.name == "gold" and parents[1].name == "annotations":
            root = parents[2]
            doc_path = project_paths.documents_dir(root) / f"{path.stem}.json"
            self.annotation(path, shown, doc_path, self.text_of(doc_path), gold=True)
            return
        if parents[1].name == "annotators" and parents[2].name == "annotations":
            doc_path = project_paths.documents_dir(parents[3]) / f"{path.stem}.json"
            self.annotation(path, shown, doc_path, self.text_of(doc_path), annotator=where.parent.name)
            return
        loaded = self.load(path)
        data = loaded[0]
        if isinstance(data, dict) and ("document_id" in data or "mentions" in data):
            doc_id = _str(data.get("document_id"))
            name = doc_id if is_safe_document_id(doc_id) else path.stem
            doc_path = project_paths.documents_dir() / f"{name}.json"
            self.annotation(path, shown, doc_path, self.text_of(doc_path), loaded=loaded)
        else:
            self.document(path, shown, None, loaded=loaded)


def _leaves_root_test(root: Path) -> Callable[[Path, bool | None], bool]:
    """Whether a file under the resolved ``root`` is a symbolic link leading outside it, or lies in a
    folder that does (each folder resolved once; a file costs one ``lstat`` unless it is a link, or
    none when the caller knows from a folder listing whether it is one: ``link``)."""
    folders: dict[str, bool] = {}  # by the folder's path as a string: no Path made per file

    def leaves(path: Path, link: bool | None = None) -> bool:
        parent = dirname(path)
        outside = folders.get(parent)
        if outside is None:
            outside = folders[parent] = not Path(parent).resolve().is_relative_to(root)
        if outside:
            return True
        if not (path.is_symlink() if link is None else link):
            return False
        try:
            return not path.resolve().is_relative_to(root)
        except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13): reading says so
            return False

    return leaves


def _json_files(folder: Path) -> list[tuple[Path, bool, bool, bool]]:
    """The ``*.json`` entries of ``folder`` in name order, as ``folder.glob("*.json")`` lists them (none
    when it cannot be listed), each with whether it is a symbolic link, a folder and a regular file
    (both following links). One ``scandir``: the file type comes with each name, so only a link costs
    a ``stat``."""
    try:
        with scandir(folder) as entries:
            found = [_entry_types(folder / e.name, e) for e in entries if e.name.endswith(".json")]
    except OSError:
        return []
    return sorted(found, key=lambda f: f[0].name)


def _entry_types(path: Path, entry: DirEntry[str]) -> tuple[Path, bool, bool, bool]:
    """``path``, and whether it is a symbolic link, a folder and a regular file, as ``Path.is_symlink``,
    ``is_dir`` and ``is_file`` answer (a link that cannot be followed, a loop: neither)."""
    try:
        return path, entry.is_symlink(), entry.is_dir(), entry.is_file()
    except OSError:  # the listing's answer needed a stat that failed: pathlib's rules decide
        return path, path.is_symlink(), path.is_dir(), path.is_file()


def _leaves_root(
    what: str, path: Path, root: Path | None = None, document_id: str | None = None, pointer: str = ""
) -> Finding:
    """A ``symlink-outside-root`` finding for ``path`` (of the document file at hand when ``root`` is
    ``None``: the caller tags it)."""
    found = finding(
        "symlink-outside-root",
        f"{what} leads outside the project root (to {path.resolve()}); not read",
        pointer=pointer,
    )
    return found if root is None else replace(found, file=_rel(path, root), document_id=document_id)


class _WorkerValidation(_Validation):
    """A worker's share of a run: the duplicate check, which needs every document before, is left to
    the parent; its keys are kept with the place its findings go."""

    def __init__(self, full_schema: bool) -> None:
        super().__init__(full_schema)
        self.deferred: list[tuple[int, list[_PageKey], str, str]] = []

    def pages(self, keys: list[_PageKey], root: Path | None, rel: str, doc_id: str) -> None:
        self.deferred.append((len(self.findings), keys, rel, doc_id))


def _check_stems(task: _StemTask) -> _StemResult:
    run = _WorkerValidation(task.full_schema)
    for entry in task.stems:
        run.stem(entry, task.places)
    return _StemResult(
        run.findings, run.deferred, run.documents, run.annotations, run.raw_seen, len(task.stems)
    )


def _parts(path: Path) -> tuple[str, ...]:
    """Sort key giving the order of ``sorted(paths)`` for the paths of one folder pattern, without a
    ``Path`` comparison per pair."""
    return path.parts


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _progress_bar(total: int, enabled: bool, desc: str) -> Any:
    import sys

    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit="doc",
        file=sys.stderr,
        disable=not (enabled and sys.stderr.isatty()),
        leave=False,
    )


def _progress(items: Sequence[Any], enabled: bool, desc: str) -> Iterable[Any]:
    if not enabled:
        return items
    import sys

    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="doc", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)


def validate(
    paths: Sequence[Path | str] | None = None,
    root: Path | None = None,
    *,
    full_schema: bool = False,
    progress: bool = False,
    jobs: int = 1,
) -> Report:
    """Validate ``paths`` (files or folders), or the corpus at ``root`` (default: the project root).

    ``jobs`` processes check the documents of a corpus (:func:`newsgold.parallel.ordered_map`); the
    findings are the same, in the same order, with any number. Raises ``FileNotFoundError`` for a path
    that does not exist and :class:`ProjectRootError` for a root that is not a project root (usage
    errors, not data problems).
    """
    run = _Validation(full_schema)
    if not paths:
        run.corpus(project_paths.require_project_root(root), progress, jobs)
        return run.report()
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    for given in map(Path, paths):
        if given.is_dir() and is_project_root(given):
            run.corpus(given, progress, jobs)
        elif given.is_dir():
            files = sorted(p for p in given.rglob("*.json") if p.is_file() and not p.name.startswith("."))
            for p in _progress(files, progress, "validate"):
                run.file(p, str(p))
        else:
            run.file(given, str(given))
    return run.report()


def validate_corpus(root: Path | None = None, jobs: int = 1) -> list[Finding]:
    """Findings for the whole corpus at ``root`` (default: the project root), checked by ``jobs``
    processes; raises :class:`ProjectRootError` when ``root`` is not a project root."""
    return list(validate(root=root, jobs=jobs).findings)


def validate_paths(paths: Sequence[Path | str]) -> list[Finding]:
    """Findings for files or folders (a folder that is a project root is a corpus)."""
    return list(validate(paths).findings)
