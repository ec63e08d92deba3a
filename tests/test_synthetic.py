"""Synthetic corpora (measurement only): valid, offsets moved with their paragraphs, deterministic,
never written into the project's corpus, never released by accident."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from newsgold import paths, synthetic
from newsgold.cli import main as cli
from newsgold.corpus import iter_corpus
from newsgold.ingest import build_document
from newsgold.io import read_json
from newsgold.release.build import ReleaseError, build_release
from newsgold.synthetic import MARK, SynthError, is_synthetic, synthesize
from newsgold.validate import validate

N = 20


@pytest.fixture(scope="module")
def synthetic_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "root"
    synthesize(N, root, seed=0)
    return root


def _gold() -> dict[str, tuple]:
    """Source paragraph texts and the gold items by id, of every gold document of the project."""
    out = {}
    for item in iter_corpus():
        if item.annotation is not None:
            out[item.document.id] = (item.document, item.annotation)
    return out


def test_synthetic_corpus_validates_with_zero_findings(synthetic_root: Path) -> None:
    report = validate(root=synthetic_root)
    assert report.documents == N and report.annotations == N
    assert report.findings == ()
    assert is_synthetic(synthetic_root)
    assert read_json(synthetic_root / "corpus" / "VERSION.json")["synthetic"] is True
    ids = {f"syn-{k:06d}" for k in range(1, N + 1)}
    assert set(read_json(synthetic_root / "corpus" / "splits.json")) == ids


def test_spans_are_moved_with_their_paragraphs(synthetic_root: Path) -> None:
    sources = _gold()
    source_paragraphs = {doc.text[p.start : p.end] for doc, _ in sources.values() for p in doc.paragraphs}
    source_items = {}
    for doc, ann in sources.values():
        prefix = f"s{list(sources).index(doc.id) + 1}." if len(sources) > 1 else ""
        for m in ann.mentions:
            source_items[prefix + m.id] = (m.text, m.type, m.kind)
    items = list(iter_corpus(synthetic_root))
    assert len(items) == N
    orders = set()
    totals = [0, 0, 0, 0]
    for item in items:
        doc, ann = item.document, item.annotation
        assert ann is not None and ann.text_sha256 == doc.text_sha256
        assert doc.metadata.section_path[0] == MARK
        assert doc.paragraphs[0].kind == "headline"
        texts = [doc.text[p.start : p.end] for p in doc.paragraphs]
        assert set(texts) <= source_paragraphs  # whole paragraphs, nothing invented
        orders.add(tuple(texts))
        spans = [m.span for m in ann.mentions] + [e.trigger for e in ann.events]
        spans += [a.span for e in ann.events for a in e.arguments if a.span is not None]
        spans += [c.content for c in ann.claims] + [c.cue for c in ann.claims if c.cue is not None]
        if doc.metadata.dateline is not None:
            spans.append(doc.metadata.dateline)
        for s in spans:
            assert doc.text[s.start : s.end] == s.text
        for m in ann.mentions:
            assert source_items[m.id] == (m.text, m.type, m.kind)
        totals[0] += len(ann.mentions)
        totals[1] += len(ann.events)
        totals[2] += len(ann.claims)
        totals[3] += len(ann.clusters)
    assert len(orders) > 1  # paragraphs were recombined, not copied
    assert all(totals)  # every layer travels along


def test_raw_pages_ingest_to_the_same_documents(synthetic_root: Path) -> None:
    for item in list(iter_corpus(synthetic_root))[:5]:
        doc = item.document
        raw = (synthetic_root / doc.provenance.raw_path).read_bytes()
        again = build_document(Path(doc.provenance.raw_path), raw, doc.id, doc.provenance.raw_path)
        assert again == doc


def test_same_seed_same_files_other_seed_other_files(synthetic_root: Path, tmp_path: Path) -> None:
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    synthesize(N, tmp_path / "again", seed=0)
    assert files(tmp_path / "again") == files(synthetic_root)
    synthesize(N, tmp_path / "other", seed=1)
    assert files(tmp_path / "other") != files(synthetic_root)


def test_refuses_an_output_inside_the_project_corpus(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for inside in (
        paths.corpus_dir() / "synthetic-test",
        paths.gold_dir() / "synthetic-test",
        paths.project_root(),
    ):
        with pytest.raises(SynthError) as err:
            synthesize(3, inside)
        assert err.value.usage
        assert not (paths.corpus_dir() / "synthetic-test").exists()
        assert not (paths.gold_dir() / "synthetic-test").exists()
    assert cli(["synth", "3", "--out", str(paths.corpus_dir() / "synthetic-test")]) == 2
    assert "inside the project's corpus/" in capsys.readouterr().err
    assert not (paths.corpus_dir() / "synthetic-test").exists()
    # a folder holding something else is not overwritten either
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(SynthError):
        synthesize(3, other)
    assert (other / "keep.txt").read_text() == "mine"


def test_release_refuses_a_synthetic_root_without_the_benchmark_flag(
    synthetic_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with pytest.raises(ReleaseError, match="synthetic"):
        build_release(synthetic_root, tmp_path / "release")
    assert not (tmp_path / "release").exists()
    assert cli(["release", "--root", str(synthetic_root), "--out", str(tmp_path / "release")]) == 1
    assert "never released" in capsys.readouterr().err
    assert not (tmp_path / "release").exists()
    summary = build_release(synthetic_root, tmp_path / "release", allow_synthetic=True)
    assert summary.documents == N
    assert (tmp_path / "release" / "manifest.json").is_file()


def test_synth_command_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli(["synth", "4", "--out", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("synthetic corpus: 4 document(s)") and out.count("\n") == 1
    assert len(list(paths.documents_dir(tmp_path / "s").glob("*.json"))) == 4


def test_synth_outside_any_project_reads_the_root_it_is_given(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from checkout import CHECKOUT
    from newsgold.cli import main

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("NEWSGOLD_ROOT", raising=False)
    assert main(["synth", "3", "--out", str(tmp_path / "syn"), "--root", str(CHECKOUT)]) == 0
    assert len(list((tmp_path / "syn" / "corpus" / "documents").glob("*.json"))) == 3


def test_a_text_drawn_twice_is_drawn_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One text twice would fail validation (duplicate-document): the 10,000-document corpus of seed 0
    once had 17 such pairs. Here every second draw repeats the one before."""
    draw = synthetic.synthetic_document
    last: list = []

    def repeating(k, rng, sources, pool):  # type: ignore[no-untyped-def]
        made = draw(k, rng, sources, pool)
        if last and len(last) % 2 == 1:  # the text of the previous draw, under this id
            doc, ann, raw = last[-1]
            made = (dataclasses.replace(doc, id=made[0].id), ann, raw)
        last.append(made)
        return made

    monkeypatch.setattr(synthetic, "synthetic_document", repeating)
    synthesize(6, tmp_path / "root")
    texts = [item.document.text for item in iter_corpus(tmp_path / "root")]
    assert len(texts) == 6 and len(set(texts)) == 6
    assert len(last) > 6  # the repeats were drawn and replaced


def test_too_few_sources_for_distinct_texts_is_a_synth_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draw = synthetic.synthetic_document
    first: list = []

    def same(k, rng, sources, pool):  # type: ignore[no-untyped-def]
        made = draw(1, random.Random(0), sources, pool)
        first.append(made)
        return (dataclasses.replace(made[0], id=f"{synthetic.ID_PREFIX}{k:06d}"), made[1], made[2])

    monkeypatch.setattr(synthetic, "synthetic_document", same)
    with pytest.raises(SynthError, match="draws gave texts already in the corpus"):
        synthesize(2, tmp_path / "root")
