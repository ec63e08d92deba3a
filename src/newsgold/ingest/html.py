"""Cleaning of HTML pages through trafilatura (main-text extraction, boilerplate removal)."""

from __future__ import annotations

import unicodedata

from newsgold.ingest.textdump import PARAGRAPH_SEPARATOR, Cleaned, CleaningError
from newsgold.model import Removal, Segment

CLEANER = "trafilatura"


def cleaner_version() -> str:
    import trafilatura

    return f"trafilatura-{trafilatura.__version__}"


def clean_html(raw: str) -> tuple[Cleaned, str | None, str | None]:
    """Extract headline and body paragraphs from HTML; returns the cleaned page, the title and the URL.

    Paragraphs found verbatim in the raw HTML get a provenance segment; text that trafilatura
    changed on the way (entities decoded, whitespace joined) maps to no raw offset.
    """
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise CleaningError("HTML input needs trafilatura: pip install 'newsgold[ingest]'") from exc
    extracted = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if extracted is None or isinstance(extracted, dict) or not (extracted.text or "").strip():
        raise CleaningError("trafilatura found no main text in the page")
    title = (extracted.title or "").strip()
    body = [p.strip() for p in (extracted.text or "").split("\n") if p.strip()]
    if title and body and body[0] == title:
        body = body[1:]
    blocks = ([("headline", title)] if title else []) + [("body", p) for p in body]
    text_parts: list[str] = []
    paragraphs, segments = [], []
    pos, search_from = 0, 0
    for kind, block in blocks:
        if text_parts:
            text_parts.append(PARAGRAPH_SEPARATOR)
            pos += len(PARAGRAPH_SEPARATOR)
        kept = unicodedata.normalize("NFC", block)
        found = raw.find(block, search_from)
        if found >= 0:
            segments.append(Segment(pos, pos + len(kept), found, found + len(block)))
            search_from = found + len(block)
        text_parts.append(kept)
        paragraphs.append((pos, pos + len(kept), kind))
        pos += len(kept)
    date = extracted.date if extracted.date and len(extracted.date) >= 10 else None
    cleaned = Cleaned(
        text="".join(text_parts),
        paragraphs=tuple(paragraphs),
        segments=tuple(segments),
        removed=(
            Removal(
                1,
                raw.count("\n") + 1,
                "html-boilerplate",
                "markup and everything outside the main text, as judged by trafilatura",
            ),
        ),
        section_path=tuple(c.strip() for c in (extracted.categories or []) if c.strip()),
        published_date=date[:10] if date else None,
        time_as_printed=None,
        time_24h=None,
        publisher=(extracted.sitename or None),
        edition=None,
        dateline=None,
    )
    return cleaned, title or None, extracted.url
