"""The release manifest: SHA-256 and size of every file, plus the corpus and schema versions.

``verify_release(dir)`` recomputes it and names every file that was altered, added or removed, then
cross-checks the manifest's header (corpus version, date, schema and inventory versions, form, row
counts) against the hashed files that carry the same facts: ``croissant.json``, the ``README.md`` card,
``labels.json`` and the Parquet footers. A header edited by hand therefore fails too, and the manifest's
own SHA-256 (``Verification.manifest_sha256``) can be compared with a published value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgold.errors import DataError
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


class ManifestError(DataError, ValueError):
    """The manifest exists but cannot be used (not JSON, or not shaped like a newsgold manifest)."""


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of a release; ``FileNotFoundError`` when there is none, :class:`ManifestError`
    (naming the file and the JSON Pointer) when it is not a usable manifest."""
    path = directory / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no manifest; is {directory} a newsgold release?")
    try:
        data = read_json(path)
    except ValueError as exc:
        raise ManifestError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ManifestError(f"{path}: expected a JSON object, found {type(data).__name__}")
    files = data.get("files")
    if not isinstance(files, dict):
        raise ManifestError(
            f"{path}: /files must be an object mapping each file to its sha256 and size, "
            f"found {'null' if files is None else type(files).__name__}"
        )
    for name, entry in files.items():
        pointer = "/files/" + name.replace("~", "~0").replace("/", "~1")
        if not isinstance(entry, dict):
            raise ManifestError(f"{path}: {pointer} must be an object with sha256 and size, found {entry!r}")
        sha, size = entry.get("sha256"), entry.get("size")
        if not (isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha)):
            raise ManifestError(f"{path}: {pointer}/sha256 must be 64 lowercase hex digits, found {sha!r}")
        if not (isinstance(size, int) and not isinstance(size, bool) and size >= 0):
            raise ManifestError(f"{path}: {pointer}/size must be a non-negative integer, found {size!r}")
    return dict(data)


@dataclass(frozen=True, slots=True)
class Verification:
    directory: Path
    altered: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    checked: int = 0
    details: dict[str, str] = field(default_factory=dict)
    inconsistent: tuple[str, ...] = ()  # header facts that disagree with the files carrying them
    manifest_sha256: str = ""

    @property
    def ok(self) -> bool:
        return not (self.altered or self.added or self.removed or self.inconsistent)

    def lines(self) -> list[str]:
        out = [f"{self.directory}/{f}: altered ({self.details[f]})" for f in self.altered]
        out += [f"{self.directory}/{f}: added (not in the manifest)" for f in self.added]
        out += [f"{self.directory}/{f}: removed (listed in the manifest, missing)" for f in self.removed]
        out += [f"{self.directory}/{line}" for line in self.inconsistent]
        return out


def verify_release(directory: Path) -> Verification:
    """Compare the files of a release with its manifest (size first, then SHA-256)."""
    manifest = read_manifest(directory)
    listed: dict[str, dict[str, Any]] = manifest["files"]
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
    removed = set(listed) - present
    # the header is checked once every listed file is intact (else the hash check has said it all)
    problems = [] if altered or removed else header_problems(directory, manifest, present & set(listed))
    return Verification(
        directory,
        tuple(altered),
        tuple(sorted(present - set(listed))),
        tuple(sorted(removed)),
        len(present & set(listed)),
        details,
        tuple(problems),
        sha256_file(directory / MANIFEST),
    )


