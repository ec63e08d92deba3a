"""Reading and writing corpus files: canonical JSON, SHA-256, atomic writes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson

from newsgold.model import Annotation, Document


def sha256_text(text: str) -> str:
    """The SHA-256 that pins annotations to a document: over the UTF-8 bytes of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dumps(data: Any) -> bytes:
    """Canonical JSON: UTF-8, two-space indent, keys in model order, trailing newline."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, dumps(data))


def read_json(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


def read_document(path: Path) -> Document:
    return Document.from_dict(read_json(path))


def read_annotation(path: Path) -> Annotation:
    return Annotation.from_dict(read_json(path))


def write_document(path: Path, doc: Document) -> None:
    write_json(path, doc.to_dict())


def write_annotation(path: Path, ann: Annotation) -> None:
    write_json(path, ann.to_dict())


def write_together(files: list[tuple[Path, bytes]]) -> None:
    """Write every ``(path, data)`` or none: all go to temporary files beside their targets first,
    then each is renamed into place in the order given; should a rename fail, the files already
    renamed are put back as they were (restored, or removed when they did not exist), so the gold and
    its record never disagree. An :class:`OSError` names the target that could not be written."""
    staged: list[tuple[Path, str]] = []
    current = files[0][0] if files else Path()
    try:
        for current, data in files:
            current.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{current.name}.", suffix=".tmp", dir=current.parent)
            staged.append((current, tmp))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o666 & ~_umask())
        done: list[tuple[Path, bytes | None]] = []
        try:
            for current, tmp in staged:
                before = current.read_bytes() if current.is_file() else None
                os.replace(tmp, current)
                done.append((current, before))
        except BaseException:
            for path, before in reversed(done):
                if before is None:
                    path.unlink(missing_ok=True)
                else:
                    atomic_write_bytes(path, before)
            raise
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(current)) from e
    finally:
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
