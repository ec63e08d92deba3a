"""Corpus figures: documents, mentions per type and kind, clusters, events per type, claims."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsgold.model import AnnotatedDocument


@dataclass(frozen=True, slots=True)
class CorpusStats:
    documents: int = 0
    annotated: int = 0
    characters: int = 0
    mentions: int = 0
    mentions_by_type: dict[str, int] = field(default_factory=dict)
    mentions_by_kind: dict[str, int] = field(default_factory=dict)
    clusters: int = 0
    events: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    arguments: int = 0
    claims: int = 0
    claims_by_form: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def corpus_stats(docs: Iterable[AnnotatedDocument]) -> CorpusStats:
    n = annotated = chars = clusters = args = 0
    by_type: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    ev: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for item in docs:
        n += 1
        chars += len(item.document.text)
        ann = item.annotation
        if ann is None:
            continue
        annotated += 1
        by_type.update(m.type for m in ann.mentions)
        by_kind.update(m.kind for m in ann.mentions)
        clusters += len(ann.clusters)
        ev.update(e.type for e in ann.events)
        args += sum(len(e.arguments) for e in ann.events)
        forms.update(c.form for c in ann.claims)
    return CorpusStats(
        n,
        annotated,
        chars,
        sum(by_type.values()),
        dict(sorted(by_type.items())),
        dict(sorted(by_kind.items())),
        clusters,
        sum(ev.values()),
        dict(sorted(ev.items())),
        args,
        sum(forms.values()),
        dict(sorted(forms.items())),
    )


def combine_stats(parts: Iterable[CorpusStats]) -> CorpusStats:
    """The figures of several parts of a corpus taken together."""
    total: dict[str, Any] = {}  # field -> int, or Counter of labels
    for stats in parts:
        for key, value in stats.to_dict().items():
            if isinstance(value, dict):
                counts = total.setdefault(key, Counter())
                counts.update(value)
            else:
                total[key] = total.get(key, 0) + value
    sort = {k: dict(sorted(v.items())) if isinstance(v, Counter) else v for k, v in total.items()}
    return CorpusStats(**sort)  # type: ignore[arg-type]


def format_stats(s: CorpusStats) -> str:
    def row(counts: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"

    return "\n".join(
        [
            f"documents   {s.documents}: {s.annotated} with gold, {s.documents - s.annotated} without "
            f"(text only); {s.characters} characters",
            f"mentions    {s.mentions}: {row(s.mentions_by_type)}",
            f"  by kind   {row(s.mentions_by_kind)}",
            f"clusters    {s.clusters}",
            f"events      {s.events} ({s.arguments} arguments): {row(s.events_by_type)}",
            f"claims      {s.claims}: {row(s.claims_by_form)}",
        ]
    )
