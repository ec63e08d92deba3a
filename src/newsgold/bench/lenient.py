"""What a prediction may leave out, and which tasks a predictions file has layers for.

A prediction line needs only its ``document_id`` and the layers it predicts; the smallest useful line
is ``{"document_id": "...", "mentions": [{"start": 0, "end": 5, "type": "GPE"}]}``. Every field that
carries no prediction gets a default (:data:`DEFAULTS`) before the line is validated, so a line that
leaves them out is as clean as one that spells them out. Fields that are predictions (spans, types,
roles, realis, claim form and stance, and the claimer status of a claim without a claimer) have no
default: when one is missing the validator reports it with its JSON Pointer, as before.

Only absent keys are filled: a field given as ``null`` or with the wrong type is reported, never
replaced, and items keep their positions, so every pointer names the item of the line as written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from newsgold.model import SCHEMA_VERSION, Document

ANNOTATOR = "prediction"
LAYERS = ("mentions", "clusters", "events", "claims")
# the annotation layer each task scores (clusters are not a task: they serve coreference-aware claimers)
TASK_LAYERS: Mapping[str, str] = {"entities": "mentions", "events": "events", "claims": "claims"}
_ID_PREFIX = {"mentions": "m", "clusters": "c", "events": "e", "claims": "cl"}

# (JSON Pointer of the field, its default when the key is absent): the table in docs/bench.md
DEFAULTS: tuple[tuple[str, str], ...] = (
    ("/schema_version", f'"{SCHEMA_VERSION}"'),
    ("/text_sha256", "the SHA-256 of the document's text"),
    ("/annotator", f'"{ANNOTATOR}"'),
    ("/mentions, /clusters, /events, /claims", "[] (a layer left out predicts nothing)"),
    ("/mentions/N/id", '"m1", "m2", ... (the first ids not used elsewhere in the line)'),
    ("/mentions/N/kind", '"name"'),
    ("/mentions/N/text", "text[start:end], when start and end are valid offsets"),
    ("/clusters/N/id", '"c1", "c2", ...'),
    ("/clusters/N/name", '""'),
    ("/clusters/N/type", "the type of its mentions, when they all have one type"),
    ("/events/N/id", '"e1", "e2", ...'),
    ("/events/N/arguments", "[]"),
    ("/events/N/trigger/text, /events/N/arguments/M/span/text", "text[start:end]"),
    ("/claims/N/id", '"cl1", "cl2", ...'),
    ("/claims/N/cue", "null (no cue predicted)"),
    ("/claims/N/claimer", "null (no claimer mention predicted)"),
    ("/claims/N/claimer_status", '"mention", when claimer is a mention id'),
    ("/claims/N/events", "[]"),
    ("/claims/N/content/text, /claims/N/cue/text", "text[start:end]"),
)


class _Ids:
    """Fresh ids (``m1``, ``m2``...) that no item of the line uses, made on first need."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.taken: set[Any] | None = None
        self.next: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        if self.taken is None:
            self.taken = {
                item.get("id")
                for layer in LAYERS
                if isinstance(self.data.get(layer), list)
                for item in self.data[layer]
                if isinstance(item, dict)
            }
        k = self.next.get(prefix, 1)
        while f"{prefix}{k}" in self.taken:
            k += 1
        self.next[prefix] = k + 1
        self.taken.add(f"{prefix}{k}")
        return f"{prefix}{k}"


def _with_text(span: Any, text: str) -> Any:
    """``span`` with ``text`` filled from its offsets when it has none and the offsets are usable."""
    if not isinstance(span, dict) or "text" in span:
        return span
    s, e = span.get("start"), span.get("end")
    if type(s) is int and type(e) is int and 0 <= s < e <= len(text):
        return {**span, "text": text[s:e]}
    return span


def _spans(item: dict[str, Any], text: str, *keys: str) -> dict[str, Any]:
    """``item`` with the text of each of its spans ``keys`` filled (see :func:`_with_text`)."""
    changed = {
        key: span for key in keys if key in item and (span := _with_text(item[key], text)) is not item[key]
    }
    return {**item, **changed} if changed else item


def _has_text(span: Any) -> bool:
    return not isinstance(span, dict) or "text" in span


