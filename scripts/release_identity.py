"""Build the release with the code of another git revision and with the working tree, and compare.

    .venv/bin/python scripts/release_identity.py REV [--standoff]

Each build is made by its own code from its own project (the revision's corpus, annotations and schema
in a temporary worktree; the working tree's), into temporary folders. Prints the SHA-256 of both
manifests and, when they differ, the manifest fields and files whose bytes differ. Exit 0 when the
manifests are identical, 1 when they differ, 2 on a usage error. A refactoring that must not change
behaviour shows this way that its release is byte for byte the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def build(checkout: Path, out: Path, standoff: bool) -> Path:
    """The release of the checkout ``checkout``, built by its own code, into ``out``."""
    env = {**os.environ, "PYTHONPATH": str(checkout / "src"), "NEWSGOLD_ROOT": str(checkout)}
    command = [sys.executable, "-m", "newsgold", "release", "--root", str(checkout), "--out", str(out)]
    code = "import newsgold, sys; print(newsgold.__file__)"
    found = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=checkout, capture_output=True, text=True
    )
    if not found.stdout.startswith(str(checkout / "src")):
        raise SystemExit(
            f"release_identity: {checkout}: its code is not the one imported ({found.stdout.strip()})"
        )
    subprocess.run(
        command + (["--standoff"] if standoff else []),
        env=env,
        check=True,
        cwd=checkout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return out / "manifest.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the git revision to compare with (a commit, tag or branch)")
    parser.add_argument("--standoff", action="store_true", help="compare the standoff form")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsgold-identity-") as tmp:
        base = Path(tmp) / "rev"
        added = subprocess.run(
            ["git", "-C", str(CHECKOUT), "worktree", "add", "--detach", str(base), args.rev],
            capture_output=True,
            text=True,
        )
        if added.returncode:
            print(f"release_identity: {args.rev}: {added.stderr.strip()}", file=sys.stderr)
            return 2
        try:
            before = build(base, Path(tmp) / "before", args.standoff)
            after = build(CHECKOUT, Path(tmp) / "after", args.standoff)
            digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (before, after)]
            print(f"{args.rev}: manifest {digests[0]}\nworking tree: manifest {digests[1]}")
            if digests[0] == digests[1]:
                print("identical")
                return 0
            manifests = [json.loads(p.read_text(encoding="utf-8")) for p in (before, after)]
            for key in sorted(manifests[0].keys() | manifests[1].keys()):
                if key != "files" and manifests[0].get(key) != manifests[1].get(key):
                    print(f"differs: manifest {key}")
            files = [m["files"] for m in manifests]
            for name in sorted(files[0].keys() | files[1].keys()):
                if files[0].get(name) != files[1].get(name):
                    print(f"differs: {name}")
            return 1
        finally:
            subprocess.run(
                ["git", "-C", str(CHECKOUT), "worktree", "remove", "--force", str(base)], capture_output=True
            )


if __name__ == "__main__":
    sys.exit(main())
