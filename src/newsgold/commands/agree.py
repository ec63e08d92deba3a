"""``newsgold agree [DIR_A DIR_B]``: inter-annotator agreement, with the benchmark scorer.

Without folders, the two independent passes of every document of the project annotated twice
(``annotations/annotators/*/<doc_id>.json``, paired per document); with two folders, annotator A
against annotator B."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import orjson

from newsgold import paths
from newsgold.bench.agreement import agreement
from newsgold.bench.folders import read_folder, read_passes
from newsgold.commands import add_root_argument
from newsgold.labelstudio.importer import export_to_folders
from newsgold.model import Document
from newsgold.paths import documents_dir
from newsgold.release.datasheet import DatasheetError, guideline_sources, in_group
from newsgold.validate import format_findings
from newsgold.validate.load import load_document


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agree",
        help="inter-annotator agreement of the two passes of every document, or of two folders",
        description="Without DIR_A and DIR_B: agreement of the two independent passes of every document "
        "annotated twice under annotations/annotators/ (passes paired per document: the annotator whose "
        "folder name sorts first is the reference). With them: annotator A against annotator B; a "
        "document only one of them annotated counts as empty for the other. F1 is symmetric. Every file "
        "is first validated against its document, as 'newsgold validate' does; with any error, no "
        "agreement is computed (exit 1).",
        epilog="examples:\n  newsgold agree\n  newsgold agree --documents held-out --format markdown\n"
        "  newsgold agree annotations/annotators/annotator-a annotations/annotators/annotator-b",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "dir_a",
        type=Path,
        nargs="?",
        metavar="DIR_A",
        help="annotation folder of annotator A (<doc_id>.json)",
    )
    p.add_argument("dir_b", type=Path, nargs="?", metavar="DIR_B", help="annotation folder of annotator B")
    add_root_argument(p)
    p.add_argument(
        "--documents",
        choices=("all", "held-out", "examples"),
        default="all",
        help="which documents: all, held-out (those that supplied no example to the guidelines, "
        "annotations/guideline-sources.json) or examples (those that did)",
    )
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


DocumentLoader = Callable[[str], Document | None]


def _document_loader(root: Path | None = None) -> tuple[dict[str, Document], DocumentLoader]:
    cache: dict[str, Document] = {}

    def load(doc_id: str) -> Document | None:
        if doc_id not in cache:
            path = documents_dir(root) / f"{doc_id}.json"
            if not path.is_file():
                return None
            cache[doc_id] = load_document(path)  # a damaged document stops the run, named
        return cache[doc_id]

    return cache, load


def run(args: argparse.Namespace) -> int:
    # --- Label Studio export (newsgold.labelstudio) -------------------------------------------------
    if getattr(args, "label_studio", None) is not None:
        import tempfile

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
    if args.dir_a is None or args.dir_b is None:
        if args.dir_a is not None:
            print("newsgold agree: give two folders (DIR_A DIR_B) or none", file=sys.stderr)
            return 2
        return _run_passes(args)
    for d in (args.dir_a, args.dir_b):
        if not d.is_dir():
            print(f"newsgold agree: {d}: not a folder", file=sys.stderr)
            return 2

    cache, load = _document_loader(args.root)
    a, fa = read_folder(args.dir_a, load)
    b, fb = read_folder(args.dir_b, load)
    findings = fa + fb
    if _report_findings(findings):
        return 1
    documents = {d: cache[d] for d in sorted(set(a) | set(b))}
    if not documents:
        print(
            f"newsgold agree: no annotation files (<doc_id>.json) in {args.dir_a} or {args.dir_b}",
            file=sys.stderr,
        )
        return 1
    keep = _group_filter(args.documents, paths.project_root() if args.root is None else args.root)
    if keep is None:
        return 2
    a = {d: v for d, v in a.items() if keep(d)}
    b = {d: v for d, v in b.items() if keep(d)}
    documents = {d: doc for d, doc in documents.items() if keep(d)}
    report = agreement(a, b, documents)
    _print(report, args.format)
    one_sided = report.only_in_a + report.only_in_b
    print(
        f"agreement over {len(report.documents)} document(s); {len(one_sided)} annotated by one side only; "
        f"{len(findings)} warning(s)",
        file=sys.stderr,
    )
    return 1 if one_sided else 0


def _group_filter(group: str, root: Path) -> Callable[[str], bool] | None:
    try:
        sources = guideline_sources(root)
    except (DatasheetError, ValueError) as exc:
        print(f"newsgold agree: {exc}", file=sys.stderr)
        return None
    return lambda doc_id: in_group(doc_id, group, sources)


def _report_findings(findings: list) -> bool:  # type: ignore[type-arg]
    """Print the findings of the annotation files; True when any is an error (no agreement then)."""
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
    return bool(errors)


def _run_passes(args: argparse.Namespace) -> int:
    root = paths.project_root() if args.root is None else args.root
    annotators = root / "annotations" / "annotators"
    if not annotators.is_dir():
        print(f"newsgold agree: {annotators}: not a folder (is {root} a newsgold project?)", file=sys.stderr)
        return 2
    keep = _group_filter(args.documents, root)
    if keep is None:
        return 2
    cache, load = _document_loader(root)
    passes = read_passes(annotators, load)
    if _report_findings(passes.findings):
        return 1
    ids = [d for d in passes.first if keep(d)]
    if not ids:
        print(f"newsgold agree: no document with two annotation passes ({args.documents})", file=sys.stderr)
        return 1
    report = agreement(
        {d: passes.first[d] for d in ids}, {d: passes.second[d] for d in ids}, {d: cache[d] for d in ids}
    )
    _print(report, args.format)
    single = [d for d in passes.single if keep(d)]
    print(
        f"agreement over {len(ids)} document(s) with two passes; {len(single)} with one pass only"
        + (f" ({', '.join(single[:5])}{' ...' if len(single) > 5 else ''})" if single else "")
        + (f"; {len(passes.extra)} with more than two (first two by name used)" if passes.extra else ""),
        file=sys.stderr,
    )
    return 0


def _print(report, fmt: str) -> None:  # type: ignore[no-untyped-def]
    if fmt == "json":
        print(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode())
    elif fmt == "markdown":
        print(report.format_markdown(), end="")
    else:
        print(report.format_human())
