"""One rule for exit codes across the subcommands: 0 clean, 1 data problems found, 2 usage errors.

A ``--root`` that is not a project is a usage error for every subcommand that takes one, reported in
one line that names the folder, with no traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from newsgold.cli import COMMANDS, build_parser, main
from newsgold.errors import EXIT_DATA, EXIT_USAGE, DataError, NewsgoldError, UsageError


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def takes_root(name: str) -> bool:
    return any("--root" in a.option_strings for a in subparsers()[name]._actions)


ROOTED = [name for name in COMMANDS if takes_root(name)]


def arguments(name: str, tmp_path: Path) -> list[str]:
    """The least a subcommand needs besides ``--root``."""
    page = tmp_path / "page.txt"
    page.write_text("A title\n\nSome text.\n", encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text("document: x\nannotator: a\n", encoding="utf-8")
    return {
        "ingest": [str(page)],
        "author": [str(spec)],
        "synth": ["1", "--out", str(tmp_path / "synth")],
    }.get(name, [])


def test_the_rooted_subcommands_are_found() -> None:
    assert {"validate", "build", "release", "ingest", "splits", "datasheet"} <= set(ROOTED)


@pytest.mark.parametrize("name", ROOTED)
def test_a_root_that_is_not_a_project_is_a_usage_error(name: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nonexistent"
    assert main([name, *arguments(name, tmp_path), "--root", str(missing)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert str(missing) in err
    assert not missing.exists()  # nothing was created there


def test_every_error_class_carries_its_kind() -> None:
    assert issubclass(UsageError, NewsgoldError) and UsageError.exit_code == EXIT_USAGE
    assert issubclass(DataError, NewsgoldError) and DataError.exit_code == EXIT_DATA


def test_an_error_that_reaches_the_cli_is_one_line_with_its_code(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import newsgold.commands.build as build

    def fail(args: argparse.Namespace) -> int:
        raise UsageError("a message naming the problem")

    parser_func = build.run
    monkeypatch.setattr(build, "run", fail)
    try:
        assert main(["build"]) == EXIT_USAGE
    finally:
        monkeypatch.setattr(build, "run", parser_func)
    assert capsys.readouterr().err == "newsgold build: a message naming the problem\n"
