import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from newsgold.labelstudio.server import ServerError, find_binary, free_port, new_token, start_server

CHECKOUT = Path(__file__).resolve().parents[2]


def test_missing_binary_names_what_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSGOLD_LABEL_STUDIO", str(tmp_path / "nope" / "label-studio"))
    with pytest.raises(ServerError, match="not installed.*nope"):
        find_binary()
    monkeypatch.delenv("NEWSGOLD_LABEL_STUDIO")
    monkeypatch.setenv("NEWSGOLD_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # in no project: the default is the working folder's .venv-labelstudio
    with pytest.raises(ServerError, match=r"\.venv-labelstudio.*make labelstudio-server"):
        find_binary()


def _fake(tmp_path: Path, body: str) -> Path:
    exe = tmp_path / "label-studio"
    exe.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def test_server_that_exits_is_reported_with_its_log(tmp_path):
    exe = _fake(tmp_path, 'echo "migrations failed: disk full"; exit 3')
    with pytest.raises(ServerError, match="exited with code 3(.|\n)*disk full"):
        start_server(tmp_path / "data", token=new_token(), binary=exe, timeout=20)


def test_server_that_never_answers_times_out(tmp_path):
    exe = _fake(tmp_path, "sleep 30")
    with pytest.raises(ServerError, match="did not answer"):
        start_server(tmp_path / "data", token=new_token(), binary=exe, port=free_port(), timeout=2)


def test_token_and_port_are_fresh():
    assert len(new_token()) == 40 and int(new_token(), 16) >= 0
    assert new_token() != new_token()
    assert 0 < free_port() < 65536


def test_script_fails_without_a_server_and_never_prints_the_token(tmp_path):
    env = {**os.environ, "NEWSGOLD_LABEL_STUDIO": str(tmp_path / "missing"), "LABEL_STUDIO_API_KEY": ""}
    r = subprocess.run(
        [
            sys.executable,
            str(CHECKOUT / "scripts" / "labelstudio_server.py"),
            "--data-dir",
            str(tmp_path / "data"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 1
    assert "not installed" in r.stderr
    token_file = tmp_path / "data" / "api-token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = token_file.read_text(encoding="utf-8").strip()
    assert len(token) == 40 and token not in r.stdout + r.stderr


def test_integration_tests_fail_rather_than_skip_without_a_server(tmp_path):
    env = {**os.environ, "NEWSGOLD_LABEL_STUDIO": str(tmp_path / "no-label-studio")}
    target = "tests/labelstudio/test_integration.py::test_gold_goes_out_and_comes_back_identical"
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target],
        capture_output=True,
        text=True,
        env=env,
        cwd=CHECKOUT,
        timeout=120,
    )
    assert r.returncode != 0
    assert "Label Studio server unavailable" in r.stdout and "no-label-studio" in r.stdout
    assert "skipped" not in r.stdout
