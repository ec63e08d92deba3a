"""``newsgold agree DIR_A DIR_B``: agreement between two annotation folders, with the benchmark scorer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from newsgold.bench.agreement import agreement
from newsgold.corpus import document_paths
from newsgold.io import read_annotation, read_document
from newsgold.model import Annotation


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agree",
        help="inter-annotator agreement between two annotation folders",
        description="Agreement of annotators A and B (A is the reference; F1 is symmetric). "
        "A document only one of them annotated counts as empty for the other.",
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
        "`newsgold ls import`",
    )
    p.set_defaults(func=run)


def _read_folder(folder: Path) -> tuple[dict[str, Annotation], list[str]]:
    out: dict[str, Annotation] = {}
    problems = []
    for path in sorted(folder.glob("*.json")):
        try:
            out[path.stem] = read_annotation(path)
        except (ValueError, KeyError, TypeError) as e:
            problems.append(
                f"{path}: cannot be read as an annotation ({type(e).__name__}: {e}); "
                "run `newsgold validate` on it"
            )
    return out, problems


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
    a, pa = _read_folder(args.dir_a)
    b, pb = _read_folder(args.dir_b)
    documents = {p.stem: read_document(p) for p in document_paths() if p.stem in a or p.stem in b}
    unknown = sorted((set(a) | set(b)) - set(documents))
    problems = pa + pb + [f"{d}: no such document in the corpus (ignored)" for d in unknown]
    for line in problems:
        print(f"newsgold agree: {line}", file=sys.stderr)
    if not documents:
        print("newsgold agree: no annotated corpus documents in either folder", file=sys.stderr)
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
        f"{len(problems)} problem(s)",
        file=sys.stderr,
    )
    return 1 if problems or one_sided else 0
