"""Build the sdist and the wheel, each carrying the corpus's standoff release as package data.

    .venv/bin/python scripts/build_wheel.py --out dist        # make wheel

1. Builds the standoff release of this checkout's corpus (as ``newsgold release --standoff``: validated
   first; the text of documents whose publisher does not allow redistribution is withheld) into a
   temporary folder outside the checkout.
2. Runs ``python -m build`` (the sdist, then the wheel from the sdist) with that folder in
   ``$NEWSGOLD_PACKAGED_RELEASE``; ``hatch_build.py`` puts it in the sdist as ``packaged-release/`` and
   in the wheel as ``newsgold/packaged-release/``.
3. Checks the release inside the wheel against its manifest, and prints the paths of both files.

Nothing is written into the checkout except the two files in ``--out``. Exit codes: 0 built, 1 the
corpus did not validate or a build failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from newsgold.corpus.version import VersionError
from newsgold.paths import PACKAGED_RELEASE, ProjectRootError, require_project_root
from newsgold.release import ReleaseError, build_release, verify_release
from newsgold.release.manifest import read_manifest
from newsgold.validate import format_findings

CHECKOUT = Path(__file__).resolve().parents[1]
ENV = "NEWSGOLD_PACKAGED_RELEASE"  # read by hatch_build.py


class BuildError(RuntimeError):
    """A step of the build failed; the message says which."""


def build_distributions(out: Path, root: Path = CHECKOUT, *, isolation: bool = True) -> tuple[Path, Path]:
    """Build the sdist and the wheel of ``root`` into ``out``; return their paths (sdist, wheel)."""
    require_project_root(root)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsgold-wheel-") as tmp:
        staged = build_release(root, Path(tmp) / "release", standoff=True)
        command = [sys.executable, "-m", "build", "--outdir", str(out), str(root)]
        if not isolation:
            command.insert(3, "--no-isolation")
        proc = subprocess.run(
            command, env={**os.environ, ENV: str(staged.directory)}, capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise BuildError(f"python -m build failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
        # the last line of python -m build: "Successfully built <sdist> and <wheel>"
        built = re.search(r"^Successfully built (\S+\.tar\.gz) and (\S+\.whl)$", proc.stdout, re.M)
        if built is None:
            raise BuildError(f"python -m build did not say what it built:\n{proc.stdout}")
        sdist, wheel = out / built.group(1), out / built.group(2)
        check_wheel(wheel, Path(tmp) / "check", staged.version)
    return sdist, wheel


def check_wheel(wheel: Path, scratch: Path, version: str) -> None:
    """The wheel carries the standoff release of ``version``, intact (as its manifest says)."""
    prefix = f"newsgold/{PACKAGED_RELEASE}/"
    with zipfile.ZipFile(wheel) as archive:
        members = [n for n in archive.namelist() if n.startswith(prefix)]
        if f"{prefix}manifest.json" not in members:
            raise BuildError(f"{wheel}: carries no {prefix}manifest.json")
        archive.extractall(scratch, members)
    folder = scratch / prefix
    check = verify_release(folder)
    if not check.ok:
        raise BuildError(f"{wheel}: its packaged release does not match its manifest: {check.lines()[0]}")
    manifest = read_manifest(folder)
    if (manifest.get("form"), manifest.get("corpus_version")) != ("standoff", version):
        raise BuildError(
            f"{wheel}: carries the {manifest.get('form')} release {manifest.get('corpus_version')}, "
            f"expected the standoff release {version}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=CHECKOUT / "dist", help="output folder (default: dist/)")
    parser.add_argument(
        "--root", type=Path, default=CHECKOUT, help="the checkout to build (default: this one)"
    )
    parser.add_argument(
        "--no-isolation",
        action="store_true",
        help="build with this environment's hatchling instead of an isolated build environment",
    )
    args = parser.parse_args(argv)
    try:
        sdist, wheel = build_distributions(args.out, args.root, isolation=not args.no_isolation)
    except ProjectRootError as exc:
        print(f"build_wheel: {exc}", file=sys.stderr)
        return 2
    except ReleaseError as exc:
        if exc.findings:
            print(format_findings(exc.findings), file=sys.stderr)
        print(f"build_wheel: {exc}", file=sys.stderr)
        return 1
    except (VersionError, BuildError) as exc:
        print(f"build_wheel: {exc}", file=sys.stderr)
        return 1
    print(sdist)
    print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
