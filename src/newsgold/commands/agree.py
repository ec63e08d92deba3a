"""``newsgold agree DIR_A DIR_B``: agreement between two annotation folders, with the benchmark scorer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import orjson

from newsgold.bench.agreement import agreement
from newsgold.bench.folders import read_folder
from newsgold.io import read_document
from newsgold.model import Document
from newsgold.paths import documents_dir


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agree",
        help="inter-annotator agreement between two annotation folders",
        description="Agreement of annotators A and B (A is the reference; F1 is symmetric). "
        "A document only one of them annotated counts as empty for the other. Every file is first "
        "validated against its document, as 'newsgold validate' does; with any error, no agreement "
        "is computed (exit 1).",
    )
    p.add_argument(
        "dir_a", type=Path, metavar="DIR_A", help="annotation folder of annotator A (<doc_id>.json)"
    )
    p.add_argument("dir_b", type=Path, metavar="DIR_B", help="annotation folder of annotator B")
    p.add_argument("--format", choices=("human", "json", "markdown"), default="human")
    # Label Studio export (newsgold.labelstudio): DIR_A and DIR_B name two annotators of the export.
    p.add_argument(
        "--label-studio",
        type=Path,
        metavar="EXPORT",
        help="read A and B from a Label Studio JSON export: DIR_A and DIR_B are then two "
        "annotators (e-mail or name) of that export, converted and checked as by "
        "newsgold ls import",
    )
    p.set_defaults(func=run)


def _document_loader() -> tuple[dict[str, Document], Callable[[str], Document | None]]:
    cache: dict[str, Document] = {}

    def load(doc_id: str) -> Document | None:
        if doc_id not in cache:
            path = documents_dir() / f"{doc_id}.json"
            if not path.is_file():
                return None
            try:
                cache[doc_id] = read_document(path)
            except (OSError, ValueError, KeyError, TypeError):
                return None  # reported as unpaired; `newsgold validate` says what is wrong with it
        return cache[doc_id]

    return cache, load


def run(args: argparse.Namespace) -> int:
    # --- Label Studio export (newsgold.labelstudio) -------------------------------------------------
    if getattr(args, "label_studio", None) is not None:
        import tempfile

        from newsgold.labelstudio.importer import export_to_folders
        from newsgold.validate import format_findings

        with tempfile.TemporaryDirectory(prefix="newsgold-agree-") as tmp:
            pair = (str(args.dir_a), str(args.dir_b))
            code, dirs, findings, message = export_to_folders(args.label_studio, pair, Path(tmp))
            if findings:
                print(format_findings(findings), file=sys.stderr)
            if dirs is None:
                print(f"newsgold agree: {message}", file=sys.stderr)
                return code
            return int(
                run(
                    argparse.Namespace(
                        **{**vars(args), "label_studio": None, "dir_a": dirs[0], "dir_b": dirs[1]}
                    )
                )
            )
    # ------------------------------------------------------------------------------------------------
    for d in (args.dir_a, args.dir_b):
        if not d.is_dir():
            print(f"newsgold agree: {d}: not a folder", file=sys.stderr)
            return 2
    from newsgold.validate import format_findings

    cache, load = _document_loader()
    a, fa = read_folder(args.dir_a, load)
    b, fb = read_folder(args.dir_b, load)
    findings = fa + fb
    if findings:
        print(format_findings(findings), file=sys.stderr)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        files = len({f.file for f in errors})
        print(
            f"newsgold agree: {len(errors)} error(s) in {files} file(s); no agreement computed "
            "(figures over a subset of the files would mislead). Fix the files and run again.",
            file=sys.stderr,
        )
        return 1
    documents = {d: cache[d] for d in sorted(set(a) | set(b))}
    if not documents:
        print(
            f"newsgold agree: no annotation files (<doc_id>.json) in {args.dir_a} or {args.dir_b}",
            file=sys.stderr,
        )
        return 1
    report = agreement(a, b, documents)
    if args.format == "json":
        print(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode())
    elif args.format == "markdown":
        print(report.format_markdown(), end="")
    else:
        print(report.format_human())
    one_sided = report.only_in_a + report.only_in_b
    print(
        f"agreement over {len(report.documents)} document(s); {len(one_sided)} annotated by one side only; "
        f"{len(findings)} warning(s)",
        file=sys.stderr,
    )
    return 1 if one_sided else 0
