"""The scorer: every task over a list of cases, as unit counts, figures and tables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newsgold.bench.claims import ClaimSettings, claim_figures, claim_tables, count_claims
from newsgold.bench.core import Case, few_collections, total
from newsgold.bench.entities import EntitySettings, count_entities, entity_figures, entity_tables
from newsgold.bench.events import EventSettings, count_events, event_figures, event_tables
from newsgold.labels import inventory

SCORER_VERSION = "1.0.0"
TASKS = ("entities", "events", "claims")


@dataclass(frozen=True, slots=True)
class Settings:
    entities: EntitySettings = EntitySettings()
    events: EventSettings = EventSettings()
    claims: ClaimSettings = ClaimSettings()
    tasks: tuple[str, ...] = TASKS

    def to_dict(self) -> dict[str, object]:
        """The tasks scored and the settings of each of them (a task not scored has none)."""
        each = {
            "entities": self.entities.to_dict(),
            "events": self.events.to_dict(),
            "claims": self.claims.to_dict(),
        }
        return {"tasks": list(self.tasks), **{t: each[t] for t in TASKS if t in self.tasks}}


@dataclass(slots=True)
class Scores:
    """Counts per (document id, paragraph index), every paragraph of every document present."""

    units: dict[tuple[str, int], Counter[str]] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)

    @property
    def totals(self) -> Counter[str]:
        return total(self.units.values())

    def unit_counts(self, unit: str) -> list[Counter[str]]:
        """Counts per resampling unit, in a fixed order: per document or per paragraph."""
        if unit == "paragraph":
            return [self.units[k] for k in sorted(self.units)]
        by_doc: dict[str, Counter[str]] = {d: Counter() for d in self.documents}
        for (doc, _), c in self.units.items():
            by_doc[doc].update(c)
        return [by_doc[d] for d in sorted(by_doc)]

    @property
    def figures(self) -> dict[str, float]:
        return figures(self.totals, self.settings.tasks)

    @property
    def tables(self) -> dict[str, object]:
        return tables(self.totals, self.settings.tasks)


def figures(c: Mapping[str, float], tasks: Sequence[str] = TASKS) -> dict[str, float]:
    out: dict[str, float] = {}
    if "entities" in tasks:
        out.update(entity_figures(c))
    if "events" in tasks:
        out.update(event_figures(c))
    if "claims" in tasks:
        out.update(claim_figures(c))
    return out


def tables(c: Mapping[str, float], tasks: Sequence[str] = TASKS) -> dict[str, object]:
    out: dict[str, object] = {}
    if "entities" in tasks:
        out["entities"] = entity_tables(c, inventory().entity_types)
    if "events" in tasks:
        out["events"] = event_tables(c)
    if "claims" in tasks:
        out["claims"] = claim_tables(c)
    return out


def score(cases: Iterable[Case], settings: Settings = Settings()) -> Scores:
    """Score every case; a case whose prediction is empty counts everything in its gold as missed."""
    out = Scores(settings=settings)
    with few_collections():
        _score(cases, settings, out)
    return out


def _score(cases: Iterable[Case], settings: Settings, out: Scores) -> None:
    for case in cases:
        doc = case.document
        out.documents.append(doc.id)
        for k in range(max(1, len(doc.paragraphs))):
            out.units.setdefault((doc.id, k), Counter())
        parts = []
        if "entities" in settings.tasks:
            parts.append(count_entities(case, settings.entities))
        if "events" in settings.tasks:
            parts.append(count_events(case, settings.events))
        if "claims" in settings.tasks:
            parts.append(count_claims(case, settings.claims))
        for part in parts:
            for k, c in part.items():
                out.units[(doc.id, k)].update(c)
