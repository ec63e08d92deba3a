"""A built release read without this package: DuckDB and Polars show label names, the Parquet stores
them dictionary-encoded, and ``datasets`` still gives ClassLabel ids for the very same names."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsgold.labels import inventory
from newsgold.release import build_release
from newsgold.release.tables import CONFIGS, label_columns
from release_corpora import default_corpus, seed_document, synthetic_annotation


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = default_corpus(tmp_path_factory.mktemp("corpus"))
    return build_release(root, tmp_path_factory.mktemp("dist") / "release").directory


def _expected_mention_types() -> list[str]:
    ann = synthetic_annotation(seed_document())
    return sorted(2 * [m.type for m in ann.mentions])  # two annotated documents with the same gold


def test_duckdb_shows_label_names(release: Path) -> None:
    import duckdb

    con = duckdb.connect()
    mentions = con.sql(f"SELECT type FROM '{release}/data/mentions/*.parquet'")
    assert mentions.types == ["VARCHAR"]
    assert sorted(t for (t,) in mentions.fetchall()) == _expected_mention_types()
    kinds = con.sql(
        f"SELECT kind, count(*) FROM '{release}/data/mentions/*.parquet' GROUP BY kind ORDER BY kind"
    )
    assert kinds.fetchall() == [("name", 12), ("nominal", 2), ("pronoun", 2)]
    roles = con.sql(
        "SELECT type, realis, unnest(arguments).role AS role "
        f"FROM '{release}/data/events/*.parquet' WHERE split = 'test'"
    ).fetchall()
    assert roles == [("Contact:Meet", "planned", r) for r in ("Entity", "Entity", "Time", "Place")]
    claims = con.sql(
        f"SELECT claimer_status, form, stance FROM '{release}/data/claims/*.parquet' "
        "WHERE split = 'test' ORDER BY id"
    ).fetchall()
    assert claims == [("mention", "indirect", "affirm"), ("unattributed", "indirect", "uncertain")]
    tags = con.sql(
        f"SELECT DISTINCT unnest(ner_tags) AS tag FROM '{release}/data/ner/*.parquet' ORDER BY tag"
    ).fetchall()
    assert {t for (t,) in tags} == {"O", "B-GPE", "I-GPE", "B-DATE", "I-DATE", "B-PERSON", "I-PERSON"}


def test_every_label_column_holds_names_of_its_inventory(release: Path) -> None:
    import duckdb

    con = duckdb.connect()
    checked = 0
    for config in CONFIGS:
        for column, names in label_columns(config).items():
            outer, _, inner = column.partition(".")
            values = f"unnest({outer})" if inner or config == "ner" else outer
            expr = f"{values}.{inner}" if inner else values
            found = {
                v
                for (v,) in con.sql(
                    f"SELECT DISTINCT {expr} FROM '{release}/data/{config}/*.parquet'"
                ).fetchall()
            }
            assert found and found <= set(names), (config, column, found - set(names))
            checked += 1
    assert checked == 9  # type, kind; type, realis, arguments.role; claimer_status, form, stance; ner_tags


def test_polars_shows_label_names(release: Path) -> None:
    import polars as pl

    mentions = pl.read_parquet(f"{release}/data/mentions/*.parquet")
    assert mentions.schema["type"] == pl.String
    assert sorted(mentions["type"].to_list()) == _expected_mention_types()
    assert mentions.filter(pl.col("kind") == "pronoun")["text"].to_list() == ["his", "his"]
    roles = (
        pl.scan_parquet(f"{release}/data/events/*.parquet")
        .select(pl.col("arguments").list.eval(pl.element().struct.field("role")))
        .collect()
    )
    assert roles["arguments"].to_list()[0] == ["Entity", "Entity", "Time", "Place"]
    tags = pl.read_parquet(f"{release}/data/ner/*.parquet")["ner_tags"].explode()
    assert set(tags.unique().to_list()) <= set(inventory().bio_tags) and "B-GPE" in tags.to_list()


def test_label_columns_are_dictionary_encoded_in_the_parquet(release: Path) -> None:
    meta = pq.ParquetFile(next((release / "data" / "mentions").glob("test-*.parquet"))).metadata
    names = [meta.schema.column(i).path for i in range(meta.num_columns)]
    for column in ("type", "kind"):
        chunk = meta.row_group(0).column(names.index(column))
        assert chunk.physical_type == "BYTE_ARRAY" and "RLE_DICTIONARY" in chunk.encodings, column


def test_datasets_gives_the_class_label_ids_of_the_names_duckdb_shows(release: Path, tmp_path: Path) -> None:
    import datasets
    import duckdb

    for config, column in (("mentions", "type"), ("events", "realis"), ("claims", "stance")):
        ds = datasets.load_dataset(str(release), config, split="test", cache_dir=str(tmp_path))
        feature = ds.features[column]
        assert isinstance(feature, datasets.ClassLabel)
        ids = ds[column]
        assert all(isinstance(i, int) for i in ids)
        shown = duckdb.sql(
            f"SELECT {column} FROM '{release}/data/{config}/test-*.parquet'"
        ).fetchall()  # one shard: the rows in file order, as datasets reads them
        assert feature.int2str(ids) == [v for (v,) in shown], config
