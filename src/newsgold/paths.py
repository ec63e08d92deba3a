"""Where the project's data lives.

The label inventory and schemas ship inside the wheel (``newsgold/schema``); in a source checkout
they are read from the top-level ``schema/`` folder. The corpus, annotations and releases live in a
project root: ``$NEWSGOLD_ROOT``, else the source checkout this package was installed from.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def schema_dir() -> Path:
    packaged = Path(str(files("newsgold"))) / "schema"
    return packaged if packaged.is_dir() else _CHECKOUT / "schema"


def project_root() -> Path:
    env = os.environ.get("NEWSGOLD_ROOT")
    return Path(env).resolve() if env else _CHECKOUT


def corpus_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "corpus"


def documents_dir(root: Path | None = None) -> Path:
    return corpus_dir(root) / "documents"


def raw_dir(root: Path | None = None) -> Path:
    return corpus_dir(root) / "raw"


def gold_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "annotations" / "gold"
