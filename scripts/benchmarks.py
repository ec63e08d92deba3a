"""Performance benchmarks of newsgold on synthetic corpora, each figure against a baseline of the same run.

For every N (default 1,000 and 10,000; ``--n 1000 10000 100000`` for the scale run) a synthetic corpus of
N documents is built from the gold documents (``newsgold.synthetic``; measurement only, never released)
in a temporary folder, then each measurement runs in its own fresh Python process pinned to one CPU
(two for the ``jobs 2`` rows; the worker processes inherit the affinity), which reports its time and its
peak resident memory (``VmHWM``; its worker processes' through ``RUSAGE_CHILDREN``). Imports are done
before the clock starts. Per N:

- release: seconds of ``build_release(root, out, allow_synthetic=True, jobs=J)`` (validation, then every
  configuration written). ``jobs 1`` against the build of the code at git revision ``--baseline-rev``
  (default ``1be1bc6``, "today's build": a temporary ``git worktree`` of this checkout, its ``src`` on
  ``PYTHONPATH``, building the same corpus; skipped above ``--baseline-max-n`` documents, default
  10,000, where it takes minutes); ``jobs 2`` against ``jobs 1``; the SHA-256 of both builds'
  ``manifest.json`` (identical); peak memory per process (the parent and the largest worker) under
  500 MB and at the largest N at most 1.25 times that at the smallest;
- validation: documents per second of ``validate_corpus(root, jobs=J)`` (document, gold annotation and
  raw page per document, every semantic check) on one core, against parsing each file and calling
  ``jsonschema.validate`` on it (a sample, ``--baseline-sample``); ``jobs 2`` against ``jobs 1``; the
  findings of both (the same list in the same order);
- loading: seconds to the first document (``newsgold.iter_documents``) and to the full ``documents``
  table (``newsgold.load_table``; ``newsgold.load`` through ``datasets.load_dataset`` with a cold cache
  is shown too), against ``pyarrow.parquet`` reading the same shards;
- scoring: seconds of the entity scorer (optimal matching) on the gold mentions of the N documents and
  perturbed predictions, against nervaluate on the same spans (``bench_speed.time_scorers``);
- raw pages: megabytes per second of ``newsgold.ingest.ingest`` of the corpus's raw pages (information).

Scale: the time per document of the release (``jobs 1``) and of validation at the largest N against
that at 10,000 (or the next smaller N): at most 1.15 times (linear: 1).

Once per run: a predictions line (``newsgold bench --predictions`` of one line of M mentions on one
document, default M = 100,000, 300,000 and 1,000,000; ``bench_scoring.py``, which also runs on its own),
and ingest of ``--ingest-rows`` distinct articles (default 3,000) made from the gold documents' headlines
and paragraphs, each into a fresh project (``newsgold.project_init.init_project``): a CSV table and a
JSON Lines table (rows per second, against ``csv.DictReader`` / ``json.loads`` per line of the same file)
and text dumps in the seed's shape, one page a file (megabytes per second, against reading and decoding
the same files).

Prints the tables (Markdown); with ``--write docs/benchmarks.md`` also writes them with the machine
description. Exits 1 when a target is missed or a measurement fails (``--no-targets``: only failures).

    .venv/bin/python scripts/benchmarks.py --n 1000 10000 --write docs/benchmarks.md
    .venv/bin/python scripts/benchmarks.py --n 1000 10000 100000 --mentions 100000   # scale (over an hour)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import random
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
CHECKOUT = SCRIPTS.parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import bench_scoring  # noqa: E402  (a script next to this one)

RESULT = "BENCHMARK-RESULT "
BASELINE_REV = "1be1bc6"  # today's build: the release before --jobs

# Targets: release and validation ratios are against a baseline of the same run.
MIN_RELEASE_RATIO = 3.0  # jobs 1 over the build of BASELINE_REV
MIN_RELEASE_JOBS_RATIO = 1.6  # jobs 2 over jobs 1
MAX_PROCESS_MB = 500.0  # peak resident memory of each process of a release build
MAX_MEMORY_GROWTH = 1.25  # peak at the largest N over peak at the smallest N
MIN_VALIDATE_RATE = 2500.0  # documents per second on one core
MIN_VALIDATE_JOBS_RATIO = 1.7  # jobs 2 over jobs 1
MAX_SCALE_RATIO = 1.15  # time per document at the largest N over that at 10,000 (or the next smaller N)
SCALE_REFERENCE_N = 10_000
MAX_LOAD_SECONDS = 2.0  # documents table of 10,000 documents
TARGET_N = 10_000  # the size the absolute load target is stated for
SCORE_MAX_N = 10_000  # the scoring row (against nervaluate) only up to this N
MIN_SCORE_RATIO = bench_scoring.MIN_THROUGHPUT_RATIO  # times nervaluate's speed
MIN_RECORD_RATE = 5000.0  # rows per second of a CSV or JSON Lines table
MIN_DUMP_RATE = 20.0  # megabytes per second of text dumps


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


def _children_peak_mb() -> float:
    """Peak resident memory of the largest finished child process in MB (0 when there was none)."""
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _pin(cpus: int) -> int:
    """Pin this process (and what it starts) to ``cpus`` CPUs, the last ones; the CPUs it got."""
    if not hasattr(os, "sched_setaffinity"):
        return os.cpu_count() or 1
    allowed = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, set(allowed[-cpus:]))
    return len(os.sched_getaffinity(0))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True, slots=True)
class Job:
    """What one child measures: on the corpus ``root`` (or an input file), in ``work``."""

    root: Path
    work: Path
    sample: int = 0
    jobs: int = 1
    src: Path | None = None  # the code of another revision (its src folder), for the old build


def _warm_release() -> None:
    """Import what a build imports lazily (datasets, Arrow, the validators) before the clock starts."""
    from newsgold.release.tables import features

    features("documents")
    try:
        from newsgold.validate.schema import fast_validator, full_validator

        fast_validator("annotation"), fast_validator("document"), full_validator("annotation")
    except ImportError:
        pass


def _build(job: Job, out: Path, **kwargs: Any) -> dict[str, Any]:
    from newsgold.release.build import build_release

    _warm_release()
    cpu, t0 = time.process_time(), time.perf_counter()
    summary = build_release(job.root, out, allow_synthetic=True, **kwargs)
    return {
        "figure": time.perf_counter() - t0,
        "cpu": time.process_time() - cpu,
        "documents": summary.documents,
        "manifest": _digest(out / "manifest.json"),
        "workers_mb": _children_peak_mb(),
    }


def child_release(job: Job) -> dict[str, Any]:
    return _build(job, job.work / f"release-j{job.jobs}", jobs=job.jobs)


def child_release_old(job: Job) -> dict[str, Any]:
    import newsgold

    where = Path(newsgold.__file__).resolve()
    if job.src is None or not where.is_relative_to(job.src.resolve()):
        raise SystemExit(f"the old build imports newsgold from {where}, not from {job.src}")
    return _build(job, job.work / "release-old")


def child_validate(job: Job) -> dict[str, Any]:
    from newsgold import paths
    from newsgold.validate import validate_corpus

    try:
        from newsgold.validate.schema import fast_validator, full_validator

        fast_validator("annotation"), fast_validator("document"), full_validator("annotation")
    except ImportError:
        pass
    documents = sum(1 for _ in paths.documents_dir(job.root).glob("*.json"))
    cpu, t0 = time.process_time(), time.perf_counter()
    findings = validate_corpus(job.root, jobs=job.jobs)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu
    listed = json.dumps([f.to_dict() for f in findings], sort_keys=True).encode("utf-8")
    out: dict[str, Any] = {
        "figure": documents / seconds,
        "seconds": seconds,
        "cpu": cpu,
        "documents": documents,
        "findings": len(findings),
        "errors": sum(f.severity == "error" for f in findings),
        "findings_sha256": hashlib.sha256(listed).hexdigest(),
        "workers_mb": _children_peak_mb(),
    }
    if job.sample > 0:
        from bench_validate import timed_jsonschema

        stems = sorted(p.stem for p in paths.documents_dir(job.root).glob("*.json"))[: job.sample]
        js_seconds, rejected = timed_jsonschema(
            [(paths.documents_dir(job.root) / f"{s}.json", "document") for s in stems]
            + [(paths.gold_dir(job.root) / f"{s}.json", "annotation") for s in stems]
        )
        out.update(baseline=len(stems) / js_seconds, rejected=rejected, sampled=len(stems))
    return out


def child_load(job: Job) -> dict[str, Any]:
    import pyarrow.parquet as pq

    import newsgold
    from newsgold.loaders import shard_files
    from newsgold.release.tables import features

    features("documents")
    release = job.work / "release-j1"
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
    ds = newsgold.load("documents", path=release, cache_dir=str(job.work / "hf-cache"))
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


def child_score(job: Job) -> dict[str, Any]:
    return bench_scoring.child_throughput(job.root)


def _fresh_project(folder: Path) -> Path:
    from newsgold.project_init import init_project

    shutil.rmtree(folder, ignore_errors=True)
    return init_project(folder)


def child_ingest_pages(job: Job) -> dict[str, Any]:
    """The raw pages of the synthetic corpus (text dumps) into a fresh project, against copying them."""
    from newsgold import paths
    from newsgold.ingest import ingest

    pages = sorted(p for p in paths.raw_dir(job.root).iterdir() if p.is_file())
    size = sum(p.stat().st_size for p in pages) / 1e6
    target = _fresh_project(job.work / "ingested")
    t0 = time.perf_counter()
    results = ingest(pages, target)
    ours = time.perf_counter() - t0
    copies = job.work / "copied"
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


def child_ingest(job: Job) -> dict[str, Any]:
    """One generated input (``job.root``: a ``.csv`` or ``.jsonl`` table, or a folder of text dumps)
    ingested into a fresh project, against parsing the same input with the standard library."""
    import csv

    from newsgold.ingest import ingest

    target = _fresh_project(job.work / f"ingested-{job.root.name}")
    inputs = sorted(job.root.iterdir()) if job.root.is_dir() else [job.root]
    size = sum(p.stat().st_size for p in inputs) / 1e6
    t0 = time.perf_counter()
    results = ingest(inputs, target)
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    if job.root.suffix == ".csv":
        with job.root.open(encoding="utf-8", newline="") as table:
            parsed = sum(1 for _ in csv.DictReader(table))
    elif job.root.suffix == ".jsonl":
        with job.root.open(encoding="utf-8") as lines:
            parsed = sum(1 for line in lines if json.loads(line))
    else:
        parsed = sum(1 for p in inputs if p.read_bytes().decode("utf-8"))
    theirs = time.perf_counter() - t0
    return {
        "seconds": ours,
        "baseline_seconds": theirs,
        "megabytes": size,
        "parsed": parsed,
        "created": sum(r.status == "created" for r in results),
        "results": len(results),
    }


CHILDREN: dict[str, Callable[[Job], dict[str, Any]]] = {
    "validate": child_validate,
    "release-old": child_release_old,
    "release": child_release,
    "load": child_load,
    "score": child_score,
    "ingest-pages": child_ingest_pages,
    "ingest": child_ingest,
}


def run_child(name: str, job: Job, cpus: int = 1) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter pinned to ``cpus`` CPUs; its result with
    ``peak_mb`` and ``cpus``, or ``error``. With ``job.src`` that code is imported, not this checkout's."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        name,
        "--root",
        str(job.root),
        "--work",
        str(job.work),
        "--baseline-sample",
        str(job.sample),
        "--jobs",
        str(job.jobs),
        "--cpus",
        str(cpus),
    ]
    env = None
    if job.src is not None:
        cmd += ["--src", str(job.src)]
        env = {**os.environ, "PYTHONPATH": str(job.src)}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT):
            return dict(json.loads(line[len(RESULT) :]))
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"exit {proc.returncode}: {tail}"}


def child_main(name: str, job: Job, cpus: int) -> int:
    got = _pin(cpus)
    result = CHILDREN[name](job)
    result["peak_mb"] = _peak_mb()
    result["cpus"] = got
    print(RESULT + json.dumps(result), flush=True)
    return 0


# --- the old build: a worktree of another revision ------------------------------------------------


class OldCode:
    """A temporary ``git worktree`` of ``rev`` of this checkout (its ``src`` is the old code), removed
    on exit; ``src`` is ``None`` and ``problem`` says why when it could not be made."""

    def __init__(self, rev: str, folder: Path) -> None:
        self.rev, self.folder = rev, folder
        self.src: Path | None = None
        self.problem = ""

    def __enter__(self) -> OldCode:
        added = subprocess.run(
            ["git", "-C", str(CHECKOUT), "worktree", "add", "--detach", str(self.folder), self.rev],
            capture_output=True,
            text=True,
        )
        if added.returncode:
            self.problem = (added.stderr.strip().splitlines() or ["git worktree add failed"])[-1]
        else:
            self.src = self.folder / "src"
        return self

    def __exit__(self, *exc: object) -> None:
        if self.src is not None:
            subprocess.run(
                ["git", "-C", str(CHECKOUT), "worktree", "remove", "--force", str(self.folder)],
                capture_output=True,
            )


# --- generated ingest inputs ----------------------------------------------------------------------


_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = "January February March April May June July August September October November December".split()
_SECTIONS = ("WORLD > Europe", "INTERNATIONAL > East Asia & Pacific", "BUSINESS > Markets", "SCIENCE > Space")


def articles(n: int, seed: int = 0) -> list[tuple[str, dt.date, list[str]]]:
    """``n`` distinct articles (headline, date, body paragraphs): each a gold document's headline and
    three to eight body paragraphs drawn from all gold documents, no two with the same paragraphs."""
    from newsgold import paths
    from newsgold.io import read_document

    docs = [read_document(p) for p in sorted(paths.documents_dir().glob("*.json"))]
    headlines = [d.text[p.start : p.end] for d in docs for p in d.paragraphs if p.kind == "headline"]
    pool = sorted({d.text[p.start : p.end] for d in docs for p in d.paragraphs if p.kind != "headline"})
    rng = random.Random(seed)
    seen: set[tuple[int, ...]] = set()
    out = []
    while len(out) < n:
        picked = tuple(rng.sample(range(len(pool)), rng.randint(3, min(8, len(pool)))))
        if picked in seen:
            continue
        seen.add(picked)
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        out.append((headlines[len(out) % len(headlines)], day, [pool[i] for i in picked]))
    return out


def write_ingest_inputs(n: int, folder: Path) -> dict[str, Path]:
    """A CSV table, a JSON Lines table (the same ``n`` rows, in Wikinews' shape: a date line, the
    paragraphs, a sources section) and ``n`` text dumps in the seed's shape, under ``folder``."""
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    dumps = folder / "textdumps"
    dumps.mkdir(exist_ok=True)
    for k, (headline, day, body) in enumerate(articles(n), 1):
        date_line = f"{_WEEKDAYS[day.weekday()]}, {_MONTHS[day.month - 1]} {day.day}, {day.year}"
        slug = "_".join(headline.split()[:8]).replace("/", "_")
        text = "\n\n\n".join([date_line, *body, "Sources\n\n  • Benchmark wire service"]) + "\n"
        rows.append(
            {
                "url": f"https://news.example.org/wiki/{slug}_{k}",
                "date": day.isoformat(),
                "title": headline,
                "text": text,
                "publisher": "Wikinews",
            }
        )
        page = [
            "print PRINT",
            "",
            _SECTIONS[k % len(_SECTIONS)],
            "",
            headline,
            "",
            f"  • {_MONTHS[day.month - 1]} {day.day}, {day.year}",
            f"  • , Kyodo News , {k % 12 + 1}:{k % 60:02d} p.m.",
            "",
            "\n\n\n".join(body),
            "",
            "  • Ambassador",
            "  • Trending Japan",
        ]
        (dumps / f"page-{k:06d}.txt").write_text("\n".join(page), encoding="utf-8")
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {"csv": folder / "articles.csv", "jsonl": folder / "articles.jsonl", "textdump": dumps}


