"""What every task scorer shares: the scored case, unit counts, precision / recall / F1.

Every scorer turns one document into *counts*: a :class:`collections.Counter` of named integers per
scoring unit (a paragraph index of the document). Every figure (micro, macro, per type, accuracy) is
a function of the counts summed over units, so totals always add up, a bootstrap replicate is a
weighted sum of unit counts, and two runs can be compared unit by unit.

Count names are ``|``-separated paths, e.g. ``ent|strict|COR|PERSON``.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from newsgold.model import Annotation, Document

UnitCounts = dict[int, Counter[str]]  # paragraph index -> counts

GC_THRESHOLD = 100_000  # allocations between collections of the youngest generation while scoring


@contextmanager
def few_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely. A predictions line of a million mentions is millions
    of parsed dicts, mentions and findings, all alive until scored: every collection walks them, and
    at the default threshold collections took half the time of reading and validating such a line."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


@dataclass(frozen=True, slots=True)
class Case:
    """One document to score: its text, the reference annotation and the prediction."""

    document: Document
    gold: Annotation
    pred: Annotation
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(p.start for p in self.document.paragraphs))

    def unit_of(self, offset: int) -> int:
        """The paragraph holding ``offset`` (the one before a gap; paragraph 0 for unlocated spans)."""
        if offset < 0 or not self._starts:
            return 0
        return max(0, bisect_right(self._starts, offset) - 1)


def empty_annotation(document: Document, annotator: str = "prediction") -> Annotation:
    """The annotation of a document an extractor said nothing about: everything in the gold is missed."""
    return Annotation(document.id, document.text_sha256, annotator)


def add(units: UnitCounts, unit: int, name: str, n: int = 1) -> None:
    c = units.get(unit)
    if c is None:
        c = units[unit] = Counter()
    c[name] += n


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 where undefined, as conlleval and nervaluate do)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def total(units: Iterable[Mapping[str, int]]) -> Counter[str]:
    out: Counter[str] = Counter()
    for c in units:
        out.update(c)
    return out


def sum_under(counts: Mapping[str, float], prefix: str) -> float:
    """The sum of every count whose name starts with ``prefix``."""
    return sum(v for k, v in counts.items() if k.startswith(prefix))


def labels_under(counts: Mapping[str, float], prefix: str) -> list[str]:
    """The last path component of every count named ``prefix|<label>``, sorted."""
    n = len(prefix) + 1
    return sorted({k[n:] for k in counts if k.startswith(prefix + "|") and "|" not in k[n:]})


def kappa(confusion: Mapping[tuple[str, str], float]) -> float:
    """Cohen's kappa from a confusion table of (label of A, label of B) -> count (1.0 when both agree
    on one label only, 0 when there is nothing to compare)."""
    n = sum(confusion.values())
    if not n:
        return 0.0
    observed = sum(v for (a, b), v in confusion.items() if a == b) / n
    left: dict[str, float] = {}
    right: dict[str, float] = {}
    for (a, b), v in confusion.items():
        left[a] = left.get(a, 0) + v
        right[b] = right.get(b, 0) + v
    expected = sum(left[k] * right.get(k, 0) for k in left) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return (observed - expected) / (1 - expected)


def pairs_under(counts: Mapping[str, float], prefix: str) -> dict[tuple[str, str], float]:
    """Counts named ``prefix|A|B`` as a confusion table ``{(A, B): n}``."""
    n = len(prefix) + 1
    out: dict[tuple[str, str], float] = {}
    for k, v in counts.items():
        if k.startswith(prefix + "|") and v:
            a, _, b = k[n:].partition("|")
            out[(a, b)] = out.get((a, b), 0) + v
    return out
