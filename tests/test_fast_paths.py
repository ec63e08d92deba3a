"""Each check's fast path agrees with the check's own loop, on randomly damaged annotations.

A fast path (``check.clean``) may only say "nothing to report" when the full check (``check.full``)
reports nothing, and the reverse: where the full check finds nothing, the fast path must not fail the
file over to the slow loop for no reason. The damage keeps annotations schema-valid (the checks run only
on data that passed the schema): offsets moved, labels swapped for other known labels, references
pointed at other or unknown ids, ids duplicated, values changed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checkout import SEED_DOCUMENT, SEED_GOLD
from newsgold.io import read_document, read_json
from newsgold.labels import inventory
from newsgold.validate.checks import ANNOTATION_CHECKS, TEXT_CHECKS, DocumentText
from newsgold.validate.checks.base import _fast
from newsgold.validate.schema import schema_findings

DOCUMENT = DocumentText.of(read_document(SEED_DOCUMENT))
GOLD: dict[str, Any] = read_json(SEED_GOLD)
LAYERS = ("mentions", "clusters", "events", "claims")
VALUES = ("2019", "2019-07-04", "2019-13", "2019-02-30", "XXXX-WXX", "P1D", "1910/1945", "T25", "soon")

CHECKS: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {
    **{name: (check, ()) for name, check in ANNOTATION_CHECKS.items() if hasattr(check, "clean")},
    **{name: (check, (DOCUMENT,)) for name, check in TEXT_CHECKS.items() if hasattr(check, "clean")},
}


def test_the_checks_with_fast_paths_are_found() -> None:
    assert {"spans", "duplicate-ids", "references", "clusters", "flat-overlaps", "crossing"} <= set(CHECKS)
    assert len(CHECKS) == 11


def _ids(ann: dict[str, Any], layer: str) -> list[str]:
    return [item["id"] for item in ann[layer]] + [f"{layer[0]}999"]


def _span(draw: st.DrawFn, span: dict[str, Any], moved: bool) -> None:
    """Move a span's offsets by a few characters; keep its text in step unless ``moved`` is False."""
    start = max(0, span["start"] + draw(st.integers(-3, 3)))
    end = max(start + draw(st.integers(0, 1)), span["end"] + draw(st.integers(-3, 3)))
    span["start"], span["end"] = start, end
    covered = DOCUMENT.text[start:end]
    if moved and covered:
        span["text"] = covered


