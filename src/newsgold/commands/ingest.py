"""``newsgold ingest PATH...``: scraped pages -> cleaned documents under corpus/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold import paths
from newsgold.ingest import CleaningError, ingest_page, raw_index


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="clean scraped pages (text dumps or HTML) into corpus documents")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--root", type=Path, default=None,
                   help="project root (default: $NEWSGOLD_ROOT, else this checkout); it must hold corpus/")
    p.add_argument("--init", action="store_true",
                   help="start a new project: create corpus/documents/ and corpus/raw/ under the root")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    failed = 0
    counts: dict[str, int] = {}
    for path in args.paths:
        if not path.is_file():
            print(f"newsgold ingest: {path}: no such file", file=sys.stderr)
            return 2
    root = args.root if args.root is not None else paths.project_root()
    if args.init:
        paths.documents_dir(root).mkdir(parents=True, exist_ok=True)
        paths.raw_dir(root).mkdir(parents=True, exist_ok=True)
    elif not paths.corpus_dir(root).is_dir():
        print(f"newsgold ingest: {root} is not a newsgold project (it has no corpus/ folder); "
              "check --root and $NEWSGOLD_ROOT, or give --init to start a project there", file=sys.stderr)
        return 2
    index = raw_index(root)
    for path in args.paths:
        try:
            result = ingest_page(path, root, index=index)
        except CleaningError as exc:
            print(f"{exc.location or path}: error: {exc.reason}", file=sys.stderr)
            failed += 1
            continue
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.duplicate_of:
            print(f"{result.status} (already document {result.duplicate_of})  {path}")
        else:
            print(f"{result.status:9} {result.document_id}  {path}  "
                  f"({result.removed_lines} raw lines removed)")
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing ingested"
    print(f"ingest: {summary}" + (f", {failed} failed" if failed else ""))
    return 1 if failed else 0
