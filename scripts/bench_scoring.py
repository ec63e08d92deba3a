"""Scoring speed: one hostile predictions line, and throughput against nervaluate, in one run.

- A predictions line: ``newsgold bench --predictions`` of one JSON line holding N predicted mentions
  (default 100,000, 300,000 and 1,000,000) on one document of the test split, the seed article, every
  other document of the split without a line. Reading, parsing and validating the line, scoring, the
  bootstrap and both reports are timed, each N in a fresh process pinned to one core, after the
  imports. The mentions are what a broken tagger emits: every gold name of the document, then spans
  of one to four tokens anywhere with any type, 1% of them ``MISC`` (a label outside the inventory),
  so they overlap and repeat each other and fail validation. Printed per N: seconds (wall and CPU),
  CPU microseconds per mention, that over the smallest N's (1.00: linear; below: fixed costs spread
  thinner), peak resident memory, and against parsing the same line with ``orjson`` alone.
- Throughput: the entity scorer (optimal matching) against nervaluate on every gold mention of a
  synthetic corpus of D documents (``newsgold synth``, default 1,000) and perturbed predictions
  (``bench_speed.time_scorers``).

Exits 1 when a target is missed (``--no-targets``: only when a measurement fails).

    .venv/bin/python scripts/bench_scoring.py --mentions 100000 300000 1000000 --documents 1000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

RESULT = "BENCH-SCORING-RESULT "
DOCUMENT = "bc715259e8893656"  # the seed article, in the test split: 4,404 characters, 114 names
MAX_SECONDS = 30.0  # wall time for the line of TARGET_MENTIONS
TARGET_MENTIONS = 1_000_000
MAX_PER_MENTION_GROWTH = 1.25  # time per mention at any N over that at the smallest N
MIN_THROUGHPUT_RATIO = 4.0  # times nervaluate's speed


def hostile_line(n: int, seed: int = 0) -> bytes:
    """One predictions line of ``n`` mentions on :data:`DOCUMENT` (see the module docstring)."""
    import orjson

    from newsgold.bench.run import load_gold
    from newsgold.convert.tokens import tokenize
    from newsgold.labels import inventory

    gold = load_gold("test")
    doc, ann = gold.documents[DOCUMENT], gold.annotations[DOCUMENT]
    text, tokens, types = doc.text, tokenize(doc.text), list(inventory().entity_types)
    rng = random.Random(seed)
    spans = [(m.start, m.end, m.type) for m in ann.mentions if m.kind == "name"][:n]
    while len(spans) < n:
        i = rng.randrange(len(tokens))
        j = min(len(tokens) - 1, i + rng.randrange(4))
        spans.append((tokens[i].start, tokens[j].end, "MISC" if rng.random() < 0.01 else rng.choice(types)))
    rng.shuffle(spans)
    mentions = [
        {
            "id": f"p{k}",
            "start": s,
            "end": e,
            "text": text[s:e],
            "type": t,
            "kind": "name",
            "normalized": None,
        }
        for k, (s, e, t) in enumerate(spans)
    ]
    line = {
        "schema_version": "1.0",
        "document_id": doc.id,
        "text_sha256": doc.text_sha256,
        "annotator": "hostile",
        "mentions": mentions,
        "clusters": [],
        "events": [],
        "claims": [],
    }
    return orjson.dumps(line) + b"\n"


# --- children: one measurement each, in a fresh process ---------------------------------------------


def _peak_mb() -> float:
    """Peak resident memory of this process in MB (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pin_one_cpu() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})


def child_line(path: Path, out: Path) -> dict[str, Any]:
    """``newsgold bench --predictions path --out out``, timed after the imports; then parsing alone."""
    import contextlib
    import io

    import orjson

    from newsgold.cli import main as cli

    sink = io.StringIO()
    cpu, wall = time.process_time(), time.perf_counter()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        code = cli(["bench", "--predictions", str(path), "--out", str(out)])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = _peak_mb()
    report = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    orjson.loads(path.read_bytes())
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_mb": peak,
        "parse": time.perf_counter() - t0,
        "exit": code,
        "predicted": report["tables"]["entities"]["schemes"]["strict"]["micro"]["ACT"],
        "findings": len(report["findings"]["list"]),
    }


def child_throughput(root: Path) -> dict[str, Any]:
    import orjson
    from bench_speed import perturb, time_scorers

    from newsgold import paths

    gold = [
        [(m["start"], m["end"], m["type"]) for m in orjson.loads(p.read_bytes())["mentions"]]
        for p in sorted(paths.gold_dir(root).glob("*.json"))
    ]
    pred = perturb(gold, seed=1)
    ours, theirs = time_scorers(gold, pred)
    return {"figure": ours, "baseline": theirs, "entities": sum(map(len, gold))}


def run_child(args: list[str]) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its result, or ``error``."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args], capture_output=True, text=True
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT):
            return dict(json.loads(line[len(RESULT) :]))
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"exit {proc.returncode}: {tail}"}


