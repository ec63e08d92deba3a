"""``newsgold synth N --out DIR``: a synthetic corpus of N documents, for measurement only."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgold.commands import ROOT_DEFAULT, add_root_argument, folder_problem, root_of
from newsgold.synthetic import SynthError, synthesize


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "synth", help="build a synthetic corpus from the gold documents (benchmarks only; never released)"
    )
    p.add_argument("n", type=int, help="number of documents")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="output root (gets corpus/ and annotations/gold/); not inside this project's corpus",
    )
    add_root_argument(p, f"project root with the gold ({ROOT_DEFAULT})")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same corpus)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    problem = folder_problem(args.out)
    if problem:
        print(f"newsgold synth: --out {problem}", file=sys.stderr)
        return 2
    try:
        summary = synthesize(args.n, args.out, root_of(args), args.seed, progress=True)
    except SynthError as exc:
        print(f"newsgold synth: {exc}", file=sys.stderr)
        return 2 if exc.usage else 1
    for note in summary.notes:
        print(f"newsgold synth: {note}", file=sys.stderr)
    print(summary.line())
    return 0
