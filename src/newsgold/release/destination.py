"""Where a release may be written: only over nothing, an empty folder or an earlier release."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsgold import paths
from newsgold.io import read_json
from newsgold.release.context import DestinationError
from newsgold.release.manifest import MANIFEST


def is_release_dir(directory: Path) -> bool:
    """Whether ``directory`` holds a newsgold release: its manifest.json is a newsgold manifest."""
    path = directory / MANIFEST
    if not path.is_file():
        return False
    try:
        data = read_json(path)
    except (ValueError, OSError):
        return False
    return isinstance(data, dict) and data.get("name") == "newsgold" and isinstance(data.get("files"), dict)


def check_destination(out: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> None:
    """Raise :class:`DestinationError` unless ``out`` may be replaced by a release.

    Allowed: an absent path, an empty folder, a folder holding a newsgold release, and, with ``force``,
    any other folder. Never allowed, even with ``force``: a path that is not a folder, the project root,
    a home folder, a folder that contains the project, the current directory or a ``protect`` folder.
    """
    if not out.exists() and not out.is_symlink():
        return
    target = out.resolve()
    if not target.is_dir():
        raise DestinationError(f"{out}: exists and is not a folder; refusing to replace it with a release")
    home = Path.home().resolve()
    guarded = {home, Path.cwd().resolve()}
    project = paths.find_project_root()
    if project is not None:
        guarded.add(project.resolve())
    guarded |= {Path(p).resolve() for p in protect}
    for keep in sorted(guarded):
        if keep == target or keep.is_relative_to(target):
            raise DestinationError(
                f"{out}: is or contains {keep} (a project, home, current or source folder); "
                "refusing to replace it with a release, even with --force"
            )
    if target.parent == home.parent and len(home.parts) > 2:  # /home/<someone else>
        raise DestinationError(f"{out}: is a home folder; refusing to replace it with a release")
    if force or not any(target.iterdir()) or is_release_dir(target):
        return
    raise DestinationError(
        f"{out}: exists, is not empty and is not a newsgold release (no newsgold {MANIFEST}); "
        "refusing to replace it: choose another --out, or pass --force to replace this folder"
    )
