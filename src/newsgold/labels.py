"""The label inventory, read from ``schema/labels.json``: the one place labels are defined.

Everything that needs a label list (JSON Schema enums, ClassLabel names, the Label Studio config,
the benchmark) asks this module, never a literal of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newsgold.paths import schema_dir


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    source: str
    definition: str
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Inventory:
    version: str
    entity_types: tuple[str, ...]
    normalized_types: frozenset[str]
    mention_kinds: tuple[str, ...]
    flat_kinds: frozenset[str]
    roles: tuple[str, ...]
    role_filler_types: dict[str, frozenset[str]]  # role -> entity types of mentions that may fill it
    event_types: dict[str, EventType]
    realis: tuple[str, ...]
    claim_forms: tuple[str, ...]
    claimer_statuses: tuple[str, ...]
    stances: tuple[str, ...]
    paragraph_kinds: tuple[str, ...]
    splits: tuple[str, ...]
    definitions: dict[str, dict[str, str]]

    def roles_for(self, event_type: str) -> tuple[str, ...]:
        return self.event_types[event_type].roles

    @property
    def bio_tags(self) -> tuple[str, ...]:
        """BIO tag names for the token-level NER view: ``O`` then ``B-``/``I-`` per entity type."""
        return ("O",) + tuple(f"{p}-{t}" for t in self.entity_types for p in ("B", "I"))


def _names(items: list[dict]) -> tuple[str, ...]:
    return tuple(item["name"] for item in items)


def _filler_types(raw: dict) -> dict[str, frozenset[str]]:
    """Each role's ``filler_types`` (default: every entity type), checked against the entity types."""
    types = _names(raw["entity_types"])
    out = {}
    for role in raw["roles"]:
        allowed = role.get("filler_types", types)
        unknown = sorted(set(allowed) - set(types))
        if unknown:
            raise ValueError(
                f"labels.json: role {role['name']} has filler_types that are not entity types: "
                f"{', '.join(unknown)}"
            )
        out[role["name"]] = frozenset(allowed)
    return out


def load_inventory(path: Path | None = None) -> Inventory:
    raw = json.loads((path or schema_dir() / "labels.json").read_text(encoding="utf-8"))
    groups = (
        "entity_types",
        "mention_kinds",
        "roles",
        "realis",
        "claim_forms",
        "claimer_statuses",
        "stances",
        "paragraph_kinds",
        "event_types",
    )
    return Inventory(
        version=raw["inventory_version"],
        entity_types=_names(raw["entity_types"]),
        normalized_types=frozenset(raw["normalized_types"]),
        mention_kinds=_names(raw["mention_kinds"]),
        flat_kinds=frozenset(k["name"] for k in raw["mention_kinds"] if k["flat"]),
        roles=_names(raw["roles"]),
        role_filler_types=_filler_types(raw),
        event_types={
            e["name"]: EventType(e["name"], e["source"], e["definition"], tuple(e["roles"]))
            for e in raw["event_types"]
        },
        realis=_names(raw["realis"]),
        claim_forms=_names(raw["claim_forms"]),
        claimer_statuses=_names(raw["claimer_statuses"]),
        stances=_names(raw["stances"]),
        paragraph_kinds=_names(raw["paragraph_kinds"]),
        splits=tuple(raw["splits"]),
        definitions={g: {i["name"]: i["definition"] for i in raw[g]} for g in groups},
    )


@cache
def inventory() -> Inventory:
    """The inventory shipped with the package (cached)."""
    return load_inventory()
