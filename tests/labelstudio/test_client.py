"""Client failures name the server, never the token (no server needed: a closed port)."""

import socket

import pytest

from newsgold.cli import main

TOKEN = "never-shown-0123456789abcdef"


@pytest.fixture
def closed_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_unreachable_server_is_named_and_the_token_is_not(root, tmp_path, closed_url, capsys):
    export = tmp_path / "export.json"
    assert (
        main(["ls", "pull", "--url", closed_url, "--token", TOKEN, "--project", "x", "-o", str(export)]) == 1
    )
    err = capsys.readouterr().err
    assert closed_url in err and TOKEN not in err and not export.exists()
    tasks = tmp_path / "tasks.json"
    tasks.write_text("[]", encoding="utf-8")
    assert main(["ls", "push", str(tasks), "--url", closed_url, "--token", TOKEN, "--project", "xyz"]) == 1
    err = capsys.readouterr().err
    assert closed_url in err and TOKEN not in err and "Traceback" not in err
