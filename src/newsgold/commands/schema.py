"""``newsgold schema [--write|--check]``: the JSON Schemas generated from the label inventory."""

from __future__ import annotations

import argparse
import sys

from newsgold import paths
from newsgold.io import atomic_write_bytes
from newsgold.paths import schema_dir
from newsgold.schemas import generate


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="regenerate or check the JSON Schemas derived from schema/labels.json")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the generated schemas to schema/")
    mode.add_argument("--check", action="store_true", help="exit 1 if the committed schemas are stale")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.write and paths.is_installed_package():
        print(
            f"newsgold schema: --write regenerates schema/ of a source checkout; {schema_dir()} belongs to "
            "the installed package and is never written",
            file=sys.stderr,
        )
        return 2
    stale = []
    for name, data in generate().items():
        path = schema_dir() / name
        current = path.read_bytes() if path.exists() else None
        if current == data:
            continue
        if args.write:
            atomic_write_bytes(path, data)
            print(f"wrote {path}")
        else:
            stale.append(name)
    if stale:
        print("stale: " + ", ".join(stale) + " (run: newsgold schema --write)", file=sys.stderr)
        return 1
    if not args.write:
        print("schemas are up to date with schema/labels.json")
    return 0
