"""The spot-check sample is reproducible, and the recorded spot check is the one of its sample."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from newsgold import paths

ROOT = paths.project_root()
SCRIPT = ROOT / "scripts" / "spot_check_sample.py"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("spot_check_sample", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sample_is_drawn_again_the_same(tmp_path: Path) -> None:
    script = _script()
    assert script.main(["--out", str(tmp_path / "a.json")]) == 0
    assert script.main(["--out", str(tmp_path / "b.json")]) == 0
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert a == json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    recorded_path = ROOT / "annotations" / "spot-check" / "2.0.0-sample.json"
    recorded = json.loads(recorded_path.read_text(encoding="utf-8"))
    assert [(s["document"], s["start"], s["end"]) for s in a] == [
        (s["document"], s["start"], s["end"]) for s in recorded
    ]
    assert script.main(["--out", str(tmp_path / "c.json"), "--n", "100000"]) == 1


def test_every_sampled_item_was_judged() -> None:
    spot = ROOT / "annotations" / "spot-check"
    sample = json.loads((spot / "2.0.0-sample.json").read_text(encoding="utf-8"))
    judged = json.loads((spot / "2.0.0-judgments.json").read_text(encoding="utf-8"))["items"]
    assert {i["id"] for s in sample for i in s["gold"]} == set(judged)
    assert sum(not v["ok"] for v in judged.values()) == 8
