"""``newsgold release [--standoff]``: validate the corpus, then write dist/newsgold-<version>/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.commands import add_jobs_argument, add_root_argument, folder_problem, root_of
from newsgold.release.build import SHARD_SIZE, build_release


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("release", help="validate the corpus and build a versioned release under dist/")
    p.add_argument(
        "--standoff",
        action="store_true",
        help="withhold the text of documents that may not be redistributed (offsets and hashes stay)",
    )
    p.add_argument("--out", type=Path, default=None, help="release folder (default: dist/newsgold-<version>)")
    add_root_argument(p)
    add_jobs_argument(p)
    p.add_argument("--shard-size", type=int, default=None, metavar="ROWS", help="rows per Parquet shard")
    p.add_argument(
        "--allow-synthetic",
        action="store_true",
        help="benchmarks only: build from a synthetic corpus made by newsgold synth",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace --out even when it is a non-empty folder that is not a newsgold release",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.shard_size is not None and args.shard_size < 1:
        print("newsgold release: --shard-size must be at least 1", file=sys.stderr)
        return 2
    root = root_of(args)
    # a folder below a file (--out itself being a file is refused with the destination's other checks)
    problem = None if args.out is None or args.out.exists() else folder_problem(args.out)
    if problem:
        print(f"newsgold release: --out {problem}", file=sys.stderr)
        return 2
    summary = build_release(
        root,
        args.out,
        standoff=args.standoff,
        shard_size=args.shard_size or SHARD_SIZE,
        progress=True,
        allow_synthetic=args.allow_synthetic,
        force=args.force,
        jobs=args.jobs,
    )
    for note in summary.notes:
        print(f"newsgold release: {note}", file=sys.stderr)
    files = sum(len(f) for shards in summary.shards.values() for f in shards.values())
    withheld = f", text withheld for {summary.withheld}" if summary.standoff else ""
    print(
        f"release {summary.version}: {summary.documents} document(s) ({summary.stats.annotated} annotated"
        f"{withheld}), {files} Parquet shard(s) -> {summary.directory}"
    )
    if not summary.standoff and summary.restricted:
        print(
            f"warning: {summary.restricted} of {summary.documents} document(s) have redistributable false: "
            "this full release contains article text their publishers do not allow you to redistribute; "
            "keep it private and publish the standoff form (newsgold release --standoff)",
            file=sys.stderr,
        )
    return 0
