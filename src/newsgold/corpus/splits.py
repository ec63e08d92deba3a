"""Split assignment: which documents are for training, validation and test.

``corpus/splits.json`` maps every document id to its split and is the record: a document keeps its
split for the whole of a major corpus version, whatever the rule below would say. Documents not yet
recorded get a split from a frozen hash rule, so anyone assigning the same ids gets the same splits:

    bucket = int(sha256("newsgold-split:" + document_id)[:8], 16) % 10
    bucket 0-5 -> train, 6-7 -> validation, 8-9 -> test

(Corpus 2.0.0 revised the rule from 0-7/8/9, an 80/10/10 division, to 60/20/20: under the old rule
only four of the sixty articles of the first Wikinews gold batch fell in validation, too few for a
validation figure with an interval. The one document recorded before, the seed, kept its split.)

Changing the rule or a recorded split is a major corpus change (see ``corpus/CHANGELOG.md``):
:func:`newsgold.release.history.release_split_changes` compares the record with the newest release of
the same major version under ``dist/``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsgold.corpus import document_paths
from newsgold.errors import DataError
from newsgold.io import read_json, write_json
from newsgold.labels import inventory
from newsgold.paths import splits_path

RULE = (
    "bucket = int(sha256('newsgold-split:' + document_id)[:8], 16) % 10; 0-5 train, 6-7 validation, 8-9 test"
)
_SALT = "newsgold-split:"


def rule_split(document_id: str) -> str:
    """The split the frozen hash rule gives ``document_id``."""
    bucket = int(hashlib.sha256((_SALT + document_id).encode("utf-8")).hexdigest()[:8], 16) % 10
    train, validation, test = inventory().splits
    return train if bucket < 6 else validation if bucket < 8 else test


def split_order(split: str) -> tuple[int, str]:
    """Sort key: the inventory's splits in their order (train, validation, test), then any other name."""
    order = inventory().splits
    return (order.index(split) if split in order else len(order), split)


class SplitsFileError(DataError, ValueError):
    """``corpus/splits.json`` cannot be read, or is not an object of document id -> split name."""


def read_splits(root: Path | None = None) -> dict[str, str]:
    """The recorded assignment (empty when ``corpus/splits.json`` does not exist);
    :class:`SplitsFileError` naming the file (and the JSON Pointer) when it is not an object of
    document id -> split name."""
    path = splits_path(root)
    if not path.exists():
        return {}
    try:
        data = read_json(path)
    except OSError as exc:
        raise SplitsFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise SplitsFileError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise SplitsFileError(f"{path}: expected an object of document id -> split name, found {_kind(data)}")
    for doc_id, split in data.items():
        if not isinstance(split, str):
            pointer = "/" + doc_id.replace("~", "~0").replace("/", "~1")
            raise SplitsFileError(f"{path}: {pointer}: the split must be a name (a string), found {split!r}")
    return dict(data)


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def assign_splits(document_ids: list[str], recorded: dict[str, str]) -> dict[str, str]:
    """``recorded`` plus the rule's split for every id not yet recorded, in id order."""
    out = dict(recorded)
    for doc_id in document_ids:
        out.setdefault(doc_id, rule_split(doc_id))
    return dict(sorted(out.items()))


def update_splits(root: Path | None = None) -> list[str]:
    """Record a split for every document of the corpus that has none; returns the new ids."""
    recorded = read_splits(root)
    ids = [p.stem for p in document_paths(root)]
    new = [i for i in ids if i not in recorded]
    if new or not splits_path(root).exists():
        write_json(splits_path(root), assign_splits(ids, recorded))
    return new
