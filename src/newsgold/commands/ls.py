"""``newsgold ls``: the Label Studio round trip (config, tasks, push, pull, import)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.bench.extractors import ExtractorError, load_extractor
from newsgold.bench.folders import read_checked_annotation
from newsgold.commands import folder_problem
from newsgold.io import atomic_write_bytes, dumps, read_json
from newsgold.labelstudio import config as ls_config
from newsgold.labelstudio.client import ClientError, connect, credentials, pull, push
from newsgold.labelstudio.importer import ImportRefused, import_export
from newsgold.labelstudio.tasks import Prediction, TaskError, build_tasks, comes_back_unchanged
from newsgold.model import Annotation
from newsgold.paths import documents_dir, gold_dir, project_root
from newsgold.validate import format_findings
from newsgold.validate.load import load_annotation, load_corpus, load_document


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ls", help="Label Studio round trip: config, tasks, push, pull, import")
    ls = p.add_subparsers(dest="ls_command", required=True)

    c = ls.add_parser("config", help="print the labeling config generated from schema/labels.json")
    mode = c.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write it to schema/labelstudio.xml")
    mode.add_argument("--check", action="store_true", help="exit 1 if schema/labelstudio.xml is stale")
    c.set_defaults(func=run_config)

    t = ls.add_parser("tasks", help="write Label Studio tasks for documents")
    t.add_argument("documents", nargs="*", metavar="DOC_ID", help="document ids (default: all)")
    t.add_argument("--gold", action="store_true", help="add the gold annotation, where one exists")
    t.add_argument(
        "--annotator",
        action="append",
        default=[],
        metavar="NAME",
        help="add annotations/annotators/NAME/<doc>.json, where it exists (repeatable)",
    )
    t.add_argument(
        "--predictions",
        type=Path,
        metavar="DIR",
        help="add DIR/<doc>.json (an extractor's output, annotation files) as predictions",
    )
    t.add_argument(
        "--extractor",
        metavar="SPEC",
        help="run an extractor (a built-in name such as 'baseline', or module:callable) and add its "
        "output as predictions",
    )
    t.add_argument(
        "--model-version",
        help="model_version of the predictions (default: the extractor's name-version, or the files' "
        "annotator)",
    )
    t.add_argument("--score", type=float, help="score of each prediction")
    t.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    t.set_defaults(func=run_tasks)

    for name, helptext in (
        ("push", "create or update a project and import tasks"),
        ("pull", "export a project in full (annotations and predictions)"),
    ):
        s = ls.add_parser(name, help=helptext)
        s.add_argument("--url", help="server URL (default: $LABEL_STUDIO_URL)")
        s.add_argument("--token", help="API token (default: $LABEL_STUDIO_API_KEY; never printed)")
        s.add_argument("--project", required=True, help="project title (pull: title or id)")
        if name == "push":
            s.add_argument("tasks", type=Path, help="tasks file written by newsgold ls tasks")
            s.set_defaults(func=run_push)
        else:
            s.add_argument("-o", "--output", type=Path, required=True, help="export file to write")
            s.set_defaults(func=run_pull)

    i = ls.add_parser("import", help="convert a Label Studio JSON export into annotator files, checking it")
    i.add_argument("export", type=Path)
    i.add_argument("--out", type=Path, help="folder for annotator files (default: annotations/annotators)")
    i.add_argument(
        "--predictions-out",
        type=Path,
        metavar="DIR",
        help="also convert predictions, into DIR/<model_version>/<doc>.json",
    )
    i.add_argument("--check", action="store_true", help="check only; write nothing")
    i.add_argument("--format", choices=("human", "json"), default="human")
    i.set_defaults(func=run_import)


def run_config(args: argparse.Namespace) -> int:
    xml = ls_config.generate().encode("utf-8")
    path = ls_config.config_path()
    if args.write:
        if not path.exists() or path.read_bytes() != xml:
            atomic_write_bytes(path, xml)
            print(f"wrote {path}", file=sys.stderr)
        return 0
    if args.check:
        if not path.exists() or path.read_bytes() != xml:
            print(f"stale: {path} (run: newsgold ls config --write)", file=sys.stderr)
            return 1
        print(f"{path.name} is up to date with schema/labels.json", file=sys.stderr)
        return 0
    sys.stdout.write(xml.decode("utf-8"))
    return 0


def run_tasks(args: argparse.Namespace) -> int:
    root = project_root()
    ids = args.documents or sorted(p.stem for p in documents_dir(root).glob("*.json"))
    docs = []
    for doc_id in ids:
        path = documents_dir(root) / f"{doc_id}.json"
        if not path.is_file():
            print(f"newsgold ls tasks: no document {doc_id!r} ({path})", file=sys.stderr)
            return 2
        docs.append(load_document(path))
    if args.predictions is not None and not args.predictions.is_dir():
        print(f"newsgold ls tasks: --predictions {args.predictions} is not a folder", file=sys.stderr)
        return 2
    for name in args.annotator:
        folder = root / "annotations" / "annotators" / name
        if not any((folder / f"{d.id}.json").is_file() for d in docs):
            print(
                f"newsgold ls tasks: warning: annotator {name!r} has no file for the "
                f"{len(docs)} document(s) asked for in {folder}; nothing written "
                "(check the name, or leave out --annotator)",
                file=sys.stderr,
            )
            return 1
    sources = ([gold_dir(root)] if args.gold else []) + [
        root / "annotations" / "annotators" / name for name in args.annotator
    ]
    annotations: dict[str, list[Annotation]] = {d.id: [] for d in docs}
    for d in docs:
        for folder in sources:
            f = folder / f"{d.id}.json"
            if f.is_file():
                annotations[d.id].append(load_annotation(f, d))  # a damaged file stops here, named
    predictions: dict[str, list[Prediction]] = {}
    if args.predictions is not None:
        findings = []
        for d in docs:
            f = args.predictions / f"{d.id}.json"
            if f.is_file():
                ann, found = read_checked_annotation(f, d)
                findings += found
                if ann is not None:
                    predictions[d.id] = [Prediction(ann, args.model_version or ann.annotator, args.score)]
        if findings:
            print(format_findings(findings), file=sys.stderr)
        errors = sum(1 for f in findings if f.severity == "error")
        if errors:
            print(
                f"newsgold ls tasks: {errors} error(s) in the predictions in {args.predictions}; "
                "nothing written",
                file=sys.stderr,
            )
            return 1
    if args.extractor is not None:
        try:
            extractor = load_extractor(args.extractor, list(load_corpus(root)))
        except ExtractorError as e:
            print(f"newsgold ls tasks: {e}", file=sys.stderr)
            return 2
        version = args.model_version or f"{extractor.name}-{extractor.version}"
        for d in docs:
            predictions.setdefault(d.id, []).append(Prediction(extractor(d), version, args.score))
    try:
        tasks = build_tasks(docs, annotations, predictions)
    except TaskError as e:
        print(f"newsgold ls tasks: {e}", file=sys.stderr)
        return 1
    by_id = {d.id: d for d in docs}
    for doc_id, anns in annotations.items():
        for ann in anns:
            if not comes_back_unchanged(ann, by_id[doc_id]):
                print(
                    f"newsgold ls tasks: warning: {ann.annotator}'s annotation of {doc_id} will come back "
                    "in normalised order (cluster members, event arguments)",
                    file=sys.stderr,
                )
    data = dumps(tasks)
    if args.output:
        try:
            atomic_write_bytes(args.output, data)
        except OSError as e:
            print(f"newsgold ls tasks: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
            return 2
    else:
        sys.stdout.buffer.write(data)
    n_ann = sum(len(t.get("annotations", [])) for t in tasks)
    n_pred = sum(len(t.get("predictions", [])) for t in tasks)
    print(f"{len(tasks)} task(s), {n_ann} annotation(s), {n_pred} prediction(s)", file=sys.stderr)
    return 0


def run_push(args: argparse.Namespace) -> int:
    try:
        tasks = read_json(args.tasks)
    except (OSError, ValueError) as e:
        print(f"newsgold ls push: cannot read {args.tasks}: {e}", file=sys.stderr)
        return 2
    if not isinstance(tasks, list):
        print(f"newsgold ls push: {args.tasks} is not a list of tasks", file=sys.stderr)
        return 2
    url: str | None = None
    try:
        url, token = credentials(args.url, args.token)
        result = push(connect(url, token), args.project, tasks, ls_config.generate())
    except ClientError as e:
        print(f"newsgold ls push: {_at(e, url)}", file=sys.stderr)
        return 1
    print(
        f"project {result.project_id} ({'created' if result.created else 'updated'}): "
        f"{result.tasks_imported} task(s) imported, {result.tasks_kept} already there, "
        f"{result.predictions_added} prediction(s) added"
    )
    return 0


def run_pull(args: argparse.Namespace) -> int:
    problem = "a folder" if args.output.is_dir() else folder_problem(args.output.parent)
    if problem:  # before the export is made, not after
        print(f"newsgold ls pull: --output {args.output}: cannot be written ({problem})", file=sys.stderr)
        return 2
    url: str | None = None
    try:
        url, token = credentials(args.url, args.token)
        export = pull(connect(url, token), args.project)
    except ClientError as e:
        print(f"newsgold ls pull: {_at(e, url)}", file=sys.stderr)
        return 1
    try:
        atomic_write_bytes(args.output, dumps(export))
    except OSError as e:
        print(f"newsgold ls pull: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
        return 2
    n_ann = sum(len(t.get("annotations", [])) for t in export)
    n_pred = sum(len(t.get("predictions", [])) for t in export)
    print(f"wrote {args.output}: {len(export)} task(s), {n_ann} annotation(s), {n_pred} prediction(s)")
    return 0


def _at(error: Exception, url: str | None) -> str:
    """A client error with the server it concerns (the URL only: the token is never shown)."""
    return f"{error} (server {url})" if url else str(error)


def run_import(args: argparse.Namespace) -> int:
    for option, folder in (("--out", args.out), ("--predictions-out", args.predictions_out)):
        problem = None if folder is None else folder_problem(folder)
        if problem:
            print(f"newsgold ls import: {option} {problem}", file=sys.stderr)
            return 2
    try:
        report = import_export(
            args.export, out=args.out, predictions_out=args.predictions_out, write=not args.check
        )
    except ImportRefused as e:
        print(f"newsgold ls import: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"newsgold ls import: cannot write {e.filename}: {e.strerror or e}", file=sys.stderr)
        return 2
    if report.findings or args.format == "json":
        print(format_findings(report.findings, fmt=args.format))
    for path in report.written:
        print(f"wrote {path}", file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 1 if report.errors else 0
