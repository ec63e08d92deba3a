"""``newsgold validate [PATHS...]``: check documents and annotations; no paths = the whole corpus."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from newsgold.commands import ROOT_DEFAULT, add_jobs_argument, add_root_argument
from newsgold.validate import CODES, Finding, ProjectRootError, format_findings, validate


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check corpus documents and annotation files (exit 1 on findings)",
        description="Check documents and annotation files against the JSON Schemas and the "
        "annotation guidelines. Exit codes: 0 no findings, 1 findings (errors or warnings; "
        "with --errors-only, errors), 2 usage error (unknown path, a root that is not a "
        "project, unknown code).",
    )
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders (default: the whole corpus of the project root)",
    )
    add_root_argument(p, f"project root when no paths are given ({ROOT_DEFAULT})")
    p.add_argument("--format", choices=("human", "json"), default="human", help="output format")
    p.add_argument(
        "--errors-only",
        action="store_true",
        help="only errors make the exit code 1 (warnings are still listed)",
    )
    p.add_argument("--select", default=None, metavar="CODE,...", help="report only these codes")
    p.add_argument("--ignore", default=None, metavar="CODE,...", help="do not report these codes")
    add_jobs_argument(p)
    p.set_defaults(func=run)


def parse_codes(value: str | None) -> set[str] | None:
    """The codes of a --select/--ignore value; raises ``ValueError`` naming unknown codes."""
    if value is None:
        return None
    codes = {c.strip() for c in value.split(",") if c.strip()}
    unknown = sorted(codes - CODES.keys())
    if unknown:
        raise ValueError(f"unknown code(s): {', '.join(unknown)} (see newsgold.validate.CODES)")
    return codes


def filter_findings(
    findings: tuple[Finding, ...] | list[Finding], select: set[str] | None, ignore: set[str] | None
) -> list[Finding]:
    return [f for f in findings if (select is None or f.code in select) and not (ignore and f.code in ignore)]


def exit_code(findings: list[Finding], errors_only: bool = False) -> int:
    """1 when any finding (with ``errors_only``: any error) is shown, else 0."""
    return 1 if any(f.severity == "error" or not errors_only for f in findings) else 0


def run(args: argparse.Namespace) -> int:
    try:
        select, ignore = parse_codes(args.select), parse_codes(args.ignore)
    except ValueError as exc:
        print(f"newsgold validate: {exc}", file=sys.stderr)
        return 2
    try:
        report = validate(args.paths or None, root=args.root, progress=True, jobs=args.jobs)
    except (FileNotFoundError, ProjectRootError) as exc:
        print(f"newsgold validate: {exc}", file=sys.stderr)
        return 2
    shown = filter_findings(report.findings, select, ignore)
    if shown or args.format == "json":
        print(format_findings(shown, args.format))
    print(f"validate: {replace(report, findings=tuple(shown)).summary()}", file=sys.stderr)
    return exit_code(shown, args.errors_only)
