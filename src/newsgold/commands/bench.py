"""``newsgold bench``: score an extractor or a predictions file on the gold of one split."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.bench.claims import ClaimSettings
from newsgold.bench.entities import EntitySettings
from newsgold.bench.events import TRIGGER_MATCHES, EventSettings
from newsgold.bench.extractors import REGISTRY, load_extractor
from newsgold.bench.predictions import read_predictions
from newsgold.bench.report import format_markdown, format_table, headline_rows
from newsgold.bench.run import (
    TaskError,
    benchmark,
    check_report,
    checked_tasks,
    choose_tasks,
    load_gold,
    report_stem,
    run_extractor,
    source_for_extractor,
    source_for_file,
    training_data,
    training_notes,
)
from newsgold.bench.scorer import TASKS, Settings
from newsgold.io import atomic_write_bytes, dumps, read_json
from newsgold.labels import inventory


def register(sub: argparse._SubParsersAction) -> None:
    inv = inventory()
    p = sub.add_parser(
        "bench",
        help="score an extractor or a predictions file against the gold",
        description="Score an extractor or a JSON Lines predictions file against the gold of one "
        "split; print a table and write JSON and Markdown reports. Registered "
        "extractors: " + "; ".join(f"{k} ({v[1]})" for k, v in REGISTRY.items()),
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--predictions", type=Path, metavar="FILE.jsonl", help="one annotation object per line")
    src.add_argument(
        "--extractor", metavar="NAME|module:callable", help="a registered name or module:callable"
    )
    p.add_argument(
        "--split", default=inv.splits[-1], choices=inv.splits, help="split to score (default: %(default)s)"
    )
    p.add_argument(
        "--gold", type=Path, metavar="DIR", help="gold annotation folder (default: annotations/gold)"
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("bench-reports"),
        metavar="DIR",
        help="where to write NAME.json and NAME.md (default: %(default)s)",
    )
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap replicates (0: none)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default: %(default)s)")
    p.add_argument(
        "--unit",
        choices=("auto", "document", "paragraph"),
        default="auto",
        help="bootstrap resampling unit (auto: documents, or paragraphs below 10 documents)",
    )
    p.add_argument(
        "--compare",
        type=Path,
        metavar="OTHER_REPORT.json",
        help="paired bootstrap comparison with an earlier report on the same gold",
    )
    p.add_argument(
        "--tasks",
        metavar="TASK[,TASK]",
        help=f"tasks to score, any of {', '.join(TASKS)} (default: those whose layers the "
        "predictions have; a task not scored shows no figures)",
    )
    p.add_argument(
        "--kinds",
        default=",".join(sorted(inv.flat_kinds)),
        metavar="KIND[,KIND]",
        help="mention kinds scored for entities (default: %(default)s, the OntoNotes NER layer; "
        f"choices: {', '.join(inv.mention_kinds)})",
    )
    p.add_argument(
        "--min-iou", type=float, default=0.0, help="overlap (IoU) needed for partial credit (default 0: any)"
    )
    p.add_argument("--trigger-match", choices=TRIGGER_MATCHES, default="exact")
    p.add_argument("--quiet", action="store_true", help="print only the one-line summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    inv = inventory()
    kinds = tuple(k for k in args.kinds.split(",") if k)
    bad = [k for k in kinds if k not in inv.mention_kinds]
    if bad or not kinds:
        print(
            f"newsgold bench: unknown mention kind(s) {', '.join(bad) or '(none)'}; "
            f"choose from {', '.join(inv.mention_kinds)}",
            file=sys.stderr,
        )
        return 2
    requested = None
    if args.tasks is not None:
        try:
            requested = checked_tasks([t.strip() for t in args.tasks.split(",") if t.strip()])
        except TaskError as e:
            print(f"newsgold bench: --tasks {args.tasks}: {e}", file=sys.stderr)
            return 2
    if args.bootstrap < 0 or not 0.0 <= args.min_iou <= 1.0:
        print("newsgold bench: --bootstrap must be >= 0 and --min-iou within [0, 1]", file=sys.stderr)
        return 2
    gold = load_gold(args.split, args.gold)
    if not gold.annotations:
        where = args.gold or "annotations/gold"
        print(
            f"newsgold bench: no gold annotations for split {args.split!r} in {where} "
            f"({len(gold.without_gold)} document(s) of the split have none yet)",
            file=sys.stderr,
        )
        return 1
    compare = None
    if args.compare is not None:
        try:
            earlier = read_json(args.compare)
        except (OSError, ValueError) as e:
            print(f"newsgold bench: cannot read {args.compare}: {e}", file=sys.stderr)
            return 2
        compare = check_report(earlier, str(args.compare))
    notes: list[str] = []
    if args.predictions is not None:
        if args.predictions.is_dir():
            print(
                f"newsgold bench: {args.predictions} is a folder, not a predictions file "
                "(give one JSON Lines file, one annotation per line)",
                file=sys.stderr,
            )
            return 2
        if not args.predictions.is_file():
            print(f"newsgold bench: {args.predictions}: no such file", file=sys.stderr)
            return 2
        try:
            preds = read_predictions(args.predictions, gold.documents)
        except OSError as e:
            print(f"newsgold bench: cannot read {args.predictions}: {e.strerror or e}", file=sys.stderr)
            return 2
        source = source_for_file(args.predictions)
    else:
        training = training_data(gold_dir=args.gold)
        extractor = load_extractor(args.extractor, training)
        notes = training_notes(args.extractor, args.split, training)
        preds = run_extractor(extractor, gold.documents)
        source = source_for_extractor(args.extractor, extractor)
    tasks, tasks_reason = choose_tasks(preds, requested)
    settings = Settings(
        EntitySettings(kinds, args.min_iou),
        EventSettings(args.trigger_match),
        ClaimSettings(args.min_iou),
        tasks,
    )
    report, _ = benchmark(
        gold,
        preds,
        source,
        settings,
        args.bootstrap,
        args.seed,
        args.unit,
        compare=compare,
        compare_name=None if args.compare is None else str(args.compare),
        notes=notes,
        tasks_reason=tasks_reason,
    )
    stem = report_stem(source)
    json_path, md_path = args.out / f"{stem}.json", args.out / f"{stem}.md"
    for path, data in ((json_path, dumps(report)), (md_path, format_markdown(report).encode("utf-8"))):
        try:
            atomic_write_bytes(path, data)
        except OSError as e:
            print(
                f"newsgold bench: cannot write {path} (--out {args.out}): {e.strerror or e}", file=sys.stderr
            )
            return 2
    for note in notes:
        print(f"newsgold bench: {note}", file=sys.stderr)
    for f in preds.findings:
        if f.severity == "error" and not args.quiet:
            print(f.format(), file=sys.stderr)
    if not args.quiet:
        print(format_table(report))
    errors = report["findings"]["errors"]
    first = headline_rows(report)[:1]
    shown = f"{first[0][0]} {first[0][1]}" if first else "no figures"
    print(
        f"scored {report['documents']} document(s), {', '.join(tasks)}: {shown}; "
        f"{errors} input error(s); reports: {json_path}, {md_path}",
        file=sys.stderr,
    )
    return 1 if errors else 0
