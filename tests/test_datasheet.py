"""DATASHEET.md: every section of Datasheets for Datasets, figures generated from the corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgold.corpus import iter_corpus
from newsgold.corpus.stats import corpus_stats
from newsgold.release import build_release, datasheet
from newsgold.release.datasheet import START, check_datasheet, figures_block, write_datasheet
from release_corpora import SEED, default_corpus, run_command, seed_document, synthetic_annotation

SECTIONS = (
    "Motivation",
    "Composition",
    "Collection process",
    "Preprocessing, cleaning and labelling",
    "Uses",
    "Distribution",
    "Maintenance",
)


@pytest.mark.slow
def test_the_committed_datasheet_has_every_section_and_current_figures() -> None:
    text = datasheet.datasheet_path().read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == list(SECTIONS)
    assert check_datasheet(), "DATASHEET.md figures are stale: run `newsgold datasheet --write`"


def test_stale_figures_are_detected(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    assert not check_datasheet(root)  # the template has an empty block
    assert run_command("datasheet", "--check", "--root", str(root)) == 1
    assert write_datasheet(root)
    assert check_datasheet(root) and run_command("datasheet", "--check", "--root", str(root)) == 0
    text = (root / "DATASHEET.md").read_text(encoding="utf-8")
    ann = synthetic_annotation(seed_document())
    assert f"Entity mentions: {2 * len(ann.mentions)};" in text
    assert "- Documents per split (with gold): train 1 (1), validation 1 (0), test 1 (1)." in text
    assert text.endswith("<!-- figures:end -->\n\nEnd.\n")  # the hand-written part is kept
    (root / "annotations" / "gold" / f"{SEED}.json").unlink()
    assert not check_datasheet(root)
    assert run_command("datasheet", "--write", "--root", str(root)) == 0 and check_datasheet(root)


def test_agreement_block(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    stats = corpus_stats(iter_corpus(root))
    assert "not yet computed" in figures_block(stats, None, {})
    figures = {
        "groups": ["all documents", "held out"],
        "documents": [2, 1],
        "entity mentions F1": ["87.7 [80.1, 93.0]", "85.0"],
    }
    block = figures_block(stats, figures, {})
    assert "| measure | all documents | held out |" in block
    assert "| entity mentions F1 | 87.7 [80.1, 93.0] | 85.0 |" in block and "not yet computed" not in block
    monkeypatch.setattr(
        datasheet, "agreement_figures", lambda root=None: {"groups": ["all documents"], "claims F1": ["50.0"]}
    )
    write_datasheet(root)
    assert "| claims F1 | 50.0 |" in (root / "DATASHEET.md").read_text(encoding="utf-8")


def test_the_release_carries_the_datasheet_of_its_corpus(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    release = build_release(root).directory
    text = (release / "DATASHEET.md").read_text(encoding="utf-8")
    assert START in text and "Documents: 3 (2 with a gold annotation, 1 without: text only" in text


def test_missing_markers(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    (root / "DATASHEET.md").write_text("# Datasheet\n", encoding="utf-8")
    assert run_command("datasheet", "--check", "--root", str(root)) == 1


def test_agreement_comes_from_the_benchmark_scorer(tmp_path: Path) -> None:
    from newsgold.io import write_annotation

    root = default_corpus(tmp_path / "corpus")
    assert datasheet.agreement_figures(root) is None  # no annotator folders yet
    ann = synthetic_annotation(seed_document())
    for name in ("annotator-a", "annotator-b"):
        write_annotation(root / "annotations" / "annotators" / name / f"{SEED}.json", ann)
    figures = datasheet.agreement_figures(root, replicates=0)
    assert figures is not None and figures["documents"] == [1] and figures["groups"] == ["all documents"]
    assert figures["Mentions, strict (span + type) F1"] == ["100.0"]
    write_datasheet(root)
    sheet = (root / "DATASHEET.md").read_text(encoding="utf-8")
    assert "| Mentions, strict (span + type) F1 | 100.0 [" in sheet


def test_agreement_pairs_passes_per_document_and_reports_example_sources_apart(tmp_path: Path) -> None:
    """Annotators differ per document: the two passes of each document are paired, whoever made them;
    documents that supplied guideline examples are reported apart."""
    import dataclasses
    import json

    from newsgold.io import read_document, write_annotation

    root = default_corpus(tmp_path / "corpus")
    ann = synthetic_annotation(seed_document())
    other = synthetic_annotation(read_document(root / "corpus" / "documents" / "a000000000000001.json"))
    fewer = dataclasses.replace(other, mentions=other.mentions[:-1], clusters=(), events=(), claims=())
    annotators = root / "annotations" / "annotators"
    write_annotation(annotators / "annotator-a" / f"{SEED}.json", ann)
    write_annotation(annotators / "annotator-b" / f"{SEED}.json", ann)
    write_annotation(annotators / "annotator-c" / "a000000000000001.json", other)
    write_annotation(annotators / "annotator-d" / "a000000000000001.json", fewer)
    figures = datasheet.agreement_figures(root, replicates=0)
    assert figures is not None and figures["documents"] == [2]
    assert figures["Mentions, strict (span + type) F1"] != ["100.0"]  # the second pair differs
    (root / "annotations" / "guideline-sources.json").write_text(
        json.dumps({"documents": {SEED: "1.0"}}), encoding="utf-8"
    )
    figures = datasheet.agreement_figures(root, replicates=0)
    assert figures is not None and figures["groups"] == [
        "all documents",
        "documents that supplied no guideline example",
        "documents that supplied guideline examples",
    ]
    assert figures["documents"] == [2, 1, 1]
    assert figures["Mentions, strict (span + type) F1"][2] == "100.0"  # the seed's two passes agree
    assert run_command("agree", "--root", str(root), "--documents", "examples") == 0
    assert run_command("agree", "--root", str(root), "--documents", "held-out") == 0