def measure_ingest(n: int, folder: Path) -> dict[str, dict[str, Any]]:
    inputs = write_ingest_inputs(n, folder / "inputs")
    out = {}
    for kind, path in inputs.items():
        t0 = time.perf_counter()
        out[kind] = run_child("ingest", Job(path, folder / "work"))
        status = out[kind].get("error", "done")
        print(
            f"ingest {kind} of {n:,} articles: {status} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr
        )
    return out


# --- the tables -----------------------------------------------------------------------------------


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


def _ok(r: dict[str, Any] | None) -> bool:
    return r is not None and "error" not in r and "skipped" not in r


def _growth(now: float, then: float) -> tuple[bool, str]:
    growth = now / then if then else 1.0
    return growth <= MAX_MEMORY_GROWTH, f"x{growth:.2f}"


def release_rows(
    n: int, r: dict[str, dict[str, Any]], smallest: dict[str, dict[str, Any]] | None
) -> list[Row]:
    out: list[Row] = []
    j1, j2, old = r.get("release-j1"), r.get("release-j2"), r.get("release-old")
    if _ok(j1):
        assert j1 is not None
        if _ok(old):
            assert old is not None
            ratio = old["figure"] / j1["figure"]
            baseline = f"{_s(old['figure'])} (build of {old.get('rev', BASELINE_REV)})"
            cell, ok = f"{ratio:.2f}x", ratio >= MIN_RELEASE_RATIO
        elif old is not None and "skipped" in old:
            baseline, cell, ok = old["skipped"], "", None
        else:
            baseline, cell, ok = "failed", "", False
        out.append(
            Row(
                n,
                f"release build, jobs 1 (validation + write; CPU {_s(j1['cpu'])})",
                _s(j1["figure"]),
                baseline,
                cell,
                f">= {MIN_RELEASE_RATIO:.1f}x",
                ok,
            )
        )
    if _ok(j1) and _ok(j2):
        assert j1 is not None and j2 is not None
        ratio = j1["figure"] / j2["figure"]
        out.append(
            Row(
                n,
                f"release build, jobs 2 on {j2['cpus']} CPUs (CPU of the parent {_s(j2['cpu'])})",
                _s(j2["figure"]),
                f"{_s(j1['figure'])} (jobs 1)",
                f"{ratio:.2f}x",
                f">= {MIN_RELEASE_JOBS_RATIO:.1f}x",
                ratio >= MIN_RELEASE_JOBS_RATIO and j2["cpus"] >= 2,
            )
        )
        same = j1["manifest"] == j2["manifest"]
        old_note = ""
        if _ok(old):
            assert old is not None
            old_note = "; old build " + ("the same" if old["manifest"] == j1["manifest"] else "differs")
        out.append(
            Row(
                n,
                "release output, jobs 2 vs jobs 1 (SHA-256 of manifest.json)",
                "identical" if same else f"differs ({j2['manifest'][:12]})",
                f"{j1['manifest'][:12]} (jobs 1{old_note})",
                "",
                "identical",
                same and j1["documents"] == j2["documents"] == n,
            )
        )
    if _ok(j1):
        assert j1 is not None
        ok = j1["peak_mb"] < MAX_PROCESS_MB
        target = f"< {MAX_PROCESS_MB:,.0f} MB"
        if smallest is not None and smallest is not r and _ok(smallest.get("release-j1")):
            flat, growth = _growth(j1["peak_mb"], smallest["release-j1"]["peak_mb"])
            ok = ok and flat
            target += f", {growth} of the smallest N (<= x{MAX_MEMORY_GROWTH})"
        if _ok(old):
            assert old is not None
            baseline = f"{old['peak_mb']:,.0f} MB (build of {old.get('rev', BASELINE_REV)})"
            cell = f"{old['peak_mb'] / j1['peak_mb']:.2f}x"
        else:
            baseline, cell = "", ""
        out.append(
            Row(
                n,
                "release peak memory, jobs 1 (one process)",
                f"{j1['peak_mb']:,.0f} MB",
                baseline,
                cell,
                target,
                ok,
            )
        )
    if _ok(j2):
        assert j2 is not None
        parent, worker = j2["peak_mb"], j2["workers_mb"]
        ok = max(parent, worker) < MAX_PROCESS_MB
        target = f"< {MAX_PROCESS_MB:,.0f} MB each"
        if smallest is not None and smallest is not r and _ok(smallest.get("release-j2")):
            before = smallest["release-j2"]
            flat_p, growth_p = _growth(parent, before["peak_mb"])
            flat_w, growth_w = _growth(worker, before["workers_mb"])
            ok = ok and flat_p and flat_w
            target += f", {growth_p} / {growth_w} of the smallest N (<= x{MAX_MEMORY_GROWTH})"
        out.append(
            Row(
                n,
                "release peak memory per process, jobs 2 (parent / largest worker)",
                f"{parent:,.0f} MB / {worker:,.0f} MB",
                "",
                "",
                target,
                ok,
            )
        )
    return out


