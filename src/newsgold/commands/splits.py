"""``newsgold splits [--update|--check]``: the recorded split of every document (corpus/splits.json)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from newsgold.commands import add_root_argument, root_of
from newsgold.corpus import document_paths
from newsgold.corpus.splits import read_splits, splits_path, update_splits
from newsgold.release.history import release_split_changes


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("splits", help="record splits for new documents (frozen hash rule) or check them")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true", help="record a split for every document without one")
    mode.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a document has no recorded split, or a recorded split differs from the newest "
        "release of the same major version under dist/",
    )
    add_root_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    new = update_splits(root) if args.update else []
    recorded = read_splits(root)
    for doc_id in new:
        print(f"assigned {doc_id} -> {recorded[doc_id]}")
    missing = [p.stem for p in document_paths(root) if p.stem not in recorded]
    if missing:
        print(
            f"{splits_path(root)}: no split for {', '.join(missing)} (run: newsgold splits --update)",
            file=sys.stderr,
        )
        return 1
    if args.check:
        release, changes = release_split_changes(root)
        if changes:
            for doc_id, (was, now) in changes.items():
                print(
                    f"{splits_path(root)}: {doc_id} is recorded in {now}, but release {release} has it "
                    f"in {was}; splits are frozen within a major version",
                    file=sys.stderr,
                )
            print(
                f"newsgold splits: {len(changes)} split(s) differ from {release}: restore them, or make "
                "this a new major corpus version",
                file=sys.stderr,
            )
            return 1
    counts = Counter(recorded.values())
    print("splits: " + (", ".join(f"{s} {n}" for s, n in sorted(counts.items())) or "none"))
    return 0
