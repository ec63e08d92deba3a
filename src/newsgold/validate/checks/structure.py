"""Checks of an annotation's structure: ids, references, roles, clusters, values, overlaps, claims."""

from __future__ import annotations

import datetime
import operator
import re
from functools import cache, lru_cache
from itertools import chain
from typing import Any

from newsgold.findings import finding
from newsgold.labels import Inventory, inventory
from newsgold.validate.checks.base import CLAIMER_IS_MENTION, Findings, Json, fast_path, short, unique

# TIMEX3-style ISO 8601 values (annotations/GUIDELINES.md, 2.7): a date (X for unknown digits; ISO
# weeks, seasons, quarters, halves) with an optional time or part of day, a duration, or an ISO 8601
# interval of two of these ("1910/1945").
_DATE = (
    r"(?:\d{4}|\d{3}X|\d{2}XX|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:\d|WE))?"
    r"|-(?:SP|SU|FA|WI)|-Q[1-4X]|-H[12X])?"
)
_TIME = r"T(?:\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?|MO|MI|AF|EV|NI|DT)(?:Z|[+-]\d{2}(?::?\d{2})?)?"
_DURATION = r"P(?=[\dXT])(?:[\dX]+(?:\.\d+)?[YMWDCEL])*(?:T(?=[\dX])(?:[\dX]+(?:\.\d+)?[HMS])*)?"
_POINT = rf"(?:{_DATE}(?:{_TIME})?|{_DURATION})"
TIMEX3_VALUE = re.compile(rf"{_POINT}(?:/{_POINT})?")
# The calendar parts of one point of a value, for the range checks the pattern cannot make.
_YEAR_MONTH_DAY = re.compile(r"(\d{4}|\d{3}X|\d{2}XX|XXXX)-(\d{2}|XX)(?:-(\d{2}|XX))?")
_YEAR_WEEK = re.compile(r"(\d{4}|\d{3}X|\d{2}XX|XXXX)-W(\d{2}|XX)")
_CLOCK = re.compile(r"T(\d{2})(?::(\d{2})(?::(\d{2}))?)?")


# --- annotation structure --------------------------------------------------------------------------


@cache
def _known_roles() -> frozenset[str]:
    return frozenset(inventory().roles)


@cache
def _allowed_pairs() -> frozenset[tuple[str, str]]:
    return frozenset((t, r) for t, roles in _allowed_roles().items() for r in roles)


@lru_cache(maxsize=4096)
def _good_value(value: str) -> bool:
    return TIMEX3_VALUE.fullmatch(value) is not None and calendar_problem(value) is None


# Fields of every item of a layer read by one C call each (the fast paths' lists, no loop in Python)
_ID, _START, _END, _KIND = (operator.itemgetter(k) for k in ("id", "start", "end", "kind"))
_SPAN_KEY = operator.itemgetter("start", "end", "type", "kind")


def _all_valid_offsets(starts: list[Any], ends: list[Any]) -> bool:
    """Every pair of offsets is two integers, the start before the end (:func:`_valid_offsets` of each
    mention), tested over the whole lists at once."""
    return set(map(type, starts)) | set(map(type, ends)) <= {int} and all(map(operator.lt, starts, ends))


def _valid_offsets(m: Json) -> bool:
    s, e = m["start"], m["end"]
    return type(s) is int and type(e) is int and s < e


def _clean_flat(ann: Json) -> bool:
    """No two flat mentions with valid offsets overlap at all; exact copies (same offsets, type and kind)
    count once, as in the check."""
    flat = inventory().flat_kinds
    mentions = ann["mentions"]
    keys = list(map(_SPAN_KEY, mentions))  # (start, end, type, kind)
    if _all_valid_offsets(list(map(_START, mentions)), list(map(_END, mentions))):
        spans = sorted({k for k in keys if k[3] in flat})
    else:
        spans = sorted(
            {k for k in keys if k[3] in flat and type(k[0]) is int and type(k[1]) is int and k[0] < k[1]}
        )
    # sorted by start: disjoint iff each one starts at or after the end of the one before
    return all(map(operator.le, [s[1] for s in spans[:-1]], [s[0] for s in spans[1:]]))