@st.composite
def damaged(draw: st.DrawFn) -> dict[str, Any]:
    inv = inventory()
    ann = copy.deepcopy(GOLD)
    for _ in range(draw(st.integers(1, 4))):
        layer = draw(st.sampled_from(LAYERS))
        if not ann[layer]:
            continue
        item = draw(st.sampled_from(ann[layer]))
        what = draw(st.sampled_from(("id", "span", "label", "reference", "value", "copy")))
        if what == "id":
            item["id"] = draw(st.sampled_from(_ids(ann, draw(st.sampled_from(LAYERS)))))
        elif what == "copy" and layer == "mentions":
            twin = copy.deepcopy(draw(st.sampled_from(ann["mentions"])))
            twin["id"] = f"m{len(ann['mentions']) + 500}"
            ann["mentions"].append(twin)
        elif layer == "mentions":
            if what == "span" and draw(st.booleans()):  # straddle another mention's start or end
                other = draw(st.sampled_from(ann["mentions"]))
                edge = draw(st.sampled_from((other["start"], other["end"])))
                item["start"] = max(0, edge - draw(st.integers(1, 6)))
                item["end"] = edge + draw(st.integers(1, 6))
                item["text"] = DOCUMENT.text[item["start"] : item["end"]]
                item["kind"] = draw(st.sampled_from(list(inventory().mention_kinds)))
            elif what == "span":
                _span(draw, item, draw(st.booleans()))
            elif what == "label":
                item["type"] = draw(st.sampled_from(list(inv.entity_types)))
                item["kind"] = draw(st.sampled_from(list(inv.mention_kinds)))
            elif what == "value":
                item["normalized"] = draw(st.sampled_from((None, *VALUES)))
        elif layer == "clusters":
            if what == "label":
                item["type"] = draw(st.sampled_from(list(inv.entity_types)))
            elif what in ("reference", "value"):
                item["mentions"].append(draw(st.sampled_from(_ids(ann, "mentions"))))
        elif layer == "events":
            if what == "span":
                _span(draw, item["trigger"], draw(st.booleans()))
            elif what == "label":
                item["type"] = draw(st.sampled_from(list(inv.event_types)))
            elif item["arguments"]:
                argument = draw(st.sampled_from(item["arguments"]))
                argument["role"] = draw(st.sampled_from(list(inv.roles)))
                if argument.get("mention") is not None:
                    argument["mention"] = draw(st.sampled_from(_ids(ann, "mentions")))
                if what == "value":
                    item["arguments"].append(copy.deepcopy(argument))
        elif layer == "claims":
            if what == "span":
                _span(
                    draw,
                    item[draw(st.sampled_from(("content", "cue")))] or item["content"],
                    draw(st.booleans()),
                )
            elif what == "reference" and item["claimer"] is not None:
                item["claimer"] = draw(st.sampled_from(_ids(ann, "mentions")))
            elif what == "value":
                item["events"].append(draw(st.sampled_from(_ids(ann, "events"))))
    return ann


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_fast_path_passes_exactly_what_its_check_passes(ann: dict[str, Any]) -> None:
    if schema_findings(ann, "annotation"):
        event("schema-invalid")
        return  # the checks run only on schema-valid data
    for name, (check, rest) in CHECKS.items():
        fast = _fast(check.clean, ann, *rest)
        full = list(check.full(ann, *rest))
        event(f"{name}: {'clean' if fast else 'findings'}")
        assert fast == (not full), (
            f"{name}: fast path says {'clean' if fast else 'not clean'}, check finds {full}"
        )
        assert list(check(ann, *rest)) == full


def test_the_property_test_can_fail() -> None:
    """A fast path that always answers "clean" is caught on the first damaged file."""
    ann = copy.deepcopy(GOLD)
    ann["mentions"][1]["id"] = ann["mentions"][0]["id"]
    check = ANNOTATION_CHECKS["duplicate-ids"]
    assert list(check.full(ann)) and not _fast(check.clean, ann)  # type: ignore[attr-defined]


def test_offsets_that_are_not_ordered_integers_are_skipped_alike() -> None:
    """Mentions whose offsets are not two integers in order (a float a schema validator may let through,
    a bool, an empty or reversed span) are left out by the overlap checks and their fast paths alike."""
    mentions = GOLD["mentions"]
    crossing = next(
        (i, j)
        for i, a in enumerate(mentions)
        for j, b in enumerate(mentions)
        if a["start"] < b["start"] < a["end"] < b["end"] or a["start"] < b["start"] < a["end"]
    )
    for value in (1.0, True, "x", None):
        for moved in ("start", "end"):
            for at in crossing:
                ann = copy.deepcopy(GOLD)
                ann["mentions"][at][moved] = value if value is not None else ann["mentions"][at]["start"]
                for name in ("flat-overlaps", "crossing", "duplicate-mentions"):
                    check = ANNOTATION_CHECKS[name]
                    fast = _fast(check.clean, ann)  # type: ignore[attr-defined]
                    assert fast == (not list(check.full(ann))), (name, value, moved)  # type: ignore[attr-defined]


def test_the_crossing_fast_path_breaks_ties_as_its_check() -> None:
    """Of two mentions with the same offsets, the later in the file is the open one the next mention is
    compared with, in the fast path as in the check."""
    text = DOCUMENT.text
    for kinds in (("name", "nominal"), ("nominal", "name")):
        ann = copy.deepcopy(GOLD)
        ann["mentions"] = [
            {
                "id": f"t{k}",
                "start": s,
                "end": e,
                "text": text[s:e],
                "type": "ORG",
                "kind": kind,
                "normalized": None,
            }
            for k, (s, e, kind) in enumerate([(0, 10, kinds[0]), (0, 10, kinds[1]), (5, 15, "name")])
        ]
        check = ANNOTATION_CHECKS["crossing"]
        assert _fast(check.clean, ann) == (not list(check.full(ann)))  # type: ignore[attr-defined]
