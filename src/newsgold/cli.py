"""The ``newsgold`` command: a thin argparse layer over the library.

Each subcommand lives in ``newsgold.commands.<name>`` and provides ``register(subparsers)``, which
adds its parser and sets ``func(args) -> int``. Exit codes: 0 clean, 1 data problems found, 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn

from newsgold import __version__

DESCRIPTION = (
    "newsgold: cleaned news articles with gold standoff annotations for entities, events and claims. "
    "Exit codes: 0 clean, 1 data problems found, 2 usage error."
)

COMMANDS = (
    "ingest",
    "author",
    "schema",
    "validate",
    "build",
    "bench",
    "agree",
    "ls",
    "adjudicate",
    "release", "verify", "diff", "rehydrate", "datasheet", "splits", "synth",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2, as argparse does, with our prefix
        self.print_usage(sys.stderr)
        self.exit(2, f"newsgold: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsgold", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"newsgold {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"newsgold.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("newsgold: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
