"""Checks of files as read: JSON, names, raw pages, annotators."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

import orjson

from newsgold.findings import Finding, finding
from newsgold.io import dumps
from newsgold.paths import SAFE_ID, is_safe_document_id, relative_path_problem
from newsgold.validate.checks.base import BOM, GOLD_ANNOTATOR, WINDOWS_RESERVED, Findings, Json, short

# --- files -----------------------------------------------------------------------------------------


def parse_json(raw: bytes) -> tuple[Any, list[Finding]]:
    """Parse file bytes: ``(data, findings)``; ``data`` is ``None`` when the file cannot be parsed (or
    holds ``null``, an error finding too).

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
        data = orjson.loads(raw)
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
    structure = list(check_json_structure(raw, data))
    found.extend(structure)
    if any(f.code == "malformed-json" for f in structure):
        return None, found
    if data is None:  # ``null``: nothing to check, and nothing to use
        found.append(finding("schema-violation", "the file holds JSON null, not an object", pointer=""))
    return data, found


# orjson, which reads and writes every newsgold file, writes at most this many levels of nesting (``[]``
# is one level); it reads up to 1024. Code that walks data recursively (``repr`` in a message, a schema
# validator) may exceed Python's recursion limit on data nested that deep, so what newsgold cannot
# write back is malformed here. Its own files nest six levels at most.
MAX_DEPTH = 254


def _written(data: Any, indented: bool = False) -> bytes | None:
    """``data`` as orjson writes it, compact or as :func:`newsgold.io.dumps` does (``indented``);
    ``None`` when it nests deeper than :data:`MAX_DEPTH` (``b""`` for a Python value orjson cannot
    write, which no parsed file holds)."""
    try:
        return dumps(data) if indented else orjson.dumps(data)
    except TypeError as exc:  # orjson.JSONEncodeError
        return None if "Recursion limit" in str(exc) else b""


class _Repeated(dict):  # type: ignore[type-arg]
    """An object read with the stdlib parser that had some keys more than once (in ``repeated``)."""

    repeated: dict[str, int]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    counts: dict[str, int] = {}
    for key, _ in pairs:
        counts[key] = counts.get(key, 0) + 1
    repeated = _Repeated(out)
    repeated.repeated = {k: n for k, n in counts.items() if n > 1}
    return repeated


def _too_deep() -> Finding:
    return finding(
        "malformed-json",
        f"nested deeper than {MAX_DEPTH} levels (newsgold files nest at most six)",
        pointer="",
    )


def check_depth(data: Any) -> Findings:
    """Data in memory nests no deeper than :data:`MAX_DEPTH` (``malformed-json``): what the checks of
    data that was never a file (:func:`newsgold.validate.check_annotation`) look at first."""
    if _written(data) is None:
        yield _too_deep()


def _pointer(path: tuple[Any, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def check_json_structure(raw: bytes, data: Any) -> Findings:
    """What orjson reads but newsgold refuses, in the bytes ``raw`` that orjson parsed to ``data``:
    nesting deeper than :data:`MAX_DEPTH` (``malformed-json``) and an object with a key twice
    (``duplicate-key``, one finding per object, at its JSON Pointer).

    orjson keeps the last of repeated keys, other readers the first or either: such a file means
    different things to different tools. A file exactly as newsgold (or any orjson writer) writes
    ``data``, compact or indented, has no repeated key (it would have more keys than ``data``), so
    only other files are read again, with the stdlib parser, to find them.
    """
    body = raw[len(BOM) :] if raw.startswith(BOM) else raw
    indented = body[1:2] == b"\n"
    written = _written(data, indented)
    if written is None:
        yield _too_deep()
        return
    if (body if indented else body.strip()) == written:
        return
    try:
        reread = json.loads(body, object_pairs_hook=_pairs)
    except (ValueError, RecursionError):  # what orjson reads, the stdlib parser reads too
        return
    stack: list[tuple[Any, tuple[Any, ...]]] = [(reread, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if isinstance(node, _Repeated):
                keys = ", ".join(f"{k!r} {n} times" for k, n in node.repeated.items())
                yield finding(
                    "duplicate-key",
                    f"the object has {keys}; JSON readers differ in which value they keep "
                    "(newsgold reads the last): keep one",
                    pointer=_pointer(path),
                    annotation_id=node.get("id"),
                )
            children = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        else:
            continue
        stack.extend((child, (*path, key)) for key, child in reversed(children))


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


@lru_cache(maxsize=64)
def raw_path_problem(raw_path: str) -> str | None:
    """Why ``raw_path`` is not a safe project-relative path, or ``None`` when it is (the one rule:
    :func:`newsgold.paths.relative_path_problem`). Remembered for the last few paths: a document's is
    asked for by its check and again before its raw page is read."""
    return relative_path_problem(raw_path)


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


def check_raw_segments(doc: Json, raw: bytes) -> Findings:
    """Each provenance segment's raw range lies inside the raw page ``raw`` (the bytes its
    ``raw_sha256`` names), counted in code points of the page decoded as ``raw_encoding``."""
    prov = doc["provenance"]
    segments = prov["segments"]
    if not segments or max(seg[3] for seg in segments) <= (len(raw) - len(BOM)) // 4:
        return  # within the page whatever it holds: a code point takes at most 4 bytes (and a BOM 3)
    try:
        n = len(raw.decode(prov["raw_encoding"]))
    except (LookupError, UnicodeDecodeError):
        return  # an encoding that does not read the page: the segments cannot be placed
    for i, seg in enumerate(segments):
        if seg[3] > n:
            yield finding(
                "segment-out-of-bounds",
                f"segment {seg}: its raw range {seg[2]}-{seg[3]} lies outside raw page "
                f"{prov['raw_path']} (0-{n} characters)",
                pointer=f"/provenance/segments/{i}",
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