@fast_path(_clean_flat)
def check_flat_overlaps(ann: Json) -> Findings:
    """Mentions of a flat kind never overlap one another (one sort, one sweep).

    A copy of a mention (same start, end, type and kind) is left to ``check_duplicate_mentions``.
    """
    flat = inventory().flat_kinds
    first: dict[tuple[Any, ...], int] = {}
    for i, m in enumerate(ann["mentions"]):
        if m["kind"] in flat and _valid_offsets(m):
            first.setdefault((m["start"], m["end"], m["type"], m["kind"]), i)
    spans = sorted((start, end, i) for (start, end, _, _), i in first.items())
    mentions = ann["mentions"]
    reach, reach_i = -1, -1  # the furthest end so far and its mention
    for start, end, i in spans:
        if start < reach:
            m, other = mentions[i], mentions[reach_i]
            yield finding(
                "overlapping-mentions",
                f"{m['kind']} mention {short(m['text'])} "
                f"overlaps {other['kind']} mention {other['id']} {short(other['text'])} "
                f"({other['start']}-{other['end']})",
                pointer=f"/mentions/{i}",
                annotation_id=m["id"],
                start=start,
                end=end,
            )
        if end > reach:
            reach, reach_i = end, i


def _clean_crossing(ann: Json) -> bool:
    """No two mentions with valid offsets partially overlap, but for two flat ones (as in the check)."""
    flat = inventory().flat_kinds
    mentions = ann["mentions"]
    flags = [kind in flat for kind in map(_KIND, mentions)]
    if all(flags):  # a system's names: nothing can cross
        return True
    starts, ends = list(map(_START, mentions)), list(map(_END, mentions))
    # in the check's order: by start, longest first, then position in the file (which of two mentions
    # with the same offsets is open decides what the next one is compared with)
    if _all_valid_offsets(starts, ends):
        order = sorted(zip(starts, map(operator.neg, ends), range(len(mentions)), flags, strict=True))
    else:
        order = sorted(
            (s, -e, i, f)
            for i, (s, e, f) in enumerate(zip(starts, ends, flags, strict=True))
            if type(s) is int and type(e) is int and s < e
        )
    open_: list[tuple[int, bool]] = []  # (end, flat), each containing the next
    for start, neg_end, _, is_flat in order:
        while open_ and open_[-1][0] <= start:
            open_.pop()
        if open_ and -neg_end > open_[-1][0]:
            if not (is_flat and open_[-1][1]):
                return False
            continue
        open_.append((-neg_end, is_flat))
    return True


@fast_path(_clean_crossing)
def check_crossing(ann: Json) -> Findings:
    """No two mentions partially overlap (a stack of open mentions over one sort).

    Two crossing flat mentions are left to ``check_flat_overlaps``.
    """
    flat = inventory().flat_kinds
    mentions = ann["mentions"]
    order = sorted(((m["start"], -m["end"], i) for i, m in enumerate(mentions) if _valid_offsets(m)))
    open_: list[tuple[int, int]] = []  # (end, index), each containing the next
    for start, neg_end, i in order:
        end = -neg_end
        while open_ and open_[-1][0] <= start:
            open_.pop()
        if open_ and end > open_[-1][0]:
            j = open_[-1][1]
            m, other = mentions[i], mentions[j]
            if not (m["kind"] in flat and other["kind"] in flat):
                yield finding(
                    "crossing-mentions",
                    f"{m['kind']} mention {short(m['text'])} crosses "
                    f"{other['kind']} mention {other['id']} {short(other['text'])} "
                    f"({other['start']}-{other['end']}); mentions nest or are disjoint",
                    pointer=f"/mentions/{i}",
                    annotation_id=m["id"],
                    start=start,
                    end=end,
                )
            continue
        open_.append((end, i))


