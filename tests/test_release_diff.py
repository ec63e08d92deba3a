"""newsgold diff: documents and annotations added, removed or changed between two releases."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsgold.io import read_document, read_json, sha256_text, write_annotation, write_document, write_json
from newsgold.model import Claim, Span
from newsgold.release import build_release
from newsgold.release.diff import diff_releases
from release_corpora import (
    SEED,
    default_corpus,
    run_command,
    seed_document,
    synthetic_annotation,
    variant,
    variant_raw,
)


def test_diff_of_two_releases(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = default_corpus(tmp_path / "corpus")
    old = build_release(root, tmp_path / "old").directory

    docs = root / "corpus" / "documents"
    (docs / "a000000000000001.json").unlink()
    (root / "annotations" / "gold" / "a000000000000001.json").unlink()
    write_document(docs / "a000000000000009.json", replace(seed_document(), id="a000000000000009"))
    changed = replace(seed_document(), id="a000000000000002")
    text = changed.text.replace("arranging", "planning", 1)
    write_document(docs / "a000000000000002.json", replace(changed, text=text, text_sha256=sha256_text(text)))
    ann = synthetic_annotation(seed_document())
    mentions = tuple(replace(m, type="TIME") if m.id == "m7" else m for m in ann.mentions if m.id != "m8")
    events = tuple(replace(e, realis="actual") for e in ann.events)
    extra = Claim("c3", Span(0, 5, "Japan"), None, None, "author", "indirect", "affirm")
    write_annotation(
        root / "annotations" / "gold" / f"{SEED}.json",
        replace(ann, mentions=mentions, events=events, claims=ann.claims + (extra,)),
    )
    splits = read_json(root / "corpus" / "splits.json")
    del splits["a000000000000001"]
    write_json(
        root / "corpus" / "splits.json", {**splits, "a000000000000009": "train", "a000000000000002": "test"}
    )
    new = build_release(root, tmp_path / "new", validate=False).directory

    result = diff_releases(old, new)
    assert result.added == ("a000000000000009",)
    assert result.removed == ("a000000000000001",)
    by_id = {d.document_id: d for d in result.changed}
    assert set(by_id) == {SEED, "a000000000000002"}
    assert by_id["a000000000000002"].text_changed and by_id["a000000000000002"].split == (
        "validation",
        "test",
    )
    seed = by_id[SEED]
    assert not seed.text_changed and seed.split is None and not seed.metadata_changed
    assert seed.layers["mentions"].removed == ("m8",) and seed.layers["mentions"].changed == ("m7",)
    assert seed.layers["events"].changed == ("e1",)
    assert seed.layers["claims"].added == ("c3",)
    assert "clusters" not in seed.layers
    assert result.layer_totals()["mentions"] == {"added": 0, "removed": 1, "changed": 1}

    assert diff_releases(old, old).identical
    assert run_command("diff", str(old), str(new)) == 0
    out = capsys.readouterr().out
    assert "+ document a000000000000009" in out and "- document a000000000000001" in out
    assert run_command("diff", str(old), str(tmp_path / "nowhere")) == 2


def test_a_standoff_release_diffs_clean_against_its_full_release(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    full = build_release(root, tmp_path / "full").directory
    standoff = build_release(root, tmp_path / "standoff", standoff=True).directory
    assert diff_releases(full, standoff).identical


def _rebuild_manifest(directory: Path) -> None:
    """Rewrite the manifest over the current files (as someone covering a change would)."""
    from newsgold.release.manifest import MANIFEST, manifest_bytes

    header = {k: v for k, v in read_json(directory / MANIFEST).items() if k != "files"}
    (directory / MANIFEST).write_bytes(manifest_bytes(header, directory))


def test_diff_refuses_a_release_that_fails_its_manifest(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from newsgold.release.diff import DiffError

    root = default_corpus(tmp_path / "corpus")
    old = build_release(root, tmp_path / "old").directory
    new = build_release(root, tmp_path / "new").directory
    (new / "CHANGELOG.md").write_text("rewritten\n", encoding="utf-8")
    with pytest.raises(DiffError, match="CHANGELOG.md: altered"):
        diff_releases(old, new)
    assert run_command("diff", str(old), str(new)) == 1
    captured = capsys.readouterr()
    assert f"{new}/CHANGELOG.md: altered" in captured.err and "refused" in captured.err
    assert captured.out == ""


def test_diff_of_a_truncated_shard_names_it(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from newsgold.release.diff import DiffError

    root = default_corpus(tmp_path / "corpus")
    old = build_release(root, tmp_path / "old").directory
    new = build_release(root, tmp_path / "new").directory
    shard = new / "data" / "documents" / "test-00000-of-00001.parquet"
    shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])
    with pytest.raises(DiffError) as info:
        diff_releases(old, new, verify=False)
    assert str(shard) in info.value.problems[0] and "not a readable Parquet file" in info.value.problems[0]
    for covered in (False, True):  # the manifest as built, then rewritten to match the truncated shard
        if covered:
            _rebuild_manifest(new)
        assert run_command("diff", str(old), str(new)) == 1
        err = capsys.readouterr().err
        assert "data/documents/test-00000-of-00001.parquet" in err and "Traceback" not in err


def _set_version(root: Path, version: str) -> None:
    path = root / "corpus" / "VERSION.json"
    write_json(path, {**read_json(path), "corpus_version": version})
    log = root / "corpus" / "CHANGELOG.md"
    log.write_text(log.read_text(encoding="utf-8") + f"\n## {version} (2026-01-03)\n\n- Changes.\n", "utf-8")


def _change_text(root: Path) -> None:
    path = root / "corpus" / "documents" / "a000000000000002.json"
    doc = read_document(path)
    text = doc.text.replace("arranging", "planning", 1)
    assert text != doc.text
    write_document(path, replace(doc, text=text, text_sha256=sha256_text(text)))


def test_diff_names_the_version_bump_the_changes_require(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = default_corpus(tmp_path / "corpus")
    old = build_release(root, tmp_path / "old").directory
    same = diff_releases(old, build_release(root, tmp_path / "same").directory)
    assert same.identical and same.required_bump is None and same.version_warning() is None

    _change_text(root)
    unbumped = build_release(root, tmp_path / "unbumped", validate=False).directory
    result = diff_releases(old, unbumped)
    assert result.required_bump == "major" and "text changed" in result.reasons()["major"]
    assert result.version_warning() == "1.0.0 -> 1.0.0 but text changed: a major version is required"
    assert run_command("diff", str(old), str(unbumped)) == 0
    captured = capsys.readouterr()
    assert "warning: 1.0.0 -> 1.0.0 but text changed: a major version is required" in captured.err
    assert "version bump required: major (text changed)" in captured.out

    _set_version(root, "1.1.0")
    minor = build_release(root, tmp_path / "minor", validate=False).directory
    assert "a major version is required" in (diff_releases(old, minor).version_warning() or "")
    _set_version(root, "2.0.0")
    major = build_release(root, tmp_path / "major", validate=False).directory
    assert diff_releases(old, major).version_warning() is None


def test_added_documents_need_a_minor_version(tmp_path: Path) -> None:
    root = default_corpus(tmp_path / "corpus")
    old = build_release(root, tmp_path / "old").directory
    added = variant(seed_document(), "a000000000000009")
    write_document(root / "corpus" / "documents" / "a000000000000009.json", added)
    (root / added.provenance.raw_path).write_bytes(variant_raw(added.id))
    splits = read_json(root / "corpus" / "splits.json")
    write_json(root / "corpus" / "splits.json", {**splits, "a000000000000009": "train"})
    _set_version(root, "1.0.1")
    patch = build_release(root, tmp_path / "patch", validate=False).directory
    result = diff_releases(old, patch)
    assert result.required_bump == "minor"
    assert result.version_warning() == "1.0.0 -> 1.0.1 but documents added: a minor version is required"
    _set_version(root, "1.1.0")
    minor = build_release(root, tmp_path / "minor", validate=False).directory
    assert diff_releases(old, minor).version_warning() is None
    assert diff_releases(old, minor).to_dict()["required_bump"] == "minor"
