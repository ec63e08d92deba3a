"""Fixtures for the Label Studio tests.

``ls_server`` starts a real Label Studio (session scope) on a free port of 127.0.0.1, with its data in a
temporary folder and a random token: the executable from ``$NEWSGOLD_LABEL_STUDIO`` (set by ``make test``),
else ``.venv-labelstudio/bin/label-studio``. When neither exists or the server does not start, the
requesting tests fail with a message saying so; they never skip.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from checkout import SEED_ID as SEED
from newsgold.labelstudio.server import Server, ServerError, find_binary, new_token, start_server, stop_server

FIXTURES = Path(__file__).parent / "fixtures"
CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root with the corpus version, the seed document and the emoji fixture document, and no
    annotations: the working folder (commands find their project from it)."""
    docs = tmp_path / "corpus" / "documents"
    docs.mkdir(parents=True)
    shutil.copy(CHECKOUT / "corpus" / "VERSION.json", tmp_path / "corpus")
    shutil.copy(CHECKOUT / "corpus" / "documents" / f"{SEED}.json", docs)
    shutil.copy(FIXTURES / "corpus" / "documents" / "emoji-sample.json", docs)
    monkeypatch.setenv("NEWSGOLD_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def ls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    try:
        binary = find_binary()
    except ServerError as e:
        pytest.fail(f"Label Studio server unavailable: {e}", pytrace=False)
    data = tmp_path_factory.mktemp("labelstudio-data")
    began = time.monotonic()
    try:
        server = start_server(data, token=new_token(), binary=binary)
    except ServerError as e:
        pytest.fail(f"Label Studio server could not be started from {binary}: {e}", pytrace=False)
    print(f"\nLabel Studio ({binary}) healthy at {server.url} after {time.monotonic() - began:.1f} s")
    try:
        yield server
    finally:
        stop_server(server)
