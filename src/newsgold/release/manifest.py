"""The release manifest: SHA-256 and size of every file, plus the corpus and schema versions.

``verify_release(dir)`` recomputes it and names every file that was altered, added or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgold.io import dumps, read_json, sha256_file

MANIFEST = "manifest.json"


def release_files(directory: Path) -> list[str]:
    """Every file under ``directory`` except the manifest, as sorted POSIX relative paths."""
    return sorted(
        p.relative_to(directory).as_posix()
        for p in directory.rglob("*")
        if p.is_file() and p.relative_to(directory).as_posix() != MANIFEST
    )


def file_entries(directory: Path) -> dict[str, dict[str, Any]]:
    return {
        rel: {"sha256": sha256_file(directory / rel), "size": (directory / rel).stat().st_size}
        for rel in release_files(directory)
    }


def manifest_bytes(header: dict[str, Any], directory: Path) -> bytes:
    return dumps(_sorted({**header, "files": file_entries(directory)}))


def _sorted(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _sorted(data[k]) for k in sorted(data)}
    if isinstance(data, list):
        return [_sorted(v) for v in data]
    return data


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no manifest; is {directory} a newsgold release?")
    return dict(read_json(path))


@dataclass(frozen=True, slots=True)
class Verification:
    directory: Path
    altered: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    checked: int = 0
    details: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.altered or self.added or self.removed)

    def lines(self) -> list[str]:
        out = [f"{self.directory}/{f}: altered ({self.details[f]})" for f in self.altered]
        out += [f"{self.directory}/{f}: added (not in the manifest)" for f in self.added]
        out += [f"{self.directory}/{f}: removed (listed in the manifest, missing)" for f in self.removed]
        return out


def verify_release(directory: Path) -> Verification:
    """Compare the files of a release with its manifest (size first, then SHA-256)."""
    listed: dict[str, dict[str, Any]] = read_manifest(directory)["files"]
    present = set(release_files(directory))
    altered, details = [], {}
    for rel in sorted(present & set(listed)):
        want = listed[rel]
        size = (directory / rel).stat().st_size
        if size != want["size"]:
            altered.append(rel)
            details[rel] = f"size {size}, manifest says {want['size']}"
            continue
        digest = sha256_file(directory / rel)
        if digest != want["sha256"]:
            altered.append(rel)
            details[rel] = f"SHA-256 {digest[:12]}..., manifest says {want['sha256'][:12]}..."
    return Verification(
        directory,
        tuple(altered),
        tuple(sorted(present - set(listed))),
        tuple(sorted(set(listed) - present)),
        len(present & set(listed)),
        details,
    )
