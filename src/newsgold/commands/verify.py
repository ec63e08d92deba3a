"""``newsgold verify DIR``: recompute a release's manifest and name altered, added or removed files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.release.manifest import verify_release


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check a release against its manifest (SHA-256 and size of every file)")
    p.add_argument("directory", type=Path, metavar="DIR")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.directory.is_dir():
        print(f"newsgold verify: {args.directory}: no such folder", file=sys.stderr)
        return 2
    try:
        result = verify_release(args.directory)
    except FileNotFoundError as exc:
        print(f"newsgold verify: {exc}", file=sys.stderr)
        return 2
    for line in result.lines():
        print(line)
    print(f"manifest SHA-256: {result.manifest_sha256} (compare it with the published value)")
    if result.ok:
        print(
            f"verify: {result.checked} files match the manifest of {args.directory}, "
            "and its header matches them"
        )
        return 0
    print(
        f"verify: {len(result.altered)} altered, {len(result.added)} added, {len(result.removed)} removed, "
        f"{len(result.inconsistent)} header mismatch(es) ({result.checked} checked)",
        file=sys.stderr,
    )
    return 1
