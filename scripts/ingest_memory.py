"""Peak memory of ``newsgold ingest`` on large pages, each ingested in a fresh process.

For each size, writes two text dumps of that many megabytes to a temporary folder and ingests each one
into a new project in a child process, which reports its peak resident set size (``ru_maxrss``):

- one-word paragraphs: a headline, then ``word`` paragraphs separated by blank lines (millions of
  paragraphs: no article, refused after the first 10,000 lines);
- long paragraphs: a headline, then paragraphs of about 11 KB (an article far longer than any real
  one, ingested).

Prints a table (page size, peak RSS, the peak less that of ingesting a one-line page, as a multiple
of the page size, and what ingest did) and exits 1 when that multiple exceeds ``--max-ratio``.

    .venv/bin/python scripts/ingest_memory.py --mb 5 50
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import resource, sys
from pathlib import Path
from newsgold.ingest import ingest_page
result = ingest_page(Path(sys.argv[1]), Path(sys.argv[2]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
print(peak, result.status, result.reason or "")
"""

HEADLINE = "Ministers to meet in New York\n\n"
PARAGRAPH = ("the minister said talks would resume " * 300).strip() + "\n\n"


def write_page(path: Path, kind: str, size: int) -> None:
    unit = "word\n\n" if kind == "one-word paragraphs" else PARAGRAPH
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADLINE)
        for _ in range(max(1, (size - len(HEADLINE)) // len(unit))):
            f.write(unit)


def measure(page: Path, root: Path) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(page), str(root)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"ingest of {page.name} failed: {proc.stderr.strip().splitlines()[-1:]}")
    peak, outcome = proc.stdout.strip().split(" ", 1)
    return int(peak), outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[5.0], help="page sizes in MB (default: 5)")
    parser.add_argument(
        "--max-ratio",
        type=float,
        default=10.0,
        help="largest (peak RSS - base) / page size accepted (default: 10)",
    )
    args = parser.parse_args(argv)
    failed = False
    print("| page | size (MB) | peak RSS (MB) | (peak - base) / size | ingest |")
    print("|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="newsgold-ingest-memory-") as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text(HEADLINE + "One line of body.\n", encoding="utf-8")
        base, _ = measure(tiny, Path(tmp) / "root-tiny")
        print(f"| one-line page (base) | 0.0 | {base / 1e6:.0f} | | |")
        for mb in args.mb:
            size = int(mb * 1_000_000)
            for n, kind in enumerate(("one-word paragraphs", "long paragraphs")):
                page = Path(tmp) / f"page-{mb:g}-{n}.txt"
                write_page(page, kind, size)
                written = page.stat().st_size
                peak, outcome = measure(page, Path(tmp) / f"root-{mb:g}-{n}")
                page.unlink()
                ratio = (peak - base) / written
                failed |= ratio > args.max_ratio
                print(f"| {kind} | {written / 1e6:.1f} | {peak / 1e6:.0f} | {ratio:.1f} | {outcome[:70]} |")
    if failed:
        print(f"a peak exceeds the base by more than {args.max_ratio:g} times the page size", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
