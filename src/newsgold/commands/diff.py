"""``newsgold diff OLD NEW``: documents and annotations added, removed or changed between releases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.io import dumps
from newsgold.release.diff import DiffError, diff_releases


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diff", help="compare two releases: documents, texts and annotations per layer")
    p.add_argument("old", type=Path, metavar="OLD")
    p.add_argument("new", type=Path, metavar="NEW")
    p.add_argument("--format", choices=("human", "json"), default="human")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    for d in (args.old, args.new):
        if not (d / "manifest.json").is_file():
            print(f"newsgold diff: {d}: not a newsgold release (no {d / 'manifest.json'})", file=sys.stderr)
            return 2
    try:
        result = diff_releases(args.old, args.new)
    except DiffError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(
            "newsgold diff: refused: a release does not match its manifest or cannot be read "
            "(newsgold verify DIR shows the details)",
            file=sys.stderr,
        )
        return 1
    if args.format == "json":
        sys.stdout.write(dumps(result.to_dict()).decode("utf-8"))
    else:
        print("\n".join(result.lines()))
    warning = result.version_warning()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    return 0