def _clean_ids(ann: Json) -> bool:
    layers = (ann["mentions"], ann["clusters"], ann["events"], ann["claims"])
    return unique(list(map(_ID, chain.from_iterable(layers))))


@fast_path(_clean_ids)
def check_duplicate_ids(ann: Json) -> Findings:
    seen: dict[str, str] = {}
    for layer in ("mentions", "clusters", "events", "claims"):
        for i, item in enumerate(ann[layer]):
            ident = item["id"]
            pointer = f"/{layer}/{i}"
            first = seen.setdefault(ident, pointer)
            if first != pointer:
                yield finding(
                    "duplicate-id",
                    f"id {ident!r} is already used at {first}",
                    pointer=pointer + "/id",
                    annotation_id=ident,
                )


def _clean_references(ann: Json) -> bool:
    events = ann["events"]
    claims = ann["claims"]
    members = [ref for c in ann["clusters"] for ref in c["mentions"]]
    refs = {a.get("mention") for e in events for a in e["arguments"]}
    refs.update([c["claimer"] for c in claims])
    refs.discard(None)  # no argument mention, no claimer: nothing to resolve
    if members or refs:  # the mention ids only when something names one (a million mentions cost)
        mention_ids = {m["id"] for m in ann["mentions"]}
        if not mention_ids.issuperset(members) or not refs <= mention_ids:
            return False
    event_ids = {e["id"] for e in events}
    return all(event_ids.issuperset(c["events"]) for c in claims)


@fast_path(_clean_references)
def check_references(ann: Json) -> Findings:
    """Argument mentions, claimers and cluster members name mentions; claim events name events."""
    mention_ids = {m["id"] for m in ann["mentions"]}
    event_ids = {e["id"] for e in ann["events"]}
    for i, c in enumerate(ann["clusters"]):
        for j, ref in enumerate(c["mentions"]):
            if ref not in mention_ids:
                yield finding(
                    "dangling-reference",
                    f"cluster member {ref!r} is not a mention id",
                    pointer=f"/clusters/{i}/mentions/{j}",
                    annotation_id=c["id"],
                )
    for i, e in enumerate(ann["events"]):
        for j, a in enumerate(e["arguments"]):
            ref = a.get("mention")
            if ref is not None and ref not in mention_ids:
                yield finding(
                    "dangling-reference",
                    f"{a['role']} argument names {ref!r}, which is not a mention id",
                    pointer=f"/events/{i}/arguments/{j}/mention",
                    annotation_id=e["id"],
                )
    for i, c in enumerate(ann["claims"]):
        ref = c["claimer"]
        if ref is not None and ref not in mention_ids:
            yield finding(
                "dangling-reference",
                f"claimer {ref!r} is not a mention id",
                pointer=f"/claims/{i}/claimer",
                annotation_id=c["id"],
            )
        for j, ref in enumerate(c["events"]):
            if ref not in event_ids:
                yield finding(
                    "dangling-reference",
                    f"claim event {ref!r} is not an event id",
                    pointer=f"/claims/{i}/events/{j}",
                    annotation_id=c["id"],
                )


@cache
def _allowed_roles() -> dict[str, frozenset[str]]:
    inv = inventory()
    return {name: frozenset(et.roles) for name, et in inv.event_types.items()}


def _clean_roles(ann: Json) -> bool:
    pairs = [(e["type"], a["role"]) for e in ann["events"] for a in e["arguments"]]
    return _allowed_pairs().issuperset(pairs)


