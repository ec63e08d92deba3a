"""From a scraped page, or a table of articles, to cleaned documents: ``ingest(path)``.

The raw file is kept byte for byte under ``corpus/raw/``; the cleaned document is written to
``corpus/documents/<id>.json``. Ingesting the same page again, under any file name, is a no-op: a page
is looked up by the SHA-256 of its bytes (``provenance.raw_sha256``) before it gets an id. A different
page whose id is already taken is refused, never overwritten. A document whose cleaned text equals
an existing document's (``text_sha256``) is reported as a duplicate and not written. A page that holds
no article comes back ``skipped`` with the reason, as a row does; a page whose file name would not
make a safe raw file name (:func:`page_name_problem`) is refused before it is read.

A table (``.csv``, ``.jsonl``) holds one article a row (see :mod:`newsgold.ingest.tables`); each row is
cleaned by :mod:`newsgold.ingest.records`, kept as its own raw file ``corpus/raw/<id>.csv`` (the table's
header line and the row, byte for byte) or ``.jsonl`` (the line), and gets the id
:func:`document_id_for_url` gives its URL (rows without a URL: the first 16 hex of the SHA-256 of their
raw bytes).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from newsgold import paths
from newsgold.ingest import html as html_cleaner
from newsgold.ingest import records as record_cleaner
from newsgold.ingest import textdump
from newsgold.ingest.tables import Record, read_table, table_format
from newsgold.ingest.textdump import Cleaned, CleaningError, NotAnArticle
from newsgold.io import (
    KeyedLocks,
    atomic_write_bytes,
    read_bytes_bounded,
    read_document,
    sha256_text,
    write_document,
)
from newsgold.model import Document, Metadata, Paragraph, Provenance, Span
from newsgold.paths import SAFE_ID, UnsafePathError, is_safe_document_id

__all__ = [
    "SAFE_ID",
    "CleaningError",
    "IngestResult",
    "NotAnArticle",
    "TableDefaults",
    "document_id_for",
    "document_id_for_url",
    "ingest",
    "ingest_page",
    "ingest_table",
    "page_name_problem",
    "raw_index",
    "table_format",
]

_SEED_NAME = re.compile(r"^\d+_([0-9a-f]{16})$")


@dataclass(frozen=True, slots=True)
class IngestResult:
    document_id: str
    path: Path
    status: str  # "created" | "updated" | "unchanged" | "duplicate" | "skipped"
    removed_lines: int
    # set when the page is already in the corpus as this document although its file name gives another id,
    # or (status "duplicate") when another document has the same cleaned text
    duplicate_of: str | None = None
    source: str = ""  # the page's path, or "<table>:row N" for a row of a table
    reason: str | None = None  # why a row was skipped (status "skipped")


def raw_index(root: Path | None = None) -> dict[str, str]:
    """``provenance.raw_sha256`` -> document id and ``text:<text_sha256>`` -> document id, over the
    documents under ``root``.

    A file that cannot be read as a document is skipped (``newsgold validate`` reports it).
    """
    import orjson

    out: dict[str, str] = {}
    for doc_path in sorted(paths.documents_dir(root).glob("*.json")):
        try:
            data = orjson.loads(read_bytes_bounded(doc_path))
            sha = data["provenance"]["raw_sha256"]
            text_sha = data.get("text_sha256")
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
            continue
        if isinstance(sha, str):
            out.setdefault(sha, doc_path.stem)
        if isinstance(text_sha, str):
            out.setdefault(_text_key(text_sha), doc_path.stem)
    return out


def _text_key(text_sha256: str) -> str:
    return f"text:{text_sha256}"


class _Session:
    """The corpus under ``root`` as one ingest run sees it, found out once and not per document.

    - ``index``: :func:`raw_index` (built here unless given), kept up to date as documents are written;
    - ``present``: with ``listed``, the names in ``corpus/documents/`` (one listing, kept up to date):
      a document not among them is not looked for on disk before it is built; under its lock it is
      looked for again (:func:`_commit`), so a document another run wrote meanwhile is still seen;
    - the raw path guard (:meth:`raw_path`): ``root`` and each folder of a raw path are resolved once
      a run, and only the file's own name is looked at (``lstat``) a document;
    - ``locks``: one lock file for the run, a lock on one byte of it a document (:class:`KeyedLocks`),
      instead of creating and removing a lock file per document.

    Use it as a context manager (the locks need it). ``listed`` is for runs of many documents: a
    caller that ingests pages one call at a time, passing its own ``index``, would list the folder
    at every call.
    """

    def __init__(self, root: Path, index: dict[str, str] | None, *, listed: bool) -> None:
        self.root = root
        self.documents = paths.documents_dir(root)
        self.index = raw_index(root) if index is None else index
        self.present: set[str] | None = None
        if listed:
            try:
                self.present = {entry.name for entry in os.scandir(self.documents)}
            except FileNotFoundError:
                self.present = set()
        self._resolved_root: Path | None = None
        self._inside: dict[str, bool] = {}  # a raw path's folder -> it lies under root, links resolved
        # one lock file for the run; where byte locks are missing, a lock file per document as before
        self.locks = KeyedLocks(self.documents / ".ingest.lock", lambda key: self.documents / f".{key}.lock")

    def __enter__(self) -> _Session:
        self.locks.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.locks.__exit__(*exc)

    def document_path(self, doc_id: str) -> Path:
        return self.documents / f"{doc_id}.json"

    def may_exist(self, doc_id: str) -> bool:
        """The document ``doc_id`` may be on disk (always ``True`` when the folder was not listed)."""
        return self.present is None or f"{doc_id}.json" in self.present

    def written(self, doc_id: str) -> None:
        if self.present is not None:
            self.present.add(f"{doc_id}.json")

    def raw_path(self, relative: str, what: str) -> Path:
        """:func:`paths.under` of ``root`` and ``relative``, with the same refusals: the folder of the
        path is resolved once a run, and the file itself only when it is a symbolic link (else it
        resolves to its folder's resolution and its own name)."""
        if not isinstance(relative, str) or paths.relative_path_problem(relative) is not None:
            return paths.under(self.root, relative, what)  # raises, saying why
        path = self.root / relative
        folder = str(path.parent)
        inside = self._inside.get(folder)
        if inside is None:
            if self._resolved_root is None:
                self._resolved_root = self.root.resolve()
            inside = path.parent.resolve().is_relative_to(self._resolved_root)
            self._inside[folder] = inside
        if not inside:
            return paths.under(self.root, relative, what)
        try:
            is_link = stat.S_ISLNK(os.lstat(path).st_mode)
        except FileNotFoundError:
            is_link = False
        return paths.under(self.root, relative, what) if is_link else path


_SLUG_LENGTH = 47


def document_id_for_url(url: str) -> str:
    """A stable, file-name-safe id for the article at ``url``: a slug of its last path segment, then
    ``-`` and the first 8 hex digits of the SHA-256 of the URL (which keeps ids of different URLs apart
    when their slugs agree).

    The slug is the percent-decoded segment folded to lower-case ASCII (accents dropped), every other run
    of characters turned into one ``-``, cut to at most 47 characters at a ``-`` where possible:
    ``https://en.wikinews.org/wiki/Hundreds_dead_in_Hajj_stampede`` ->
    ``hundreds-dead-in-hajj-stampede-`` + 8 hex digits.
    """
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
    segment = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rstrip("/").rpartition("/")[2])
    ascii_text = unicodedata.normalize("NFKD", segment).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > _SLUG_LENGTH:
        cut = slug.rfind("-", 0, _SLUG_LENGTH + 1)
        slug = slug[: cut if cut > _SLUG_LENGTH // 2 else _SLUG_LENGTH].strip("-")
    return f"{slug}-{digest[:8]}" if slug else digest[:16]


# The extension of a page, kept in the name of its raw copy: a few ASCII letters and digits.
_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,16}")
_NAME_MAX = 255  # bytes of a file name on common file systems
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def page_name_problem(path: Path) -> str | None:
    """Why the file name of the page at ``path`` cannot be ingested, or ``None``.

    The raw copy of a page is named by its document id and the page's extension, so the extension
    must be 1 to 16 ASCII letters or digits (any case); and a name with a control character or a
    backslash, or longer than 255 bytes, is refused too (it cannot be shown, or be a file name,
    everywhere).
    """
    name = path.name
    if _NAME_CONTROL.search(name):
        return "holds a control character"
    if "\\" in name:
        return "holds a backslash"
    if len(name.encode("utf-8", "surrogateescape")) > _NAME_MAX:
        return f"is longer than {_NAME_MAX} bytes"
    suffix = path.suffix
    if suffix and not _SAFE_SUFFIX.fullmatch(suffix.lower()):
        shown = suffix if len(suffix) <= 20 else suffix[:19] + "…"
        return f"has the extension {shown!r}, not 1 to 16 ASCII letters or digits"
    return None


