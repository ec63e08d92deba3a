"""Inclusive end offsets, as nervaluate and some other scorers read them.

newsgold spans are half-open: ``[start, end)`` covers ``text[start:end]``. nervaluate treats an
entity's ``end`` as the index of its *last* character (or token): its overlap test is
``pred.start <= true.end and pred.end >= true.start`` and its lengths are ``end - start + 1``.
Feeding it half-open offsets makes adjacent spans such as ``[0, 5)`` and ``[5, 9)`` overlap at
position 5. Convert here, in one place, and back.
"""

from __future__ import annotations

from collections.abc import Iterable


def to_inclusive(start: int, end: int) -> tuple[int, int]:
    """Half-open ``[start, end)`` to inclusive ``[start, end - 1]`` (the span must not be empty)."""
    if end <= start:
        raise ValueError(f"empty span [{start}, {end}) has no inclusive form")
    return start, end - 1


def from_inclusive(start: int, last: int) -> tuple[int, int]:
    """Inclusive ``[start, last]`` to half-open ``[start, last + 1)``."""
    if last < start:
        raise ValueError(f"inclusive span [{start}, {last}] ends before it starts")
    return start, last + 1


def nervaluate_entities(spans: Iterable[tuple[int, int, str]]) -> list[dict[str, int | str]]:
    """Half-open typed spans as nervaluate's "dict" loader entities (``label``, ``start``, ``end``)."""
    out: list[dict[str, int | str]] = []
    for start, end, label in spans:
        s, e = to_inclusive(start, end)
        out.append({"label": label, "start": s, "end": e})
    return out
