import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from newsgold.labelstudio.server import (
    Server,
    ServerError,
    find_binary,
    free_port,
    healthy,
    new_token,
    start_server,
    stop_server,
)

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


def test_relative_paths_are_taken_from_the_callers_folder(tmp_path, monkeypatch):
    (tmp_path / "bin").mkdir()
    exe = _fake(tmp_path / "bin", 'echo "data=$LABEL_STUDIO_BASE_DATA_DIR cwd=$(pwd)"; exit 3')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSGOLD_LABEL_STUDIO", "bin/label-studio")
    assert find_binary() == exe and exe.is_absolute()
    # started from a relative data folder, the server runs in it, told its absolute path
    with pytest.raises(ServerError, match="exited with code 3") as e:
        start_server(Path("data"), token=new_token(), timeout=20)
    assert f"data={tmp_path / 'data'} cwd={tmp_path / 'data'}" in str(e.value)
    monkeypatch.setenv("NEWSGOLD_LABEL_STUDIO", "nope/label-studio")
    with pytest.raises(
        ServerError, match=re.escape(f"NEWSGOLD_LABEL_STUDIO=nope/label-studio (that is {tmp_path / 'nope'}")
    ):
        find_binary()


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
    target = (
        "tests/labelstudio/test_integration.py::test_gold_goes_out_as_a_prediction_and_is_nobodys_annotation"
    )
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


@pytest.mark.labelstudio
def test_script_starts_a_server_from_a_relative_label_studio_path(tmp_path):
    """``NEWSGOLD_LABEL_STUDIO`` and ``--data-dir`` relative to the caller's folder, as the docs show
    them: both are taken from that folder, not from the data folder the server runs in."""
    try:
        binary = find_binary()
    except ServerError as e:
        pytest.fail(f"Label Studio server unavailable: {e}", pytrace=False)
    caller = tmp_path / "caller"
    caller.mkdir()
    relative = os.path.relpath(binary, caller)
    assert not Path(relative).is_absolute() and not (caller / "lsdata").exists()
    env = {**os.environ, "NEWSGOLD_LABEL_STUDIO": relative}
    for key in ("LABEL_STUDIO_API_KEY", "LABEL_STUDIO_PASSWORD", "NEWSGOLD_LS_DATA"):
        env.pop(key, None)
    port = free_port()
    r = subprocess.run(
        [sys.executable, str(CHECKOUT / "scripts" / "labelstudio_server.py"), "--data-dir", "lsdata"]
        + ["--port", str(port)],
        capture_output=True,
        text=True,
        env=env,
        cwd=caller,
        timeout=400,
    )
    pid = re.search(r"kill -TERM -(\d+)", r.stderr)
    data = caller / "lsdata"
    server = (
        Server(f"http://127.0.0.1:{port}", "", "", data, data / "server.log", int(pid[1]), 0.0)
        if pid
        else None
    )
    try:
        assert r.returncode == 0, r.stderr
        assert r.stdout == f"http://127.0.0.1:{port}\n"
        assert healthy(f"http://127.0.0.1:{port}")
        assert (data / "server.log").is_file() and not (data / "lsdata").exists()
        assert stat.S_IMODE((data / "api-token").stat().st_mode) == 0o600
        token = (data / "api-token").read_text(encoding="utf-8").strip()
        assert token not in r.stdout + r.stderr
    finally:
        if server is not None:
            stop_server(server)
    assert not healthy(f"http://127.0.0.1:{port}")
