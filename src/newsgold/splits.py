"""Split assignment: which documents are for training, validation and test.

``corpus/splits.json`` maps every document id to its split and is the record: a document keeps its
split for the whole of a major corpus version, whatever the rule below would say. Documents not yet
recorded get a split from a frozen hash rule, so anyone assigning the same ids gets the same splits:

    bucket = int(sha256("newsgold-split:" + document_id)[:8], 16) % 10
    bucket 0-7 -> train, 8 -> validation, 9 -> test

Changing the rule or a recorded split is a major corpus change (see ``corpus/CHANGELOG.md``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsgold import paths
from newsgold.io import read_json, write_json
from newsgold.labels import inventory

RULE = "bucket = int(sha256('newsgold-split:' + document_id)[:8], 16) % 10; 0-7 train, 8 validation, 9 test"
_SALT = "newsgold-split:"


def rule_split(document_id: str) -> str:
    """The split the frozen hash rule gives ``document_id``."""
    bucket = int(hashlib.sha256((_SALT + document_id).encode("utf-8")).hexdigest()[:8], 16) % 10
    train, validation, test = inventory().splits
    return train if bucket < 8 else validation if bucket == 8 else test


def splits_path(root: Path | None = None) -> Path:
    return paths.corpus_dir(root) / "splits.json"


def read_splits(root: Path | None = None) -> dict[str, str]:
    """The recorded assignment (empty when ``corpus/splits.json`` does not exist)."""
    path = splits_path(root)
    return dict(read_json(path)) if path.exists() else {}


def assign_splits(document_ids: list[str], recorded: dict[str, str]) -> dict[str, str]:
    """``recorded`` plus the rule's split for every id not yet recorded, in id order."""
    out = dict(recorded)
    for doc_id in document_ids:
        out.setdefault(doc_id, rule_split(doc_id))
    return dict(sorted(out.items()))


def update_splits(root: Path | None = None) -> list[str]:
    """Record a split for every document of the corpus that has none; returns the new ids."""
    from newsgold.corpus import document_paths

    recorded = read_splits(root)
    ids = [p.stem for p in document_paths(root)]
    new = [i for i in ids if i not in recorded]
    if new or not splits_path(root).exists():
        write_json(splits_path(root), assign_splits(ids, recorded))
    return new
