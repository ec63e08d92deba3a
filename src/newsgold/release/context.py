"""What a release is made of besides its rows, and what a build reports: shared by the writer, the
card, the Croissant file, the datasheet and ``rehydrate``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgold.corpus.splits import split_order
from newsgold.corpus.stats import CorpusStats
from newsgold.corpus.version import CorpusVersion
from newsgold.errors import DataError, UsageError

SHARD_SIZE = 10_000
BATCH_SIZE = 1_000
BATCH_BYTES = 4 << 20  # Arrow bytes per batch at most: large rows (documents) come in smaller batches


class ReleaseError(DataError):
    """The release cannot be built; ``findings`` holds validation findings when that is the cause."""

    def __init__(self, message: str, findings: list | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


class DestinationError(UsageError, ReleaseError):
    """The output path may not be replaced (a usage error: nothing was read or written)."""


@dataclass(frozen=True, slots=True)
class ReleaseContext:
    """Everything besides the documents that goes into a release."""

    version: CorpusVersion
    changelog: str
    labels: bytes
    datasheet: str | None = None  # DATASHEET.md of the corpus; figures are regenerated for the release
    agreement: dict[str, Any] | None = None
    source_fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class TextRights:
    """Who holds the rights to a document's text and under which licence, as the document records it."""

    publisher: str | None
    rights_holder: str | None
    licence: str | None
    licence_url: str | None
    redistributable: bool


@dataclass(slots=True)
class ReleaseSummary:
    """Counts gathered while writing (used by the card, the Croissant file and the command's summary)."""

    directory: Path
    version: str
    standoff: bool
    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # config -> split -> rows
    shards: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # config -> split -> files
    withheld: int = 0
    restricted: int = 0  # documents whose publisher does not allow redistribution (redistributable false)
    stats: CorpusStats = field(default_factory=CorpusStats)
    first_published: str | None = None  # publication dates (YYYY-MM-DD) of the oldest and newest document
    last_published: str | None = None
    shard_size: int = SHARD_SIZE
    batch_size: int = BATCH_SIZE
    text_rights: dict[TextRights, int] = field(default_factory=dict)  # -> documents, in first-seen order
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)  # config -> one row, read back
    notes: list[str] = field(default_factory=list)  # what was cleaned up after an interrupted run

    @property
    def splits(self) -> list[str]:
        return sorted(self.rows.get("texts", {}), key=split_order)

    @property
    def documents(self) -> int:
        return sum(self.rows.get("texts", {}).values())