@fast_path(_clean_roles)
def check_roles(ann: Json) -> Findings:
    """Each argument role is allowed for its event type (unknown types and roles are unknown-label)."""
    allowed_by_type = _allowed_roles()
    known_roles = _known_roles()
    for i, e in enumerate(ann["events"]):
        allowed = allowed_by_type.get(e["type"])
        if allowed is None:
            continue
        for j, a in enumerate(e["arguments"]):
            role = a["role"]
            if role not in allowed and role in known_roles:
                yield finding(
                    "role-not-allowed",
                    f"role {role!r} is not allowed for {e['type']} "
                    f"(allowed: {', '.join(inventory().roles_for(e['type']))})",
                    pointer=f"/events/{i}/arguments/{j}/role",
                    annotation_id=e["id"],
                )


def _clean_clusters(ann: Json) -> bool:
    clusters = ann["clusters"]
    if not clusters:
        return True
    # a mention in two clusters (by id: one cluster may list a mention twice, two may share an id)
    owner = {ref: c["id"] for c in clusters for ref in c["mentions"]}
    if len(owner) != len({(ref, c["id"]) for c in clusters for ref in c["mentions"]}):
        return False
    type_of = {m["id"]: m["type"] for m in ann["mentions"]}
    for c in clusters:
        ctype = c["type"]
        for ref in c["mentions"]:
            t = type_of.get(ref, ctype)
            if t != ctype:
                return False
    return True


@fast_path(_clean_clusters)
def check_clusters(ann: Json) -> Findings:
    """Each mention is in at most one cluster, and a cluster's mentions have the cluster's type."""
    by_id = {m["id"]: m for m in ann["mentions"]}
    member_of: dict[str, str] = {}
    for i, c in enumerate(ann["clusters"]):
        for j, ref in enumerate(c["mentions"]):
            pointer = f"/clusters/{i}/mentions/{j}"
            first = member_of.setdefault(ref, c["id"])
            if first != c["id"]:
                yield finding(
                    "duplicate-cluster-membership",
                    f"mention {ref!r} is already in cluster {first!r}",
                    pointer=pointer,
                    annotation_id=c["id"],
                )
            m = by_id.get(ref)
            if m is not None and m["type"] != c["type"]:
                yield finding(
                    "cluster-type-mismatch",
                    f"cluster type {c['type']} differs from mention {ref} "
                    f"{short(m['text'])} of type {m['type']}",
                    pointer=pointer,
                    annotation_id=c["id"],
                    start=m["start"],
                    end=m["end"],
                )


def check_claimers(ann: Json) -> Findings:
    for i, c in enumerate(ann["claims"]):
        status, claimer = c["claimer_status"], c["claimer"]
        if status == CLAIMER_IS_MENTION and claimer is None:
            yield finding(
                "claimer-status-mismatch",
                f"claimer_status {status!r} needs a claimer mention id",
                pointer=f"/claims/{i}/claimer",
                annotation_id=c["id"],
            )
        elif status != CLAIMER_IS_MENTION and claimer is not None:
            yield finding(
                "claimer-status-mismatch",
                f"claimer_status {status!r} needs claimer null, not {claimer!r}",
                pointer=f"/claims/{i}/claimer",
                annotation_id=c["id"],
            )


def _clean_normalized(ann: Json) -> bool:
    types = inventory().normalized_types
    for m in ann["mentions"]:
        value = m.get("normalized")
        if value is not None and (m["type"] not in types or type(value) is not str or not _good_value(value)):
            return False
    return True


@fast_path(_clean_normalized)
def check_normalized(ann: Json) -> Findings:
    """Normalized values are TIMEX3-like and only on DATE and TIME mentions."""
    types = inventory().normalized_types
    for i, m in enumerate(ann["mentions"]):
        value = m.get("normalized")
        if value is None:
            continue
        where = {
            "pointer": f"/mentions/{i}/normalized",
            "annotation_id": m["id"],
            "start": m["start"],
            "end": m["end"],
        }
        if m["type"] not in types:
            yield finding(
                "normalized-value",
                f"{m['type']} mention {short(m['text'])} has normalized value "
                f"{value!r}; only {', '.join(sorted(types))} mentions carry one",
                **where,
            )
        elif not TIMEX3_VALUE.fullmatch(value):
            yield finding(
                "normalized-value",
                f"normalized value {value!r} is not a TIMEX3 value "
                "(e.g. 2019-09-26, 2019-W38, 2019-09-19T21:31, P1Y, 1910/1945)",
                **where,
            )
        elif problem := calendar_problem(value):
            yield finding(
                "normalized-value", f"normalized value {value!r} is not on the calendar: {problem}", **where
            )