def validation_rows(n: int, r: dict[str, dict[str, Any]]) -> list[Row]:
    out: list[Row] = []
    v1, v2 = r.get("validate-j1"), r.get("validate-j2")
    if _ok(v1):
        assert v1 is not None
        if "baseline" in v1:
            baseline = f"{v1['baseline']:,.0f} (jsonschema.validate, {v1['sampled']:,} docs)"
            cell = f"{v1['figure'] / v1['baseline']:.1f}x"
        else:
            baseline, cell = "", ""
        out.append(
            Row(
                n,
                f"validation, jobs 1 (docs/s on one core; {v1['findings']:,} findings)",
                f"{v1['figure']:,.0f}",
                baseline,
                cell,
                f">= {MIN_VALIDATE_RATE:,.0f}/s",
                v1["figure"] >= MIN_VALIDATE_RATE and v1["documents"] == n,
            )
        )
    if _ok(v1) and _ok(v2):
        assert v1 is not None and v2 is not None
        ratio = v2["figure"] / v1["figure"]
        out.append(
            Row(
                n,
                f"validation, jobs 2 on {v2['cpus']} CPUs (docs/s)",
                f"{v2['figure']:,.0f}",
                f"{v1['figure']:,.0f} (jobs 1)",
                f"{ratio:.2f}x",
                f">= {MIN_VALIDATE_JOBS_RATIO:.1f}x",
                ratio >= MIN_VALIDATE_JOBS_RATIO and v2["cpus"] >= 2,
            )
        )
        same = v1["findings_sha256"] == v2["findings_sha256"] and v1["findings"] == v2["findings"]
        out.append(
            Row(
                n,
                "validation findings, jobs 2 vs jobs 1 (same list, same order)",
                "identical" if same else f"differ ({v2['findings']:,} findings)",
                f"{v1['findings']:,} findings (jobs 1)",
                "",
                "identical",
                same,
            )
        )
    return out


