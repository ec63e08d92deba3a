"""``newsgold ingest PATH...``: scraped pages -> cleaned documents under corpus/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.ingest import CleaningError, ingest_page


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="clean scraped pages (text dumps or HTML) into corpus documents")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--root", type=Path, default=None, help="project root (default: this checkout)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    failed = 0
    counts: dict[str, int] = {}
    for path in args.paths:
        if not path.is_file():
            print(f"newsgold ingest: {path}: no such file", file=sys.stderr)
            return 2
    for path in args.paths:
        try:
            result = ingest_page(path, args.root)
        except CleaningError as exc:
            where = f" (line {exc.line})" if exc.line else ""
            print(f"{path}{where}: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        counts[result.status] = counts.get(result.status, 0) + 1
        print(f"{result.status:9} {result.document_id}  {path}  ({result.removed_lines} raw lines removed)")
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing ingested"
    print(f"ingest: {summary}" + (f", {failed} failed" if failed else ""))
    return 1 if failed else 0
