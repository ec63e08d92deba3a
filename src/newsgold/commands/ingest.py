"""``newsgold ingest PATH...``: scraped pages and tables of articles -> cleaned documents under corpus/."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from newsgold import paths
from newsgold.commands import ROOT_DEFAULT, add_root_argument, folder_problem
from newsgold.findings import printable
from newsgold.ingest import CleaningError, IngestResult, TableDefaults, ingest_page, ingest_table, raw_index
from newsgold.ingest.tables import table_format

EPILOG = """\
examples:
  newsgold ingest ../shared/seeds/page.txt
  newsgold ingest articles.csv --publisher Wikinews
      a table (CSV or JSON Lines; columns url, date, title, text, and optionally publisher,
      rights_holder, licence, licence_url, redistributable, language): one document a row, id from
      the row's URL (its last path segment as a slug, then 8 hex digits of the URL's SHA-256)

Ingesting the same input again changes nothing. A row or page whose cleaned text another document
already has is reported as a duplicate and not written; rows and pages that are not articles (test
pages, empty pages and bodies, HTML without a headline and body) are reported as skipped. A page with
a control character, or whose file name would make an unsafe raw file name, fails to clean.
Exit codes: 0 done, 1 an input failed to clean, 2 usage error.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="clean scraped pages and tables of articles into corpus documents",
        description="Clean scraped pages (text dumps or HTML) and tables of articles (CSV, "
        "JSON Lines) into corpus documents with provenance.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add_root_argument(p, f"project root ({ROOT_DEFAULT}); it must hold corpus/")
    p.add_argument(
        "--init",
        action="store_true",
        help="start a new project: create corpus/documents/ and corpus/raw/ under the root",
    )
    table = p.add_argument_group("tables", "metadata for every row that has no column of its own for it")
    table.add_argument("--publisher", help="publisher name (a known publisher fills licence and rights)")
    table.add_argument("--rights-holder")
    table.add_argument("--licence", help="licence identifier, e.g. CC-BY-2.5")
    table.add_argument("--licence-url")
    table.add_argument("--redistributable", choices=("true", "false"))
    table.add_argument("--language", default="en", help="language code (default: en)")
    p.set_defaults(func=run)


def _defaults(args: argparse.Namespace) -> TableDefaults:
    flag = None if args.redistributable is None else args.redistributable == "true"
    return TableDefaults(
        publisher=args.publisher,
        rights_holder=args.rights_holder,
        licence=args.licence,
        licence_url=args.licence_url,
        redistributable=flag,
        language=args.language,
    )


def _progress(results, desc: str):
    from tqdm import tqdm

    return tqdm(results, desc=desc, unit="row", file=sys.stderr, disable=not sys.stderr.isatty())


def _report(result: IngestResult, where: Path | str, counts: Counter[str], verbose: bool) -> None:
    counts[result.status] += 1
    where = printable(str(where))  # a file name is data: one line, no control sequence
    if result.status == "skipped":
        print(f"skipped   {where}: {result.reason}")
    elif result.status == "duplicate":
        print(f"duplicate {where}: same text as document {result.duplicate_of}, not written")
    elif result.duplicate_of:
        print(f"{result.status} (already document {result.duplicate_of})  {where}")
    elif verbose:
        print(f"{result.status:9} {result.document_id}  {where}  ({result.removed_lines} raw lines removed)")


def run(args: argparse.Namespace) -> int:
    failed = 0
    counts: Counter[str] = Counter()
    for path in args.paths:
        if not path.is_file():
            print(f"newsgold ingest: {path}: no such file", file=sys.stderr)
            return 2
    root = args.root if args.root is not None else paths.project_root()
    problem = folder_problem(root)
    if problem:
        print(f"newsgold ingest: --root {problem}", file=sys.stderr)
        return 2
    if args.init:
        paths.documents_dir(root).mkdir(parents=True, exist_ok=True)
        paths.raw_dir(root).mkdir(parents=True, exist_ok=True)
    elif not paths.corpus_dir(root).is_dir():
        print(
            f"newsgold ingest: {root} is not a newsgold project (it has no corpus/ folder); "
            "check --root and $NEWSGOLD_ROOT, or give --init to start a project there",
            file=sys.stderr,
        )
        return 2
    index = raw_index(root)
    defaults = _defaults(args)
    for path in args.paths:
        try:
            if table_format(path):
                # a table is cleaned whole before any row is written: a bad row leaves the corpus as it was
                for result in _progress(ingest_table(path, root, defaults, index=index), path.name):
                    _report(result, result.source or path, counts, verbose=False)
            else:
                _report(ingest_page(path, root, index=index), path, counts, verbose=True)
        except CleaningError as exc:
            print(f"{printable(exc.location or str(path))}: error: {printable(exc.reason)}", file=sys.stderr)
            failed += 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing ingested"
    print(f"ingest: {summary}" + (f", {failed} failed" if failed else ""))
    return 1 if failed else 0
