"""Build hook: the wheel and the sdist carry the corpus's standoff release as package data.

The release is built by ``scripts/build_wheel.py`` (``make wheel``), which names its folder in
``$NEWSGOLD_PACKAGED_RELEASE``. The sdist carries it as ``packaged-release/`` and the wheel as
``newsgold/packaged-release/``; a wheel built from an sdist takes the sdist's own copy. Only a standoff
release is accepted (the text of documents whose publisher does not allow redistribution withheld), and
only one of the checkout's corpus version. An editable install carries none: it reads the project's
own files. Standard library and hatchling only: this runs in the isolated build environment.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ENV = "NEWSGOLD_PACKAGED_RELEASE"
IN_SDIST = "packaged-release"
IN_WHEEL = "newsgold/packaged-release"


class PackagedReleaseHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name not in ("wheel", "sdist") or version == "editable":
            return
        source = self.packaged_release()
        build_data["force_include"][str(source)] = IN_WHEEL if self.target_name == "wheel" else IN_SDIST

    def packaged_release(self) -> Path:
        """The release folder to carry: an sdist's own copy, else ``$NEWSGOLD_PACKAGED_RELEASE``."""
        root = Path(self.root)
        env = os.environ.get(ENV)
        folder = root / IN_SDIST if (root / IN_SDIST).is_dir() else Path(env) if env else None
        if folder is None or not (folder / "manifest.json").is_file():
            where = f"{ENV}={env}" if env else f"{ENV} is not set"
            raise RuntimeError(
                f"newsgold: no release to package ({where}): the wheel and the sdist carry the standoff "
                "release; build them with `make wheel` (scripts/build_wheel.py)"
            )
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("name") != "newsgold" or manifest.get("form") != "standoff":
            raise RuntimeError(
                f"{folder}: not a newsgold standoff release (form {manifest.get('form')!r}); only the "
                "standoff form may be redistributed (newsgold release --standoff)"
            )
        version_file = root / "corpus" / "VERSION.json"
        if version_file.is_file():
            corpus = json.loads(version_file.read_text(encoding="utf-8")).get("corpus_version")
            if manifest.get("corpus_version") != corpus:
                raise RuntimeError(
                    f"{folder}: release {manifest.get('corpus_version')}, but the corpus here is {corpus}"
                )
        return folder
