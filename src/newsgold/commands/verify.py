"""``newsgold verify DIR``: recompute a release's manifest and name altered, added or removed files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check a release against its manifest (SHA-256 and size of every file)")
    p.add_argument("directory", type=Path, metavar="DIR")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsgold.release.manifest import verify_release

    try:
        result = verify_release(args.directory)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        print(f"newsgold verify: {exc}", file=sys.stderr)
        return 2
    for line in result.lines():
        print(line)
    if result.ok:
        print(f"verify: {result.checked} files match the manifest of {args.directory}")
        return 0
    print(
        f"verify: {len(result.altered)} altered, {len(result.added)} added, {len(result.removed)} removed "
        f"({result.checked} checked)",
        file=sys.stderr,
    )
    return 1
