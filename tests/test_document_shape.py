"""The document's shape is defined by the typed model (``newsgold.model``); every other form of it is
checked against the model here: the JSON Schemas (same fields at every level), the JSON files (round
trip), and the release rows through real Parquet files (round trip back to the model).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsgold import model
from newsgold.model import AnnotatedDocument, Annotation, Document, Metadata, Span
from newsgold.release.tables import CONFIGS, RowMaker, annotated_document_from_row, features, storage_schema
from newsgold.schemas import load_schema
from newsgold.validate import check_annotation, check_document


def _object(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """The object schema behind ``schema``: through ``$ref``, arrays' items and ``oneOf``/``anyOf`` null."""
    while True:
        if "properties" in schema:
            return schema
        if "$ref" in schema:
            schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        elif schema.get("type") == "array":
            schema = schema["items"]
        elif "oneOf" in schema or "anyOf" in schema:
            schema = next(s for s in schema.get("oneOf", schema.get("anyOf")) if s.get("type") != "null")
        else:
            return schema


def _dataclass_in(hint: Any) -> type | None:
    """The model dataclass a field holds (directly, in a tuple or list, or optional), if any."""
    if dataclasses.is_dataclass(hint):
        return hint  # type: ignore[return-value]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) in (tuple, list, typing.Union):
        for arg in typing.get_args(hint):
            found = _dataclass_in(arg)
            if found is not None:
                return found
    return None


def _mismatches(cls: type, schema: dict[str, Any], root: dict[str, Any], where: str) -> list[str]:
    hints = typing.get_type_hints(cls, vars(model))
    names = {f.name for f in dataclasses.fields(cls)}
    props = schema.get("properties", {})
    out = []
    if names != set(props):
        out.append(
            f"{where} ({cls.__name__}): model only {sorted(names - set(props))}, "
            f"schema only {sorted(set(props) - names)}"
        )
    for name in sorted(names & set(props)):
        inner = _dataclass_in(hints[name])
        if (
            inner is None or inner is Span
        ):  # spans: {start, end, text} everywhere, checked by the schema tests
            continue
        if hasattr(inner, "to_list"):  # written as a fixed-length array of its fields, in field order
            row = props[name]["items"]
            width = len(dataclasses.fields(inner))
            if not row["minItems"] == row["maxItems"] == width:
                out.append(f"{where}/{name} ({inner.__name__}): the schema's rows are not {width} long")
            continue
        out += _mismatches(inner, _object(props[name], root), root, f"{where}/{name}")
    return out


@pytest.mark.parametrize(("cls", "kind"), [(Document, "document"), (Annotation, "annotation")])
def test_the_json_schema_has_the_fields_of_the_model(cls: type, kind: str) -> None:
    schema = load_schema(kind)
    assert _mismatches(cls, schema, schema, "") == []


def test_a_field_added_to_the_model_alone_is_caught() -> None:
    schema = load_schema("document")
    extra = dataclasses.make_dataclass(
        "Metadata", [*((f.name, f.type) for f in dataclasses.fields(Metadata)), ("editor", "str | None")]
    )
    assert _mismatches(extra, _object(schema["properties"]["metadata"], schema), schema, "/metadata")


@pytest.fixture(scope="module")
def item(seed_document: Document, seed_gold: Annotation) -> AnnotatedDocument:
    """The seed article with gold, every optional metadata field set."""
    meta = dataclasses.replace(
        seed_document.metadata,
        url="https://example.org/a",
        licence_url="https://example.org/licence",
        rights_holder="Kyodo News",
        licence="all rights reserved",
    )
    return AnnotatedDocument(dataclasses.replace(seed_document, metadata=meta), seed_gold)


def test_json_round_trip(item: AnnotatedDocument) -> None:
    doc, ann = item.document.to_dict(), item.annotation.to_dict()  # type: ignore[union-attr]
    assert check_document(doc) == [] and check_annotation(ann, item.document) == []
    assert Document.from_dict(doc) == item.document
    assert Annotation.from_dict(ann) == item.annotation


def test_release_rows_have_the_columns_of_their_features(item: AnnotatedDocument) -> None:
    rows = RowMaker().rows(item, "test")
    for config in CONFIGS:
        assert rows[config], config
        assert set(rows[config][0]) == set(features(config)), config


def test_parquet_round_trip(item: AnnotatedDocument, tmp_path: Path) -> None:
    rows = RowMaker().rows(item, "test")
    for config in CONFIGS:
        schema = storage_schema(config)
        pq.write_table(pa.Table.from_pylist(rows[config], schema=schema), tmp_path / f"{config}.parquet")
    back = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert len(back) == 1
    assert annotated_document_from_row(back[0]) == item
    for config in CONFIGS:
        assert pq.read_table(tmp_path / f"{config}.parquet").num_rows == len(rows[config]), config
