"""The corpus version (``corpus/VERSION.json``), separate from the package version.

Semantic versioning of the data: major = text, offsets, labels or split assignments changed;
minor = fields or annotation layers added; patch = the same data, read or packaged differently.
Release notes per version live in ``corpus/CHANGELOG.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgold.errors import DataError
from newsgold.io import read_bytes_bounded, read_json
from newsgold.labels import inventory
from newsgold.model import SCHEMA_VERSION
from newsgold.paths import changelog_path, version_path

# the values the Hugging Face dataset card accepts for ``annotations_creators``
ANNOTATIONS_CREATORS = (
    "crowdsourced",
    "expert-generated",
    "found",
    "machine-generated",
    "no-annotation",
    "other",
)
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def parse_semver(version: object) -> tuple[int, int, int] | None:
    """``(major, minor, patch)`` of a ``MAJOR.MINOR.PATCH`` string, else ``None``."""
    match = _SEMVER.match(version) if isinstance(version, str) else None
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


class VersionError(DataError, ValueError):
    """``corpus/VERSION.json`` or ``corpus/CHANGELOG.md`` is missing or inconsistent."""


@dataclass(frozen=True, slots=True)
class CorpusVersion:
    corpus_version: str
    date: str  # the release date of this corpus version (YYYY-MM-DD); the only date in a release
    annotation_licence: str
    annotation_licence_url: str | None
    schema_version: str
    inventory_version: str
    annotators: str = ""  # who made the annotations of this version, stated for the datasheet and Croissant
    # how the annotations were made, in the Hugging Face card vocabulary (e.g. "machine-generated");
    # empty when not stated, and then the card states nothing
    annotations_creators: tuple[str, ...] = ()

    @property
    def major(self) -> int:
        return int(self.corpus_version.split(".")[0])

    def to_dict(self) -> dict[str, Any]:
        return {
            k: list(v) if isinstance(v, tuple) else v
            for k in self.__dataclass_fields__
            for v in (getattr(self, k),)
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CorpusVersion:
        """The inverse of :meth:`to_dict` (e.g. from a release manifest); absent optional fields take
        their defaults."""
        return cls(
            str(data["corpus_version"]),
            str(data["date"]),
            str(data["annotation_licence"]),
            data.get("annotation_licence_url"),
            str(data["schema_version"]),
            str(data["inventory_version"]),
            str(data.get("annotators") or ""),
            tuple(str(x) for x in data.get("annotations_creators") or ()),
        )


def read_version(root: Path | None = None) -> CorpusVersion:
    path = version_path(root)
    if not path.exists():
        raise VersionError(
            f'{path}: missing (it holds the corpus version, e.g. {{"corpus_version": "1.0.0"}})'
        )
    try:
        data = read_json(path)
    except OSError as exc:
        raise VersionError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise VersionError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        found = "null" if data is None else type(data).__name__
        raise VersionError(f'{path}: expected an object such as {{"corpus_version": "1.0.0"}}, found {found}')
    version = data.get("corpus_version", "")
    if not isinstance(version, str):
        raise VersionError(f"{path}: /corpus_version must be a string MAJOR.MINOR.PATCH, found {version!r}")
    if not _SEMVER.match(version):
        raise VersionError(f"{path}: corpus_version {version!r} is not MAJOR.MINOR.PATCH")
    date = str(data.get("date", ""))
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
        raise VersionError(f"{path}: date {date!r} is not YYYY-MM-DD")
    creators = data.get("annotations_creators") or []
    if not isinstance(creators, list) or any(c not in ANNOTATIONS_CREATORS for c in creators):
        raise VersionError(
            f"{path}: annotations_creators {creators!r} is not a list of {', '.join(ANNOTATIONS_CREATORS)}"
        )
    url = data.get("annotation_licence_url")
    if url is not None and not isinstance(url, str):
        raise VersionError(f"{path}: /annotation_licence_url must be a URL (a string) or null, found {url!r}")
    return CorpusVersion(
        version,
        date,
        str(data.get("annotation_licence", "CC-BY-4.0")),
        url,
        SCHEMA_VERSION,
        inventory().version,
        str(data.get("annotators", "")),
        tuple(creators),
    )


def release_notes(changelog: str, version: str) -> str | None:
    """The section of ``changelog`` for ``version`` (``## <version> ...`` up to the next ``## ``)."""
    out: list[str] = []
    inside = False
    for line in changelog.splitlines():
        if line.startswith("## "):
            if inside:
                break
            inside = line[3:].split()[0] == version if line[3:].split() else False
        if inside:
            out.append(line)
    return "\n".join(out).strip() or None


def read_changelog(root: Path | None = None, version: str | None = None) -> str:
    """The changelog text; with ``version``, raise unless it has a section for that version."""
    path = changelog_path(root)
    if not path.exists():
        raise VersionError(f"{path}: missing (release notes, one '## <version>' section per corpus version)")
    try:
        text = read_bytes_bounded(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VersionError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    except OSError as exc:
        raise VersionError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if version is not None and release_notes(text, version) is None:
        raise VersionError(f"{path}: no '## {version}' section: write the release notes of this version")
    return text
