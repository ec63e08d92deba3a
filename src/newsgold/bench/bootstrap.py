"""Bootstrap confidence intervals and the paired bootstrap comparison of two runs.

Figures are functions of counts summed over scoring units (see :mod:`newsgold.bench.core`). A
replicate draws as many units as there are, with replacement, with a seeded generator
(``numpy.random.default_rng(seed)``), sums their counts and recomputes every figure; the interval is
the percentile interval of the replicates (95% by default).

Units are documents; with fewer than ``MIN_DOCUMENTS`` documents, paragraphs are resampled instead
and the report says so (paragraphs of one article are not independent, so such intervals are, if
anything, too narrow). Ten documents is the floor for resampling documents: the test and validation
splits of corpus 2.x hold ten to thirteen gold documents each, and an interval over documents, wide
as it is with ten, is the honest one; below ten, a document percentile interval is too coarse to
read (its bounds move in steps of one document).

The paired comparison resamples the *same* units for both runs and reports, per figure, the
difference B - A, its interval, and the paired bootstrap p-value of Berg-Kirkpatrick et al. (2012):
the share of replicates whose difference exceeds twice the observed one (one-sided, for the sign of
the observed difference).

A figure undefined in a replicate (an accuracy over no matched items: NaN) is left out of its
percentiles; a figure undefined everywhere gets a NaN interval (``null`` in JSON).

With fewer than ``MIN_UNITS`` units there is nothing to resample (every replicate is the sample
itself), so no interval is computed: :func:`intervals` returns none and :func:`paired` gives NaN
intervals and p-values, never a degenerate ``[x, x]``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from newsgold.bench.core import total

MIN_DOCUMENTS = 10
MIN_UNITS = 2  # fewer units than this: no interval
Figures = Callable[[Mapping[str, float]], dict[str, float]]


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {"low": self.low, "high": self.high}


def choose_unit(n_documents: int, requested: str = "auto") -> tuple[str, str]:
    """The resampling unit and the reason, as the report states it."""
    if requested == "document":
        return "document", "documents resampled (requested)"
    if requested == "paragraph":
        return "paragraph", "paragraphs resampled (requested)"
    if n_documents >= MIN_DOCUMENTS:
        return "document", f"documents resampled ({n_documents} documents)"
    return "paragraph", (
        f"paragraphs resampled: only {n_documents} document(s), fewer than {MIN_DOCUMENTS}; "
        "paragraphs of one article are not independent, so intervals may be too narrow"
    )


def _matrix(units: Sequence[Mapping[str, int]], names: list[str]):  # type: ignore[no-untyped-def]
    import numpy as np

    index = {n: k for k, n in enumerate(names)}
    m = np.zeros((len(units), len(names)), dtype=np.float64)
    for r, c in enumerate(units):
        for k, v in c.items():
            m[r, index[k]] = v
    return m


BLOCK = 100  # replicates drawn at a time (bounds memory; part of the seeded procedure)


def _weight_blocks(n_units: int, n: int, seed: int):  # type: ignore[no-untyped-def]
    """How often each unit is drawn in each replicate, as ``BLOCK x n_units`` matrices."""
    import numpy as np

    rng = np.random.default_rng(seed)
    for k in range(0, n, BLOCK):
        size = min(BLOCK, n - k)
        draws = rng.integers(0, n_units, size=(size, n_units))
        weights = np.zeros((size, n_units), dtype=np.float64)
        np.add.at(weights, (np.repeat(np.arange(size), n_units), draws.ravel()), 1.0)
        yield weights


def _replicate_sums(units: Sequence[Mapping[str, int]], names: list[str], n: int, seed: int):  # type: ignore[no-untyped-def]
    import numpy as np

    m = _matrix(units, names)
    blocks = [w @ m for w in _weight_blocks(len(units), n, seed)]
    return np.vstack(blocks) if blocks else np.zeros((0, len(names)))


def _replicate_figures(
    units: Sequence[Mapping[str, int]], figures: Figures, n: int, seed: int
) -> list[dict[str, float]]:
    names = sorted({k for c in units for k in c})
    return [
        figures({names[k]: float(v) for k, v in enumerate(row) if v})
        for row in _replicate_sums(units, names, n, seed)
    ]


def _percentile(values: list[float], q: float) -> float:
    """Percentile of the defined values (an accuracy over no items is undefined: NaN, left out)."""
    import numpy as np

    arr = np.asarray(values, dtype=np.float64)
    arr = arr[~np.isnan(arr)]
    return float(np.percentile(arr, q, method="linear")) if arr.size else math.nan


def intervals(
    units: Sequence[Mapping[str, int]], figures: Figures, n: int = 1000, seed: int = 0, level: float = 0.95
) -> dict[str, Interval]:
    """A percentile bootstrap interval for every figure ``figures`` computes (none below ``MIN_UNITS``)."""
    if n <= 0 or len(units) < MIN_UNITS:
        return {}
    reps = _replicate_figures(units, figures, n, seed)
    tail = (1 - level) / 2 * 100
    return {
        name: Interval(
            _percentile([r[name] for r in reps], tail), _percentile([r[name] for r in reps], 100 - tail)
        )
        for name in reps[0]
    }


@dataclass(frozen=True, slots=True)
class Difference:
    a: float
    b: float
    delta: float  # b - a
    interval: Interval
    p_value: float

    def to_dict(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "delta": self.delta,
            "interval": self.interval.to_dict(),
            "p_value": self.p_value,
        }


def paired(
    units_a: Sequence[Mapping[str, int]],
    units_b: Sequence[Mapping[str, int]],
    figures: Figures,
    n: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, Difference]:
    """Paired bootstrap of run B against run A over the same units (aligned by position)."""
    if len(units_a) != len(units_b):
        raise ValueError(f"runs have {len(units_a)} and {len(units_b)} units: not the same gold")

    point_a, point_b = figures(total(units_a)), figures(total(units_b))
    names = sorted({k for c in list(units_a) + list(units_b) for k in c})
    sa = _replicate_sums(units_a, names, max(n, 1), seed)
    sb = _replicate_sums(units_b, names, max(n, 1), seed)  # the same draws: a paired resample
    deltas: dict[str, list[float]] = {k: [] for k in point_a}
    for ra, rb in zip(sa, sb, strict=True):
        fa = figures({names[k]: float(v) for k, v in enumerate(ra) if v})
        fb = figures({names[k]: float(v) for k, v in enumerate(rb) if v})
        for k in deltas:
            deltas[k].append(fb[k] - fa[k])
    tail = (1 - level) / 2 * 100
    out = {}
    for k, ds in deltas.items():
        d = point_b[k] - point_a[k]
        defined = [x for x in ds if not math.isnan(x)]
        if len(units_a) < MIN_UNITS:
            out[k] = Difference(point_a[k], point_b[k], d, Interval(math.nan, math.nan), math.nan)
            continue
        if math.isnan(d) or not defined:
            p = math.nan
        elif d > 0:
            p = sum(1 for x in defined if x > 2 * d) / len(defined)
        elif d < 0:
            p = sum(1 for x in defined if x < 2 * d) / len(defined)
        else:
            p = 1.0
        out[k] = Difference(
            point_a[k], point_b[k], d, Interval(_percentile(ds, tail), _percentile(ds, 100 - tail)), p
        )
    return out
