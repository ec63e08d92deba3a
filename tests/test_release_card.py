"""The dataset card and Croissant file state what corpus/VERSION.json states, the rights with a link to
every licence, an example row of each configuration as stored, and the citation."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
import yaml

from newsgold.corpus.version import VersionError, read_version
from newsgold.io import read_document, read_json, write_json
from newsgold.labels import inventory
from newsgold.release import build_release
from newsgold.release.tables import CONFIGS
from release_corpora import CHECKOUT, SEED, default_corpus, make_corpus, run_command, seed_document, variant


def _head(directory: Path) -> dict:
    return yaml.safe_load((directory / "README.md").read_text(encoding="utf-8").split("---\n")[1])


def _set_version(root: Path, **fields: object) -> None:
    path = root / "corpus" / "VERSION.json"
    write_json(path, {**read_json(path), **fields})


def test_annotations_creators_come_from_the_version_file(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    _set_version(root, annotations_creators=["machine-generated"], annotators="Made by a rule-based tagger.")
    out = build_release(root, tmp_path / "r").directory
    assert _head(out)["annotations_creators"] == ["machine-generated"]
    meta = read_json(out / "croissant.json")
    assert meta["rai:annotatorDemographics"] == ["Made by a rule-based tagger."]
    assert read_json(out / "manifest.json")["annotations_creators"] == ["machine-generated"]


def test_nothing_is_claimed_when_the_version_file_states_nothing(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")  # VERSION.json without annotators or annotations_creators
    assert read_version(root).annotations_creators == ()
    out = build_release(root, tmp_path / "r").directory
    assert "annotations_creators" not in _head(out)
    (demographics,) = read_json(out / "croissant.json")["rai:annotatorDemographics"]
    assert "not stated" in demographics.lower()
    assert not any(w in demographics.lower() for w in ("trained", "expert", "collected"))


def test_an_unknown_annotations_creator_is_refused(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    _set_version(root, annotations_creators=["linguists"])
    with pytest.raises(VersionError, match="annotations_creators"):
        read_version(root)


def test_the_full_release_warns_about_text_that_may_not_be_redistributed(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = default_corpus(tmp_path / "corpus")  # two of three documents are not redistributable
    assert run_command("release", "--root", str(root), "--out", str(tmp_path / "full")) == 0
    err = capsys.readouterr().err
    assert "warning: 2 of 3 document(s) have redistributable false" in err and "--standoff" in err
    card = (tmp_path / "full" / "README.md").read_text(encoding="utf-8")
    assert "2 of 3 document(s) have `redistributable: false`" in card and "must not be redistributed" in card
    assert run_command("release", "--root", str(root), "--out", str(tmp_path / "standoff"), "--standoff") == 0
    assert "redistributable false" not in capsys.readouterr().err
    card = (tmp_path / "standoff" / "README.md").read_text(encoding="utf-8")
    assert "this standoff form withholds their text and is the form to publish" in card


def _wikinews_corpus(root: Path) -> Path:
    """The seed (Kyodo News, not redistributable; test) and an openly licensed copy (train), both with
    gold, and a text-only copy (validation)."""
    seed = seed_document()
    wiki = variant(seed, "a000000000000001", published="2018-03-01", redistributable=True)
    wiki = dataclasses.replace(
        wiki,
        metadata=dataclasses.replace(
            wiki.metadata,
            publisher="Wikinews",
            rights_holder="Wikinews contributors",
            licence="CC-BY-2.5",
            licence_url="https://creativecommons.org/licenses/by/2.5/",
        ),
    )
    plain = variant(seed, "a000000000000002", published="2020-05-05")
    make_corpus(root, [(seed, "test", True), (wiki, "train", True), (plain, "validation", False)])
    _set_version(
        root,
        annotation_licence_url="https://creativecommons.org/licenses/by/4.0/",
        annotators="Two passes by a rule-based tagger, adjudicated by a script.",
    )
    return root


@pytest.fixture(scope="module")
def wikinews_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _wikinews_corpus(tmp_path_factory.mktemp("corpus"))
    return build_release(root, tmp_path_factory.mktemp("dist") / "full").directory


def _card(directory: Path) -> str:
    return (directory / "README.md").read_text(encoding="utf-8")


def _section(card: str, title: str) -> str:
    found = re.search(rf"^## {re.escape(title)}\n\n(.*?)(?=^## |\Z)", card, re.S | re.M)
    assert found, f"no section {title!r}"
    return found.group(1)


def test_the_card_says_who_made_the_annotations(wikinews_release: Path) -> None:
    section = _section(_card(wikinews_release), "Who made the annotations")
    assert section.startswith("Two passes by a rule-based tagger, adjudicated by a script.")


def test_the_card_links_every_licence(wikinews_release: Path) -> None:
    rights = _section(_card(wikinews_release), "Rights")
    assert "The annotations are licensed [CC-BY-4.0](https://creativecommons.org/licenses/by/4.0/)." in rights
    rows = [line for line in rights.splitlines() if line.startswith("| ") and "documents |" not in line]
    kyodo = read_document(CHECKOUT / "corpus" / "documents" / f"{SEED}.json").metadata
    assert rows == [
        f"| {kyodo.publisher} | {kyodo.rights_holder} | {kyodo.licence} | no | 2 |",  # no URL: no link
        "| Wikinews | Wikinews contributors "
        "| [CC-BY-2.5](https://creativecommons.org/licenses/by/2.5/) | yes | 1 |",
    ]
    details = _head(wikinews_release)["license_details"]
    assert "https://creativecommons.org/licenses/by/4.0/" in details
    assert "Wikinews: CC-BY-2.5 (https://creativecommons.org/licenses/by/2.5/), 1 document(s)" in details


def test_the_card_shows_one_stored_row_per_configuration(wikinews_release: Path) -> None:
    import pyarrow.parquet as pq

    examples = _section(_card(wikinews_release), "Example rows")
    blocks = dict(re.findall(r"^### `(\w+)`\n\n```json\n(.*?)\n```", examples, re.S | re.M))
    assert list(blocks) == list(CONFIGS)
    for config, text in blocks.items():
        shown = json.loads(text)
        key = "id" if config in ("documents", "texts") else "document_id"
        # the openly licensed document, not the first by id (the seed's copies may not be redistributed)
        assert shown[key].startswith("a000000000000001"), config
        stored = next(
            r
            for f in sorted((wikinews_release / "data" / config).glob("*.parquet"))
            for r in pq.read_table(f).to_pylist()
            if r[key] == shown[key] and r.get("id") == shown.get("id")
        )
        assert set(shown) == set(stored), config
        for column, value in shown.items():
            if _cut(value):
                continue
            assert value == stored[column], (config, column)
    documents = json.loads(blocks["documents"])
    assert documents["text"].endswith("…") and len(documents["text"]) == 81  # 80 characters and the mark
    assert documents["paragraphs"][-1].endswith("more") and len(documents["paragraphs"]) == 4
    assert json.loads(blocks["mentions"])["type"] in inventory().entity_types  # a label, by name
    assert set(json.loads(blocks["ner"])["ner_tags"][:-1]) <= set(inventory().bio_tags)


def _cut(value: object) -> bool:
    """Whether an example value was shortened anywhere inside."""
    if isinstance(value, str):
        return value.endswith("…") or bool(re.fullmatch(r"… \d+ more", value))
    if isinstance(value, list):
        return any(_cut(v) for v in value)
    if isinstance(value, dict):
        return any(_cut(v) for v in value.values())
    return False


def test_the_card_cites_the_corpus_version(wikinews_release: Path) -> None:
    block = re.search(r"## Citation\n\n```bibtex\n(.*?)\n```", _card(wikinews_release), re.S)
    assert block, "no BibTeX block"
    entry = block.group(1)
    head = re.match(r"@misc\{(\w+),\n", entry)
    assert head and head.group(1) == "newsgold_1_0_0"
    fields = dict(re.findall(r"^  (\w+)\s*= \{(.*)\},$", entry, re.M))
    assert fields["version"] == "1.0.0" and fields["year"] == "2026"
    assert fields["title"].startswith("{newsgold: ") and fields["title"].endswith("}")
    assert "released 2026-01-02" in fields["note"]
    assert entry.count("{") == entry.count("}") and entry.endswith("\n}")
    assert read_json(wikinews_release / "croissant.json")["citeAs"] == entry


def test_the_standoff_card_shows_a_row_whose_text_is_not_withheld(tmp_path: Path) -> None:
    root = _wikinews_corpus(tmp_path / "corpus")
    out = build_release(root, tmp_path / "standoff", standoff=True).directory
    examples = _section(_card(out), "Example rows")
    documents = json.loads(re.search(r"### `documents`\n\n```json\n(.*?)\n```", examples, re.S).group(1))
    assert documents["id"] == "a000000000000001" and documents["text"].startswith(seed_document().text[:40])
