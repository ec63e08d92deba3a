"""The ``newsgold`` command: a thin argparse layer over the library.

Each subcommand lives in ``newsgold.commands.<name>`` and provides ``register(subparsers)``, which
adds its parser and sets ``func(args) -> int``. Exit codes: 0 clean, 1 data problems found, 2 usage.
Any :class:`newsgold.errors.NewsgoldError` a command lets through becomes one line on stderr
(``newsgold <command>: <message>``, after the findings it carries) and its ``exit_code``. What a
command prints passes through :func:`newsgold.findings.terminal_safe`, so an id, a file name or a
text from the data cannot send control sequences to the terminal.
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TextIO

from newsgold._version import __version__
from newsgold.errors import NewsgoldError
from newsgold.findings import format_findings, printable, terminal_safe

DESCRIPTION = (
    "newsgold: cleaned news articles with gold standoff annotations for entities, events and claims. "
    "Exit codes: 0 clean, 1 data problems found, 2 usage error."
)

COMMANDS = (
    "init",
    "ingest",
    "author",
    "schema",
    "validate",
    "build",
    "bench",
    "agree",
    "ls",
    "adjudicate",
    "release",
    "verify",
    "diff",
    "rehydrate",
    "datasheet",
    "splits",
    "synth",
)


# One example per subcommand, shown under its --help (a subcommand that writes its own epilog keeps it).
EXAMPLES = {
    "init": "newsgold init my-corpus\n  newsgold ingest articles.csv --root my-corpus",
    "schema": "newsgold schema --check          # exit 1 when a generated schema file has drifted",
    "validate": "newsgold validate                # the whole project\n"
    "  newsgold validate annotations/gold/x.json corpus/documents/x.json --format json",
    "build": "newsgold build                   # validate, then print the corpus figures",
    "bench": "newsgold bench --extractor baseline\n"
    "  newsgold bench --predictions run.jsonl --compare bench-reports/baseline.json",
    "ls": "newsgold ls config --write        # regenerate schema/labelstudio*.xml (one per layout)\n"
    "  newsgold ls tasks --extractor baseline -o tasks.json",
    "adjudicate": "newsgold adjudicate A/x.json B/x.json --template decisions.json\n"
    "  newsgold adjudicate A/x.json B/x.json --decisions decisions.json",
    "release": "newsgold release                 # dist/newsgold-<version>/\n"
    "  newsgold release --standoff      # withhold text that may not be redistributed",
    "verify": "newsgold verify dist/newsgold-2.0.1",
    "diff": "newsgold diff dist/newsgold-2.0.0 dist/newsgold-2.0.1   # and the version bump it requires",
    "rehydrate": "newsgold rehydrate dist/newsgold-2.0.1-standoff --raw pages/*.txt",
    "datasheet": "newsgold datasheet --check       # exit 1 when DATASHEET.md figures are stale",
    "splits": "newsgold splits --update         # record a split for every new document",
    "synth": "newsgold synth 1000 --out /tmp/synth   # a synthetic corpus for measurement only",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2, as argparse does, with our prefix
        self.print_usage(sys.stderr)
        self.exit(2, f"newsgold: error: {message}\n")


def build_parser(commands: tuple[str, ...] = COMMANDS) -> argparse.ArgumentParser:
    """The parser with the subcommands ``commands`` (each module is imported when it is registered)."""
    parser = _Parser(prog="newsgold", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"newsgold {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in commands:
        importlib.import_module(f"newsgold.commands.{name}").register(sub)
    for name, child in sub.choices.items():
        if child.description is None:  # the one-line help says what the subcommand does
            child.description = next((a.help for a in sub._choices_actions if a.dest == name), None)
        if child.epilog is None and name in EXAMPLES:
            child.epilog = "example:\n  " + EXAMPLES[name]
            child.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # a run of one subcommand imports only that subcommand's modules; --help and errors see them all
    first = next((a for a in args if not a.startswith("-")), None)
    return dispatch(build_parser((first,) if first in COMMANDS else COMMANDS).parse_args(args))


class _TerminalSafe(io.TextIOBase):
    """A text stream that passes what is written to ``stream`` with terminal controls escaped
    (:func:`newsgold.findings.terminal_safe`); bytes written to its ``buffer`` pass as they are."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> Any:  # type: ignore[override]
        return self.stream.encoding

    @property
    def buffer(self) -> Any:
        return self.stream.buffer


@contextmanager
def _terminal_safe_output() -> Iterator[None]:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _TerminalSafe(out), _TerminalSafe(err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def dispatch(args: argparse.Namespace) -> int:
    """Run the parsed subcommand; a :class:`NewsgoldError` becomes one line on stderr and its exit code."""
    with _terminal_safe_output():
        try:
            return int(args.func(args))
        except NewsgoldError as exc:
            findings = getattr(exc, "findings", None)
            if findings:
                print(format_findings(findings), file=sys.stderr)
            print(f"newsgold {args.command}: {printable(str(exc))}", file=sys.stderr)
            return exc.exit_code
        except KeyboardInterrupt:
            print("newsgold: interrupted", file=sys.stderr)
            return 130


if __name__ == "__main__":
    sys.exit(main())
