"""The command line: every --help text is plain text (no reST or Markdown markup)."""

from __future__ import annotations

import argparse

from newsgold.cli import build_parser


def _parsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    out = [(parser.prog, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):  # aliases point at the same parser
                out += _parsers(sub)
    return out


def test_help_texts_carry_no_backticks() -> None:
    parsers = _parsers(build_parser())
    assert len(parsers) > 10
    marked = [prog for prog, p in parsers if "`" in p.format_help()]
    assert marked == []