def calendar_problem(value: str) -> str | None:
    """Why a TIMEX3-like ``value`` names no real date or time (``2019-13``, ``2019-02-30``,
    ``2019-W54``, ``T25:00``), or ``None``. Unknown digits (``X``) are checked as far as they allow:
    ``XXXX-02-30`` is impossible in any year, ``XXXX-02-29`` is possible."""
    for point in value.split("/"):
        if point.startswith("P"):
            continue  # a duration: any number of units
        ymd = _YEAR_MONTH_DAY.match(point)
        if ymd:
            year, month, day = ymd.groups()
            if month != "XX" and not 1 <= int(month) <= 12:
                return f"there is no month {month}"
            if day not in (None, "XX"):
                # a leap year stands in for an unknown year or month, so only impossible days fail
                y = int(year) if year.isdigit() else 2000
                m = int(month) if month != "XX" else 1
                try:
                    datetime.date(y, m, int(day))
                except ValueError:
                    return f"there is no day {day} in {year}-{month}"
        week = _YEAR_WEEK.match(point)
        if week and week.group(2) != "XX":
            year, number = week.group(1), int(week.group(2))
            try:
                datetime.date.fromisocalendar(int(year) if year.isdigit() else 2020, number, 1)
            except ValueError:
                return f"there is no ISO week {number:02d} in {year}"
        clock = _CLOCK.search(point)
        if clock:
            hour, minute, second = (int(g) if g else 0 for g in clock.groups())
            if hour > 23 or minute > 59 or second > 60:
                return f"there is no time of day {clock.group(0)[1:]}"
    return None


def _clean_duplicate_mentions(ann: Json) -> bool:
    return unique(list(map(_SPAN_KEY, ann["mentions"])))


@fast_path(_clean_duplicate_mentions)
def check_duplicate_mentions(ann: Json) -> Findings:
    """No two mentions have the same start, end, type and kind (the second is a copy of the first)."""
    first: dict[tuple[Any, ...], str] = {}
    for i, m in enumerate(ann["mentions"]):
        key = (m["start"], m["end"], m["type"], m["kind"])
        other = first.setdefault(key, m["id"])
        if other != m["id"]:
            yield finding(
                "duplicate-mention",
                f"{m['kind']} {m['type']} mention {short(m['text'])} repeats "
                f"mention {other} (same start, end, type and kind)",
                pointer=f"/mentions/{i}",
                annotation_id=m["id"],
                start=m["start"],
                end=m["end"],
            )


def _filler(argument: Json) -> tuple[Any, ...]:
    span = argument.get("span")
    if span is not None:
        return ("span", span["start"], span["end"])
    return ("mention", argument.get("mention"))


def _clean_arguments(ann: Json) -> bool:
    return unique(
        [
            (i, a["role"], "mention", a.get("mention"))
            if a.get("span") is None
            else (i, a["role"], "span", a["span"]["start"], a["span"]["end"])
            for i, e in enumerate(ann["events"])
            for a in e["arguments"]
        ]
    )