def document_id_for(path: Path, raw: bytes) -> str:
    """``NNN_<16 hex>.ext`` keeps its hex id; any other page gets the first 16 hex of its SHA-256."""
    match = _SEED_NAME.match(path.stem)
    if match:
        return match.group(1)
    return hashlib.sha256(raw).hexdigest()[:16]


@cache
def _publishers() -> dict[str, dict]:
    """The publishers this package knows (read once: every page and row asks)."""
    return json.loads((files("newsgold.ingest") / "publishers.json").read_text(encoding="utf-8"))


def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw, encoding = raw[3:], "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return raw.decode("utf-8"), encoding
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1]
        raise CleaningError(f"not UTF-8 (byte {exc.start}: {bad!r})", path=path) from exc


def _is_html(path: Path, text: str) -> bool:
    head = text.lstrip()[:15].lower()
    return path.suffix.lower() in {".html", ".htm"} or head.startswith(("<!doctype", "<html"))


def build_document(path: Path, raw: bytes, doc_id: str, raw_relpath: str) -> Document:
    """Clean one raw page into a :class:`Document` (pure: nothing is written)."""
    text_raw, encoding = _decode(raw, path)
    url = None
    if _is_html(path, text_raw):
        cleaned, title, url = html_cleaner.clean_html(text_raw)
        cleaner, version = html_cleaner.CLEANER, html_cleaner.cleaner_version()
    else:
        cleaned = textdump.clean_text_dump(text_raw)
        cleaner, version = textdump.CLEANER, textdump.CLEANER_VERSION
        title = None
    text = cleaned.text
    headline = next((text[s:e] for s, e, k in cleaned.paragraphs if k == "headline"), "")
    publisher = _publishers().get(cleaned.publisher or "", {})
    published = cleaned.published_date
    if published and cleaned.time_24h and publisher.get("utc_offset"):
        published = f"{published}T{cleaned.time_24h}{publisher['utc_offset']}"
    metadata = Metadata(
        title=title or headline,
        published=published,
        time_as_printed=cleaned.time_as_printed,
        publisher=cleaned.publisher,
        section_path=cleaned.section_path,
        dateline=Span.of(text, *cleaned.dateline) if cleaned.dateline else None,
        language="en",
        rights_holder=publisher.get("rights_holder", cleaned.publisher),
        licence=publisher.get("licence"),
        redistributable=bool(publisher.get("redistributable", False)),
        url=url,
    )
    assert unicodedata.is_normalized("NFC", text)
    return Document(
        id=doc_id,
        text=text,
        text_sha256=sha256_text(text),
        paragraphs=tuple(Paragraph(s, e, k) for s, e, k in cleaned.paragraphs),
        metadata=metadata,
        provenance=Provenance(
            raw_path=raw_relpath,
            raw_sha256=hashlib.sha256(raw).hexdigest(),
            raw_encoding=encoding,
            cleaner=cleaner,
            cleaner_version=version,
            segments=cleaned.segments,
            removed=cleaned.removed,
        ),
    )


