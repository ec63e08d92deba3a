"""From a scraped page to a cleaned document: ``ingest(path)``.

The raw file is kept byte for byte under ``corpus/raw/``; the cleaned document is written to
``corpus/documents/<id>.json``. Ingesting the same page again is a no-op; a different page whose id
is already taken is refused, never overwritten.
"""

from __future__ import annotations

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

__all__ = ["CleaningError", "IngestResult", "document_id_for", "ingest", "ingest_page"]

_SEED_NAME = re.compile(r"^\d+_([0-9a-f]{16})$")
SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True, slots=True)
class IngestResult:
    document_id: str
    path: Path
    status: str  # "created" | "updated" | "unchanged"
    removed_lines: int


def document_id_for(path: Path, raw: bytes) -> str:
    """``NNN_<16 hex>.ext`` keeps its hex id; any other page gets the first 16 hex of its SHA-256."""
    match = _SEED_NAME.match(path.stem)
    if match:
        return match.group(1)
    import hashlib

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
        raise CleaningError(f"{path}: not UTF-8 (byte {exc.start}: {bad!r})") from exc


def _is_html(path: Path, text: str) -> bool:
    head = text.lstrip()[:15].lower()
    return path.suffix.lower() in {".html", ".htm"} or head.startswith(("<!doctype", "<html"))


def build_document(path: Path, raw: bytes, doc_id: str, raw_relpath: str) -> Document:
    """Clean one raw page into a :class:`Document` (pure: nothing is written)."""
    import hashlib

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


def ingest_page(path: Path, root: Path | None = None) -> IngestResult:
    """Ingest one page into the corpus under ``root`` (default: the project root)."""
    root = root or paths.project_root()
    raw = path.read_bytes()
    doc_id = document_id_for(path, raw)
    if not SAFE_ID.match(doc_id):
        raise CleaningError(f"{path}: document id {doc_id!r} is not safe as a file name")
    raw_rel = f"corpus/raw/{doc_id}{path.suffix.lower() or '.txt'}"
    doc = build_document(path, raw, doc_id, raw_rel)
    out = paths.documents_dir(root) / f"{doc_id}.json"
    raw_out = root / raw_rel
    if out.exists():
        existing = read_document(out)
        if existing.provenance.raw_sha256 != doc.provenance.raw_sha256:
            raise CleaningError(
                f"{path}: document {doc_id} already exists from a different page "
                f"(raw SHA-256 {existing.provenance.raw_sha256[:12]}..., this page "
                f"{doc.provenance.raw_sha256[:12]}...); refusing to overwrite it")
        if existing == doc and raw_out.exists():
            return IngestResult(doc_id, out, "unchanged", _removed_lines(doc))
        if existing.text != doc.text:
            raise CleaningError(
                f"{path}: cleaning now gives document {doc_id} a different text "
                f"({existing.provenance.cleaner} {existing.provenance.cleaner_version} -> "
                f"{doc.provenance.cleaner} {doc.provenance.cleaner_version}); annotations are pinned "
                "to the old text, so this is a major corpus change to make deliberately")
    status = "updated" if out.exists() else "created"
    atomic_write_bytes(raw_out, raw)
    write_document(out, doc)
    return IngestResult(doc_id, out, status, _removed_lines(doc))


def _removed_lines(doc: Document) -> int:
    return sum(r.last_line - r.first_line + 1 for r in doc.provenance.removed)


def ingest(pages: list[Path], root: Path | None = None) -> list[IngestResult]:
    return [ingest_page(p, root) for p in pages]
