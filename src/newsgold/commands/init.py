"""``newsgold init DIR``: start a new, empty corpus project in DIR."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.project_init import InitError, init_project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="start a new, empty corpus project in a new or empty folder")
    p.add_argument("folder", type=Path, metavar="DIR")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        root = init_project(args.folder)
    except (InitError, OSError) as exc:
        print(f"newsgold init: {exc}", file=sys.stderr)
        return 2
    print(f"init: project started in {root}; next: newsgold ingest PAGES_OR_TABLE --root {root}")
    return 0
