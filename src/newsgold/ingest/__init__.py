"""From a scraped page to a cleaned document: ``ingest(path)``.

The raw file is kept byte for byte under ``corpus/raw/``; the cleaned document is written to
``corpus/documents/<id>.json``. Ingesting the same page again, under any file name, is a no-op: a page
is looked up by the SHA-256 of its bytes (``provenance.raw_sha256``) before it gets an id. A different
page whose id is already taken is refused, never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from newsgold import paths
from newsgold.ingest import html as html_cleaner
from newsgold.ingest import textdump
from newsgold.ingest.textdump import CleaningError
from newsgold.io import atomic_write_bytes, read_document, sha256_text, write_document
from newsgold.model import Document, Metadata, Paragraph, Provenance, Span
from newsgold.paths import SAFE_ID, is_safe_document_id

__all__ = ["SAFE_ID", "CleaningError", "IngestResult", "document_id_for", "ingest", "ingest_page",
           "raw_index"]

_SEED_NAME = re.compile(r"^\d+_([0-9a-f]{16})$")


@dataclass(frozen=True, slots=True)
class IngestResult:
    document_id: str
    path: Path
    status: str  # "created" | "updated" | "unchanged"
    removed_lines: int
    # set when the page is already in the corpus as this document although its file name gives another id
    duplicate_of: str | None = None


def raw_index(root: Path | None = None) -> dict[str, str]:
    """``provenance.raw_sha256`` -> document id, over the documents under ``root``.

    A file that cannot be read as a document is skipped (``newsgold validate`` reports it).
    """
    import orjson

    out: dict[str, str] = {}
    for doc_path in sorted(paths.documents_dir(root).glob("*.json")):
        try:
            data = orjson.loads(doc_path.read_bytes())
            sha = data["provenance"]["raw_sha256"]
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            continue
        if isinstance(sha, str):
            out.setdefault(sha, doc_path.stem)
    return out


def document_id_for(path: Path, raw: bytes) -> str:
    """``NNN_<16 hex>.ext`` keeps its hex id; any other page gets the first 16 hex of its SHA-256."""
    match = _SEED_NAME.match(path.stem)
    if match:
        return match.group(1)
    return hashlib.sha256(raw).hexdigest()[:16]


def _publishers() -> dict[str, dict]:
    return json.loads((files("newsgold.ingest") / "publishers.json").read_text(encoding="utf-8"))


def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw, encoding = raw[3:], "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return raw.decode("utf-8"), encoding
    except UnicodeDecodeError as exc:
        bad = raw[exc.start:exc.start + 1]
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
        id=doc_id, text=text, text_sha256=sha256_text(text),
        paragraphs=tuple(Paragraph(s, e, k) for s, e, k in cleaned.paragraphs),
        metadata=metadata,
        provenance=Provenance(raw_path=raw_relpath, raw_sha256=hashlib.sha256(raw).hexdigest(),
                              raw_encoding=encoding, cleaner=cleaner, cleaner_version=version,
                              segments=cleaned.segments, removed=cleaned.removed),
    )


def ingest_page(path: Path, root: Path | None = None, *, index: dict[str, str] | None = None) -> IngestResult:
    """Ingest one page into the corpus under ``root`` (default: the project root).

    ``index`` is :func:`raw_index` of ``root``, kept up to date here; pass one to ingest many pages
    without reading every document for each (default: built for this call).
    """
    root = root or paths.project_root()
    try:
        return _ingest_page(path, root, raw_index(root) if index is None else index)
    except CleaningError as exc:
        if exc.path is None:
            exc.path = path
        raise


def _ingest_page(path: Path, root: Path, index: dict[str, str]) -> IngestResult:
    raw = path.read_bytes()
    named_id = document_id_for(path, raw)
    # the page may be in the corpus already, perhaps under another file name: keep its id and raw path
    known_id = index.get(hashlib.sha256(raw).hexdigest())
    doc_id = known_id if known_id is not None else named_id
    out = paths.documents_dir(root) / f"{doc_id}.json"
    existing = read_document(out) if known_id is not None and out.is_file() else None
    if not is_safe_document_id(doc_id):
        raise CleaningError(f"document id {doc_id!r} is not safe as a file name ({SAFE_ID.pattern})")
    raw_rel = ((existing.provenance.raw_path if existing is not None else None)
               or f"corpus/raw/{doc_id}{path.suffix.lower() or '.txt'}")
    doc = build_document(path, raw, doc_id, raw_rel)
    duplicate_of = doc_id if doc_id != named_id else None
    raw_out = root / raw_rel
    if existing is None and out.exists():
        existing = read_document(out)
    if existing is not None:
        if existing.provenance.raw_sha256 != doc.provenance.raw_sha256:
            raise CleaningError(
                f"document {doc_id} already exists from a different page "
                f"(raw SHA-256 {existing.provenance.raw_sha256[:12]}..., this page "
                f"{doc.provenance.raw_sha256[:12]}...); refusing to overwrite it")
        if existing == doc and raw_out.exists():
            return IngestResult(doc_id, out, "unchanged", _removed_lines(doc), duplicate_of)
        if existing.text != doc.text:
            raise CleaningError(
                f"cleaning now gives document {doc_id} a different text "
                f"({existing.provenance.cleaner} {existing.provenance.cleaner_version} -> "
                f"{doc.provenance.cleaner} {doc.provenance.cleaner_version}); annotations are pinned "
                "to the old text, so this is a major corpus change to make deliberately")
    status = "updated" if existing is not None else "created"
    atomic_write_bytes(raw_out, raw)
    write_document(out, doc)
    index[doc.provenance.raw_sha256] = doc_id
    return IngestResult(doc_id, out, status, _removed_lines(doc), duplicate_of)


def _removed_lines(doc: Document) -> int:
    return sum(r.last_line - r.first_line + 1 for r in doc.provenance.removed)


def ingest(pages: list[Path], root: Path | None = None) -> list[IngestResult]:
    index = raw_index(root)
    return [ingest_page(p, root, index=index) for p in pages]
