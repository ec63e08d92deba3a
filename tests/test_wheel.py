"""The wheel as a user gets it: built by scripts/build_wheel.py, installed into a fresh virtual
environment, and loaded offline from a folder that is no project, with NEWSGOLD_ROOT unset.

The fresh environment gets the wheel alone (``pip install --no-deps``); its dependencies come from the
environment running the tests, through a ``.pth`` line naming that environment's site-packages (which
does not run that environment's own ``.pth`` files, so this checkout's editable install stays out).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHECKOUT = Path(__file__).resolve().parents[1]

# Run by the fresh environment's python: every configuration through load and load_table, and the
# typed documents; prints what it found as JSON.
PROBE = """
import json, sys
import newsgold
from newsgold import paths
from newsgold.release.tables import CONFIGS

out = {"module": newsgold.__file__, "release": str(paths.packaged_release_dir()), "path": sys.path}
out["load"] = {c: {split: d.num_rows for split, d in newsgold.load(c).items()} for c in CONFIGS}
out["load_table"] = {c: newsgold.load_table(c).num_rows for c in CONFIGS}
out["null_texts"] = newsgold.load_table("texts", columns=["text"]).column("text").null_count
out["documents"] = len(list(newsgold.iter_documents()))
print(json.dumps(out))
"""


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_installed_wheel_loads_every_configuration_offline(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, str(CHECKOUT / "scripts" / "build_wheel.py"), "--out", str(tmp_path / "dist")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    sdist, wheel = (Path(line) for line in built.stdout.split())
    assert wheel.parent == tmp_path / "dist" and wheel.suffix == ".whl" and sdist.name.endswith(".tar.gz")

    # the sdist carries the standoff release and none of the checkout's corpus, annotations or tests
    with tarfile.open(sdist) as archive:
        names = [n.split("/", 1)[1] for n in archive.getnames() if "/" in n]
    assert "packaged-release/manifest.json" in names and "hatch_build.py" in names
    assert not [n for n in names if n.split("/")[0] in ("corpus", "annotations", "tests")]

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    installed = subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "--quiet", str(wheel)], capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    dependencies = sysconfig.get_paths()["purelib"]
    (site / "_test_dependencies.pth").write_text(dependencies + "\n", encoding="utf-8")
    check = subprocess.run([*pip, "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr  # the wheel's requirements are met

    package = site / "newsgold"
    release = package / "packaged-release"
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["form"] == "standoff"
    before = snapshot(package)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSGOLD_ROOT", "PYTHONPATH")}
    env.update(HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1", HF_HOME=str(tmp_path / "hf"))
    probe = subprocess.run(
        [str(python), "-c", PROBE], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300
    )
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout.strip().splitlines()[-1])

    assert Path(found["module"]).parent == package  # the wheel's code, not this checkout's
    inside = [p for p in found["path"] if p and Path(p).resolve().is_relative_to(CHECKOUT)]
    assert [Path(p).resolve() for p in inside] in ([], [Path(dependencies).resolve()])  # no src/
    assert Path(found["release"]) == release
    assert found["load"] == manifest["rows"]  # every configuration, every split
    assert found["load_table"] == {c: sum(rows.values()) for c, rows in manifest["rows"].items()}
    assert found["null_texts"] == manifest["withheld_documents"] > 0  # the standoff form, as shipped
    assert found["documents"] == manifest["documents"] - manifest["withheld_documents"]
    assert "text is withheld" in probe.stderr  # iter_documents said what it left out

    assert snapshot(package) == before  # nothing written into the installed package
    assert list(elsewhere.iterdir()) == []  # nor where the user is

    command = subprocess.run(
        [str(venv / "bin" / "newsgold"), "validate"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert command.returncode == 2
    assert command.stderr.startswith("newsgold validate: no newsgold project here") and "Traceback" not in (
        command.stderr
    )
