#!/usr/bin/env python3
"""Start a local Label Studio for annotators on 127.0.0.1 and print its URL.

    python scripts/labelstudio_server.py [--data-dir DIR] [--port PORT]

The data directory (default ``$NEWSGOLD_LS_DATA`` or ``.labelstudio-data``) keeps projects between runs.
The API token comes from ``$LABEL_STUDIO_API_KEY``; without one, a random token is generated and
stored in ``DIR/api-token`` (mode 0600), and only that path is printed, never the token. The admin user
is ``$LABEL_STUDIO_USERNAME`` (default admin@newsgold.local), password ``$LABEL_STUDIO_PASSWORD`` (else
random, stored in ``DIR/admin-password``, 0600). The server keeps running in the background; stop it with
``kill -TERM -<pid>`` (its process group), as printed. Exit status is non-zero when it cannot start.
The executable comes from ``$NEWSGOLD_LABEL_STUDIO`` (else ``.venv-labelstudio``); it and ``--data-dir``
may be relative to the current folder.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from newsgold.labelstudio.server import DEFAULT_USER, ServerError, binary_path, new_token, start_server


def _secret(path: Path, env: str, make: Callable[[], str]) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(value + "\n")
    print(f"stored a new secret in {path} (mode 0600)", file=sys.stderr)
    return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("NEWSGOLD_LS_DATA", ".labelstudio-data"))
    )
    ap.add_argument("--port", type=int, default=int(os.environ.get("NEWSGOLD_LS_PORT", "8080")))
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for /health")
    args = ap.parse_args(argv)
    # every path against the caller's folder, before anything runs elsewhere (the server runs in DIR)
    data = args.data_dir.expanduser().resolve()
    binary = binary_path()
    data.mkdir(parents=True, exist_ok=True)
    token = _secret(data / "api-token", "LABEL_STUDIO_API_KEY", new_token)
    password = _secret(data / "admin-password", "LABEL_STUDIO_PASSWORD", lambda: secrets.token_urlsafe(16))
    user = os.environ.get("LABEL_STUDIO_USERNAME", DEFAULT_USER)
    print(
        f"starting Label Studio {binary} (data in {data}; the first start runs migrations, about two "
        "minutes)...",
        file=sys.stderr,
    )
    try:
        server = start_server(
            data,
            token=token,
            binary=binary,
            port=args.port,
            username=user,
            password=password,
            timeout=args.timeout,
        )
    except ServerError as e:
        print(f"labelstudio_server: {e}", file=sys.stderr)
        return 1
    print(f"Label Studio is up after {server.startup_seconds:.0f} s: {server.url}", file=sys.stderr)
    print(
        f"  log in as {user}, password in {data / 'admin-password'} unless LABEL_STUDIO_PASSWORD was set",
        file=sys.stderr,
    )
    print(
        f"  API token in {data / 'api-token'} unless LABEL_STUDIO_API_KEY was set",
        file=sys.stderr,
    )
    print(f"  export LABEL_STUDIO_URL={server.url}", file=sys.stderr)
    print(f"  stop with: kill -TERM -{server.pid}", file=sys.stderr)
    print(server.url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
