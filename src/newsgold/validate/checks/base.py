"""Shared by the checks: JSON shapes, constants, the document text they read, the fast-path machinery."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from newsgold.findings import Finding
from newsgold.io import sha256_text
from newsgold.model import Document
from newsgold.paths import WINDOWS_RESERVED_NAMES

Json = dict[str, Any]
Findings = Iterable[Finding]

BOM = b"\xef\xbb\xbf"
# The claimer status whose claimer field holds a mention id; every other status needs claimer null.
CLAIMER_IS_MENTION = "mention"
# The annotator field of adjudicated files (annotations/GUIDELINES.md, 7).
GOLD_ANNOTATOR = "gold"
WINDOWS_RESERVED = frozenset(WINDOWS_RESERVED_NAMES)
# The largest value of the release's integer columns (offsets, line numbers), which are 32-bit signed
# (newsgold.release.tables.features; tests/test_validate.py checks that they still are).
INT32_MAX = 2**31 - 1


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


# --- fast paths ------------------------------------------------------------------------------------
# A check with a fast path is written as two functions side by side: ``_clean_*`` answers, without
# building a finding or a JSON Pointer, whether the check finds nothing; the check's own loop, which
# alone decides the findings, runs only for a file the fast path cannot vouch for (or data it trips
# over). ``tests/test_fast_paths.py`` checks on randomly damaged annotations that the two
# always agree.


def _fast(test: Callable[..., bool], ann: Json, *rest: Any) -> bool:
    try:
        return test(ann, *rest)
    except Exception:
        return False


def fast_path(clean: Callable[..., bool]) -> Callable[[Callable[..., Findings]], Callable[..., Findings]]:
    """Give a check the fast path ``clean`` (same arguments, ``True`` only when the check finds
    nothing). The full check stays reachable as ``check.full`` and the fast path as ``check.clean``."""

    def wrap(full: Callable[..., Findings]) -> Callable[..., Findings]:
        @wraps(full)
        def check(ann: Json, *rest: Any) -> Findings:
            return () if _fast(clean, ann, *rest) else full(ann, *rest)

        check.full = full  # type: ignore[attr-defined]
        check.clean = clean  # type: ignore[attr-defined]
        return check

    return wrap


def unique(values: list[Any]) -> bool:
    return len(set(values)) == len(values)