def complete(data: Mapping[str, Any], document: Document) -> dict[str, Any]:
    """``data`` (one prediction line) with the defaults of :data:`DEFAULTS` filled in.

    ``data`` itself is not changed; items that need nothing are shared, not copied (a line in the gold's
    full format is only looked at).
    """
    out = dict(data)
    out.setdefault("schema_version", SCHEMA_VERSION)
    out.setdefault("text_sha256", document.text_sha256)
    out.setdefault("annotator", ANNOTATOR)
    for layer in LAYERS:
        out.setdefault(layer, [])
    text, ids = document.text, _Ids(out)
    types: dict[Any, Any] | None = None  # mention id -> type, for clusters without a type

    def fill(layer: str, item: dict[str, Any], **defaults: Any) -> dict[str, Any]:
        missing = {key: v for key, v in defaults.items() if key not in item}
        if "id" not in item:
            missing["id"] = ids.new(_ID_PREFIX[layer])
        return {**item, **missing} if missing else item

    def completed(layer: str, item: dict[str, Any]) -> dict[str, Any]:
        nonlocal types
        if layer == "mentions":
            return _with_text(fill(layer, item, kind="name"), text)
        if layer == "clusters":
            if "type" not in item:
                if types is None:
                    mentions = out["mentions"] if isinstance(out["mentions"], list) else []
                    types = {m.get("id"): m.get("type") for m in mentions if isinstance(m, dict)}
                members = item.get("mentions")
                of = (
                    {types.get(x) for x in members if isinstance(x, str)}
                    if isinstance(members, list)
                    else set()
                )
                if len(of) == 1 and None not in of:
                    return fill(layer, item, name="", type=of.pop())
            return fill(layer, item, name="")
        if layer == "events":
            item = _spans(fill(layer, item, arguments=[]), text, "trigger")
            args = item.get("arguments")
            if isinstance(args, list) and not all(
                _has_text(a.get("span")) for a in args if isinstance(a, dict)
            ):
                item = {
                    **item,
                    "arguments": [_spans(a, text, "span") if isinstance(a, dict) else a for a in args],
                }
            return item
        status = {"claimer_status": "mention"} if isinstance(item.get("claimer"), str) else {}
        return _spans(fill(layer, item, cue=None, claimer=None, events=[], **status), text, "content", "cue")

    for layer, is_complete in _COMPLETE.items():
        items = out[layer]
        if not isinstance(items, list):
            continue
        copied = False
        for k, item in enumerate(items):
            if not isinstance(item, dict) or is_complete(item):
                continue
            new = completed(layer, item)
            if new is not item:
                if not copied:  # the line's own list stays as it was
                    items, copied = list(items), True
                    out[layer] = items
                items[k] = new
    return out


# Per layer: whether an item already has every field that has a default (it is then left as it is).
_COMPLETE: dict[str, Callable[[dict[str, Any]], bool]] = {
    "mentions": lambda m: "id" in m and "kind" in m and "text" in m,
    "clusters": lambda c: "id" in c and "name" in c and "type" in c,
    "events": lambda e: (
        "id" in e
        and "arguments" in e
        and _has_text(e.get("trigger"))
        and (
            not isinstance(e["arguments"], list)
            or all(_has_text(a.get("span")) for a in e["arguments"] if isinstance(a, dict))
        )
    ),
    "claims": lambda c: (
        all(k in c for k in ("id", "cue", "claimer", "events"))
        and ("claimer_status" in c or not isinstance(c["claimer"], str))
        and _has_text(c.get("content"))
        and _has_text(c["cue"])
    ),
}


def layers_of(data: Mapping[str, Any]) -> dict[str, int]:
    """The task layers a line names, each with its number of items (0: named, but empty)."""
    return {
        layer: len(data[layer]) if isinstance(data[layer], list) else 0
        for layer in TASK_LAYERS.values()
        if layer in data
    }


def default_tasks(items: Mapping[str, int], named: Collection[str]) -> tuple[tuple[str, ...], str]:
    """The tasks to score when none are asked for, and why: those whose layer has at least one
    predicted item in the file; if no layer has any, those whose layer some line names (even empty);
    if no line names one, all of them.

    ``items`` counts the predicted items of each layer over the file; ``named`` holds the layers some
    line has as a key.
    """
    with_items = tuple(t for t, layer in TASK_LAYERS.items() if items.get(layer, 0) > 0)
    if with_items:
        empty = [t for t in TASK_LAYERS if t not in with_items]
        why = "default: the tasks whose layers have predictions"
        return with_items, why + (f"; {', '.join(empty)}: none, --tasks scores them" if empty else "")
    in_lines = tuple(t for t, layer in TASK_LAYERS.items() if layer in named)
    if in_lines:
        return in_lines, "default: no layer has a prediction, so the tasks whose layers the lines name"
    return tuple(TASK_LAYERS), "default: no line names a layer, so every task"
