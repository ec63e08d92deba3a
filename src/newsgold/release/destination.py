"""Where a release may be written: only over nothing, an empty folder or an earlier release.

A folder is an earlier release only when that can be proved: its ``manifest.json`` is a newsgold
manifest, and the folder holds every file the manifest lists and nothing else (no other file, folder,
symbolic link or special file). The project's own sources (its root, ``corpus/``, ``annotations/``,
``schema/``, any folder holding one of them or inside one of the last three) are never replaced, not
even with ``force``; ``force`` allows any other folder the user names.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from newsgold import paths
from newsgold.release.context import DestinationError
from newsgold.release.manifest import MANIFEST, ManifestError, read_manifest


def release_problem(directory: Path) -> str | None:
    """Why ``directory`` is not provably a newsgold release (one line), or ``None`` when it is one."""
    try:
        manifest = read_manifest(directory)
    except FileNotFoundError:
        return f"no newsgold {MANIFEST}"
    except (ManifestError, ValueError, OSError) as exc:
        return f"its {MANIFEST} is not a newsgold manifest ({exc})"
    if manifest.get("name") != "newsgold":
        return f"its {MANIFEST} is not a newsgold manifest (name {manifest.get('name')!r})"
    listed = set(manifest["files"])
    held: set[str] = set()
    for folder, dirs, files in os.walk(directory):
        base = Path(folder)
        for name in dirs + files:
            path = base / name
            rel = path.relative_to(directory).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode):
                if not any(f.startswith(rel + "/") for f in listed):
                    return f"it holds the folder {rel}, which its {MANIFEST} does not list"
            elif not stat.S_ISREG(mode):
                return f"it holds {rel}, which is not a regular file"
            elif rel != MANIFEST:
                held.add(rel)
    extra, missing = sorted(held - listed), sorted(listed - held)
    if extra:
        return f"it holds {extra[0]}, which its {MANIFEST} does not list"
    if missing:
        return f"it lacks {missing[0]}, which its {MANIFEST} lists"
    return None


def is_release_dir(directory: Path) -> bool:
    """Whether ``directory`` is provably a newsgold release (see :func:`release_problem`)."""
    return release_problem(directory) is None


def check_destination(out: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> None:
    """Raise :class:`DestinationError` unless ``out`` may be replaced by a release.

    Allowed: an absent path (whose nearest existing parent is a folder), an empty folder, a folder that
    is provably a newsgold release (:func:`release_problem`), and, with ``force``, any other folder.
    Never allowed, even with ``force``: a path that is not a folder, the project's sources
    (:func:`newsgold.paths.source_folder_at`), a home folder, a folder that contains the current
    directory or a ``protect`` folder (those are also project roots whose sources are kept).
    """
    if not out.exists() and not out.is_symlink():
        parent = next((p for p in out.absolute().parents if p.exists()), None)
        if parent is not None and not parent.is_dir():
            raise DestinationError(f"{out}: cannot be created: {parent} is not a folder")
        return
    target = out.resolve()
    if not target.is_dir():
        raise DestinationError(f"{out}: exists and is not a folder; refusing to replace it with a release")
    home = Path.home().resolve()
    protected = [Path(p) for p in protect]
    project = paths.find_project_root()
    found = [project] if project is not None else []
    roots = [*found, *(p for p in protected if paths.is_project_root(p))]
    source = paths.source_folder_at(target, roots)
    if source is not None:
        raise DestinationError(
            f"{out}: is, holds or lies in {source}, the project's own sources; "
            "refusing to replace it with a release, even with --force"
        )
    for keep in sorted({home, Path.cwd().resolve(), *(p.resolve() for p in found + protected)}):
        if keep == target or keep.is_relative_to(target):
            raise DestinationError(
                f"{out}: is or contains {keep} (a project, home, current or source folder); "
                "refusing to replace it with a release, even with --force"
            )
    if target.parent == home.parent and len(home.parts) > 2:  # /home/<someone else>
        raise DestinationError(f"{out}: is a home folder; refusing to replace it with a release")
    if force or not any(target.iterdir()):
        return
    problem = release_problem(target)
    if problem is None:
        return
    raise DestinationError(
        f"{out}: exists, is not empty and is not a newsgold release ({problem}); "
        "refusing to replace it: choose another --out, or pass --force to replace this folder"
    )
