"""A new, empty newsgold project: the folders and records every command expects, nothing else.

``init_project(folder)`` makes ``folder`` (absent or empty) a project root:

    corpus/documents/   corpus/raw/   corpus/splits.json ({})
    corpus/VERSION.json (corpus version 0.1.0, today, annotations CC BY 4.0)
    corpus/CHANGELOG.md (a 0.1.0 section)
    annotations/gold/   annotations/annotators/   annotations/adjudication/
    annotations/GUIDELINES.md (this package's guidelines, when it has them, to adapt)
    DATASHEET.md (the sections of Datasheets for Datasets, with the generated-figures markers)

The label inventory and schemas are the package's (``newsgold schema`` shows them). Everything is written
into a temporary sibling folder that is renamed into place at the end, so an interrupted run leaves no
half project; an existing non-empty folder is never touched.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import tempfile
from pathlib import Path

from newsgold import paths
from newsgold.errors import UsageError
from newsgold.io import write_json

INITIAL_VERSION = "0.1.0"
DATASHEET_SECTIONS = (
    "Motivation",
    "Composition",
    "Collection process",
    "Preprocessing, cleaning and labelling",
    "Uses",
    "Distribution",
    "Maintenance",
)


class InitError(UsageError, ValueError):
    """The folder cannot become a new project (it is not empty, or it is a file)."""


def _datasheet() -> str:
    parts = [
        "# Datasheet",
        "",
        "Following *Datasheets for Datasets* (Gebru et al., 2021). The figures between the markers are "
        "generated (`newsgold datasheet --write`); write the rest by hand.",
        "",
    ]
    for name in DATASHEET_SECTIONS:
        parts += [f"## {name}", ""]
        if name == "Composition":
            parts += ["<!-- figures:start -->", "<!-- figures:end -->", ""]
    return "\n".join(parts)


def init_project(folder: Path, today: _dt.date | None = None) -> Path:
    """Make ``folder`` a new project root and return it. Raises :class:`InitError`."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(
            f"{folder}: exists and is not an empty folder; a project is started only in a new or empty folder"
        )
    day = (today or _dt.date.today()).isoformat()
    parent = folder.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    try:
        for sub in (
            "corpus/documents",
            "corpus/raw",
            "annotations/gold",
            "annotations/annotators",
            "annotations/adjudication",
        ):
            (tmp / sub).mkdir(parents=True)
        write_json(tmp / "corpus" / "splits.json", {})
        write_json(
            tmp / "corpus" / "VERSION.json",
            {
                "corpus_version": INITIAL_VERSION,
                "date": day,
                "annotation_licence": "CC-BY-4.0",
                "annotation_licence_url": "https://creativecommons.org/licenses/by/4.0/",
            },
        )
        (tmp / "corpus" / "CHANGELOG.md").write_text(
            "# Corpus changelog\n\nMajor: text, offsets, labels or split assignments changed. "
            "Minor: fields or annotation layers added. Patch: the same data, read or packaged "
            "differently.\n\n"
            f"## {INITIAL_VERSION} ({day})\n\n- Project started (`newsgold init`).\n",
            encoding="utf-8",
        )
        guidelines = Path(paths.schema_dir()).parent / "annotations" / "GUIDELINES.md"
        if guidelines.is_file():
            shutil.copyfile(guidelines, tmp / "annotations" / "GUIDELINES.md")
        (tmp / "DATASHEET.md").write_text(_datasheet(), encoding="utf-8")
        if folder.exists():
            folder.rmdir()  # empty, checked above
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder
