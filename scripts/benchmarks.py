"""Performance benchmarks of newsgold on synthetic corpora, each figure against a baseline of the same run.

For every N (default 1,000 and 10,000) a synthetic corpus of N documents is built from the gold
documents (``newsgold.synthetic``; measurement only, never released) in a temporary folder, then each
measurement runs in its own fresh Python process pinned to one CPU, which reports its time and its peak
resident memory (``VmHWM``), so peak memory at 1,000 and 10,000 documents is comparable:

- validation: documents per second of ``newsgold validate`` on the corpus (document, gold annotation and
  raw page per document, every semantic check), against parsing each file and calling
  ``jsonschema.validate`` on it (no semantic checks; over a sample, ``--baseline-sample``);
- release: seconds and peak memory of ``build_release`` (validation, then every configuration written
  through sharded ``ParquetWriter``s), against building the same tables with
  ``datasets.Dataset.from_list(all rows).to_parquet``;
- loading: seconds to the first document (``newsgold.iter_documents``) and to the full ``documents``
  table (``newsgold.load_table``, the target; ``newsgold.load`` through ``datasets.load_dataset`` with a
  cold cache is shown too), against ``pyarrow.parquet`` reading the same shards;
- scoring: seconds of the entity scorer (optimal matching) on the gold mentions of the N documents and
  perturbed predictions, against nervaluate on the same spans (``bench_speed.time_scorers``);
- a predictions line (once, not per N): ``newsgold bench --predictions`` of one line of M mentions on
  one document (default M = 100,000, 300,000 and 1,000,000), time per mention against the smallest M's,
  wall time against parsing the line (``bench_scoring.py``, which also runs on its own);
- ingest: megabytes of raw pages per second through ``newsgold.ingest.ingest`` (every page into a new
  corpus), against copying the same pages (read, decode, write).

Prints one table (Markdown); with ``--write docs/benchmarks.md`` also writes it with the machine
description. Exits 1 when a target is missed or a measurement fails (``--no-targets``: only failures).

    .venv/bin/python scripts/benchmarks.py --n 1000 10000 --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import bench_scoring  # noqa: E402  (a script next to this one)

RESULT = "BENCHMARK-RESULT "

# Targets (one core): the numbers.
MIN_VALIDATE_RATE = 1000.0  # documents per second
MIN_VALIDATE_RATIO = 30.0  # times jsonschema.validate per document
MAX_RELEASE_SECONDS = 60.0  # for 10,000 documents
MAX_RELEASE_MB = 1024.0
MAX_MEMORY_GROWTH = 1.25  # peak at the largest N over peak at the smallest N
MAX_LOAD_SECONDS = 2.0  # documents table of 10,000 documents
MIN_SCORE_RATIO = bench_scoring.MIN_THROUGHPUT_RATIO  # times nervaluate's speed
TARGET_N = 10_000  # the size the absolute time targets are stated for


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


def child_validate(root: Path, work: Path, sample: int) -> dict[str, Any]:
    from bench_validate import timed_jsonschema, timed_newsgold

    from newsgold import paths

    seconds, checked, findings = timed_newsgold(root=root)
    documents = checked // 2
    stems = sorted(p.stem for p in paths.documents_dir(root).glob("*.json"))
    stems = stems[:sample] if sample > 0 else stems
    js_seconds, rejected = timed_jsonschema(
        [(paths.documents_dir(root) / f"{s}.json", "document") for s in stems]
        + [(paths.gold_dir(root) / f"{s}.json", "annotation") for s in stems]
    )
    return {
        "figure": documents / seconds,
        "baseline": len(stems) / js_seconds,
        "findings": findings,
        "rejected": rejected,
        "documents": documents,
        "sampled": len(stems),
    }


def child_release(root: Path, work: Path, sample: int) -> dict[str, Any]:
    from newsgold.release.build import build_release, validation_errors
    from newsgold.release.tables import features

    features("documents")  # import datasets before the clock starts, as every child does
    cpu = time.process_time()
    t0 = time.perf_counter()
    errors = validation_errors(root)  # what build_release(validate=True) runs first
    t1 = time.perf_counter()
    summary = build_release(root, work / "release", validate=False, allow_synthetic=True)
    t2 = time.perf_counter()
    return {
        "figure": t2 - t0,
        "validation": t1 - t0,
        "write": t2 - t1,
        "errors": len(errors),
        "cpu": time.process_time() - cpu,
        "documents": summary.documents,
        "rows": summary.rows,
    }


def child_release_baseline(root: Path, work: Path, sample: int) -> dict[str, Any]:
    import datasets

    from newsgold.release.build import corpus_items
    from newsgold.release.tables import CONFIGS, RowMaker, features

    feats = {c: features(c) for c in CONFIGS}
    t0 = time.perf_counter()
    maker = RowMaker()
    rows: dict[str, list[dict[str, Any]]] = {c: [] for c in CONFIGS}
    for item, split in corpus_items(root)():
        for config, made in maker.rows(item, split).items():
            rows[config].extend(made)
    out = work / "from_list"
    out.mkdir(parents=True, exist_ok=True)
    for config in CONFIGS:
        datasets.Dataset.from_list(rows[config], features=feats[config]).to_parquet(
            str(out / f"{config}.parquet")
        )
    return {"figure": time.perf_counter() - t0, "documents": len(rows["documents"])}


def child_load(root: Path, work: Path, sample: int) -> dict[str, Any]:
    import pyarrow.parquet as pq

    import newsgold
    from newsgold.loaders import shard_files
    from newsgold.release.tables import features

    features("documents")
    release = work / "release"
    files = shard_files(release, "documents")
    t0 = time.perf_counter()
    first = next(newsgold.iter_documents(path=release))
    ours_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    next(pq.ParquetFile(files[0]).iter_batches(batch_size=256))
    pa_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    table = newsgold.load_table("documents", path=release)
    ours_full = time.perf_counter() - t0
    t0 = time.perf_counter()
    base = pq.ParquetDataset(files).read()
    pa_full = time.perf_counter() - t0
    t0 = time.perf_counter()
    ds = newsgold.load("documents", path=release, cache_dir=str(work / "hf-cache"))
    hf_full = time.perf_counter() - t0
    rows = {
        "load_table": table.num_rows,
        "pyarrow": base.num_rows,
        "datasets": sum(d.num_rows for d in ds.values()),
    }
    return {
        "first": ours_first,
        "first_baseline": pa_first,
        "figure": ours_full,
        "baseline": pa_full,
        "datasets": hf_full,
        "rows": rows,
        "first_id": first.document.id,
    }


def child_score(root: Path, work: Path, sample: int) -> dict[str, Any]:
    return bench_scoring.child_throughput(root)


def child_ingest(root: Path, work: Path, sample: int) -> dict[str, Any]:
    from newsgold import paths
    from newsgold.ingest import ingest

    pages = sorted(p for p in paths.raw_dir(root).iterdir() if p.is_file())
    size = sum(p.stat().st_size for p in pages) / 1e6
    target = work / "ingested"
    t0 = time.perf_counter()
    results = ingest(pages, target)
    ours = time.perf_counter() - t0
    copies = work / "copied"
    copies.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for p in pages:
        (copies / p.name).write_bytes(p.read_bytes().decode("utf-8").encode("utf-8"))
    theirs = time.perf_counter() - t0
    return {
        "figure": size / ours,
        "baseline": size / theirs,
        "megabytes": size,
        "created": sum(r.status == "created" for r in results),
    }


CHILDREN: dict[str, Callable[[Path, Path, int], dict[str, Any]]] = {
    "validate": child_validate,
    "release": child_release,
    "release-baseline": child_release_baseline,
    "load": child_load,
    "score": child_score,
    "ingest": child_ingest,
}


def run_child(name: str, root: Path, work: Path, sample: int) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its result with ``peak_mb``, or ``error``."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        name,
        "--root",
        str(root),
        "--work",
        str(work),
        "--baseline-sample",
        str(sample),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT):
            return dict(json.loads(line[len(RESULT) :]))
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"exit {proc.returncode}: {tail}"}


def child_main(name: str, root: Path, work: Path, sample: int) -> int:
    _pin_one_cpu()
    result = CHILDREN[name](root, work, sample)
    result["peak_mb"] = _peak_mb()
    print(RESULT + json.dumps(result), flush=True)
    return 0


# --- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    n: int
    measure: str
    figure: str
    baseline: str
    ratio: str
    target: str
    ok: bool | None  # None: no target

    def cells(self) -> list[str]:
        verdict = "" if self.ok is None else ("pass" if self.ok else "FAIL")
        return [f"{self.n:,}", self.measure, self.figure, self.baseline, self.ratio, self.target, verdict]


HEADER = ["N", "measure", "newsgold", "baseline", "ratio", "target", ""]


def table(rows: list[Row]) -> str:
    cells = [HEADER] + [r.cells() for r in rows]
    widths = [max(len(c[k]) for c in cells) for k in range(len(HEADER))]
    lines = ["| " + " | ".join(c[k].ljust(widths[k]) for k in range(len(HEADER))) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _s(x: float) -> str:
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def rows_for(n: int, r: dict[str, dict[str, Any]], smallest: dict[str, dict[str, Any]] | None) -> list[Row]:
    """Table rows of one corpus size from its measurements (``smallest``: those of the smallest N)."""
    out: list[Row] = []
    failed = [f"{k}: {v['error']}" for k, v in r.items() if "error" in v]
    for message in failed:
        out.append(Row(n, "measurement failed", message, "", "", "", False))
    at_target = n >= TARGET_N

    v = r["validate"]
    if "error" not in v:
        ratio = v["figure"] / v["baseline"]
        clean = v["findings"] == 0 and v["rejected"] == 0
        out.append(
            Row(
                n,
                "validation (docs/s; document + annotation + raw page)",
                f"{v['figure']:,.0f}",
                f"{v['baseline']:,.0f} (jsonschema.validate, {v['sampled']:,} docs)",
                f"{ratio:.1f}x",
                f">= {MIN_VALIDATE_RATE:,.0f}/s, >= {MIN_VALIDATE_RATIO:.0f}x, same findings "
                f"({v['findings']} vs {v['rejected']})",
                v["figure"] >= MIN_VALIDATE_RATE and ratio >= MIN_VALIDATE_RATIO and clean,
            )
        )

    rel, base = r["release"], r["release-baseline"]
    if "error" not in rel:
        b_time = f"{_s(base['figure'])} (Dataset.from_list)" if "error" not in base else "failed"
        ratio = f"{base['figure'] / rel['figure']:.2f}x" if "error" not in base else ""
        out.append(
            Row(
                n,
                f"release build (validation {_s(rel['validation'])} + write {_s(rel['write'])}; "
                f"CPU {_s(rel.get('cpu', 0))})",
                _s(rel["figure"]),
                b_time,
                ratio,
                f"< {MAX_RELEASE_SECONDS:.0f} s at N={TARGET_N:,}",
                (rel["figure"] < MAX_RELEASE_SECONDS and rel["errors"] == 0) if at_target else None,
            )
        )
        b_mem = f"{base['peak_mb']:,.0f} MB" if "error" not in base else "failed"
        ratio = f"{base['peak_mb'] / rel['peak_mb']:.2f}x" if "error" not in base else ""
        growth_ok = True
        target = f"< {MAX_RELEASE_MB:,.0f} MB"
        if smallest is not None and smallest is not r and "error" not in smallest["release"]:
            growth = rel["peak_mb"] / smallest["release"]["peak_mb"]
            growth_ok = growth <= MAX_MEMORY_GROWTH
            target += f", x{growth:.2f} of the smallest N (<= x{MAX_MEMORY_GROWTH})"
        out.append(
            Row(
                n,
                "release peak memory",
                f"{rel['peak_mb']:,.0f} MB",
                b_mem,
                ratio,
                target,
                rel["peak_mb"] < MAX_RELEASE_MB and growth_ok,
            )
        )

    ld = r["load"]
    if "error" not in ld:
        out.append(
            Row(
                n,
                "load: first document (iter_documents)",
                _s(ld["first"]),
                f"{_s(ld['first_baseline'])} (pyarrow first batch)",
                f"{ld['first_baseline'] / ld['first']:.2f}x",
                "",
                None,
            )
        )
        same = len(set(ld["rows"].values())) == 1 and ld["rows"]["load_table"] == n
        out.append(
            Row(
                n,
                "load: full documents table (newsgold.load_table)",
                _s(ld["figure"]),
                f"{_s(ld['baseline'])} (pyarrow.parquet)",
                f"{ld['baseline'] / ld['figure']:.2f}x",
                f"< {MAX_LOAD_SECONDS:.0f} s at N={TARGET_N:,}",
                (ld["figure"] < MAX_LOAD_SECONDS and same) if at_target else same,
            )
        )
        out.append(
            Row(
                n,
                "load: documents via datasets (newsgold.load, cold cache)",
                _s(ld["datasets"]),
                "",
                "",
                "",
                None,
            )
        )

    sc = r["score"]
    if "error" not in sc:
        out.append(
            Row(
                n,
                f"scoring: {sc['entities']:,} entities (optimal matching)",
                _s(sc["figure"]),
                f"{_s(sc['baseline'])} (nervaluate)",
                f"{sc['baseline'] / sc['figure']:.2f}x",
                f">= {MIN_SCORE_RATIO:.0f}x",
                sc["baseline"] >= MIN_SCORE_RATIO * sc["figure"],
            )
        )

    ing = r["ingest"]
    if "error" not in ing:
        ratio = ing["figure"] / ing["baseline"]
        out.append(
            Row(
                n,
                f"ingest: {ing['megabytes']:.1f} MB of raw pages (MB/s)",
                f"{ing['figure']:.2f}",
                f"{ing['baseline']:.1f} (copying the pages)",
                f"{ratio:.2f}x",
                "",
                None if ing["created"] == n else False,
            )
        )
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import datasets
    import nervaluate  # noqa: F401
    import pyarrow

    from newsgold import __version__

    versions = f"newsgold {__version__}, pyarrow {pyarrow.__version__}, datasets {datasets.__version__}"
    try:
        from importlib.metadata import version

        versions += f", nervaluate {version('nervaluate')}"
    except Exception:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), each measurement pinned to one; "
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}; {versions}"
    )


def document(text: str, lines: str, when: str, command: str) -> str:
    """docs/benchmarks.md: the table with the machine, the date and the command that measured it."""
    return f"""# Benchmarks