@fast_path(_clean_arguments)
def check_duplicate_arguments(ann: Json) -> Findings:
    """No event has the same role with the same filler (mention id or span offsets) twice."""
    for i, e in enumerate(ann["events"]):
        seen: dict[tuple[Any, ...], int] = {}
        for j, a in enumerate(e["arguments"]):
            key = (a["role"], *_filler(a))
            first = seen.setdefault(key, j)
            if first != j:
                what = f"mention {a['mention']}" if key[1] == "mention" else f"span {key[2]}-{key[3]}"
                yield finding(
                    "duplicate-argument",
                    f"{a['role']} argument {what} repeats argument {first} of this event",
                    pointer=f"/events/{i}/arguments/{j}",
                    annotation_id=e["id"],
                )


def _clean_fillers(ann: Json, labels: Inventory | None = None) -> bool:
    if not any(e["arguments"] for e in ann["events"]):
        return True
    allowed = (labels or inventory()).role_filler_types
    type_of = {m["id"]: m["type"] for m in ann["mentions"]}
    for e in ann["events"]:
        for a in e["arguments"]:
            types = allowed.get(a["role"])
            if types is not None:
                t = type_of.get(a.get("mention"))
                if t is not None and t not in types:
                    return False
    return True


@fast_path(_clean_fillers)
def check_argument_fillers(ann: Json, labels: Inventory | None = None) -> Findings:
    """A mention filling a role has an entity type the role allows (``filler_types`` of the role in
    ``labels``, default schema/labels.json: Time takes DATE/TIME, Place GPE/LOC/FAC, values only roles
    that take them)."""
    allowed = (labels or inventory()).role_filler_types
    by_id = {m["id"]: m for m in ann["mentions"]}
    for i, e in enumerate(ann["events"]):
        for j, a in enumerate(e["arguments"]):
            types = allowed.get(a["role"])
            m = by_id.get(a.get("mention"))
            if types is not None and m is not None and m["type"] not in types:
                yield finding(
                    "argument-filler-type",
                    f"{a['role']} argument {m['id']} {short(m['text'])} is "
                    f"a {m['type']} mention; {a['role']} takes {', '.join(sorted(types))}",
                    pointer=f"/events/{i}/arguments/{j}/mention",
                    annotation_id=e["id"],
                    start=m["start"],
                    end=m["end"],
                )


def check_singleton_clusters(ann: Json) -> Findings:
    """A cluster has two or more mentions (guidelines 2.5: singletons get no cluster)."""
    for i, c in enumerate(ann["clusters"]):
        if len(set(c["mentions"])) < 2:
            yield finding(
                "singleton-cluster",
                f"cluster {short(c['name'])} has one mention; singletons get no cluster (guidelines 2.5)",
                pointer=f"/clusters/{i}/mentions",
                annotation_id=c["id"],
            )


def check_claim_cues(ann: Json) -> Findings:
    """Every claim has its cue (guidelines 4.2)."""
    for i, c in enumerate(ann["claims"]):
        if c["cue"] is None:
            yield finding(
                "claim-without-cue",
                f"claim {short(c['content']['text'])} has no cue; every claim "
                "has its reporting verb or phrase (guidelines 4.2)",
                pointer=f"/claims/{i}/cue",
                annotation_id=c["id"],
                start=c["content"]["start"],
                end=c["content"]["end"],
            )


def check_claim_events(ann: Json) -> Findings:
    """The events a claim lists have their trigger inside its content span (guidelines 4.6)."""
    triggers = {e["id"]: e["trigger"] for e in ann["events"]}
    for i, c in enumerate(ann["claims"]):
        start, end = c["content"]["start"], c["content"]["end"]
        for j, ref in enumerate(c["events"]):
            t = triggers.get(ref)
            if t is not None and not (start <= t["start"] and t["end"] <= end):
                yield finding(
                    "claim-event-outside-content",
                    f"event {ref} (trigger {short(t['text'])} at "
                    f"{t['start']}-{t['end']}) is not inside the claim content {start}-{end} "
                    "(guidelines 4.6)",
                    pointer=f"/claims/{i}/events/{j}",
                    annotation_id=c["id"],
                    start=t["start"],
                    end=t["end"],
                )
