"""``newsgold ls``: the Label Studio round trip (config, tasks, push, pull, import)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.bench.extractors import ExtractorError, load_extractor
from newsgold.bench.folders import read_checked_annotation
from newsgold.commands import folder_problem
from newsgold.corpus.version import VersionError, read_version
from newsgold.io import atomic_write_bytes, dumps, read_json
from newsgold.labelstudio import config as ls_config
from newsgold.labelstudio.client import ClientError, connect, credentials, pull, push
from newsgold.labelstudio.importer import ImportRefused, import_export
from newsgold.labelstudio.tasks import (
    NEW_CLUSTERS,
    Prediction,
    TaskError,
    build_tasks,
    comes_back_unchanged,
    gold_model_version,
    task_layout,
)
from newsgold.model import Annotation
from newsgold.paths import documents_dir, gold_dir, is_installed_package, is_safe_document_id, project_root
from newsgold.validate import format_findings
from newsgold.validate.load import load_annotation, load_corpus, load_document


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ls", help="Label Studio round trip: config, tasks, push, pull, import")
    ls = p.add_subparsers(dest="ls_command", required=True)

    c = ls.add_parser("config", help="print the labeling config generated from schema/labels.json")
    _layout_option(c, "the layout to print")
    mode = c.add_mutually_exclusive_group()
    mode.add_argument(
        "--write",
        action="store_true",
        help="write every layout's config: schema/labelstudio.xml (all), schema/labelstudio-LAYOUT.xml",
    )
    mode.add_argument(
        "--check", action="store_true", help="exit 1 if a committed config (of any layout) is stale"
    )
    c.set_defaults(func=run_config)

    t = ls.add_parser("tasks", help="write Label Studio tasks for documents")
    t.add_argument("documents", nargs="*", metavar="DOC_ID", help="document ids (default: all)")
    t.add_argument(
        "--gold",
        action="store_true",
        help="add the gold annotation, where one exists, as a prediction (model_version "
        "gold-<corpus version>): it pre-annotates the task and is nobody's annotation",
    )
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
    _layout_option(t, "the layout the tasks are for: they carry the layers it shows (default: all)")
    t.add_argument(
        "--new-clusters",
        type=int,
        default=NEW_CLUSTERS,
        metavar="N",
        help=f"new cluster ids offered in each task besides the existing ones (default {NEW_CLUSTERS})",
    )
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
            _layout_option(
                s,
                "the project's labeling page (default: the layout the tasks were made for)",
                default=None,
            )
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


def _layout_option(
    p: argparse.ArgumentParser, helptext: str, default: str | None = ls_config.DEFAULT_LAYOUT
) -> None:
    p.add_argument(
        "--layout",
        choices=ls_config.LAYOUTS,
        default=default,
        help=f"{helptext}. all: every layer, labels above the text; side: every layer, labels beside "
        "the text; entities, events, claims: one layer each, beside the text",
    )


def run_config(args: argparse.Namespace) -> int:
    if args.write and is_installed_package():
        where = ls_config.config_path().parent
        print(
            f"newsgold ls config: --write regenerates schema/ of a source checkout; {where} "
            "belongs to the installed package and is never written",
            file=sys.stderr,
        )
        return 2
    if not (args.write or args.check):
        sys.stdout.write(ls_config.generate(layout=args.layout))
        return 0
    stale = []
    for layout in ls_config.LAYOUTS:
        xml = ls_config.generate(layout=layout).encode("utf-8")
        path = ls_config.config_path(layout)
        if path.exists() and path.read_bytes() == xml:
            continue
        if args.write:
            atomic_write_bytes(path, xml)
            print(f"wrote {path}", file=sys.stderr)
        else:
            print(f"stale: {path} (run: newsgold ls config --write)", file=sys.stderr)
            stale.append(path)
    if stale:
        return 1
    if args.check:
        print(
            f"{', '.join(ls_config.filename(x) for x in ls_config.LAYOUTS)} are up to date with "
            "schema/labels.json",
            file=sys.stderr,
        )
    return 0


def run_tasks(args: argparse.Namespace) -> int:
    root = project_root()
    ids = args.documents or sorted(p.stem for p in documents_dir(root).glob("*.json"))
    docs = []
    for doc_id in ids:
        if not is_safe_document_id(doc_id):
            print(f"newsgold ls tasks: {doc_id!r} is not a document id", file=sys.stderr)
            return 2
        path = documents_dir(root) / f"{doc_id}.json"
        if not path.is_file():
            print(f"newsgold ls tasks: no document {doc_id!r} ({path})", file=sys.stderr)
            return 2
        docs.append(load_document(path))
    if args.predictions is not None and not args.predictions.is_dir():
        print(f"newsgold ls tasks: --predictions {args.predictions} is not a folder", file=sys.stderr)
        return 2
    if args.new_clusters < 0:
        print(f"newsgold ls tasks: --new-clusters {args.new_clusters} is negative", file=sys.stderr)
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
    gold_version = gold_model_version(_corpus_version(root))
    annotations: dict[str, list[Annotation]] = {d.id: [] for d in docs}
    predictions: dict[str, list[Prediction]] = {}
    for d in docs:
        for folder in sources:
            f = folder / f"{d.id}.json"
            if not f.is_file():
                continue
            ann = load_annotation(f, d)  # a damaged file stops here, named
            if folder == gold_dir(root):  # the gold is nobody's annotation: a prediction
                predictions.setdefault(d.id, []).append(Prediction(ann, gold_version))
            else:
                annotations[d.id].append(ann)
    if args.predictions is not None:
        findings = []
        for d in docs:
            f = args.predictions / f"{d.id}.json"
            if f.is_file():
                checked, found = read_checked_annotation(f, d)
                findings += found
                if checked is not None:
                    predictions.setdefault(d.id, []).append(
                        Prediction(checked, args.model_version or checked.annotator, args.score)
                    )
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
        tasks = build_tasks(
            docs, annotations, predictions, layout=args.layout, new_clusters=args.new_clusters
        )
    except TaskError as e:
        print(f"newsgold ls tasks: {e}", file=sys.stderr)
        return 1
    by_id = {d.id: d for d in docs}
    layers = ls_config.CARRIES[args.layout]
    for doc_id, anns in annotations.items():
        gold = [p.annotation for p in predictions.get(doc_id, ()) if p.model_version == gold_version]
        for ann in [*anns, *gold]:
            if not comes_back_unchanged(ann, by_id[doc_id], layers):
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
    print(
        f"{len(tasks)} task(s) for layout {args.layout}, {n_ann} annotation(s), {n_pred} prediction(s)",
        file=sys.stderr,
    )
    return 0


def _corpus_version(root: Path) -> str | None:
    try:
        return read_version(root).corpus_version
    except (VersionError, OSError, ValueError):
        return None


def run_push(args: argparse.Namespace) -> int:
    try:
        tasks = read_json(args.tasks)
    except (OSError, ValueError) as e:
        print(f"newsgold ls push: cannot read {args.tasks}: {e}", file=sys.stderr)
        return 2
    if not isinstance(tasks, list) or not all(isinstance(t, dict) for t in tasks):
        print(f"newsgold ls push: {args.tasks} is not a list of tasks", file=sys.stderr)
        return 2
    made_for = {task_layout(t) or ls_config.DEFAULT_LAYOUT for t in tasks}
    if args.layout is None and len(made_for) > 1:
        print(
            f"newsgold ls push: {args.tasks} holds tasks made for layouts {', '.join(sorted(made_for))}: "
            "push each layout's tasks to a project of its own",
            file=sys.stderr,
        )
        return 2
    layout: str = args.layout or next(iter(made_for), ls_config.DEFAULT_LAYOUT)
    wrong = sorted(x for x in made_for if ls_config.CARRIES.get(x) != ls_config.CARRIES[layout])
    if wrong:
        print(
            f"newsgold ls push: {args.tasks} holds tasks made for layout {', '.join(wrong)}, which carries "
            f"other layers than --layout {layout}: make them with newsgold ls tasks --layout {layout}",
            file=sys.stderr,
        )
        return 2
    url: str | None = None
    try:
        url, token = credentials(args.url, args.token)
        result = push(
            connect(url, token), args.project, tasks, ls_config.generate(layout=layout), layout=layout
        )
    except ClientError as e:
        print(f"newsgold ls push: {_at(e, url)}", file=sys.stderr)
        return 1
    completed = f", {result.tasks_completed} given new data keys" if result.tasks_completed else ""
    print(
        f"project {result.project_id} ({'created' if result.created else 'updated'}, layout {layout}): "
        f"{result.tasks_imported} task(s) imported, {result.tasks_kept} already there{completed}, "
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
    for folder, account in sorted(report.folders.items()):
        print(f"Label Studio {account} -> annotator folder {folder}", file=sys.stderr)
    for path in report.written:
        print(f"wrote {path}", file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 1 if report.errors else 0
