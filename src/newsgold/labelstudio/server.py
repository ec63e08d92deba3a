"""Start a local Label Studio server on 127.0.0.1 and wait until it answers ``/health``.

Used by ``scripts/labelstudio_server.py`` (for annotators) and by the integration tests. The server
lives in its own virtual environment (``make labelstudio-server`` creates ``.venv-labelstudio``) so its
pinned dependencies never constrain ours. The first start on a fresh data directory runs database
migrations, which takes a minute or two.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from newsgold.errors import DataError
from newsgold.paths import find_project_root

BINARY_ENV = "NEWSGOLD_LABEL_STUDIO"
DEFAULT_USER = "admin@newsgold.local"
HEALTH_TIMEOUT = 240.0


class ServerError(DataError, RuntimeError):
    """The server could not be found, started, or did not become healthy."""


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    token: str
    username: str
    data_dir: Path
    log_path: Path
    pid: int
    startup_seconds: float


def binary_path() -> Path:
    """Where the ``label-studio`` executable should be: ``$NEWSGOLD_LABEL_STUDIO``, else
    ``.venv-labelstudio/bin/label-studio`` of the project; always absolute (a relative
    ``$NEWSGOLD_LABEL_STUDIO`` is taken from the current folder, now, not from the server's data folder)."""
    env = os.environ.get(BINARY_ENV)
    if env:
        return Path(env).expanduser().absolute()
    return (find_project_root() or Path.cwd()) / ".venv-labelstudio" / "bin" / "label-studio"


def find_binary(path: Path | None = None) -> Path:
    """The ``label-studio`` executable at ``path`` (default :func:`binary_path`), made absolute;
    :class:`ServerError` when there is none."""
    env = os.environ.get(BINARY_ENV)
    exe = path.expanduser().absolute() if path is not None else binary_path()
    if exe.is_file() and os.access(exe, os.X_OK):
        return exe
    if path is not None:
        where = str(exe)
    elif env:
        where = f"${BINARY_ENV}={env}" + ("" if Path(env).is_absolute() else f" (that is {exe})")
    else:
        where = f"{exe} (and ${BINARY_ENV} is not set)"
    raise ServerError(
        f"Label Studio is not installed: no executable at {where}. "
        "Run `make labelstudio-server` to install it in .venv-labelstudio."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def new_token() -> str:
    """A random 40-hex-digit API token (the legacy token format Label Studio accepts)."""
    return secrets.token_hex(20)


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as r:  # noqa: S310 (loopback)
            return bool(r.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _tail(path: Path, n: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def start_server(
    data_dir: Path,
    *,
    token: str,
    binary: Path | None = None,
    port: int | None = None,
    username: str = DEFAULT_USER,
    password: str | None = None,
    timeout: float = HEALTH_TIMEOUT,
) -> Server:
    """Start ``label-studio`` on 127.0.0.1 with its data in ``data_dir``; return once it is healthy.

    ``binary`` (default: :func:`find_binary`) and ``data_dir`` may be relative to the current folder.

    The admin user ``username`` is created on first start with ``token`` as its API token. The
    server runs in its own process group (stop it with :func:`stop_server`); its output goes to
    ``data_dir/server.log``. Raises :class:`ServerError` with the log's tail when it exits or does
    not become healthy within ``timeout`` seconds.
    """
    # paths against the caller's folder: the server runs in its data folder
    binary = find_binary(binary)
    data_dir = data_dir.expanduser().absolute()
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    env = dict(os.environ)
    env.update(
        {
            "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
            "LABEL_STUDIO_USERNAME": username,
            "LABEL_STUDIO_PASSWORD": password or secrets.token_urlsafe(16),
            "LABEL_STUDIO_USER_TOKEN": token,
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
            "SENTRY_DSN": "",
            "FRONTEND_SENTRY_DSN": "",
        }
    )
    began = time.monotonic()
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [str(binary), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=data_dir,
            start_new_session=True,
        )
    server = Server(url, token, username, data_dir, log_path, proc.pid, 0.0)
    while time.monotonic() - began < timeout:
        if proc.poll() is not None:
            raise ServerError(
                f"Label Studio exited with code {proc.returncode} during start-up; "
                f"last lines of {log_path}:\n{_tail(log_path)}"
            )
        if healthy(url):
            return Server(url, token, username, data_dir, log_path, proc.pid, time.monotonic() - began)
        time.sleep(1.0)
    stop_server(server)
    raise ServerError(
        f"Label Studio did not answer {url}/health within {timeout:.0f} s; "
        f"last lines of {log_path}:\n{_tail(log_path)}"
    )


def stop_server(server: Server, grace: float = 10.0) -> None:
    """Stop the server's process group: SIGTERM, then SIGKILL after ``grace`` seconds."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            return
        try:  # reap the leader if it is our child
            os.waitpid(server.pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.2)
    try:
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