def ingest_page(path: Path, root: Path | None = None, *, index: dict[str, str] | None = None) -> IngestResult:
    """Ingest one page into the corpus under ``root`` (default: the project root).

    ``index`` is :func:`raw_index` of ``root``, kept up to date here; pass one to ingest many pages
    without reading every document for each (default: built for this call).
    """
    with _Session(root or paths.project_root(), index, listed=index is None) as session:
        return _page(path, session)


def _page(path: Path, session: _Session) -> IngestResult:
    """:func:`ingest_page` in a run's ``session``."""
    try:
        return _ingest_page(path, session)
    except CleaningError as exc:
        if exc.path is None:
            exc.path = path
        raise


def _ingest_page(path: Path, session: _Session) -> IngestResult:
    problem = page_name_problem(path)
    if problem is not None:
        raise CleaningError(f"the file name {problem}; rename the page to ingest it")
    raw = read_bytes_bounded(path)
    named_id = document_id_for(path, raw)
    # the page may be in the corpus already, perhaps under another file name: keep its id and raw path
    known_id = session.index.get(hashlib.sha256(raw).hexdigest())
    doc_id = known_id if known_id is not None else named_id
    out = session.document_path(doc_id)
    existing = _existing(out) if known_id is not None and out.is_file() else None
    if not is_safe_document_id(doc_id):
        raise CleaningError(f"document id {doc_id!r} is not safe as a file name ({SAFE_ID.pattern})")
    raw_rel = (
        existing.provenance.raw_path if existing is not None else None
    ) or f"corpus/raw/{doc_id}{path.suffix.lower() or '.txt'}"
    try:
        doc = build_document(path, raw, doc_id, raw_rel)
    except NotAnArticle as exc:
        return IngestResult(doc_id, out, "skipped", 0, reason=exc.reason)
    if existing is None and session.may_exist(doc_id) and out.exists():
        existing = _existing(out)
    return _commit(
        doc, raw, session, existing, source="page", duplicate_of=doc_id if doc_id != named_id else None
    )


