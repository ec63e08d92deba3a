"""Pure check functions: parsed data in, findings out. Nothing here reads files or prints.

Three flat registries name the checks the validator runs:

- ``DOCUMENT_CHECKS``: ``check(doc) -> findings`` over a document dict;
- ``ANNOTATION_CHECKS``: ``check(ann) -> findings`` over an annotation dict, without its document;
- ``TEXT_CHECKS``: ``check(ann, doc) -> findings`` that need the document's text (a :class:`DocumentText`).

File-level checks (``parse_json``, ``check_file_name``, ``check_raw_checksum``, ``check_annotator``)
take the bytes or names the caller has read. Checks assume schema-valid data; the caller guards them
when the schema already failed. Every check is linear in the size of the data (overlap checks sort once).
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import PurePosixPath
from typing import Any

import orjson

from newsgold.findings import Finding, finding
from newsgold.io import sha256_text
from newsgold.labels import inventory
from newsgold.model import Document
from newsgold.paths import SAFE_ID, WINDOWS_RESERVED_NAMES, is_safe_document_id

Json = dict[str, Any]
Findings = Iterable[Finding]

BOM = b"\xef\xbb\xbf"
# The claimer status whose claimer field holds a mention id; every other status needs claimer null.
CLAIMER_IS_MENTION = "mention"
# The annotator field of adjudicated files (annotations/GUIDELINES.md, 7).
GOLD_ANNOTATOR = "gold"
WINDOWS_RESERVED = frozenset(WINDOWS_RESERVED_NAMES)

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


@dataclass(frozen=True, slots=True)
class DocumentText:
    """What annotation checks need of a document: its id, text and the SHA-256 of that text."""

    id: str
    text: str
    sha256: str

    @classmethod
    def of(cls, document: Document) -> DocumentText:
        return cls(document.id, document.text, sha256_text(document.text))


_last_text_sha: list[Any] = [None, ""]  # the last text hashed and its SHA-256


def text_sha256(text: str) -> str:
    """:func:`newsgold.io.sha256_text`, remembered for the last text object: a document's text is
    hashed by its own check, for the duplicate check and for its annotations, once."""
    if _last_text_sha[0] is not text:
        _last_text_sha[1] = sha256_text(text)
        _last_text_sha[0] = text
    return str(_last_text_sha[1])


def short(value: Any, limit: int = 40) -> str:
    """A value for a message: its repr, cut to ``limit`` characters."""
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 1] + "…"


# --- files -----------------------------------------------------------------------------------------


def parse_json(raw: bytes) -> tuple[Any, list[Finding]]:
    """Parse file bytes: ``(data, findings)``; ``data`` is ``None`` when the file cannot be parsed.

    A byte order mark is reported and skipped, so the rest of the file is still checked.
    """
    found: list[Finding] = []
    if raw.startswith(BOM):
        found.append(
            finding(
                "bom",
                "the file starts with a UTF-8 byte order mark; save it as UTF-8 without BOM",
                pointer="",
            )
        )
        raw = raw[len(BOM) :]
    try:
        return orjson.loads(raw), found
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            found.append(
                finding(
                    "wrong-encoding",
                    f"not UTF-8: byte {bad.start} is {raw[bad.start : bad.start + 1]!r} ({bad.reason})",
                    pointer="",
                )
            )
        else:
            found.append(finding("malformed-json", f"not well-formed JSON: {exc}", pointer=""))
        return None, found


def unsafe_id_message(doc_id: str) -> str:
    if doc_id.lower() in WINDOWS_RESERVED:
        return f"document id {doc_id!r} is a device name Windows reserves; it cannot be a file name"
    return (
        f"document id {doc_id!r} is not lower-case letters, digits, '_' and '-' (at most 64, "
        "starting with a letter or digit)"
    )


def check_file_name(doc: Json, stem: str | None) -> Findings:
    """The document id is safe as a file name and equals the file name (``stem`` is ``None`` in memory).

    The JSON Schema holds the id pattern (:data:`newsgold.paths.DOCUMENT_ID_PATTERN`), so an id it
    rejects is reported with the schema findings; this check reports what slips through a JSON Schema
    validator built on Python's ``re`` (``$`` also matches before a final newline).
    """
    doc_id = doc.get("id")
    if not isinstance(doc_id, str):
        return
    if not is_safe_document_id(doc_id):
        if SAFE_ID.search(doc_id):
            yield finding("unsafe-document-id", unsafe_id_message(doc_id), pointer="/id")
    elif stem is not None and stem != doc_id:
        yield finding(
            "unsafe-document-id",
            f"document id {doc_id!r} differs from its file name {stem!r}.json",
            pointer="/id",
        )


def raw_path_problem(raw_path: str) -> str | None:
    """Why ``raw_path`` is not a safe project-relative path, or ``None`` when it is."""
    p = PurePosixPath(raw_path)
    if not raw_path or p.is_absolute() or "\\" in raw_path or ":" in p.parts[0]:
        return "is not a relative POSIX path"
    if ".." in p.parts:
        return "leaves the project root ('..')"
    return None


def check_raw_path(doc: Json) -> Findings:
    prov = doc.get("provenance")
    raw_path = prov.get("raw_path") if isinstance(prov, dict) else None
    if isinstance(raw_path, str):
        problem = raw_path_problem(raw_path)
        if problem:
            yield finding(
                "unsafe-raw-path",
                f"provenance.raw_path {raw_path!r} {problem}",
                pointer="/provenance/raw_path",
            )


def check_raw_checksum(doc: Json, raw: bytes | None) -> Findings:
    """The raw page (``None``: the file is missing) has the SHA-256 the provenance records."""
    prov = doc["provenance"]
    if raw is None:
        yield finding(
            "raw-file-missing", f"raw page {prov['raw_path']} does not exist", pointer="/provenance/raw_path"
        )
        return
    actual = hashlib.sha256(raw).hexdigest()
    if actual != prov["raw_sha256"]:
        yield finding(
            "raw-checksum-mismatch",
            f"raw page {prov['raw_path']} has SHA-256 {actual[:16]}…, "
            f"provenance.raw_sha256 says {str(prov['raw_sha256'])[:16]}…",
            pointer="/provenance/raw_sha256",
        )


def check_gold_annotator(ann: Json) -> Findings:
    """A file under ``annotations/gold/`` is the adjudicated gold: its annotator is ``gold``."""
    if ann.get("annotator") != GOLD_ANNOTATOR:
        yield finding(
            "gold-annotator",
            f"annotator {short(ann.get('annotator'))} of a file under "
            f"annotations/gold/ is not {GOLD_ANNOTATOR!r} (guidelines 6: adjudicated files)",
            pointer="/annotator",
        )


def check_annotator(ann: Json, folder: str) -> Findings:
    """An annotator file under ``annotations/annotators/<folder>/`` names that annotator."""
    if ann.get("annotator") != folder:
        yield finding(
            "annotator-mismatch",
            f"annotator {short(ann.get('annotator'))} differs from its folder annotators/{folder}/",
            pointer="/annotator",
        )


# --- spans -----------------------------------------------------------------------------------------

_NO_FINDINGS: tuple[Finding, ...] = ()


def check_span(span: Json, text: str, pointer: str, owner: str | None = None) -> Iterable[Finding]:
    """One span against the text: in bounds, not reversed, not empty, same text, no edge whitespace."""
    start, end = span["start"], span["end"]
    if type(start) is not int or type(end) is not int:
        return [
            finding(
                "schema-violation",
                f"offsets must be integers, got {short(start)}, {short(end)}",
                pointer=pointer,
                annotation_id=owner,
            )
        ]
    n = len(text)
    if start < 0 or end > n or start > n:
        return [
            finding(
                "offset-out-of-bounds",
                f"span {start}-{end} lies outside the text (0-{n})",
                pointer=pointer,
                annotation_id=owner,
                start=start,
                end=end,
            )
        ]
    if end < start:
        return [
            finding(
                "offset-reversed",
                f"span end {end} is before its start {start}",
                pointer=pointer,
                annotation_id=owner,
                start=start,
                end=end,
            )
        ]
    if end == start:
        return [
            finding(
                "empty-span",
                f"span {start}-{end} covers no characters",
                pointer=pointer,
                annotation_id=owner,
                start=start,
                end=end,
            )
        ]
    actual = text[start:end]
    if span["text"] == actual and not actual[0].isspace() and not actual[-1].isspace():
        return _NO_FINDINGS
    out = []
    if span["text"] != actual:
        out.append(
            finding(
                "span-text-mismatch",
                f"span text {short(span['text'])} differs from text[{start}:{end}] {short(actual)}",
                pointer=pointer,
                annotation_id=owner,
                start=start,
                end=end,
            )
        )
    if actual[0].isspace() or actual[-1].isspace():
        out.append(
            finding(
                "span-whitespace",
                f"text[{start}:{end}] {short(actual)} starts or ends with whitespace; trim the span",
                pointer=pointer,
                annotation_id=owner,
                start=start,
                end=end,
            )
        )
    return out


def check_spans(ann: Json, doc: DocumentText) -> Findings:
    """Every span of the annotation against the text: mentions, event triggers, argument spans, claim
    contents and cues (see :func:`check_span`).

    A correct span, the common case, is recognised inline; only a span that is not gets a JSON Pointer
    built and goes through :func:`check_span` for its findings.
    """
    text = doc.text
    n = len(text)
    if _fast(lambda a: _clean_spans(a, text), ann):
        return
    fine = partial(_fine_span, text, n)
    for i, m in enumerate(ann["mentions"]):
        if not fine(m):
            yield from check_span(m, text, f"/mentions/{i}", m["id"])
    for i, ev in enumerate(ann["events"]):
        if not fine(ev["trigger"]):
            yield from check_span(ev["trigger"], text, f"/events/{i}/trigger", ev["id"])
        for j, a in enumerate(ev["arguments"]):
            span = a.get("span")
            if span is not None and not fine(span):
                yield from check_span(span, text, f"/events/{i}/arguments/{j}/span", ev["id"])
    for i, c in enumerate(ann["claims"]):
        if not fine(c["content"]):
            yield from check_span(c["content"], text, f"/claims/{i}/content", c["id"])
        if c["cue"] is not None and not fine(c["cue"]):
            yield from check_span(c["cue"], text, f"/claims/{i}/cue", c["id"])


def _fine_span(text: str, n: int, span: Json) -> bool:
    """A correct span (no finding from :func:`check_span`)."""
    s, e = span["start"], span["end"]
    return (
        type(s) is int
        and type(e) is int
        and 0 <= s < e <= n
        and text[s:e] == span["text"]
        and not text[s].isspace()
        and not text[e - 1].isspace()
    )


def _clean_spans(ann: Json, text: str) -> bool:
    """Every span of the annotation is correct (see :func:`_fine_span`), in one pass per layer.

    ``str.strip()`` removes exactly the characters ``str.isspace()`` accepts, so a piece of the text
    equals its strip iff neither end is whitespace.
    """
    n = len(text)
    spans = list(ann["mentions"])
    for ev in ann["events"]:
        spans.append(ev["trigger"])
        for a in ev["arguments"]:
            span = a.get("span")
            if span is not None:
                spans.append(span)
    for c in ann["claims"]:
        spans.append(c["content"])
        if c["cue"] is not None:
            spans.append(c["cue"])
    if not spans:
        return True
    starts = [span["start"] for span in spans]
    ends = [span["end"] for span in spans]
    if not (
        {type(s) for s in starts} == {type(e) for e in ends} == {int}
        and min(starts) >= 0
        and max(ends) <= n
        and all(map(operator.lt, starts, ends))
    ):
        return False
    pieces = list(map(text.__getitem__, map(slice, starts, ends)))
    return pieces == [span["text"] for span in spans] and list(map(str.strip, pieces)) == pieces


# --- annotation against its document --------------------------------------------------------------


def check_text_hash(ann: Json, doc: DocumentText) -> Findings:
    if ann["text_sha256"] != doc.sha256:
        pinned = str(ann["text_sha256"])[:16]
        yield finding(
            "text-hash-mismatch",
            f"annotation is pinned to text SHA-256 {pinned}…, the text of "
            f"document {doc.id} has {doc.sha256[:16]}…; the offsets may be stale",
            pointer="/text_sha256",
        )


def check_document_id(ann: Json, doc: DocumentText) -> Findings:
    if ann["document_id"] != doc.id:
        yield finding(
            "document-id-mismatch",
            f"document_id {short(ann['document_id'])} differs from its document {doc.id!r}",
            pointer="/document_id",
        )


# --- annotation structure --------------------------------------------------------------------------

# --- fast paths ------------------------------------------------------------------------------------
# Each ``_clean_*`` answers, without building a finding or a JSON Pointer, whether the check of the
# same name yields nothing; only a file it cannot vouch for (or data it trips over) goes through the
# check's full loop, which alone decides the findings.


def _fast(test: Callable[[Json], bool], ann: Json) -> bool:
    try:
        return test(ann)
    except Exception:
        return False


def _unique(values: list[Any]) -> bool:
    return len(set(values)) == len(values)


def _clean_ids(ann: Json) -> bool:
    layers = ("mentions", "clusters", "events", "claims")
    return _unique([item["id"] for layer in layers for item in ann[layer]])


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


def _clean_clusters(ann: Json) -> bool:
    clusters = ann["clusters"]
    if not clusters:
        return True
    if not _unique([ref for c in clusters for ref in c["mentions"]]):
        return False
    type_of = {m["id"]: m["type"] for m in ann["mentions"]}
    for c in clusters:
        ctype = c["type"]
        for ref in c["mentions"]:
            t = type_of.get(ref, ctype)
            if t != ctype:
                return False
    return True


@cache
def _known_roles() -> frozenset[str]:
    return frozenset(inventory().roles)


@cache
def _allowed_pairs() -> frozenset[tuple[str, str]]:
    return frozenset((t, r) for t, roles in _allowed_roles().items() for r in roles)


def _clean_roles(ann: Json) -> bool:
    pairs = [(e["type"], a["role"]) for e in ann["events"] for a in e["arguments"]]
    return _allowed_pairs().issuperset(pairs)


@lru_cache(maxsize=4096)
def _good_value(value: str) -> bool:
    return TIMEX3_VALUE.fullmatch(value) is not None and calendar_problem(value) is None


def _clean_normalized(ann: Json) -> bool:
    types = inventory().normalized_types
    for m in ann["mentions"]:
        value = m.get("normalized")
        if value is not None and (m["type"] not in types or type(value) is not str or not _good_value(value)):
            return False
    return True


def _clean_flat(ann: Json) -> bool:
    """No two flat mentions with valid offsets overlap at all (copies included)."""
    flat = inventory().flat_kinds
    spans = sorted(
        [
            (s, e)
            for m in ann["mentions"]
            if m["kind"] in flat
            for s, e in ((m["start"], m["end"]),)
            if type(s) is int and type(e) is int and s < e
        ]
    )
    # sorted by start: disjoint iff each one starts at or after the end of the one before
    return all(map(operator.le, [e for _, e in spans[:-1]], [s for s, _ in spans[1:]]))


def _clean_crossing(ann: Json) -> bool:
    """No two mentions with valid offsets partially overlap (flat ones included)."""
    order = sorted(
        [
            (s, -e)
            for m in ann["mentions"]
            for s, e in ((m["start"], m["end"]),)
            if type(s) is int and type(e) is int and s < e
        ]
    )
    open_: list[int] = []  # ends, each containing the next
    for start, neg_end in order:
        while open_ and open_[-1] <= start:
            open_.pop()
        if open_ and -neg_end > open_[-1]:
            return False
        open_.append(-neg_end)
    return True


def _only_flat(ann: Json) -> bool:
    flat = inventory().flat_kinds
    return all(m["kind"] in flat for m in ann["mentions"])


def _clean_duplicate_mentions(ann: Json) -> bool:
    return _unique([(m["start"], m["end"], m["type"], m["kind"]) for m in ann["mentions"]])


def _clean_arguments(ann: Json) -> bool:
    return _unique(
        [
            (i, a["role"], "mention", a.get("mention"))
            if a.get("span") is None
            else (i, a["role"], "span", a["span"]["start"], a["span"]["end"])
            for i, e in enumerate(ann["events"])
            for a in e["arguments"]
        ]
    )


def _clean_fillers(ann: Json) -> bool:
    if not any(e["arguments"] for e in ann["events"]):
        return True
    allowed = inventory().role_filler_types
    type_of = {m["id"]: m["type"] for m in ann["mentions"]}
    for e in ann["events"]:
        for a in e["arguments"]:
            types = allowed.get(a["role"])
            if types is not None:
                t = type_of.get(a.get("mention"))
                if t is not None and t not in types:
                    return False
    return True


def _valid_offsets(m: Json) -> bool:
    s, e = m["start"], m["end"]
    return type(s) is int and type(e) is int and s < e


def check_flat_overlaps(ann: Json) -> Findings:
    """Mentions of a flat kind never overlap one another (one sort, one sweep).

    A copy of a mention (same start, end, type and kind) is left to ``check_duplicate_mentions``.
    """
    if _fast(_clean_flat, ann):
        return
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


def check_crossing(ann: Json) -> Findings:
    """No two mentions partially overlap (a stack of open mentions over one sort).

    Two crossing flat mentions are left to ``check_flat_overlaps``, so with flat mentions only (a
    system's named entities) there is nothing to look for.
    """
    if _fast(_only_flat, ann) or _fast(_clean_crossing, ann):
        return
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


def check_duplicate_ids(ann: Json) -> Findings:
    if _fast(_clean_ids, ann):
        return
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


def check_references(ann: Json) -> Findings:
    """Argument mentions, claimers and cluster members name mentions; claim events name events."""
    if _fast(_clean_references, ann):
        return
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


def check_roles(ann: Json) -> Findings:
    """Each argument role is allowed for its event type (unknown types and roles are unknown-label)."""
    if _fast(_clean_roles, ann):
        return
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


def check_clusters(ann: Json) -> Findings:
    """Each mention is in at most one cluster, and a cluster's mentions have the cluster's type."""
    if _fast(_clean_clusters, ann):
        return
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


def check_normalized(ann: Json) -> Findings:
    """Normalized values are TIMEX3-like and only on DATE and TIME mentions."""
    if _fast(_clean_normalized, ann):
        return
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


def check_duplicate_mentions(ann: Json) -> Findings:
    """No two mentions have the same start, end, type and kind (the second is a copy of the first)."""
    if _fast(_clean_duplicate_mentions, ann):
        return
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


def check_duplicate_arguments(ann: Json) -> Findings:
    """No event has the same role with the same filler (mention id or span offsets) twice."""
    if _fast(_clean_arguments, ann):
        return
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


def check_argument_fillers(ann: Json) -> Findings:
    """A mention filling a role has an entity type the role allows (``filler_types`` of the role in
    schema/labels.json: Time takes DATE/TIME, Place GPE/LOC/FAC, values only roles that take them)."""
    if _fast(_clean_fillers, ann):
        return
    allowed = inventory().role_filler_types
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


# --- documents -------------------------------------------------------------------------------------


def check_nfc(doc: Json) -> Findings:
    text = doc["text"]
    if unicodedata.is_normalized("NFC", text):
        return
    nfc = unicodedata.normalize("NFC", text)
    at = next(
        (i for i, (a, b) in enumerate(zip(text, nfc, strict=False)) if a != b), min(len(text), len(nfc))
    )
    yield finding(
        "non-nfc-text",
        f"text is not NFC: first difference at offset {at} ({short(text[max(0, at - 10) : at + 10])})",
        pointer="/text",
        start=at,
    )


def check_document_hash(doc: Json) -> Findings:
    actual = text_sha256(doc["text"])
    if doc["text_sha256"] != actual:
        yield finding(
            "document-hash-mismatch",
            f"text_sha256 {str(doc['text_sha256'])[:16]}… is not the SHA-256 of the text ({actual[:16]}…)",
            pointer="/text_sha256",
        )


def check_paragraphs(doc: Json) -> Findings:
    """Paragraphs are in order, non-empty, disjoint, inside the text, and only whitespace lies between."""
    text = doc["text"]
    n = len(text)
    prev_end = 0
    for i, p in enumerate(doc["paragraphs"]):
        start, end = p["start"], p["end"]
        if (
            type(start) is int
            and type(end) is int
            and prev_end <= start < end <= n
            and not text[prev_end:start].strip()
        ):
            prev_end = end  # the common case: no finding, no location built
            continue
        where = {"pointer": f"/paragraphs/{i}", "start": start, "end": end}
        if type(start) is not int or type(end) is not int:
            yield finding(
                "schema-violation",
                f"offsets must be integers, got {short(start)}, {short(end)}",
                pointer=f"/paragraphs/{i}",
            )
            continue
        if not (0 <= start < end <= n):
            yield finding(
                "paragraph-offsets",
                f"paragraph {start}-{end} is empty, reversed or outside the text (0-{n})",
                **where,
            )
            continue
        if start < prev_end:
            yield finding(
                "paragraph-offsets",
                f"paragraph {start}-{end} starts before the previous one ends "
                f"({prev_end}); paragraphs are in text order and disjoint",
                **where,
            )
        elif text[prev_end:start].strip():
            yield finding(
                "paragraph-offsets",
                f"text {short(text[prev_end:start])} between {prev_end} and {start} belongs to no paragraph",
                **where,
            )
        prev_end = max(prev_end, end)
    if text[prev_end:].strip():
        yield finding(
            "paragraph-offsets",
            f"text after the last paragraph ({prev_end}-{n}) belongs to no paragraph",
            pointer="/paragraphs",
            start=prev_end,
            end=n,
        )


def check_document_spans(doc: Json) -> Findings:
    dateline = doc["metadata"]["dateline"]
    if dateline is not None:
        yield from check_span(dateline, doc["text"], "/metadata/dateline")


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


# --- registries ------------------------------------------------------------------------------------

DOCUMENT_CHECKS: dict[str, Callable[[Json], Findings]] = {
    "nfc": check_nfc,
    "document-hash": check_document_hash,
    "paragraphs": check_paragraphs,
    "document-spans": check_document_spans,
    "raw-path": check_raw_path,
}

ANNOTATION_CHECKS: dict[str, Callable[[Json], Findings]] = {
    "duplicate-ids": check_duplicate_ids,
    "references": check_references,
    "roles": check_roles,
    "clusters": check_clusters,
    "claimers": check_claimers,
    "normalized": check_normalized,
    "flat-overlaps": check_flat_overlaps,
    "crossing": check_crossing,
    "duplicate-mentions": check_duplicate_mentions,
    "duplicate-arguments": check_duplicate_arguments,
    "argument-fillers": check_argument_fillers,
    "singleton-clusters": check_singleton_clusters,
    "claim-cues": check_claim_cues,
    "claim-events": check_claim_events,
}

# Annotation checks that read every item of the file, also one that failed the schema: ids and the
# references to them do not depend on the item's other fields. Every other check sees only the items
# that passed the schema (see newsgold.validate).
WHOLE_FILE_CHECKS = frozenset({"duplicate-ids", "references"})

TEXT_CHECKS: dict[str, Callable[[Json, DocumentText], Findings]] = {
    "text-hash": check_text_hash,
    "document-id": check_document_id,
    "spans": check_spans,
}
