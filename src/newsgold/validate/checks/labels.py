"""Unknown labels, told apart from other schema errors."""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Any

from newsgold.findings import Finding, finding
from newsgold.labels import inventory

# --- label errors from the schema ------------------------------------------------------------------

# (top-level array, field) -> (label group of the inventory, what its values are called)
LABEL_FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("mentions", "type"): ("entity_types", "entity type"),
    ("mentions", "kind"): ("mention_kinds", "mention kind"),
    ("clusters", "type"): ("entity_types", "entity type"),
    ("events", "type"): ("event_types", "event type"),
    ("events", "realis"): ("realis", "realis value"),
    ("events", "role"): ("roles", "role"),
    ("claims", "claimer_status"): ("claimer_statuses", "claimer status"),
    ("claims", "form"): ("claim_forms", "claim form"),
    ("claims", "stance"): ("stances", "stance"),
    ("paragraphs", "kind"): ("paragraph_kinds", "paragraph kind"),
}


def label_field(path: tuple[Any, ...]) -> tuple[str, str] | None:
    """The label group a JSON path points into: ``("events", 3, "arguments", 0, "role")`` -> roles."""
    if len(path) >= 3 and isinstance(path[0], str) and isinstance(path[-1], str):
        return LABEL_FIELDS.get((path[0], path[-1]))
    return None


def unknown_label(value: str, path: tuple[Any, ...], pointer: str) -> Finding | None:
    """The finding for a label ``value`` at ``path`` that is not in the inventory.

    ``None`` when ``path`` is not a label field.
    """
    field = label_field(path)
    if field is None:
        return None
    group, what = field
    close = _closest_label(group, value)
    hint = f"; did you mean {close!r}?" if close is not None else ""
    return finding(
        "unknown-label",
        f"unknown {what} {value!r}: not in schema/labels.json (inventory {inventory().version}){hint}",
        pointer=pointer,
    )


@lru_cache(maxsize=4096)
def _closest_label(group: str, value: str) -> str | None:
    """The label of ``group`` closest to ``value`` (``difflib``), remembered: a predictions file
    repeats one unknown label thousands of times."""
    inv = inventory()
    names = list(inv.event_types) if group == "event_types" else list(getattr(inv, group))
    close = difflib.get_close_matches(value, names, n=1)
    return close[0] if close else None