def _existing(path: Path) -> Document:
    """The corpus document at ``path``, which an input is about to be compared with;
    :class:`CleaningError` naming it (not the input) when it cannot be read as a document."""
    try:
        doc = read_document(path)
    except OSError as exc:
        raise CleaningError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        why = f"no {exc.args[0]!r} field" if isinstance(exc, KeyError) else str(exc)
        raise CleaningError(
            f"{path}: the corpus document under this id is not readable ({why}); {_FIX}"
        ) from None
    for pointer, value in (("/text", doc.text), ("/provenance/raw_sha256", doc.provenance.raw_sha256)):
        if not isinstance(value, str):
            raise CleaningError(f"{path}: {pointer}: expected a string, found {value!r}; {_FIX}")
    return doc


_FIX = "newsgold validate names every problem of it; repair or remove it, then ingest again"


def _commit(
    doc: Document,
    raw: bytes,
    session: _Session,
    existing: Document | None,
    *,
    source: str,
    where: str | None = None,
    duplicate_of: str | None = None,
) -> IngestResult:
    """Write ``doc`` and its raw bytes, the one write step of pages and rows: ``unchanged`` when the
    corpus has it already, ``duplicate`` (not written) when another document has its text; refused when
    ``existing`` came from other raw bytes or cleans to another text. ``source`` names the kind of
    input in messages ("page", "row"), ``where`` locates it (a table's row).

    The raw path (an existing document's) must stay under ``root``. Two runs writing one document id
    take turns (the document's lock, :class:`KeyedLocks`), and the one that comes second sees the
    document the first wrote: never two "created" with one page lost."""
    out = session.document_path(doc.id)
    try:
        raw_out = session.raw_path(doc.provenance.raw_path, f"provenance.raw_path of document {doc.id}")
    except UnsafePathError as exc:
        raise CleaningError(str(exc), path=where) from None
    with session.locks.hold(doc.id, what=f"document {doc.id}"):
        if existing is None and out.exists():  # written by another run since it was looked up
            existing = read_document(out)
        result = _commit_locked(doc, raw, raw_out, out, session.index, existing, source, where, duplicate_of)
    if result.status in ("created", "updated"):
        session.written(doc.id)
    return result


