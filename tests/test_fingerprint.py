"""The source fingerprint names each file by its resolved path, also through symbolic links."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from newsgold import paths
from newsgold.corpus.fingerprint import source_files, source_fingerprint
from newsgold.io import sha256_file


def _reference(root: Path) -> str:
    """The fingerprint written plainly: every file resolved on its own, the inventory by its one name."""
    root = root.resolve()
    labels = paths.labels_path().resolve()
    h = hashlib.sha256()
    for p in source_files(root):
        p = p.resolve()
        if p == labels:
            name = "schema/labels.json"
        else:
            name = p.relative_to(root).as_posix() if p.is_relative_to(root) else p.name
        h.update(f"{name}\t{sha256_file(p)}\n".encode())
    return h.hexdigest()


def test_the_fingerprint_resolves_links_as_each_file_resolved(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parent / "validation" / "_valid"
    root = tmp_path / "root"
    shutil.copytree(source, root)
    assert source_fingerprint(root) == _reference(root)
    docs, gold = paths.documents_dir(root), paths.gold_dir(root)
    # a folder that is a link elsewhere, and a file that is a link out of the project
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(gold), elsewhere)
    gold.symlink_to(elsewhere, target_is_directory=True)
    first = sorted(docs.glob("*.json"))[0]
    outside = tmp_path / "outside.json"
    shutil.move(str(first), outside)
    first.symlink_to(outside)
    inside = sorted(elsewhere.glob("*.json"))[0]
    assert source_fingerprint(root) == _reference(root)
    outside.write_bytes(outside.read_bytes() + b" ")
    assert source_fingerprint(root) == _reference(root)
    inside.write_bytes(inside.read_bytes() + b" ")
    assert source_fingerprint(root) == _reference(root)
