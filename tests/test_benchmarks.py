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
            "--baseline-sample",
            "4",
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
    for measure in (
        "validation",
        "release build",
        "release peak memory",
        "load: first document",
        "load: full documents table",
        "scoring",
        "ingest",
    ):
        assert measure in proc.stdout, measure
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| 8 ")]
    assert len(rows) == 8
    lines = [line for line in proc.stdout.splitlines() if line.startswith("| predictions line, 3,000")]
    assert len(lines) == 2 and "all 3,000 scored" in lines[0]
    text = out.read_text()
    assert (
        "Python " in text and "scripts/benchmarks.py --n 8" in text and rows[0] in text and lines[1] in text
    )


def test_a_missed_target_fails() -> None:
    bench = _module()
    results = {
        "validate": {"figure": 900.0, "baseline": 20.0, "findings": 0, "rejected": 0, "sampled": 10},
        "release": {"figure": 70.0, "validation": 10.0, "write": 60.0, "errors": 0, "peak_mb": 300.0},
        "release-baseline": {"figure": 50.0, "peak_mb": 2000.0},
        "load": {
            "first": 0.1,
            "first_baseline": 0.05,
            "figure": 1.0,
            "baseline": 0.5,
            "datasets": 3.0,
            "rows": {"load_table": 10000, "pyarrow": 10000, "datasets": 10000},
        },
        "score": {"figure": 2.0, "baseline": 7.0, "entities": 100},
        "ingest": {"figure": 2.0, "baseline": 100.0, "megabytes": 40.0, "created": 10000},
    }
    rows = bench.rows_for(10000, results, None)

    def ok(measure: str) -> bool | None:
        return next(r for r in rows if r.measure.startswith(measure)).ok

    assert ok("validation") is False  # 900 docs/s < 1,000
    assert ok("release build") is False  # 70 s > 60 s
    assert ok("release peak memory") is True
    assert ok("scoring") is False  # 3.5 times nervaluate's speed, not 4
    assert ok("load: full documents table") is True
    small = dict(results, release=dict(results["release"], peak_mb=100.0))
    grown = bench.rows_for(10000, results, small)
    assert next(r for r in grown if r.measure == "release peak memory").ok is False  # x3 of the smaller N
    results["validate"] = dict(results["validate"], figure=1500.0, findings=2)
    assert bench.rows_for(10000, results, None)[0].ok is False  # findings differ from jsonschema's


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