def _commit_locked(
    doc: Document,
    raw: bytes,
    raw_out: Path,
    out: Path,
    index: dict[str, str],
    existing: Document | None,
    source: str,
    where: str | None,
    duplicate_of: str | None,
) -> IngestResult:
    origin = where or ""
    if existing is not None:
        if existing.provenance.raw_sha256 != doc.provenance.raw_sha256:
            raise CleaningError(
                f"document {doc.id} already exists from a different {source} "
                f"(raw SHA-256 {existing.provenance.raw_sha256[:12]}..., this {source} "
                f"{doc.provenance.raw_sha256[:12]}...); refusing to overwrite it",
                path=where,
            )
        if existing == doc and raw_out.exists():
            return IngestResult(doc.id, out, "unchanged", _removed_lines(doc), duplicate_of, source=origin)
        if existing.text != doc.text:
            raise CleaningError(
                f"cleaning now gives document {doc.id} a different text "
                f"({existing.provenance.cleaner} {existing.provenance.cleaner_version} -> "
                f"{doc.provenance.cleaner} {doc.provenance.cleaner_version}); annotations are pinned "
                "to the old text, so this is a major corpus change to make deliberately",
                path=where,
            )
    same_text = index.get(_text_key(doc.text_sha256))
    if existing is None and same_text is not None and same_text != doc.id:
        return IngestResult(doc.id, out, "duplicate", _removed_lines(doc), same_text, source=origin)
    status = "updated" if existing is not None else "created"
    atomic_write_bytes(raw_out, raw)
    write_document(out, doc)
    index[doc.provenance.raw_sha256] = doc.id
    index[_text_key(doc.text_sha256)] = doc.id
    return IngestResult(doc.id, out, status, _removed_lines(doc), duplicate_of, source=origin)


def _removed_lines(doc: Document) -> int:
    return sum(r.last_line - r.first_line + 1 for r in doc.provenance.removed)


@dataclass(frozen=True, slots=True)
class TableDefaults:
    """Metadata for every row of a table that has no column of its own for it.

    A value in a row's own column wins; a publisher known to ``publishers.json`` fills what neither
    gives (rights holder, licence and its URL, redistributable).
    """

    publisher: str | None = None
    rights_holder: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    redistributable: bool | None = None
    language: str = "en"


_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0", ""}


def _row_value(record: Record, column: str, default: str | None) -> str | None:
    value = record.get(column)
    return value.strip() if value is not None and value.strip() else default


def build_record_document(record: Record, defaults: TableDefaults, doc_id: str, raw_relpath: str) -> Document:
    """Clean one table row into a :class:`Document` (pure: nothing is written)."""
    cleaned: Cleaned = record_cleaner.clean_record(record)
    text = cleaned.text
    publisher_name = _row_value(record, "publisher", defaults.publisher)
    known = _publishers().get(publisher_name or "", {})
    flag = _row_value(record, "redistributable", None)
    if flag is not None and flag.lower() not in _TRUE | _FALSE:
        raise CleaningError(f"redistributable {flag!r} is not true or false", record.line)
    redistributable = (
        flag.lower() in _TRUE
        if flag is not None
        else defaults.redistributable
        if defaults.redistributable is not None
        else bool(known.get("redistributable", False))
    )
    metadata = Metadata(
        title=text[cleaned.paragraphs[0][0] : cleaned.paragraphs[0][1]],
        published=cleaned.published_date,
        time_as_printed=None,
        publisher=publisher_name,
        section_path=(),
        dateline=None,
        language=_row_value(record, "language", defaults.language) or "en",
        rights_holder=_row_value(
            record, "rights_holder", defaults.rights_holder or known.get("rights_holder")
        ),
        licence=_row_value(record, "licence", defaults.licence or known.get("licence")),
        redistributable=redistributable,
        url=_row_value(record, "url", None),
        licence_url=_row_value(record, "licence_url", defaults.licence_url or known.get("licence_url")),
    )
    raw = record.raw.encode("utf-8")
    return Document(
        id=doc_id,
        text=text,
        text_sha256=sha256_text(text),
        paragraphs=tuple(Paragraph(s, e, k) for s, e, k in cleaned.paragraphs),
        metadata=metadata,
        provenance=Provenance(
            raw_path=raw_relpath,
            raw_sha256=hashlib.sha256(raw).hexdigest(),
            raw_encoding="utf-8",
            cleaner=record_cleaner.CLEANER,
            cleaner_version=record_cleaner.CLEANER_VERSION,
            segments=cleaned.segments,
            removed=cleaned.removed,
        ),
    )


