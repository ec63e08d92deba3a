"""JSON Schemas: the committed files are generate()'s output, derived from the label inventory."""

from __future__ import annotations

import dataclasses

from jsonschema import Draft202012Validator

from newsgold import paths
from newsgold.cli import main
from newsgold.labels import inventory
from newsgold.schemas import SCHEMA_FILES, annotation_schema, document_schema, generate, load_schema


def test_committed_schemas_equal_generate() -> None:
    for name, data in generate().items():
        assert (paths.schema_dir() / name).read_bytes() == data, f"{name} is stale: newsgold schema --write"


def test_schemas_are_valid_draft_2020_12() -> None:
    for kind in SCHEMA_FILES:
        schema = load_schema(kind)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_changing_a_label_changes_the_generated_enums() -> None:
    inv = inventory()
    types = tuple("COUNTRY" if t == "GPE" else t for t in inv.entity_types)
    renamed = dataclasses.replace(inv, entity_types=types, realis=inv.realis[:-1])
    before, after = annotation_schema(inv), annotation_schema(renamed)
    assert "COUNTRY" in after["$defs"]["mention"]["properties"]["type"]["enum"]
    assert "GPE" not in after["$defs"]["cluster"]["properties"]["type"]["enum"]
    assert after["$defs"]["event"]["properties"]["realis"]["enum"] == list(inv.realis[:-1])
    assert generate(renamed) != generate(inv)  # the drift test above would fail on the committed files
    assert before == annotation_schema(inv)


def test_every_inventory_label_is_in_the_schemas() -> None:
    inv = inventory()
    ann, doc = annotation_schema(inv), document_schema(inv)
    defs = ann["$defs"]
    assert defs["mention"]["properties"]["type"]["enum"] == list(inv.entity_types)
    assert defs["mention"]["properties"]["kind"]["enum"] == list(inv.mention_kinds)
    assert defs["event"]["properties"]["type"]["enum"] == list(inv.event_types)
    assert defs["argument"]["properties"]["role"]["enum"] == list(inv.roles)
    assert defs["claim"]["properties"]["form"]["enum"] == list(inv.claim_forms)
    assert defs["claim"]["properties"]["stance"]["enum"] == list(inv.stances)
    assert defs["claim"]["properties"]["claimer_status"]["enum"] == list(inv.claimer_statuses)
    assert doc["properties"]["paragraphs"]["items"]["properties"]["kind"]["enum"] == list(inv.paragraph_kinds)


def test_roles_of_event_types_are_known_roles() -> None:
    inv = inventory()
    for et in inv.event_types.values():
        assert set(et.roles) <= set(inv.roles), et.name


def test_schema_check_command(capsys) -> None:
    assert main(["schema", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_write_never_touches_an_installed_package(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Installed from a wheel, schema/ is the package's own: --write refuses (exit 2), writing nothing."""
    package = tmp_path / "site-packages" / "newsgold"
    (package / "schema").mkdir(parents=True)
    stale = package / "schema" / "labelstudio.xml"
    stale.write_text("<View/>", encoding="utf-8")  # would be rewritten if --write wrote here
    monkeypatch.setattr(paths, "files", lambda name: package)
    assert paths.is_installed_package() and paths.schema_dir() == package / "schema"
    assert main(["schema", "--write"]) == 2
    assert main(["ls", "config", "--write"]) == 2
    err = capsys.readouterr().err
    assert err.count("belongs to the installed package and is never written") == 2
    assert sorted(p.name for p in (package / "schema").iterdir()) == ["labelstudio.xml"]
    assert stale.read_text(encoding="utf-8") == "<View/>"
