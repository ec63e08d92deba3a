"""Reading and writing corpus files: canonical JSON, SHA-256, atomic writes, bounded reads."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import orjson

from newsgold.errors import DataError
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


# --- bounded reads ----------------------------------------------------------------------------------
# Every file newsgold parses (documents, annotations, Label Studio exports, manifests, raw pages) is read
# through read_bytes_bounded: a FIFO, a device or a socket is refused before anything is read (a FIFO
# would block, /dev/zero would fill the memory), and so is a file larger than MAX_INPUT_BYTES.

MAX_INPUT_BYTES = 512 << 20  # 512 MiB: far above any document, export or manifest newsgold writes
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


class UnreadableFile(DataError, OSError):
    """A file newsgold will not read: not a regular file, or larger than the limit. An ``OSError`` (its
    ``strerror`` says why), so callers that report unreadable files report it too."""

    def __init__(self, path: Path | str, reason: str) -> None:
        OSError.__init__(self, errno.EINVAL, reason, str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _refuse_special(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise UnreadableFile(path, f"{_kind(mode)}, not a regular file; refusing to read it")


def read_bytes_bounded(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (symbolic links followed), at most ``limit`` of them.

    :class:`UnreadableFile` for a FIFO, device, socket or folder (refused before it is opened for
    reading, and again on the opened file) and for a file larger than ``limit``; other ``OSError``s
    (no such file, no permission) as ``open`` raises them."""
    _refuse_special(path, os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)  # non-blocking: a FIFO swapped in meanwhile cannot block the open
    try:
        info = os.fstat(fd)
        _refuse_special(path, info.st_mode)
        too_big = f"more than {limit} bytes, the most newsgold reads from one file; refusing to read it"
        if info.st_size > limit:
            raise UnreadableFile(path, f"{info.st_size} bytes, {too_big}")
        chunks, total = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(path, f"grew while read: {too_big}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_json(path: Path, limit: int = MAX_INPUT_BYTES) -> Any:
    """The parsed JSON of ``path``, read by :func:`read_bytes_bounded`."""
    return orjson.loads(read_bytes_bounded(path, limit))


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
