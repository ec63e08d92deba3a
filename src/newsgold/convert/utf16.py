"""Code-point offsets <-> UTF-16 code-unit offsets.

newsgold counts offsets in Python code points. JavaScript (and so browser-based editors) counts
UTF-16 code units, in which every character outside the Basic Multilingual Plane (most emoji,
U+10000 and above) takes two units. The two conventions agree on text without such characters and
drift apart by one after each of them.

The Label Studio import uses this module only to diagnose offsets that were written in UTF-16 units;
it never converts them silently.
"""

from __future__ import annotations

from bisect import bisect_right


def _is_astral(ch: str) -> bool:
    return ord(ch) > 0xFFFF


def utf16_length(text: str) -> int:
    """The length of ``text`` in UTF-16 code units."""
    return len(text) + sum(1 for ch in text if _is_astral(ch))


def to_utf16(text: str, offset: int) -> int:
    """The UTF-16 code-unit offset of code-point ``offset`` in ``text`` (0 <= offset <= len(text))."""
    if not 0 <= offset <= len(text):
        raise ValueError(f"code-point offset {offset} outside 0..{len(text)}")
    return offset + sum(1 for ch in text[:offset] if _is_astral(ch))


def from_utf16(text: str, offset: int) -> int:
    """The code-point offset of UTF-16 code-unit ``offset`` in ``text``.

    Raises ``ValueError`` when ``offset`` is out of range or falls between the two halves of a
    surrogate pair (no code-point offset corresponds to it).
    """
    astral = _astral_positions(text)
    total = len(text) + len(astral)
    if not 0 <= offset <= total:
        raise ValueError(f"UTF-16 offset {offset} outside 0..{total}")
    # Each astral character before code point p shifts the UTF-16 offset by one: u = p + #astral(<p).
    lo, hi = 0, len(text)
    while lo < hi:  # smallest p with to_utf16(p) >= offset
        mid = (lo + hi) // 2
        if mid + bisect_right(astral, mid - 1) < offset:
            lo = mid + 1
        else:
            hi = mid
    if lo + bisect_right(astral, lo - 1) != offset:
        raise ValueError(f"UTF-16 offset {offset} splits a surrogate pair")
    return lo


def span_to_utf16(text: str, start: int, end: int) -> tuple[int, int]:
    """A code-point span ``[start, end)`` in UTF-16 code units."""
    return to_utf16(text, start), to_utf16(text, end)


def span_from_utf16(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A UTF-16 span as code points, or ``None`` when it does not fall on character boundaries."""
    try:
        return from_utf16(text, start), from_utf16(text, end)
    except ValueError:
        return None


def _astral_positions(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if _is_astral(ch)]
