"""Subcommands of the ``newsgold`` command, one module each (see :mod:`newsgold.cli`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.paths import ProjectRootError, require_project_root

# Where a command looks for its project when no --root is given (see newsgold.paths).
ROOT_DEFAULT = "default: the nearest project at or above the working folder, else $NEWSGOLD_ROOT"


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--root`` option of the commands that read a project root."""
    parser.add_argument("--root", type=Path, default=None, help=f"project root ({ROOT_DEFAULT})")


def project_root_or_none(command: str, root: Path | None) -> Path | None:
    """The project root given by ``--root`` (or found), or ``None`` after printing why it is not one
    (the caller then exits with the usage-error code 2)."""
    try:
        return require_project_root(root)
    except ProjectRootError as exc:
        print(f"newsgold {command}: {exc}", file=sys.stderr)
        return None
