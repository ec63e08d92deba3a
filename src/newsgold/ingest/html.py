"""Cleaning of HTML pages through trafilatura (main-text extraction, boilerplate removal).

A page is an article when trafilatura finds a headline (its title) and at least one body paragraph
besides it; any other page (navigation, a listing, a page that is only a title) is refused with
:class:`NotAnArticle`, as is one of more than :data:`MAX_LINES` paragraphs. A page holding a control
character is refused as the text dumps are (:func:`newsgold.ingest.textdump.refuse_control_characters`).
"""

from __future__ import annotations

import unicodedata

from newsgold.ingest.textdump import (
    MAX_LINES,
    PARAGRAPH_SEPARATOR,
    Cleaned,
    CleaningError,
    NotAnArticle,
    refuse_control_characters,
)
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
    refuse_control_characters(raw)
    extracted = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if extracted is None or isinstance(extracted, dict) or not (extracted.text or "").strip():
        raise NotAnArticle("not an article: trafilatura found no main text in the page")
    title = (extracted.title or "").strip()
    body = [p.strip() for p in (extracted.text or "").split("\n") if p.strip()]
    if title and body and body[0] == title:
        body = body[1:]
    if not title:
        raise NotAnArticle("not an article: the page has no headline (trafilatura found no title)")
    if not body:
        raise NotAnArticle(f"not an article: no body paragraph besides the headline {title[:60]!r}")
    if 1 + len(body) > MAX_LINES:
        raise NotAnArticle(f"not an article: more than {MAX_LINES} paragraphs")
    blocks = [("headline", title)] + [("body", p) for p in body]
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
