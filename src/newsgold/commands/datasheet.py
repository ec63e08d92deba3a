"""``newsgold datasheet [--write|--check]``: the figures of DATASHEET.md, generated from the corpus."""

from __future__ import annotations

import argparse
import sys

from newsgold.commands import add_root_argument, root_of
from newsgold.release.datasheet import check_datasheet, datasheet_path, write_datasheet


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("datasheet", help="regenerate or check the generated figures in DATASHEET.md")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the figures between the markers")
    mode.add_argument("--check", action="store_true", help="exit 1 if the figures are stale (the default)")
    add_root_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    path = datasheet_path(root)
    if args.write:
        changed = write_datasheet(root)
        print(f"{'wrote' if changed else 'unchanged'} {path}")
        return 0
    if check_datasheet(root):
        print(f"{path}: figures are up to date with the corpus")
        return 0
    print(f"{path}: figures are stale (run: newsgold datasheet --write)", file=sys.stderr)
    return 1
