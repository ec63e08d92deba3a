"""``newsgold adjudicate A B [C...]``: merge annotator files into gold, recording every decision."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.adjudicate import (
    AdjudicationError,
    DecisionError,
    adjudicate,
    adjudicator_of,
    parse_decisions,
    render_log,
    template,
)
from newsgold.io import (
    atomic_write_bytes,
    dumps,
    read_json,
    sha256_file,
    write_together,
)
from newsgold.paths import documents_dir, gold_dir, is_safe_document_id, project_root
from newsgold.validate import check_annotation, format_findings
from newsgold.validate.load import InvalidFileError, load_annotation, load_document


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "adjudicate", help="merge annotator files of one document into gold, with a decision log"
    )
    p.add_argument("inputs", nargs="+", type=Path, metavar="ANNOTATION", help="two or more annotation files")
    p.add_argument("--decisions", type=Path, help="decisions file (JSON) for the disagreements")
    p.add_argument("--out", type=Path, help="gold folder (default: annotations/gold)")
    p.add_argument("--log", type=Path, help="decision record (default: annotations/adjudication/<doc>.md)")
    p.add_argument("--replace", action="store_true", help="replace an existing gold file (the log says so)")
    p.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="write a decisions file listing every disagreement (choose: null) and stop",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if len(args.inputs) < 2:
        print("newsgold adjudicate: give at least two annotation files", file=sys.stderr)
        return 2
    root = project_root()
    anns = []
    for path in args.inputs:
        if not path.is_file():
            print(f"newsgold adjudicate: cannot read {path}: no such file", file=sys.stderr)
            return 2
        try:
            anns.append(load_annotation(path))
        except InvalidFileError as e:
            print(f"newsgold adjudicate: {e}; run `newsgold validate` on it", file=sys.stderr)
            return 2
    doc_id = anns[0].document_id
    if not is_safe_document_id(doc_id):  # it names the gold file and the log: never a path elsewhere
        print(
            f"newsgold adjudicate: {args.inputs[0]}: document_id {doc_id!r} is not a document id; "
            "nothing written",
            file=sys.stderr,
        )
        return 1
    decisions = {}
    if args.decisions is not None:
        try:
            raw = read_json(args.decisions)
        except OSError as e:
            print(f"newsgold adjudicate: cannot read {args.decisions}: {e.strerror or e}", file=sys.stderr)
            return 2
        except ValueError as e:
            print(f"newsgold adjudicate: {args.decisions} is not JSON: {e}", file=sys.stderr)
            return 2
    try:
        if args.decisions is not None:
            decisions = parse_decisions(raw, doc_id)
        outcome = adjudicate(anns, decisions)
        if args.decisions is not None:
            outcome.adjudicator = adjudicator_of(raw)
    except DecisionError as e:
        print(f"newsgold adjudicate: {args.decisions}: {e}", file=sys.stderr)
        return 1
    except (AdjudicationError, ValueError) as e:
        where = (
            f"{args.decisions}: "
            if args.decisions is not None and not isinstance(e, AdjudicationError)
            else ""
        )
        print(f"newsgold adjudicate: {where}{e}", file=sys.stderr)
        return 1 if isinstance(e, AdjudicationError) else 2
    if args.template is not None:
        try:
            atomic_write_bytes(args.template, dumps(template(outcome)))
        except OSError as e:
            print(f"newsgold adjudicate: cannot write {args.template}: {e.strerror or e}", file=sys.stderr)
            return 2
        print(
            f"wrote {args.template}: {len(outcome.disagreements)} disagreement(s) to decide", file=sys.stderr
        )
        return 0
    if outcome.unused_decisions:
        print(
            f"newsgold adjudicate: {args.decisions}: decisions for items that are neither a disagreement "
            f"nor a correction: {', '.join(outcome.unused_decisions)}; nothing written",
            file=sys.stderr,
        )
        return 1
    if outcome.undecided:
        print(
            f"newsgold adjudicate: {len(outcome.undecided)} disagreement(s) without a decision; "
            "nothing written "
            "(write a decisions file; --template lists them):",
            file=sys.stderr,
        )
        for d in outcome.undecided:
            present = ", ".join(n for n, v in d.versions.items() if v is not None)
            print(f"  {d.key}  (in: {present})", file=sys.stderr)
        return 1
    assert outcome.merged is not None
    target = (args.out or gold_dir(root)) / f"{doc_id}.json"
    if target.exists() and not args.replace:
        print(f"newsgold adjudicate: {target} exists; give --replace to replace it", file=sys.stderr)
        return 1
    doc_path = documents_dir(root) / f"{doc_id}.json"
    if not doc_path.is_file():
        print(f"newsgold adjudicate: no document {doc_id!r} ({doc_path})", file=sys.stderr)
        return 1
    findings = check_annotation(outcome.merged.to_dict(), load_document(doc_path), file=str(target))
    if any(f.severity == "error" for f in findings):
        print(format_findings(findings), file=sys.stderr)
        print(
            "newsgold adjudicate: the merged annotation does not validate; nothing written", file=sys.stderr
        )
        return 1
    log = args.log or root / "annotations" / "adjudication" / f"{doc_id}.md"
    inputs = [(a.annotator, sha256_file(p)) for a, p in zip(anns, args.inputs, strict=True)]
    text = render_log(
        outcome,
        inputs,
        None if args.decisions is None else str(args.decisions),
        _shown(target, root),
        replaced=target.exists(),
    )
    try:
        write_together([(log, text.encode("utf-8")), (target, dumps(outcome.merged.to_dict()))])
    except OSError as e:
        print(
            f"newsgold adjudicate: cannot write {e.filename}: {e.strerror or e}; neither the gold nor the "
            "record was written",
            file=sys.stderr,
        )
        return 2
    print(
        f"wrote {target} ({len(outcome.agreed)} agreed, {len(outcome.disagreements)} decided, "
        f"{len(outcome.corrections)} corrected) and {log}"
    )
    return 0


def _shown(path: Path, root: Path) -> str:
    """``path`` relative to the project root when it lies inside it, so the log is portable."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
