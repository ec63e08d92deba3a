"""newsgold diff: documents and annotations added, removed or changed between two releases."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsgold.io import read_json, sha256_text, write_annotation, write_document, write_json
from newsgold.model import Claim, Span
from newsgold.release import build_release
from newsgold.release.diff import diff_releases
from release_corpora import SEED, default_corpus, run_command, seed_document, synthetic_annotation


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