def rows_for(n: int, r: dict[str, dict[str, Any]], smallest: dict[str, dict[str, Any]] | None) -> list[Row]:
    """Table rows of one corpus size from its measurements (``smallest``: those of the smallest N)."""
    out: list[Row] = []
    for k, v in r.items():
        if "error" in v:
            out.append(Row(n, "measurement failed", f"{k}: {v['error']}", "", "", "", False))
    out += release_rows(n, r, smallest)
    out += validation_rows(n, r)

    ld = r.get("load")
    if _ok(ld):
        assert ld is not None
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
                (ld["figure"] < MAX_LOAD_SECONDS and same) if n >= TARGET_N else same,
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

    sc = r.get("score")
    if _ok(sc):
        assert sc is not None
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

    ing = r.get("ingest-pages")
    if _ok(ing):
        assert ing is not None
        out.append(
            Row(
                n,
                f"ingest: {ing['megabytes']:.1f} MB of the corpus's raw pages (MB/s)",
                f"{ing['figure']:.2f}",
                f"{ing['baseline']:.1f} (copying the pages)",
                f"{ing['figure'] / ing['baseline']:.2f}x",
                "",
                None if ing["created"] == n else False,
            )
        )
    return out


def scale_reference(sizes: list[int]) -> int | None:
    """The N the largest is compared with: 10,000 when measured and smaller, else the next smaller N."""
    sizes = sorted(set(sizes))
    if len(sizes) < 2:
        return None
    return SCALE_REFERENCE_N if SCALE_REFERENCE_N in sizes[:-1] else sizes[-2]


