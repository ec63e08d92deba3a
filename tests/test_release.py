"""Release build: Parquet + card + Croissant + manifest, read by the real readers."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsgold.io import read_json, sha256_text, write_json
from newsgold.labels import inventory
from newsgold.model import AnnotatedDocument, Document, Metadata, Paragraph
from newsgold.release import ReleaseError, build_release, verify_release, write_release
from newsgold.release.build import corpus_context
from newsgold.release.manifest import MANIFEST
from newsgold.release.tables import CONFIGS
from release_corpora import (
    SEED,
    default_corpus,
    make_corpus,
    run_command,
    seed_document,
    synthetic_annotation,
    variant,
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def release(corpus: Path) -> Path:
    return build_release(corpus).directory


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open an internet connection fails the test."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"network access attempted: {address}")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


def test_release_layout(release: Path) -> None:
    assert release.name == "newsgold-1.0.0"
    for name in ("README.md", "croissant.json", MANIFEST, "CHANGELOG.md", "DATASHEET.md", "labels.json"):
        assert (release / name).is_file(), name
    manifest = read_json(release / MANIFEST)
    assert manifest["corpus_version"] == "1.0.0"
    assert manifest["schema_version"] == "1.0"
    assert manifest["inventory_version"] == inventory().version
    assert manifest["documents"] == 3
    shards = sorted(p.relative_to(release).as_posix() for p in release.rglob("*.parquet"))
    assert set(shards) <= set(manifest["files"])
    assert "data/documents/test-00000-of-00001.parquet" in shards
    assert "data/mentions/validation-00000-of-00001.parquet" not in shards  # no annotated validation doc


def test_load_dataset_every_config_offline(release: Path, tmp_path: Path, no_network: None) -> None:
    import datasets

    ann = synthetic_annotation(seed_document())
    expected = {
        "documents": 1,
        "mentions": len(ann.mentions),
        "events": len(ann.events),
        "claims": len(ann.claims),
    }
    for config in CONFIGS:
        ds = datasets.load_dataset(str(release), config, cache_dir=str(tmp_path / "cache"))
        assert isinstance(ds, datasets.DatasetDict)
        if config in expected:
            assert ds["test"].num_rows == expected[config], config
        streamed = datasets.load_dataset(str(release), config, streaming=True)
        first = next(iter(streamed["test"]))
        assert first == ds["test"][0], config
    ner = datasets.load_dataset(str(release), "ner", split="test", cache_dir=str(tmp_path / "cache"))
    tags = ner.features["ner_tags"].feature
    assert tags.names == list(inventory().bio_tags)
    assert ner[0]["tokens"][0] == "Japan"
    events = datasets.load_dataset(str(release), "events", split="test", cache_dir=str(tmp_path / "cache"))
    assert events.features["type"].names == list(inventory().event_types)
    assert events.features["arguments"].feature["role"].names == list(inventory().roles)
    row = events[0]
    assert events.features["type"].int2str(row["type"]) == "Contact:Meet"
    assert [events.features["arguments"].feature["role"].int2str(a["role"]) for a in row["arguments"]] == [
        "Entity",
        "Entity",
        "Time",
        "Place",
    ]
    default = datasets.load_dataset(str(release), split="test", cache_dir=str(tmp_path / "cache"))
    assert default.column_names[0] == "id" and default[0]["id"] == SEED


def test_ner_tags_encode_the_flat_mentions(release: Path) -> None:
    from newsgold.convert.tokens import Token, bio_to_spans

    table = pq.read_table(release / "data" / "ner" / "test-00000-of-00001.parquet")
    names = inventory().bio_tags
    doc = seed_document()
    spans = []
    for row in table.to_pylist():
        tokens = [
            Token(s, e, doc.text[s:e]) for s, e in zip(row["token_starts"], row["token_ends"], strict=True)
        ]
        assert row["tokens"] == [t.text for t in tokens]
        assert set(row["ner_tags"]) <= set(names)  # stored as names (ClassLabel ids in datasets)
        spans += bio_to_spans(tokens, row["ner_tags"])
    ann = synthetic_annotation(doc)
    flat = sorted((m.start, m.end, m.type) for m in ann.mentions if m.kind in inventory().flat_kinds)
    assert sorted(spans) == flat


def test_class_label_names_survive_a_pyarrow_read(release: Path) -> None:
    from datasets import Features

    schema = pq.read_schema(release / "data" / "mentions" / "test-00000-of-00001.parquet")
    features = Features.from_dict(json.loads(schema.metadata[b"huggingface"])["info"]["features"])
    assert features["type"].names == list(inventory().entity_types)
    assert features["kind"].names == list(inventory().mention_kinds)


def test_duckdb_and_polars_read_the_shards(release: Path) -> None:
    import duckdb
    import polars as pl

    ann = synthetic_annotation(seed_document())
    pattern = str(release / "data" / "mentions" / "*.parquet")
    rows = duckdb.sql(
        f"SELECT split, count(*) FROM read_parquet('{pattern}') GROUP BY split ORDER BY split"
    ).fetchall()
    assert rows == [("test", len(ann.mentions)), ("train", len(ann.mentions))]
    docs = duckdb.sql(
        f"SELECT id, len(mentions) FROM read_parquet('{release}/data/documents/*.parquet') ORDER BY id"
    ).fetchall()
    assert dict(docs)[SEED] == len(ann.mentions)
    frame = (
        pl.scan_parquet(str(release / "data" / "ner" / "*.parquet"))
        .select(pl.col("document_id").n_unique(), pl.col("tokens").list.len().sum())
        .collect()
    )
    assert frame.row(0)[0] == 2 and frame.row(0)[1] > 0  # the unannotated document has no ner rows
    texts = duckdb.sql(
        f"SELECT id, annotated FROM read_parquet('{release}/data/texts/*.parquet') ORDER BY id"
    ).fetchall()
    assert texts == [("a000000000000001", True), ("a000000000000002", False), (SEED, True)]
    claims = pl.read_parquet(str(release / "data" / "claims" / "test-*.parquet"))
    assert sorted(claims["id"].to_list()) == sorted(c.id for c in ann.claims)


def test_two_builds_are_byte_identical(corpus: Path, release: Path, tmp_path: Path) -> None:
    again = build_release(corpus, tmp_path / "again").directory
    files = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    for f in files:
        assert (release / f).read_bytes() == (again / f).read_bytes(), f


def test_verify_names_altered_added_and_removed_files(release: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    assert verify_release(copy).ok
    assert run_command("verify", str(copy)) == 0
    shard = copy / "data" / "claims" / "test-00000-of-00001.parquet"
    data = bytearray(shard.read_bytes())
    data[len(data) // 2] ^= 0xFF
    shard.write_bytes(bytes(data))
    (copy / "data" / "extra.parquet").write_bytes(b"PAR1")
    (copy / "CHANGELOG.md").unlink()
    result = verify_release(copy)
    assert result.altered == ("data/claims/test-00000-of-00001.parquet",)
    assert result.added == ("data/extra.parquet",)
    assert result.removed == ("CHANGELOG.md",)
    assert run_command("verify", str(copy)) == 1


def test_validation_errors_stop_the_release(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    gold = root / "annotations" / "gold" / f"{SEED}.json"
    data = read_json(gold)
    data["mentions"][0]["end"] += 1  # the span no longer matches its text
    write_json(gold, data)
    with pytest.raises(ReleaseError) as info:
        build_release(root)
    assert info.value.findings and all(f.severity == "error" for f in info.value.findings)
    assert not (root / "dist" / "newsgold-1.0.0").exists()
    assert run_command("release", "--root", str(root)) == 1


def test_every_document_needs_a_recorded_split(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    splits = read_json(root / "corpus" / "splits.json")
    del splits[SEED]
    write_json(root / "corpus" / "splits.json", splits)
    with pytest.raises(ReleaseError, match="no split recorded for bc715259e8893656"):
        build_release(root, validate=False)


def test_release_notes_must_cover_the_version(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    write_json(root / "corpus" / "VERSION.json", {"corpus_version": "1.1.0", "date": "2026-02-01"})
    assert run_command("release", "--root", str(root)) == 1
    assert not (root / "dist").exists() or not any((root / "dist").iterdir())


def _tiny(i: int, template: Document) -> AnnotatedDocument:
    headline, body = f"Headline {i}", f"Body of article {i}."
    text = f"{headline}\n\n{body}"
    from newsgold.io import sha256_text

    md = Metadata(title=headline, published="2020-01-01", time_as_printed=None, publisher="Test")
    doc = Document(
        f"t{i:06d}",
        text,
        sha256_text(text),
        (Paragraph(0, len(headline), "headline"), Paragraph(len(headline) + 2, len(text), "body")),
        md,
        template.provenance,
    )
    return AnnotatedDocument(doc, None)


def test_large_corpus_is_sharded(tmp_path: Path) -> None:
    import duckdb

    seed = seed_document()
    root = make_corpus(tmp_path / "corpus", [(seed, "test", False)])
    context = corpus_context(root)
    items = ((_tiny(i, seed), "train") for i in range(3000))  # unannotated: rows in ``texts`` only
    summary = write_release(items, context, tmp_path / "big", shard_size=1000, batch_size=250)
    shards = sorted(p.name for p in (tmp_path / "big" / "data" / "texts").glob("*.parquet"))
    assert shards == [
        "train-00000-of-00003.parquet",
        "train-00001-of-00003.parquet",
        "train-00002-of-00003.parquet",
    ]
    for name in shards:
        meta = pq.ParquetFile(tmp_path / "big" / "data" / "texts" / name).metadata
        assert meta.num_rows == 1000
        assert meta.num_row_groups == 4  # written in batches of 250 rows
    assert summary.rows["texts"]["train"] == 3000
    total = duckdb.sql(f"SELECT count(*) FROM '{tmp_path}/big/data/texts/*.parquet'").fetchall()
    assert total == [(3000,)]
    assert verify_release(tmp_path / "big").ok


def test_croissant_validates_and_loads_offline(
    release: Path, no_network: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CROISSANT_CACHE", str(tmp_path / "croissant-cache"))
    import mlcroissant as mlc

    meta = read_json(release / "croissant.json")
    for key in (
        "rai:dataAnnotationProtocol",
        "rai:annotatorDemographics",
        "rai:dataAnnotationAnalysis",
        "rai:dataLimitations",
        "rai:dataCollection",
        "rai:annotationsPerItem",
    ):
        assert meta[key], key
    assert meta["version"] == "1.0.0"
    ds = mlc.Dataset(jsonld=str(release / "croissant.json"))
    assert not ds.metadata.ctx.issues.errors
    mentions = list(ds.records(record_set="mentions"))
    ann = synthetic_annotation(seed_document())
    assert len(mentions) == 2 * len(ann.mentions)
    tags = [r["bio_tags/name"] for r in ds.records(record_set="bio_tags")]
    assert [t.decode() if isinstance(t, bytes) else t for t in tags] == list(inventory().bio_tags)
    ner = list(ds.records(record_set="ner"))
    assert ner and all(len(r["ner/ner_tags"]) == len(r["ner/token_starts"]) for r in ner)


def test_card_lists_configs_and_features(release: Path) -> None:
    import yaml

    text = (release / "README.md").read_text(encoding="utf-8")
    head = yaml.safe_load(text.split("---\n")[1])
    assert [c["config_name"] for c in head["configs"]] == list(CONFIGS)
    ner = next(i for i in head["dataset_info"] if i["config_name"] == "ner")
    tags = next(f for f in ner["features"] if f["name"] == "ner_tags")
    assert list(tags["list"]["class_label"]["names"].values()) == list(inventory().bio_tags)
    assert "\n### 1.0.0 (2026-01-02)\n\n- Test corpus." in text  # the release notes of this version


def test_standoff_withholds_text_but_keeps_offsets_and_hashes(corpus: Path, tmp_path: Path) -> None:
    out = build_release(corpus, tmp_path / "standoff", standoff=True).directory
    assert read_json(out / MANIFEST)["form"] == "standoff"
    rows = {r["id"]: r for r in pq.read_table(out / "data" / "documents").to_pylist()}
    texts = {r["id"]: r for r in pq.read_table(out / "data" / "texts").to_pylist()}
    withheld, kept = rows[SEED], texts["a000000000000002"]
    assert texts[SEED]["text"] is None and texts[SEED]["text_sha256"] == withheld["text_sha256"]
    assert withheld["text"] is None and withheld["title"] is None
    assert withheld["text_sha256"] == seed_document().text_sha256
    assert all(m["text"] is None and m["end"] > m["start"] for m in withheld["mentions"])
    assert all(r["text"] is None for r in withheld["provenance"]["removed"])
    assert kept["text"] and sha256_text(kept["text"]) == kept["text_sha256"]  # redistributable: kept
    ner = pq.read_table(out / "data" / "ner" / "test-00000-of-00001.parquet").to_pylist()
    assert all(r["tokens"] is None and r["token_starts"] for r in ner)
    mentions = pq.read_table(out / "data" / "mentions").to_pylist()
    assert all(m["text"] is None for m in mentions)
    raw = (corpus / "corpus" / "raw" / f"{SEED}.txt").read_text(encoding="utf-8")
    for f in out.rglob("*.parquet"):  # no sentence of the article anywhere in the Parquet files
        assert b"making arrangements for their foreign ministers" not in f.read_bytes()
    assert "making arrangements" in raw


def test_release_of_unannotated_documents(tmp_path: Path) -> None:
    seed = seed_document()
    root = make_corpus(
        tmp_path / "corpus", [(seed, "test", False), (variant(seed, "a000000000000003"), "train", False)]
    )
    summary = build_release(root)
    assert summary.stats.annotated == 0
    assert not (summary.directory / "data" / "mentions").exists()
    head = (summary.directory / "README.md").read_text(encoding="utf-8")
    assert "config_name: mentions" not in head and "config_name: ner" not in head
    assert "config_name: texts" in head
    assert pq.read_table(summary.directory / "data" / "texts").num_rows == 2