def header_problems(directory: Path, manifest: dict[str, Any], intact: set[str]) -> list[str]:
    """Facts of the manifest header that the hashed files ``intact`` contradict, one line each
    (``<file>: <what>``). Files that are altered or missing are left to the hash check."""
    out: list[str] = []

    def compare(file: str, what: str, found: Any, key: str) -> None:
        want = manifest.get(key)
        if found != want:
            out.append(f"{file}: {what} is {found!r}, the manifest header says {key} {want!r}")

    if "croissant.json" in intact:
        try:
            meta = read_json(directory / "croissant.json")
            compare("croissant.json", "version", meta.get("version"), "corpus_version")
            compare("croissant.json", "datePublished", meta.get("datePublished"), "date")
        except (ValueError, AttributeError) as exc:
            out.append(f"croissant.json: not a readable Croissant file ({exc})")
    if "labels.json" in intact:
        try:
            inv = read_json(directory / "labels.json").get("inventory_version")
            compare("labels.json", "inventory_version", inv, "inventory_version")
        except (ValueError, AttributeError) as exc:
            out.append(f"labels.json: not a readable label inventory ({exc})")
    if "README.md" in intact:
        card = (directory / "README.md").read_text(encoding="utf-8", errors="replace")
        m = re.search(
            r"Corpus version: \*\*(\S+)\*\* \((\S+)\); document and annotation schema (\S+); "
            r"label inventory (\S+)\.",
            card,
        )
        if m is None:
            out.append("README.md: no 'Corpus version' line to check the manifest header against")
        else:
            keys = ("corpus_version", "date", "schema_version", "inventory_version")
            for value, key in zip(m.groups(), keys, strict=True):
                compare("README.md", key, value, key)
        docs = re.search(r"^- Documents: (\d+) ", card, re.M)
        if docs is not None:
            compare("README.md", "documents", int(docs.group(1)), "documents")
        title = re.search(r"^# newsgold-\S+?(-standoff)?$", card, re.M)
        if title is not None:
            compare("README.md", "form", "standoff" if title.group(1) else "full", "form")
    out += _row_problems(directory, manifest, intact)
    return out


def _row_problems(directory: Path, manifest: dict[str, Any], intact: set[str]) -> list[str]:
    """Row counts of the header (``rows``, ``documents``, ``withheld_documents``) against the Parquet
    footers (row counts and the null count of the ``texts`` configuration's ``text`` column: every
    document of the corpus has one ``texts`` row)."""
    import pyarrow.parquet as pq

    rows = manifest.get("rows")
    if not isinstance(rows, dict):
        return [f"{MANIFEST}: /rows must be an object of configuration -> split -> rows, found {rows!r}"]
    out: list[str] = []
    shards = [f for f in intact if f.startswith("data/") and f.endswith(".parquet")]
    counted: dict[tuple[str, str], int] = {}
    nulls = 0
    # every document has one row in ``texts``; a release made before that configuration existed has
    # every document in ``documents``
    whole = "texts" if any(f.startswith("data/texts/") for f in manifest.get("files", {})) else "documents"
    for rel in sorted(shards):
        parts = rel.split("/")
        if len(parts) != 3:
            continue
        config, split = parts[1], parts[2].split("-", 1)[0]
        try:
            meta = pq.ParquetFile(directory / rel).metadata
        except Exception as exc:  # pyarrow raises ArrowInvalid, OSError...: any unreadable shard
            out.append(f"{rel}: not a readable Parquet file ({exc})")
            continue
        counted[(config, split)] = counted.get((config, split), 0) + meta.num_rows
        if config == whole:
            names = meta.schema.names
            if "text" in names:
                column = names.index("text")
                for g in range(meta.num_row_groups):
                    stats = meta.row_group(g).column(column).statistics
                    nulls += stats.null_count if stats is not None and stats.has_null_count else 0
    header = {(c, s): n for c, splits in rows.items() if isinstance(splits, dict) for s, n in splits.items()}
    for key in sorted(header.keys() | counted.keys()):
        if header.get(key, 0) != counted.get(key, 0):
            out.append(
                f"data/{key[0]}/{key[1]}-*.parquet: {counted.get(key, 0)} row(s), the manifest header says "
                f"rows {header.get(key, 0)}"
            )
    documents = sum(n for (c, _), n in counted.items() if c == whole)
    if manifest.get("documents") != documents:
        out.append(
            f"data/{whole}: {documents} row(s), the manifest header says documents "
            f"{manifest.get('documents')!r}"
        )
    if manifest.get("form") == "standoff" and manifest.get("withheld_documents") != nulls:
        out.append(
            f"data/{whole}: {nulls} document(s) without text, the manifest header says withheld_documents "
            f"{manifest.get('withheld_documents')!r}"
        )
    return out