def scale_rows(measured: dict[int, dict[str, dict[str, Any]]]) -> list[Row]:
    """Time per document of the release (jobs 1) and of validation (jobs 1), largest N against the
    reference N: linear is 1."""
    ref = scale_reference(list(measured))
    if ref is None:
        return []
    big = max(measured)
    out = []
    for key, what in (("release-j1", "release build, jobs 1"), ("validate-j1", "validation, jobs 1")):
        now, then = measured[big].get(key), measured[ref].get(key)
        if not (_ok(now) and _ok(then)):
            continue
        assert now is not None and then is not None
        seconds_now = now["figure"] if key.startswith("release") else now["seconds"]
        seconds_then = then["figure"] if key.startswith("release") else then["seconds"]
        per_now, per_then = seconds_now / big * 1e3, seconds_then / ref * 1e3
        ratio = per_now / per_then
        out.append(
            Row(
                big,
                f"scale: {what}, time per document at N={big:,} vs N={ref:,}",
                f"{per_now:.3f} ms",
                f"{per_then:.3f} ms (N={ref:,})",
                f"{ratio:.2f}",
                f"<= {MAX_SCALE_RATIO} (linear: 1)",
                ratio <= MAX_SCALE_RATIO,
            )
        )
    return out


def ingest_rows(measured: dict[str, dict[str, Any]], n: int) -> list[bench_scoring.Row]:
    """Records (CSV, JSON Lines) in rows/s and text dumps in MB/s, against the standard library."""
    Row_ = bench_scoring.Row
    out = []
    for kind, r in measured.items():
        if "error" in r:
            out.append(Row_(f"ingest {kind}", "measurement failed", r["error"], "", "", False))
            continue
        complete = r["created"] == r["parsed"] == r["results"] == n
        if kind == "textdump":
            ours, theirs = r["megabytes"] / r["seconds"], r["megabytes"] / r["baseline_seconds"]
            out.append(
                Row_(
                    f"ingest: {n:,} text dumps, {r['megabytes']:.1f} MB (MB/s; {r['created']:,} created)",
                    f"{ours:,.1f}",
                    f"{theirs:,.0f} (reading and decoding the files)",
                    f"{ours / theirs:.3f}x",
                    f">= {MIN_DUMP_RATE:.0f} MB/s",
                    ours >= MIN_DUMP_RATE and complete,
                )
            )
            continue
        ours, theirs = r["results"] / r["seconds"], r["parsed"] / r["baseline_seconds"]
        base = "csv.DictReader" if kind == "csv" else "json.loads per line"
        out.append(
            Row_(
                f"ingest: {kind.upper()} table of {n:,} rows, {r['megabytes']:.1f} MB "
                f"(rows/s; {r['created']:,} created)",
                f"{ours:,.0f}",
                f"{theirs:,.0f} ({base})",
                f"{ours / theirs:.3f}x",
                f">= {MIN_RECORD_RATE:,.0f} rows/s",
                ours >= MIN_RECORD_RATE and complete,
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
        f"{os.cpu_count()} cores ({cpu}), each measurement pinned to one (two for jobs 2); "
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}; {versions}"
    )


