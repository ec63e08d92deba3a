"""The dataset card and Croissant file state what corpus/VERSION.json states, and the rights."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newsgold.corpus.version import VersionError, read_version
from newsgold.io import read_json, write_json
from newsgold.release import build_release
from release_corpora import default_corpus, run_command


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
