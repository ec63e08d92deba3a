"""scripts/benchmarks.py: runs end to end on a tiny corpus; its table judges the targets."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "benchmarks.py"
SCORING = SCRIPT.with_name("bench_scoring.py")


def _module(script: Path = SCRIPT) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"{script.stem}_script", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_runs_end_to_end_on_a_tiny_corpus(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--n",
            "8",
            "--baseline-max-n",
            "0",  # no worktree of the old revision here: its rows say skipped
            "--baseline-sample",
            "4",
            "--ingest-rows",
            "12",
            "--mentions",
            "1000",
            "3000",
            "--no-targets",
            "--write",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "measurement failed" not in proc.stdout
    measures = (
        "release build, jobs 1",
        "release build, jobs 2",
        "release output, jobs 2 vs jobs 1",
        "release peak memory, jobs 1",
        "release peak memory per process, jobs 2",
        "validation, jobs 1",
        "validation, jobs 2",
        "validation findings, jobs 2 vs jobs 1",
        "load: first document",
        "load: full documents table",
        "load: documents via datasets",
        "scoring",
        "ingest: 0.",
    )
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| 8 ")]
    assert len(rows) == len(measures), rows
    for row, measure in zip(rows, measures, strict=True):
        assert measure in row, (measure, row)
    assert "skipped (N > --baseline-max-n)" in rows[0]
    identical = [r for r in rows if "release output" in r or "validation findings" in r]
    assert all("| identical" in r and r.rstrip().endswith("pass |") for r in identical), identical
    ingest = [line for line in proc.stdout.splitlines() if line.startswith("| ingest: ")]
    assert len(ingest) == 3 and all("12 created" in line for line in ingest), ingest
    lines = [line for line in proc.stdout.splitlines() if line.startswith("| predictions line, 3,000")]
    assert len(lines) == 2 and "all 3,000 scored" in lines[0]
    text = out.read_text()
    assert "Python " in text and "scripts/benchmarks.py --n 8" in text and "--n 1000 10000 100000" in text
    assert rows[0] in text and ingest[0] in text and lines[1] in text


def _results(**changed: dict) -> dict[str, dict]:
    release = {"figure": 10.0, "cpu": 9.0, "documents": 10000, "manifest": "a" * 64, "workers_mb": 0.0}
    results = {
        "release-old": dict(release, figure=40.0, peak_mb=300.0, rev="1be1bc6"),
        "release-j1": dict(release, peak_mb=300.0, cpus=1),
        "release-j2": dict(release, figure=5.0, peak_mb=250.0, workers_mb=200.0, cpus=2),
        "validate-j1": {
            "figure": 3000.0,
            "seconds": 3.3,
            "documents": 10000,
            "findings": 17,
            "findings_sha256": "b" * 64,
            "baseline": 20.0,
            "sampled": 100,
            "cpus": 1,
        },
        "validate-j2": {
            "figure": 5400.0,
            "seconds": 1.9,
            "documents": 10000,
            "findings": 17,
            "findings_sha256": "b" * 64,
            "cpus": 2,
        },
        "load": {
            "first": 0.1,
            "first_baseline": 0.05,
            "figure": 1.0,
            "baseline": 0.5,
            "datasets": 3.0,
            "rows": {"load_table": 10000, "pyarrow": 10000, "datasets": 10000},
        },
        "score": {"figure": 2.0, "baseline": 9.0, "entities": 100},
        "ingest-pages": {"figure": 2.0, "baseline": 100.0, "megabytes": 40.0, "created": 10000},
    }
    for key, values in changed.items():
        results[key] = dict(results[key], **values)
    return results


def test_targets_pass_and_fail() -> None:
    bench = _module()

    def ok(rows: list, measure: str) -> bool | None:
        return next(r for r in rows if r.measure.startswith(measure)).ok

    good = bench.rows_for(10000, _results(), None)
    assert [r.ok for r in good] == [True] * 8 + [None, True, None, True, None]
    slow = bench.rows_for(
        10000,
        _results(
            **{
                "release-old": {"figure": 25.0},  # 2.5 times jobs 1, not 3
                "release-j2": {"figure": 7.0, "manifest": "c" * 64, "workers_mb": 600.0},
                "validate-j1": {"figure": 2000.0},
                "validate-j2": {"figure": 3000.0, "findings_sha256": "d" * 64},
                "score": {"baseline": 7.0},  # 3.5 times nervaluate's speed, not 4
            }
        ),
        None,
    )
    assert ok(slow, "release build, jobs 1") is False
    assert ok(slow, "release build, jobs 2") is False  # 1.43x, not 1.6
    assert ok(slow, "release output") is False  # the manifests differ
    assert ok(slow, "release peak memory per process") is False  # a worker of 600 MB
    assert ok(slow, "validation, jobs 1") is False  # 2,000 docs/s < 2,500
    assert ok(slow, "validation, jobs 2") is False  # 1.5x, not 1.7
    assert ok(slow, "validation findings") is False
    assert ok(slow, "scoring") is False
    one_cpu = bench.rows_for(10000, _results(**{"release-j2": {"cpus": 1}}), None)
    assert ok(one_cpu, "release build, jobs 2") is False  # not measured on two CPUs
    skipped = bench.rows_for(10000, _results(**{"release-old": {"skipped": "skipped (N > 10000)"}}), None)
    assert ok(skipped, "release build, jobs 1") is None
    failed = bench.rows_for(10000, _results(**{"release-old": {"error": "exit 1: boom"}}), None)
    assert ok(failed, "measurement failed") is False and ok(failed, "release build, jobs 1") is False


def test_memory_and_time_per_document_must_stay_flat() -> None:
    bench = _module()
    small = _results()
    grown = _results(**{"release-j1": {"peak_mb": 400.0}, "release-j2": {"workers_mb": 260.0}})
    rows = bench.rows_for(100000, grown, small)
    assert next(r for r in rows if r.measure.startswith("release peak memory, jobs 1")).ok is False  # x1.33
    assert next(r for r in rows if r.measure.startswith("release peak memory per")).ok is False  # x1.30
    assert bench.scale_reference([1000, 10000, 100000]) == 10000
    assert bench.scale_reference([300, 600]) == 300 and bench.scale_reference([600]) is None
    linear = _results(**{"release-j1": {"figure": 110.0}, "validate-j1": {"seconds": 36.0}})
    scale = bench.scale_rows({1000: _results(), 10000: small, 100000: linear})
    assert [r.ok for r in scale] == [True, True]  # 1.10 and 1.09 times the time per document
    worse = _results(**{"release-j1": {"figure": 120.0}, "validate-j1": {"seconds": 40.0}})
    assert [r.ok for r in bench.scale_rows({10000: small, 100000: worse})] == [False, False]


def test_ingest_targets() -> None:
    bench = _module()
    fast = {"seconds": 0.5, "baseline_seconds": 0.1, "megabytes": 12.0, "parsed": 3000, "created": 3000}
    measured = {
        "csv": dict(fast, results=3000),
        "jsonl": dict(fast, seconds=0.7, results=3000),  # 4,286 rows/s
        "textdump": dict(fast, results=3000),  # 24 MB/s
    }
    assert [r.ok for r in bench.ingest_rows(measured, 3000)] == [True, False, True]
    measured["csv"] = dict(measured["csv"], created=2999)  # a row not written
    assert bench.ingest_rows(measured, 3000)[0].ok is False


def test_bench_scoring_runs_end_to_end() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCORING), "--mentions", "500", "1500", "--documents", "6", "--no-targets"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "measurement failed" not in proc.stdout
    assert "all 1,500 scored" in proc.stdout and "orjson.loads of the line" in proc.stdout
    assert "(nervaluate)" in proc.stdout


def test_bench_scoring_targets_fail_when_missed() -> None:
    scoring = _module(SCORING)

    def line(cpu: float, wall: float, n: int) -> dict:
        return {
            "cpu": cpu,
            "wall": wall,
            "peak_mb": 900.0,
            "parse": 1.0,
            "exit": 1,
            "predicted": n,
            "findings": 9,
        }

    quadratic = {100_000: line(10.0, 10.0, 100_000), 1_000_000: line(300.0, 300.0, 1_000_000)}
    rows = scoring.line_rows(quadratic)
    assert [r.ok for r in rows] == [True, None, False, False]  # 3x the time per mention; 300 s > 30 s
    linear = {100_000: line(2.0, 2.5, 100_000), 1_000_000: line(20.0, 25.0, 1_000_000)}
    assert [r.ok for r in scoring.line_rows(linear)] == [True, None, True, True]
    dropped = {1_000: line(1.0, 1.0, 999)}  # a mention not scored
    assert scoring.line_rows(dropped)[0].ok is False
    assert scoring.throughput_row({"figure": 1.0, "baseline": 3.0, "entities": 9}, 1).ok is False
    assert scoring.throughput_row({"figure": 1.0, "baseline": 4.5, "entities": 9}, 1).ok is True