def document(text: str, ingest_text: str, lines: str, when: str, command: str) -> str:
    """docs/benchmarks.md: the tables with the machine, the date and the command that measured them."""
    return f"""# Benchmarks

Measured on synthetic corpora built from the gold documents (`newsgold synth`; measurement only,
never released). Every figure has a baseline measured in the same run, each measurement in its own
fresh process pinned to one core (two for `jobs 2`, whose worker processes share them); absolute
times drift on shared machines, so compare the ratios.

- Machine: {machine()}
- Date: {when}
- Command: `{command}`

The scale run, not part of `make test` (over an hour; the old build is skipped above
`--baseline-max-n`, 10,000 documents, where it alone would take about 11 minutes):
`.venv/bin/python scripts/benchmarks.py --n 1000 10000 100000 --mentions 100000 --write FILE`.

{text}

Ingest of generated articles, each input into a fresh project:

{ingest_text}

One predictions line of M mentions on one document of the test split (`newsgold bench --predictions`,
every step from reading the line to writing the reports):

{lines}

The ratio reads "times better than the baseline": baseline time over newsgold time, newsgold rate over
baseline rate, baseline memory over newsgold memory; below 1 the baseline does better. For the scale
rows and the predictions line it is the time per document (mention) over that of the smaller N: 1 is
linear, below 1 fixed costs are spread over more.

What is measured (see `scripts/benchmarks.py`):

- release: `build_release(root, out, allow_synthetic=True, jobs=J)`, which validates the corpus then
  writes every configuration. The baseline of `jobs 1` is the build of the code at git revision
  `{BASELINE_REV}` (a temporary worktree, its `src` on `PYTHONPATH`) on the same corpus; `jobs 2` is
  compared with `jobs 1`, and both builds' `manifest.json` must be identical. Memory is the peak
  resident size of each process: the parent's, and the largest worker's (`RUSAGE_CHILDREN`).
- validation: `validate_corpus(root, jobs=J)` over the whole corpus (per document: the document file,
  its gold annotation with every semantic check, its raw page's checksum) against parsing each file and
  calling `jsonschema.validate` on it (schema only), timed over a sample; `jobs 2` is compared with
  `jobs 1`, and their findings must be the same list in the same order.
- scale: the time per document of the release and of validation (`jobs 1`) at the largest N over that
  at 10,000 (or the next smaller N).
- loading: the target is the full `documents` table through `newsgold.load_table` (pyarrow);
  `newsgold.load` (`datasets.load_dataset`, building its cache) is shown for comparison.
- scoring: every gold mention of the N documents against predictions with boundary, type, missing and
  spurious errors; newsgold's scorer does optimal matching, nervaluate greedy overlap matching.
- ingest: distinct articles made of a gold headline and three to eight gold paragraphs, as a CSV table
  and a JSON Lines table (Wikinews' shape: a date line, the paragraphs, a sources section) and as text
  dumps in the seed's shape (one page a file), against parsing the same input with the standard
  library; the corpus's raw pages (text dumps too) against copying them.
- predictions line: what a broken tagger emits on the seed article (4,404 characters): its gold names,
  then spans of one to four tokens anywhere with any type, 1% of them labelled `MISC` (outside the
  inventory), so they overlap, repeat and fail validation; the line is parsed, validated (100 findings
  listed per check), every mention scored, the bootstrap run and both reports written. The baseline is
  `orjson.loads` of the same line (`scripts/bench_scoring.py`).
"""


