"""``rehydrate(standoff_dir, raw_pages)``: restore the withheld text of a standoff release.

The standoff release keeps, for every withheld document, its offsets, ``text_sha256`` and the raw
page's ``provenance.raw_sha256``. Rehydration finds each document's raw page among the given files by
that SHA-256, cleans it again with the package's cleaner, and checks that the cleaned text has the
recorded ``text_sha256`` and that everything else the cleaner produces (metadata, paragraphs, offsets
map) matches the release. Every document is checked before anything is written; then a full release is
written atomically (by default next to the standoff folder, as ``newsgold-<version>``), identical to the
full release built from the corpus when the same package versions are used.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgold.corpus.version import CorpusVersion
from newsgold.errors import DataError
from newsgold.ingest import CleaningError, build_document
from newsgold.io import read_bytes_bounded, sha256_file
from newsgold.model import AnnotatedDocument, Document
from newsgold.paths import UnsafePathError, child, release_name, schema_dir
from newsgold.release.build import agreement_from_manifest, write_release
from newsgold.release.context import BATCH_SIZE, SHARD_SIZE, ReleaseContext, ReleaseSummary
from newsgold.release.destination import check_destination
from newsgold.release.manifest import MANIFEST, read_manifest, verify_release
from newsgold.release.read import document_rows, shard_files
from newsgold.release.tables import METADATA_FIELDS, annotated_document_from_row, document_row, features

_DOCUMENT_LEVEL = (
    "text_sha256",
    "schema_version",
    *(k for k in METADATA_FIELDS if k != "title"),
    "paragraphs",
    "provenance",
    "title",
    "text",
)


class RehydrateError(DataError):
    """Rehydration refused; ``problems`` lists every document or file that failed a check."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was written")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class _RawIndex:
    by_sha: dict[str, Path]
    by_name: dict[str, list[tuple[Path, str]]]

    @classmethod
    def of(cls, pages: list[Path]) -> _RawIndex:
        by_sha: dict[str, Path] = {}
        by_name: dict[str, list[tuple[Path, str]]] = {}
        for page in pages:
            digest = sha256_file(page)
            by_sha.setdefault(digest, page)
            by_name.setdefault(page.name, []).append((page, digest))
        return cls(by_sha, by_name)


def _rows(directory: Path) -> Iterator[dict[str, Any]]:
    return document_rows(directory)


