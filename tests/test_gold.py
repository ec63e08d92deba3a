"""The gold of the seed article: pinned counts, clean validation, and a reproducible adjudication.

A change to the gold must be deliberate: it changes these counts, so this test is updated in the same
commit as the gold, the changelog and the regenerated datasheet.
"""

from collections import Counter
from pathlib import Path

import pytest

from checkout import SEED_ID as SEED
from newsgold import paths
from newsgold.cli import main
from newsgold.io import read_annotation
from newsgold.validate import validate_corpus

ROOT = paths.project_root()
GOLD = paths.gold_dir() / f"{SEED}.json"
ANNOTATORS = ROOT / "annotations" / "annotators"


@pytest.fixture(scope="module")
def gold():
    return read_annotation(GOLD)


def test_gold_validates_cleanly() -> None:
    assert validate_corpus() == []


def test_mentions_per_type_and_kind(gold) -> None:
    assert Counter(m.type for m in gold.mentions) == {
        "GPE": 46,
        "PERSON": 46,
        "DATE": 20,
        "LOC": 12,
        "NORP": 11,
        "ORG": 10,
        "CARDINAL": 5,
        "ORDINAL": 2,
        "EVENT": 1,
    }
    assert Counter(m.kind for m in gold.mentions) == {"name": 114, "nominal": 27, "pronoun": 12}
    # every DATE has a value except the two "the near future" (guidelines 2.7: undeterminable -> null)
    undetermined = [m.text for m in gold.mentions if m.type == "DATE" and m.normalized is None]
    assert undetermined == ["the near future"] * 2


def test_clusters(gold) -> None:
    assert len(gold.clusters) == 25
    members = [mid for c in gold.clusters for mid in c.mentions]
    assert len(members) == len(set(members))
    by_name = {c.name: len(c.mentions) for c in gold.clusters}
    assert by_name["Japan"] == 17


def test_events_per_type_and_realis(gold) -> None:
    assert Counter(e.type for e in gold.events) == {
        "Contact:Meet": 17,
        "Contact:Agree": 5,
        "Contact:Negotiate": 3,
        "Conflict:Occupy": 2,
        "Personnel:Start-Position": 2,
        "Trade:Restrict": 2,
        "Trade:Revoke-Status": 2,
        "Transaction:Transfer-Money": 2,
        "Transaction:Transfer-Ownership": 2,
        "Conflict:Surrender": 1,
        "Contact:Request": 1,
        "Justice:Rule": 1,
        "Justice:Sue": 1,
        "Movement:Transport": 1,
        "Personnel:Assign": 1,
    }
    assert sum(len(e.arguments) for e in gold.events) == 99
    assert Counter(e.realis for e in gold.events) == {
        "actual": 20,
        "planned": 10,
        "hypothetical": 9,
        "negated": 3,
        "generic": 1,
    }


def test_claims(gold) -> None:
    assert len(gold.claims) == 12
    assert Counter(c.form for c in gold.claims) == {"indirect": 9, "mixed": 2, "direct": 1}
    assert Counter(c.claimer_status for c in gold.claims) == {"mention": 11, "unattributed": 1}


def test_gold_is_the_adjudication_of_the_two_annotations(tmp_path: Path) -> None:
    """Replaying the recorded decisions over the two independent files gives the committed gold."""
    inputs = [str(ANNOTATORS / name / f"{SEED}.json") for name in ("annotator-a", "annotator-b")]
    decisions = ROOT / "annotations" / "adjudication" / f"{SEED}.decisions.json"
    code = main(
        [
            "adjudicate",
            *inputs,
            "--decisions",
            str(decisions),
            "--out",
            str(tmp_path),
            "--log",
            str(tmp_path / "log.md"),
        ]
    )
    assert code == 0
    assert (tmp_path / f"{SEED}.json").read_bytes() == GOLD.read_bytes()


# --- every gold document -----------------------------------------------------------------------------

GOLD_IDS = sorted(p.stem for p in paths.gold_dir().glob("*.json"))


def _passes(doc_id: str) -> list[Path]:
    return sorted(ANNOTATORS.glob(f"*/{doc_id}.json"))


def test_every_gold_document_has_two_passes_and_a_decision_log() -> None:
    for doc_id in GOLD_IDS:
        assert len(_passes(doc_id)) == 2, doc_id
        log = ROOT / "annotations" / "adjudication"
        assert (log / f"{doc_id}.md").is_file() and (log / f"{doc_id}.decisions.json").is_file(), doc_id


def test_every_annotated_document_has_gold() -> None:
    annotated = {p.stem for p in ANNOTATORS.glob("*/*.json")}
    assert annotated == set(GOLD_IDS)


@pytest.mark.parametrize("doc_id", GOLD_IDS)
def test_gold_replays_from_its_two_passes_and_decisions(doc_id: str, tmp_path: Path) -> None:
    """The recorded decisions over the two independent files give the committed gold, byte for byte."""
    decisions = ROOT / "annotations" / "adjudication" / f"{doc_id}.decisions.json"
    code = main(
        [
            "adjudicate",
            *map(str, _passes(doc_id)),
            "--decisions",
            str(decisions),
            "--out",
            str(tmp_path),
            "--log",
            str(tmp_path / "log.md"),
        ]
    )
    assert code == 0
    assert (tmp_path / f"{doc_id}.json").read_bytes() == (paths.gold_dir() / f"{doc_id}.json").read_bytes()


def test_every_annotator_folder_says_who_made_it_under_which_guidelines() -> None:
    import json

    record = json.loads((ROOT / "annotations" / "annotators.json").read_text(encoding="utf-8"))["annotators"]
    folders = {p.name for p in ANNOTATORS.iterdir() if p.is_dir()}
    assert set(record) == folders
    import re

    history = (ROOT / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
    versions = set(re.findall(r"^\| (\d+\.\d+) \| \d{4}-\d{2}-\d{2} \|", history, re.M))
    assert {"1.0", "1.2", "1.4"} <= versions
    assert all(r["made_by"] and r["guidelines"] in versions for r in record.values())


def test_the_gold_of_corpus_2_0_0_is_pinned() -> None:
    """61 gold documents (the seed and the first Wikinews batch); a change to any of these numbers is a
    deliberate gold change, made with the changelog and the regenerated datasheet."""
    from newsgold.corpus import iter_corpus
    from newsgold.corpus.splits import read_splits
    from newsgold.corpus.stats import corpus_stats

    golds = [read_annotation(paths.gold_dir() / f"{d}.json") for d in GOLD_IDS]
    assert len(golds) == 61
    assert sum(len(g.mentions) for g in golds) == 5502
    assert sum(len(g.clusters) for g in golds) == 769
    assert sum(len(g.events) for g in golds) == 878
    assert sum(len(e.arguments) for g in golds for e in g.events) == 1502
    assert sum(len(g.claims) for g in golds) == 463
    splits = read_splits()
    assert Counter(splits[d] for d in GOLD_IDS) == {"train": 38, "validation": 10, "test": 13}
    stats = corpus_stats(iter_corpus())
    assert (stats.documents, stats.annotated) == (348, 61)
    batch = ROOT.parent / "shared" / "sources" / "wikinews" / "batch-1.txt"
    if batch.is_file():  # next to a checkout: the batch's articles are exactly the gold ones
        from newsgold.ingest import document_id_for_url

        ids = {document_id_for_url(u) for u in batch.read_text(encoding="utf-8").split()}
        assert ids == set(GOLD_IDS) - {SEED}