def measure_corpus(n: int, work: Path, sample: int, old: OldCode | None) -> dict[str, dict[str, Any]]:
    """Every measurement on the synthetic corpus of ``n`` documents under ``work / "root"``."""
    root = work / "root"
    plan: list[tuple[str, str, Job, int]] = [
        ("release-j1", "release", Job(root, work, jobs=1), 1),
        ("release-j2", "release", Job(root, work, jobs=2), 2),
        ("validate-j1", "validate", Job(root, work, sample, jobs=1), 1),
        ("validate-j2", "validate", Job(root, work, jobs=2), 2),
        ("load", "load", Job(root, work), 1),
        ("score", "score", Job(root, work), 1),
        ("ingest-pages", "ingest-pages", Job(root, work), 1),
    ]
    results: dict[str, dict[str, Any]] = {}
    if n > SCORE_MAX_N:  # nervaluate's time grows with N: the scoring row is for N <= 10,000
        plan = [step for step in plan if step[0] != "score"]
        results["score"] = {"skipped": f"skipped (N > {SCORE_MAX_N:,})"}
    if old is None:
        results["release-old"] = {"skipped": "skipped (N > --baseline-max-n)"}
    elif old.src is None:
        results["release-old"] = {"error": f"git worktree of {old.rev}: {old.problem}"}
    else:
        plan.insert(0, ("release-old", "release-old", Job(root, work, src=old.src), 1))
    for key, child, job, cpus in plan:
        t0 = time.perf_counter()
        results[key] = run_child(child, job, cpus)
        if key == "release-old" and "error" not in results[key]:
            results[key]["rev"] = old.rev if old is not None else BASELINE_REV
        status = results[key].get("error", "done")
        print(f"N={n:,}: {key} {status} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n",
        type=int,
        nargs="+",
        default=[1000, 10000],
        help="corpus sizes (documents), e.g. 1000 10000 100000",
    )
    parser.add_argument(
        "--baseline-rev",
        default=BASELINE_REV,
        help=f"git revision whose release build is the baseline of jobs 1 (default {BASELINE_REV})",
    )
    parser.add_argument(
        "--baseline-max-n",
        type=int,
        default=10_000,
        help="build the old revision's release only for N up to this (default 10000; 0: never)",
    )
    parser.add_argument(
        "--baseline-sample", type=int, default=100, help="documents timed with jsonschema.validate (0: none)"
    )
    parser.add_argument(
        "--ingest-rows", type=int, default=3000, help="articles of the generated ingest inputs (0: skip)"
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
        help="also write the tables with the machine description (e.g. docs/benchmarks.md)",
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
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--cpus", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--src", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        job = Job(args.root, args.work, args.baseline_sample, args.jobs, args.src)
        return child_main(args.child, job, args.cpus)
    if any(n < 1 for n in args.n) or any(m < 1 for m in args.mentions) or args.ingest_rows < 0:
        parser.error("--n, --mentions: every size must be at least 1; --ingest-rows at least 0")

    from newsgold.synthetic import synthesize

    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    base = (args.keep or Path(tempfile.mkdtemp(prefix="newsgold-bench-"))).resolve()
    measured: dict[int, dict[str, dict[str, Any]]] = {}
    rows: list[Row] = []
    ingest_measured: dict[str, dict[str, Any]] = {}
    sizes = sorted(set(args.n))
    try:
        wanted = any(n <= args.baseline_max_n for n in sizes)
        with OldCode(args.baseline_rev, base / "old-code") if wanted else contextlib.nullcontext() as old:
            for n in sizes:
                work = base / f"n{n}"
                shutil.rmtree(work, ignore_errors=True)
                t0 = time.perf_counter()
                summary = synthesize(n, work / "root")
                print(f"N={n:,}: {summary.line()} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
                results = measure_corpus(
                    n, work, args.baseline_sample, old if n <= args.baseline_max_n else None
                )
                measured[n] = results
                rows += rows_for(n, results, measured[sizes[0]])
                if args.keep is None:
                    shutil.rmtree(work, ignore_errors=True)
        rows += scale_rows(measured)
        if args.ingest_rows:
            ingest_measured = measure_ingest(args.ingest_rows, base / "ingest")
        lines = base / "lines"
        lines.mkdir(parents=True, exist_ok=True)
        line_rows = bench_scoring.line_rows(bench_scoring.measure_lines(args.mentions, lines))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    ing_rows = ingest_rows(ingest_measured, args.ingest_rows)
    text, ingest_text, lines_text = table(rows), bench_scoring.table(ing_rows), bench_scoring.table(line_rows)
    print(text)
    print()
    print(ingest_text)
    print()
    print(lines_text)
    if args.write is not None:
        from newsgold.io import atomic_write_bytes

        given = sys.argv[1:] if argv is None else argv
        command = " ".join([".venv/bin/python scripts/benchmarks.py", *given])
        atomic_write_bytes(args.write, document(text, ingest_text, lines_text, when, command).encode("utf-8"))
    failed = [r for r in rows if r.ok is False]
    missed = len([r for r in failed if r.measure != "measurement failed"])
    broken = len(failed) - missed
    for other in (ing_rows, line_rows):
        broken += len([r for r in other if r.ok is False and r.figure == "measurement failed"])
        missed += len([r for r in other if r.ok is False and r.figure != "measurement failed"])
    print(
        f"{len(rows) + len(ing_rows) + len(line_rows)} figures for N = {', '.join(f'{n:,}' for n in sizes)}: "
        f"{missed} target(s) missed, {broken} measurement(s) failed",
        file=sys.stderr,
    )
    if broken or (missed and not args.no_targets):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
