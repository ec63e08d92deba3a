"""The README's two commands and its Python examples are kept true by running them."""

import re
import subprocess
from pathlib import Path

import pytest

from newsgold.io import read_json

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_exactly_the_two_make_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_makefile_targets_exist() -> None:
    out = subprocess.run(["make", "-n", "run", "test"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


@pytest.mark.slow
def test_loading_example_runs(project_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The example loads the release of a copy of the project (built there), never the checkout's dist/."""
    block = re.search(r"## Loading\n\n```python\n(.*?)```", README, re.S).group(1)
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "bc715259e8893656 153" in out
    version = read_json(ROOT / "corpus" / "VERSION.json")["corpus_version"]
    assert (project_copy / "dist" / f"newsgold-{version}" / "manifest.json").is_file()


def test_the_figures_row_matches_the_corpus() -> None:
    from newsgold.corpus import iter_corpus
    from newsgold.corpus.stats import corpus_stats
    from newsgold.io import read_json

    s = corpus_stats(iter_corpus())
    row = re.search(
        r"^\| documents \| (\d+) \((\d+) with gold.*?\), (\d+) entity mentions, (\d+) clusters, "
        r"(\d+) events, (\d+) claims \|$",
        README,
        re.M,
    )
    assert row, "README: the documents row is missing or malformed"
    expected = (s.documents, s.annotated, s.mentions, s.clusters, s.events, s.claims)
    assert tuple(map(int, row.groups())) == expected
    version = read_json(ROOT / "corpus" / "VERSION.json")["corpus_version"]
    assert f"| corpus version | {version} " in README
    text = (ROOT / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
    guidelines = re.search(r"^Version (\S+) ", text, re.M).group(1)
    assert f"`annotations/GUIDELINES.md` ({guidelines})" in README