def _column_problems(directory: Path) -> list[str]:
    """Each shard of the ``documents`` and ``texts`` configurations that lacks a column of its
    configuration or holds a plain column (text, number, flag) of another type: a damaged release whose
    manifest was rewritten to match, which the hash check cannot tell."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datasets import Value

    problems = []
    for config in ("documents", "texts"):
        want = features(config)
        for shard in shard_files(directory, config):
            try:
                have = pq.read_schema(shard)
            except (pa.ArrowException, OSError) as exc:
                problems.append(f"{shard}: not a readable Parquet file ({exc})")
                continue
            missing = [name for name in want if name not in have.names]
            if missing:
                problems.append(f"{shard}: no column {', '.join(missing)} (a {config} shard has them all)")
            for name, feature in want.items():
                if isinstance(feature, Value) and name in have.names:
                    found = have.field(name).type
                    if found != feature.pa_type:
                        problems.append(f"{shard}: column {name} holds {found}, expected {feature.pa_type}")
    return problems


def _reclean(row: dict[str, Any], index: _RawIndex) -> tuple[Document | None, str | None]:
    """The document rebuilt from its raw page, or the reason it cannot be."""
    pv = row["provenance"]
    page = index.by_sha.get(pv["raw_sha256"])
    if page is None:
        name = Path(pv["raw_path"]).name
        wrong = index.by_name.get(name)
        if wrong:
            return None, (
                f"document {row['id']}: raw page {wrong[0][0]} has SHA-256 {wrong[0][1]}, but the "
                f"release records {pv['raw_sha256']} for {pv['raw_path']}: not the same page"
            )
        return None, (
            f"document {row['id']}: no raw page given with SHA-256 {pv['raw_sha256']} "
            f"(originally {pv['raw_path']})"
        )
    try:
        doc = build_document(page, read_bytes_bounded(page), row["id"], pv["raw_path"])
    except CleaningError as exc:
        return None, f"document {row['id']}: cleaning {page} failed: {exc}"
    if doc.text_sha256 != row["text_sha256"]:
        return None, (
            f"document {row['id']}: cleaning {page} gives text SHA-256 {doc.text_sha256}, the "
            f"release records {row['text_sha256']} (cleaner {doc.provenance.cleaner} "
            f"{doc.provenance.cleaner_version}, release {pv['cleaner']} {pv['cleaner_version']})"
        )
    rebuilt = document_row(AnnotatedDocument(doc), row["split"], withhold=True)
    differs = [k for k in _DOCUMENT_LEVEL if rebuilt[k] != row[k]]
    if differs:
        return (
            None,
            f"document {row['id']}: cleaning {page} gives different {', '.join(differs)} than the release",
        )
    return doc, None


def _context(directory: Path, manifest: dict[str, Any]) -> ReleaseContext:
    try:
        version = CorpusVersion.from_dict(manifest)
    except KeyError as exc:
        problem = f"{directory}/manifest.json: no {exc.args[0]!r} in the manifest header"
        raise RehydrateError([problem]) from None
    sheet = directory / "DATASHEET.md"
    return ReleaseContext(
        version=version,
        changelog=(directory / "CHANGELOG.md").read_text(encoding="utf-8"),
        labels=(directory / "labels.json").read_bytes(),
        datasheet=sheet.read_text(encoding="utf-8") if sheet.exists() else None,
        agreement=agreement_from_manifest(manifest.get("agreement")),
        source_fingerprint=manifest.get("source_fingerprint", ""),
    )


def rehydrate(
    standoff: Path,
    raw_pages: list[Path],
    out: Path | None = None,
    *,
    shard_size: int | None = None,
    progress: bool = False,
    force: bool = False,
) -> ReleaseSummary:
    """Check every withheld document against the given raw pages, then write the full release.

    ``out`` must be absent, empty or a newsgold release other than ``standoff`` (``force`` allows any
    other folder; see :func:`newsgold.release.destination.check_destination`)."""
    manifest = read_manifest(standoff)
    if out is not None:
        target = out
    else:  # the version comes from the manifest: it must name a folder beside the standoff release
        try:
            target = child(standoff.parent, release_name(manifest.get("corpus_version")), "release name")
        except UnsafePathError as exc:
            raise UnsafePathError(f"{standoff / MANIFEST}: {exc}; give --out") from None
    check_destination(target, force=force, protect=(standoff,))
    if manifest.get("form") != "standoff":
        raise RehydrateError([f"{standoff}: not a standoff release (form {manifest.get('form')!r})"])
    check = verify_release(standoff)
    if not check.ok:
        raise RehydrateError(check.lines())
    context = _context(standoff, manifest)
    if context.labels != (schema_dir() / "labels.json").read_bytes():
        raise RehydrateError(
            [
                f"{standoff}/labels.json: the release's label inventory differs from this "
                "package's; rehydrate with the newsgold version that built the release"
            ]
        )
    columns = _column_problems(standoff)
    if columns:
        raise RehydrateError(columns)
    missing = [p for p in raw_pages if not p.is_file()]
    if missing:
        raise RehydrateError([f"{p}: no such file" for p in missing])
    index = _RawIndex.of(raw_pages)
    problems = []
    for row in _rows(standoff):
        if row["text"] is None:
            _, problem = _reclean(row, index)
            if problem:
                problems.append(problem)
    if problems:
        raise RehydrateError(problems)

    def items() -> Iterator[tuple[AnnotatedDocument, str]]:
        for row in _rows(standoff):
            doc = _reclean(row, index)[0] if row["text"] is None else None
            yield annotated_document_from_row(row, doc), row["split"]

    return write_release(
        items(),
        context,
        target,
        standoff=False,
        progress=progress,
        shard_size=shard_size or int(manifest.get("shard_size", SHARD_SIZE)),
        batch_size=int(manifest.get("batch_size", BATCH_SIZE)),
        force=force,
        protect=(standoff,),
    )
