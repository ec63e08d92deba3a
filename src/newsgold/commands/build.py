"""``newsgold build``: validate the corpus, then print its figures (the main job of ``make run``)."""

from __future__ import annotations

import argparse
import sys

from newsgold.commands import add_root_argument, root_of
from newsgold.corpus import iter_corpus
from newsgold.corpus.stats import corpus_stats, format_stats
from newsgold.validate import format_findings, validate


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="validate the corpus and print its figures")
    add_root_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    report = validate(root=root, progress=True)
    if report.findings:
        print(format_findings(report.findings), file=sys.stderr)
    print(f"validate: {report.summary()}", file=sys.stderr)
    if report.errors:
        print("build: stopped, the corpus has errors", file=sys.stderr)
        return 1
    print(format_stats(corpus_stats(iter_corpus(root))))
    return 0
