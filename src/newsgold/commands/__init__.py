"""Subcommands of the ``newsgold`` command, one module each (see :mod:`newsgold.cli`).

A command parses its arguments, calls one library function and prints what it returns; errors it does
not handle itself reach :func:`newsgold.cli.main`, which prints them in one line with their exit code.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from newsgold.parallel import resolve_jobs
from newsgold.paths import require_project_root

# Where a command looks for its project when no --root is given (see newsgold.paths).
ROOT_DEFAULT = "default: the nearest project at or above the working folder, else $NEWSGOLD_ROOT"
ROOT_HELP = f"project root ({ROOT_DEFAULT})"


def add_root_argument(parser: argparse.ArgumentParser, help: str = ROOT_HELP) -> None:
    """The ``--root`` option, the same for every command that reads a project."""
    parser.add_argument("--root", type=Path, default=None, help=help)


def root_of(args: argparse.Namespace) -> Path:
    """The project root of ``--root`` (or the default one); :class:`newsgold.paths.ProjectRootError`,
    a usage error, when it is not a project."""
    return require_project_root(args.root)


def folder_problem(folder: Path) -> str | None:
    """Why nothing can be written into ``folder`` because a file stands where it or one of its parents
    would be (``"<folder>: ..."``), or ``None``: a folder to create or fill."""
    for path in (folder, *folder.parents):
        if path.exists():
            if path.is_dir():
                return None
            return (
                f"{folder}: a file, not a folder"
                if path == folder
                else f"{folder}: {path} is a file, not a folder"
            )
    return None


def add_jobs_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--jobs`` option: worker processes (the output is the same with any number)."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0: one per CPU); the output is the same with any number",
    )


def _jobs(value: str) -> int:
    try:
        return resolve_jobs(int(value))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of jobs (0 or more): {value!r}") from None
