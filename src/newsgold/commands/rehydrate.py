"""``newsgold rehydrate DIR --raw PAGE...``: restore the withheld text of a standoff release."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.commands import folder_problem
from newsgold.release.rehydrate import RehydrateError, rehydrate


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rehydrate", help="restore a standoff release's text from raw pages you hold")
    p.add_argument("directory", type=Path, metavar="DIR", help="a standoff release folder")
    p.add_argument(
        "--raw",
        type=Path,
        nargs="+",
        required=True,
        metavar="PAGE",
        help="raw pages (files, or folders searched recursively)",
    )
    p.add_argument("--out", type=Path, default=None, help="full release folder (default: next to DIR)")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace --out even when it is a non-empty folder that is not a newsgold release",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    pages: list[Path] = []
    for path in args.raw:
        if path.is_dir():
            pages += sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            pages.append(path)
        else:
            print(f"newsgold rehydrate: {path}: no such file or folder", file=sys.stderr)
            return 2
    if not (args.directory / "manifest.json").is_file():
        print(
            f"newsgold rehydrate: {args.directory}: not a newsgold release "
            f"(no {args.directory / 'manifest.json'})",
            file=sys.stderr,
        )
        return 2
    # a folder below a file (--out itself being a file is refused with the destination's other checks)
    problem = None if args.out is None or args.out.exists() else folder_problem(args.out)
    if problem:
        print(f"newsgold rehydrate: --out {problem}", file=sys.stderr)
        return 2
    try:
        summary = rehydrate(args.directory, pages, args.out, progress=True, force=args.force)
    except RehydrateError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"newsgold rehydrate: {exc}", file=sys.stderr)
        return 1
    for note in summary.notes:
        print(f"newsgold rehydrate: {note}", file=sys.stderr)
    print(f"rehydrate {summary.version}: {summary.documents} document(s) -> {summary.directory}")
    return 0