Measured on synthetic corpora built from the gold documents (`newsgold synth`; measurement only,
never released). Every figure has a baseline measured in the same run, each measurement in its own
fresh process pinned to one core; absolute times drift on shared machines, so compare the ratios.

- Machine: {machine()}
- Date: {when}
- Command: `{command}`

{text}

One predictions line of M mentions on one document of the test split (`newsgold bench --predictions`,
every step from reading the line to writing the reports):

{lines}

The ratio reads "times better than the baseline": baseline time over newsgold time, newsgold rate over
baseline rate, baseline memory over newsgold memory; below 1 the baseline does better. For the
predictions line it is the time per mention over that of the smallest M: 1 is linear, below 1 the
fixed costs (the gold, the bootstrap, the reports) are spread over more mentions.

What is measured (see `scripts/benchmarks.py`):

- validation: `newsgold validate` over the whole corpus (per document: the document file, its gold
  annotation with every semantic check, its raw page's checksum) against parsing each file and calling
  `jsonschema.validate` on it (schema only), timed over a sample of the documents.
- release: `build_release` (validation, then every configuration streamed through sharded
  `ParquetWriter`s); the baseline makes the same rows and writes each configuration with
  `datasets.Dataset.from_list(all rows).to_parquet`. Memory is the peak resident size of the process.
- loading: the target is the full `documents` table through `newsgold.load_table` (pyarrow);
  `newsgold.load` (`datasets.load_dataset`, building its cache) is shown for comparison. Imports are
  done before the clock starts.
- scoring: every gold mention of the N documents against predictions with boundary, type, missing and
  spurious errors; newsgold's scorer does optimal matching, nervaluate greedy overlap matching.
- predictions line: what a broken tagger emits on the seed article (4,404 characters): its gold names,
  then spans of one to four tokens anywhere with any type, 1% of them labelled `MISC` (outside the
  inventory), so they overlap, repeat and fail validation; the line is parsed, validated (100 findings
  listed per check), every mention scored, the bootstrap run and both reports written. The baseline is
  `orjson.loads` of the same line (`scripts/bench_scoring.py`).
- ingest: `newsgold.ingest.ingest` of every raw page into a new corpus (decode, clean, write the document
  and the raw page) against copying the pages.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (documents)")
    parser.add_argument(
        "--baseline-sample", type=int, default=200, help="documents timed with jsonschema.validate (0: all)"
    )
    parser.add_argument(
        "--mentions",
        type=int,
        nargs="+",
        default=[100_000, 300_000, 1_000_000],
        help="mentions of the predictions line, one measurement each",
    )
    parser.add_argument("--no-targets", action="store_true", help="report targets but exit 0 when missed")
    parser.add_argument(
        "--write",
        type=Path,
        default=None,
        metavar="FILE",
        help="also write the table with the machine description (e.g. docs/benchmarks.md)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="DIR",
        help="build the corpora and releases in DIR and keep them",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child, args.root, args.work, args.baseline_sample)
    if any(n < 1 for n in args.n) or any(m < 1 for m in args.mentions):
        parser.error("--n, --mentions: every size must be at least 1")

    from newsgold.synthetic import synthesize

    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    base = args.keep or Path(tempfile.mkdtemp(prefix="newsgold-bench-"))
    measured: dict[int, dict[str, dict[str, Any]]] = {}
    rows: list[Row] = []
    try:
        for n in sorted(set(args.n)):
            work = base / f"n{n}"
            shutil.rmtree(work, ignore_errors=True)
            t0 = time.perf_counter()
            summary = synthesize(n, work / "root")
            print(f"N={n:,}: {summary.line()} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
            results = {}
            for name in CHILDREN:
                t0 = time.perf_counter()
                results[name] = run_child(name, work / "root", work, args.baseline_sample)
                status = results[name].get("error", "done")
                print(f"N={n:,}: {name} {status} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
            measured[n] = results
            rows += rows_for(n, results, measured[min(measured)])
            if args.keep is None:
                shutil.rmtree(work, ignore_errors=True)
        lines = (base / "lines").resolve()
        lines.mkdir(parents=True, exist_ok=True)
        line_rows = bench_scoring.line_rows(bench_scoring.measure_lines(args.mentions, lines))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    text, lines_text = table(rows), bench_scoring.table(line_rows)
    print(text)
    print()
    print(lines_text)
    if args.write is not None:
        from newsgold.io import atomic_write_bytes

        given = sys.argv[1:] if argv is None else argv
        command = " ".join([".venv/bin/python scripts/benchmarks.py", *given])
        atomic_write_bytes(args.write, document(text, lines_text, when, command).encode("utf-8"))
    failed = [r for r in rows if r.ok is False]
    missed = len([r for r in failed if r.measure != "measurement failed"])
    broken = len(failed) - missed
    broken += len([r for r in line_rows if r.ok is False and r.figure == "measurement failed"])
    missed += len([r for r in line_rows if r.ok is False and r.figure != "measurement failed"])
    print(
        f"{len(rows)} figures for N = {', '.join(f'{n:,}' for n in sorted(measured))}: "
        f"{missed} target(s) missed, {broken} measurement(s) failed",
        file=sys.stderr,
    )
    if broken or (missed and not args.no_targets):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