def record_id(record: Record) -> str:
    """The document id of a row: :func:`document_id_for_url` of its URL, else a hash of its raw bytes."""
    url = (record.get("url") or "").strip()
    if url:
        return document_id_for_url(url)
    return hashlib.sha256(record.raw.encode("utf-8")).hexdigest()[:16]


def ingest_table(
    path: Path,
    root: Path | None = None,
    defaults: TableDefaults | None = None,
    *,
    index: dict[str, str] | None = None,
) -> Iterator[IngestResult]:
    """Ingest every row of the table at ``path``; yields one result a row, in table order.

    Rows that are not articles come back with status ``skipped`` and the reason; a row whose cleaned
    text another document already has comes back ``duplicate`` and is not written. A malformed table
    raises :class:`CleaningError` (with its line) before anything is written.
    """
    with _Session(root or paths.project_root(), index, listed=index is None) as session:
        yield from _table(path, defaults or TableDefaults(), session)


def _table(path: Path, defaults: TableDefaults, session: _Session) -> Iterator[IngestResult]:
    """:func:`ingest_table` in a run's ``session``."""
    suffix = ".jsonl" if table_format(path) == "jsonl" else ".csv"
    built: list[tuple[str, Document | IngestResult, bytes]] = []
    for record in read_table(path):  # every row is cleaned before anything is written
        source = f"{path}:row {record.number}"
        doc_id = record_id(record)
        try:
            doc = build_record_document(record, defaults, doc_id, f"corpus/raw/{doc_id}{suffix}")
        except NotAnArticle as exc:
            skipped = IngestResult(
                doc_id,
                session.document_path(doc_id),
                "skipped",
                0,
                source=source,
                reason=exc.reason,
            )
            built.append((source, skipped, b""))
            continue
        except CleaningError as exc:
            exc.path = path
            raise
        built.append((source, doc, record.raw.encode("utf-8")))
    for source, item, raw in built:
        yield item if isinstance(item, IngestResult) else _store(item, raw, session, source)


def _store(doc: Document, raw: bytes, session: _Session, source: str) -> IngestResult:
    """Write a row's ``doc`` unless the corpus has it already (see :func:`_commit`)."""
    out = session.document_path(doc.id)
    known = session.index.get(doc.provenance.raw_sha256)
    if known is not None and known != doc.id:
        return IngestResult(known, out, "unchanged", _removed_lines(doc), known, source=source)
    existing = _existing(out) if session.may_exist(doc.id) and out.exists() else None
    return _commit(doc, raw, session, existing, source="row", where=source)


def ingest(
    pages: list[Path], root: Path | None = None, defaults: TableDefaults | None = None
) -> list[IngestResult]:
    """Ingest pages and tables (by suffix: ``.csv``, ``.jsonl`` and ``.ndjson`` are tables), in one
    session: the corpus is indexed and listed once, and one lock file serves every document."""
    out: list[IngestResult] = []
    with _Session(root or paths.project_root(), None, listed=True) as session:
        for p in pages:
            if table_format(p):
                out.extend(_table(p, defaults or TableDefaults(), session))
            else:
                out.append(_page(p, session))
    return out
