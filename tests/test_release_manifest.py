"""newsgold verify: a damaged manifest is reported, not a traceback; the header is cross-checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from newsgold.io import read_json, sha256_file
from newsgold.release import build_release, verify_release
from newsgold.release.manifest import MANIFEST
from release_corpora import default_corpus, run_command


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("manifest")
    return build_release(default_corpus(base / "corpus"), base / "release").directory


@pytest.fixture
def copy(release: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(release, tmp_path / "copy"))


def _edit_manifest(directory: Path, **changes: object) -> None:
    data = read_json(directory / MANIFEST)
    data.update(changes)
    (directory / MANIFEST).write_bytes(orjson.dumps(data))


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ({"files": None}, "/files must be an object"),
        ({"files": {"README.md": "abc"}}, "/files/README.md must be an object"),
        ({"files": {"README.md": {"sha256": "x", "size": 1}}}, "/files/README.md/sha256"),
        ({"files": {"README.md": {"sha256": "0" * 64, "size": "big"}}}, "/files/README.md/size"),
    ],
)
def test_a_malformed_manifest_is_named(copy: Path, damage: dict, expected: str, capsys) -> None:  # type: ignore[no-untyped-def]
    from newsgold.release.manifest import ManifestError

    _edit_manifest(copy, **damage)
    with pytest.raises(ManifestError, match=expected):
        verify_release(copy)
    assert run_command("verify", str(copy)) == 1
    err = capsys.readouterr().err
    assert str(copy / MANIFEST) in err and expected in err


def test_a_manifest_that_is_not_json_is_named(copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (copy / MANIFEST).write_text("{ not json", encoding="utf-8")
    assert run_command("verify", str(copy)) == 1
    err = capsys.readouterr().err
    assert f"{copy / MANIFEST}: not valid JSON" in err
    assert run_command("verify", str(copy / "nowhere")) == 2


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"corpus_version": "9.9.9"}, ["croissant.json: version", "README.md: corpus_version"]),
        ({"date": "1999-01-01"}, ["croissant.json: datePublished", "README.md: date"]),
        ({"inventory_version": "0.0.1"}, ["labels.json: inventory_version", "README.md: inventory_version"]),
        ({"schema_version": "0.9"}, ["README.md: schema_version"]),
        ({"documents": 99}, ["data/texts: 3 row(s)", "README.md: documents"]),
        ({"form": "standoff"}, ["README.md: form"]),
        (
            {"rows": {"texts": {"test": 1, "train": 1, "validation": 2}}},
            ["data/texts/validation-*.parquet: 1 row(s)"],
        ),
    ],
)
def test_a_header_that_contradicts_the_files_fails(  # type: ignore[no-untyped-def]
    copy: Path, changes: dict, names: list[str], capsys
) -> None:
    assert verify_release(copy).ok
    _edit_manifest(copy, **changes)
    result = verify_release(copy)
    assert not result.altered and not result.added and not result.removed  # every file hash still matches
    assert not result.ok
    for name in names:
        assert any(line.startswith(name) for line in result.inconsistent), (name, result.inconsistent)
    assert run_command("verify", str(copy)) == 1
    out = capsys.readouterr().out
    assert all(name in out for name in names)


def test_verify_prints_the_manifest_digest(release: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run_command("verify", str(release)) == 0
    out = capsys.readouterr().out
    assert f"manifest SHA-256: {sha256_file(release / MANIFEST)}" in out
    assert verify_release(release).manifest_sha256 == sha256_file(release / MANIFEST)


def test_a_release_made_before_the_texts_configuration_still_verifies(copy: Path) -> None:
    """Releases of corpus 1.x hold every document in ``documents`` and have no ``texts``."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from newsgold.release.manifest import manifest_bytes

    texts = pq.read_table(copy / "data" / "texts")
    shutil.rmtree(copy / "data" / "texts")
    for shard in (copy / "data" / "documents").glob("*.parquet"):
        shard.unlink()
    for split in ("train", "validation", "test"):  # one shard per split with every document, as 1.x did
        rows = texts.filter(pc.equal(texts["split"], split)).drop_columns(["annotated"])
        pq.write_table(rows, copy / "data" / "documents" / f"{split}-00000-of-00001.parquet")
    header = {k: v for k, v in read_json(copy / MANIFEST).items() if k != "files"}
    header["rows"] = {
        **{k: v for k, v in header["rows"].items() if k != "texts"},
        "documents": header["rows"]["texts"],
    }
    (copy / MANIFEST).write_bytes(manifest_bytes(header, copy))
    assert verify_release(copy).ok, verify_release(copy).lines()
    header["documents"] += 1
    (copy / MANIFEST).write_bytes(manifest_bytes(header, copy))
    assert any(line.startswith("data/documents: ") for line in verify_release(copy).inconsistent)
