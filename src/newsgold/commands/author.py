"""``newsgold author SPEC...``: compile text-anchored YAML specs into checked annotation files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold import paths
from newsgold.authoring import SpecError, compile_spec, read_spec
from newsgold.commands import add_root_argument, folder_problem
from newsgold.io import write_annotation
from newsgold.paths import is_safe_document_id
from newsgold.validate import check_annotation, format_findings
from newsgold.validate.load import InvalidFileError, load_document

EXAMPLE = """example:
  newsgold author my-specs/hundreds-dead-in-hajj-stampede-38b877b6.yaml
      writes annotations/annotators/<annotator>/<document>.json when it validates
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "author",
        help="compile text-anchored YAML annotation specs into annotation files",
        description="Compile annotation specs written by hand (spans named by their text, see "
        "newsgold.authoring) into annotation files with offsets and ids, check them against their "
        "document, and write each one that has no error finding. Exit codes: 0 all written clean, "
        "1 a spec failed or has findings, 2 usage error.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("specs", nargs="+", type=Path, metavar="SPEC")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to write into (default: annotations/annotators/<annotator>/ of the root)",
    )
    add_root_argument(p)
    p.add_argument("--check", action="store_true", help="compile and check only; write nothing")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = args.root if args.root is not None else paths.project_root()
    if not paths.documents_dir(root).is_dir():
        print(f"newsgold author: {root} is not a newsgold project (no corpus/documents/)", file=sys.stderr)
        return 2
    problem = None if args.out is None else folder_problem(args.out)
    if problem:
        print(f"newsgold author: --out {problem}", file=sys.stderr)
        return 2
    failed = 0
    for spec_path in args.specs:
        try:
            spec = read_spec(spec_path)
            doc_id = spec.get("document")
            annotator = spec.get("annotator")
            if not is_safe_document_id(doc_id) or not is_safe_document_id(annotator):
                raise SpecError(
                    "document", f"document {doc_id!r} and annotator {annotator!r} must be safe ids"
                )
            doc_path = paths.documents_dir(root) / f"{doc_id}.json"
            if not doc_path.is_file():
                raise SpecError("document", f"no document {doc_id} (no file {doc_path})")
            document = load_document(doc_path, schema_only=True)  # the spans are checked below
            annotation = compile_spec(spec, document)
        except SpecError as exc:
            print(f"{spec_path}: {exc.where}: error: {exc.reason}", file=sys.stderr)
            failed += 1
            continue
        except InvalidFileError as exc:
            print(f"{spec_path}: document: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        out_dir = args.out if args.out is not None else paths.annotators_dir(root) / str(annotator)
        out = out_dir / f"{doc_id}.json"
        findings = check_annotation(annotation.to_dict(), document, str(out))
        if findings:
            print(format_findings(findings), file=sys.stderr)
        if any(f.severity == "error" for f in findings):
            print(f"{spec_path}: not written ({len(findings)} findings)", file=sys.stderr)
            failed += 1
            continue
        if not args.check:
            try:
                write_annotation(out, annotation)
            except OSError as exc:
                print(f"{spec_path}: error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
                failed += 1
                continue
        print(
            f"{'checked' if args.check else 'wrote'} {out}: {len(annotation.mentions)} mentions, "
            f"{len(annotation.clusters)} clusters, {len(annotation.events)} events, "
            f"{len(annotation.claims)} claims" + (f", {len(findings)} warnings" if findings else "")
        )
    return 1 if failed else 0