def measure_lines(sizes: list[int], work: Path) -> dict[int, dict[str, Any]]:
    """The predictions-line measurement for each size (lines written under ``work``)."""
    out: dict[int, dict[str, Any]] = {}
    for n in sorted(set(sizes)):
        path = work / f"line-{n}.jsonl"
        path.write_bytes(hostile_line(n))
        t0 = time.perf_counter()
        out[n] = run_child(["line", str(path), str(work / f"reports-{n}")])
        status = out[n].get("error", "done")
        print(
            f"predictions line of {n:,} mentions: {status} ({time.perf_counter() - t0:.0f} s)",
            file=sys.stderr,
        )
        path.unlink()
    return out


# --- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    measure: str
    figure: str
    baseline: str
    ratio: str
    target: str
    ok: bool | None  # None: no target

    def cells(self) -> list[str]:
        verdict = "" if self.ok is None else ("pass" if self.ok else "FAIL")
        return [self.measure, self.figure, self.baseline, self.ratio, self.target, verdict]


HEADER = ["measure", "newsgold", "baseline", "ratio", "target", ""]


def table(rows: list[Row]) -> str:
    cells = [HEADER] + [r.cells() for r in rows]
    widths = [max(len(c[k]) for c in cells) for k in range(len(HEADER))]
    lines = ["| " + " | ".join(c[k].ljust(widths[k]) for k in range(len(HEADER))) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _s(x: float) -> str:
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def line_rows(measured: dict[int, dict[str, Any]]) -> list[Row]:
    """Per line size: CPU µs per mention and its ratio to the smallest size's; wall time, CPU time and
    peak memory against parsing the line alone."""
    rows: list[Row] = []
    good = {n: r for n, r in measured.items() if "error" not in r}
    for n, r in measured.items():
        if "error" in r:
            rows.append(
                Row(f"predictions line of {n:,} mentions", "measurement failed", r["error"], "", "", False)
            )
    if not good:
        return rows
    smallest = min(good)
    unit = good[smallest]["cpu"] / smallest
    before: tuple[int, float] | None = None
    for n, r in sorted(good.items()):
        per = r["cpu"] / n
        growth = per / unit
        scored = r["predicted"] == n and r["exit"] in (0, 1)  # every mention scored, no usage error
        marginal = ""
        if before is not None:  # the slope from the size before: constant when the time is linear
            marginal = f"; {(r['cpu'] - before[1]) / (n - before[0]) * 1e6:.1f} µs each from {before[0]:,}"
        before = (n, r["cpu"])
        rows.append(
            Row(
                f"predictions line, {n:,} mentions on one document: CPU per mention{marginal}",
                f"{per * 1e6:.1f} µs",
                f"{unit * 1e6:.1f} µs (at {smallest:,})",
                f"{growth:.2f}",
                f"<= {MAX_PER_MENTION_GROWTH} (linear: 1), all {n:,} scored",
                growth <= MAX_PER_MENTION_GROWTH and scored,
            )
        )
        rows.append(
            Row(
                f"predictions line, {n:,} mentions: newsgold bench (CPU {_s(r['cpu'])}; "
                f"peak {r['peak_mb']:,.0f} MB; {r['findings']} findings listed)",
                _s(r["wall"]),
                f"{_s(r['parse'])} (orjson.loads of the line)",
                f"{r['parse'] / r['wall']:.2f}x",
                f"< {MAX_SECONDS:.0f} s at {TARGET_MENTIONS:,}",
                r["wall"] < MAX_SECONDS if n >= TARGET_MENTIONS else None,
            )
        )
    return rows


def throughput_row(r: dict[str, Any], documents: int) -> Row:
    if "error" in r:
        return Row(
            f"scoring throughput, {documents:,} documents", "measurement failed", r["error"], "", "", False
        )
    ratio = r["baseline"] / r["figure"]
    return Row(
        f"scoring throughput: {r['entities']:,} entities of {documents:,} documents (optimal matching)",
        _s(r["figure"]),
        f"{_s(r['baseline'])} (nervaluate)",
        f"{ratio:.2f}x",
        f">= {MIN_THROUGHPUT_RATIO:.0f}x",
        ratio >= MIN_THROUGHPUT_RATIO,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mentions", type=int, nargs="+", default=[100_000, 300_000, 1_000_000], help="mentions per line"
    )
    parser.add_argument(
        "--documents", type=int, default=1000, help="synthetic documents for the throughput (0: skip it)"
    )
    parser.add_argument("--no-targets", action="store_true", help="report targets but exit 0 when missed")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _pin_one_cpu()
        kind, *rest = args.child
        result = (
            child_line(Path(rest[0]), Path(rest[1])) if kind == "line" else child_throughput(Path(rest[0]))
        )
        print(RESULT + json.dumps(result), flush=True)
        return 0
    if any(n < 1 for n in args.mentions) or args.documents < 0:
        parser.error("--mentions must be at least 1 and --documents at least 0")

    work = Path(tempfile.mkdtemp(prefix="newsgold-bench-scoring-"))
    try:
        rows = line_rows(measure_lines(args.mentions, work))
        if args.documents:
            from newsgold.synthetic import synthesize

            synthesize(args.documents, work / "root")
            rows.append(throughput_row(run_child(["throughput", str(work / "root")]), args.documents))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(rows))
    failed = [r for r in rows if r.ok is False]
    broken = [r for r in failed if r.figure == "measurement failed"]
    if broken or (failed and not args.no_targets):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
