"""Extractors: the registry, module:callable loading, and the baselines."""

from __future__ import annotations

import textwrap

import pytest

from newsgold.bench.baselines import PATTERNS, SEED_TRIGGERS, Baseline, EntityBaseline
from newsgold.bench.extractors import REGISTRY, Extractor, ExtractorError, load_extractor
from newsgold.labels import inventory
from newsgold.model import AnnotatedDocument
from newsgold.validate import check_annotation


def test_baseline_labels_are_in_the_inventory() -> None:
    inv = inventory()
    assert {t for _, t in PATTERNS} <= set(inv.entity_types)
    assert set(SEED_TRIGGERS.values()) <= set(inv.event_types)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_registered_baselines_produce_valid_annotations(name, seed_doc) -> None:
    extractor = load_extractor(name)
    assert isinstance(extractor, Extractor) and extractor.name and extractor.version
    ann = extractor(seed_doc)
    errors = [f for f in check_annotation(ann.to_dict(), seed_doc) if f.severity == "error"]
    assert errors == []


def test_the_full_baseline_finds_something_of_every_layer(seed_doc) -> None:
    ann = Baseline()(seed_doc)
    assert ann.mentions and ann.events and ann.claims


def test_gazetteer_learns_names_from_training_gold(seed_doc, mention, annotation) -> None:
    assert "Shinzo Abe" not in {m.text for m in EntityBaseline()(seed_doc).mentions}
    abe = mention("m1", "Shinzo Abe", "PERSON")
    trained = EntityBaseline([AnnotatedDocument(seed_doc, annotation(mentions=(abe,)))])
    found = {(m.text, m.type) for m in trained(seed_doc).mentions}
    assert ("Shinzo Abe", "PERSON") in found


def test_module_callable(tmp_path, monkeypatch, seed_doc) -> None:
    (tmp_path / "my_extractor.py").write_text(
        textwrap.dedent("""
        from newsgold.model import Annotation
        __version__ = "2.5"

        def extract(document):
            return Annotation(document.id, document.text_sha256, "mine")

        class Tagger:
            name = "tagger"
            version = "0.1"

            def __call__(self, document):
                return extract(document)
    """),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    fn = load_extractor("my_extractor:extract")
    assert (fn.name, fn.version) == ("my_extractor:extract", "2.5")
    assert fn(seed_doc).document_id == seed_doc.id
    cls = load_extractor("my_extractor:Tagger")
    assert (cls.name, cls.version) == ("tagger", "0.1")
    for bad in ("no-such-name", "no_such_module_xyz:f", "my_extractor:missing", "my_extractor:__version__"):
        with pytest.raises(ExtractorError):
            load_extractor(bad)


def test_extractor_failures_and_dict_results_are_handled(seed_doc) -> None:
    from newsgold.bench.run import run_extractor

    class Broken:
        name, version = "broken", "0"

        def __call__(self, document):
            raise RuntimeError("boom")

    class AsDict:
        name, version = "as-dict", "0"

        def __call__(self, document):
            return {
                "document_id": document.id,
                "text_sha256": document.text_sha256,
                "annotator": "x",
                "mentions": [{"id": "m1", "text": "TOKYO", "type": "GPE", "kind": "name"}],
            }

    failed = run_extractor(Broken(), {seed_doc.id: seed_doc}, progress=False)
    assert seed_doc.id not in failed.annotations
    assert [(f.code, f.document_id) for f in failed.findings] == [("extractor-failed", seed_doc.id)]
    assert "boom" in failed.findings[0].message
    ok = run_extractor(AsDict(), {seed_doc.id: seed_doc}, progress=False)
    (m,) = ok.annotations[seed_doc.id].mentions
    assert seed_doc.text[m.start : m.end] == "TOKYO" and ok.located == 1


def test_an_extractor_module_in_the_working_folder_is_found(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from newsgold.bench.extractors import load_extractor

    (tmp_path / "my_extractor_mod.py").write_text(
        "from newsgold.bench.core import empty_annotation\n"
        "def extract(document):\n    return empty_annotation(document, 'mine')\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    before = list(sys.path)
    extractor = load_extractor("my_extractor_mod:extract")
    assert extractor.name == "my_extractor_mod:extract"
    assert sys.path == before  # the working folder is not left on the path
