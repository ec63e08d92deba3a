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


def test_every_subcommand_has_a_description_and_an_example_that_parses() -> None:
    import shlex

    from newsgold.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, child in sub.choices.items():
        assert child.description, name
        assert child.epilog and "example" in child.epilog, name
        for line in child.epilog.split("example", 1)[1].splitlines()[1:]:
            command = line.split("#", 1)[0].strip()
            if command.startswith("newsgold "):
                parser.parse_args(shlex.split(command)[1:])  # exits 2 on a wrong example
