"""Reading and writing corpus files: canonical JSON, SHA-256, atomic writes, bounded reads, locks and
crash-safe replacement of whole folders."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import re
import shutil
import stat
import struct
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from newsgold.errors import DataError, UsageError
from newsgold.model import Annotation, Document

try:
    import fcntl
except ImportError:  # Windows: runs are not serialised there (see folder_lock)
    fcntl = None  # type: ignore[assignment]


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


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _temp_name(final: str) -> str:
    """A fresh name ``.<name>.XXXXXXXX.tmp`` beside ``final`` (8 random hex digits)."""
    folder, name = os.path.split(final)
    return os.path.join(folder, f".{name}.{os.urandom(4).hex()}.tmp")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    The temporary file is created exclusively (``O_EXCL``, a new random name on a clash) with the
    mode a new file gets (``0o666`` less the umask), so it needs no ``chmod``; the folder is made only
    when the first attempt finds it missing. Ingest writes two files a document, so each system call
    saved here counts."""
    final = os.fspath(path)
    while True:
        tmp = _temp_name(final)
        try:
            fd = os.open(tmp, _TEMP_FLAGS, 0o666)
        except FileExistsError:
            continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, _TEMP_FLAGS, 0o666)
        break
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, final)
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


def _unread(size: int, total: int) -> int:
    """Bytes to ask for next of a file that had ``size`` bytes when opened and ``total`` read so far."""
    return size + 1 - total if total <= size else 1 << 20


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
        # what the file held when opened and one byte more: a file that did not grow is read in one
        # call and its end found by a one-byte read (each read allocates its whole size, and a
        # megabyte per small file cost more than reading it); a file that grew, in large chunks
        while chunk := os.read(fd, min(_unread(info.st_size, total), limit + 1 - total)):
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


# --- locks -------------------------------------------------------------------------------------------


class Busy(UsageError):
    """Another newsgold run holds the lock of what this run would write."""


@contextmanager
def held_lock(lock: Path, *, wait: bool, what: str) -> Iterator[None]:
    """Hold an exclusive ``fcntl.flock`` on the file ``lock`` (created, and removed again on exit).

    ``wait``: block until another holder is done; otherwise :class:`Busy` at once, naming ``what``.
    The holder removes the file before it lets go, and a run that locked a file which is no longer at
    ``lock`` starts again, so two runs never hold two different files. A run killed meanwhile leaves
    the file but not the lock (the system drops it), and the next run takes it over. Where ``fcntl``
    is missing (Windows) nothing is locked.
    """
    if fcntl is None:
        yield
        return
    lock.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666 & ~_umask())
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            raise Busy(
                f"another newsgold run is writing {what} (it holds {lock}); run again when it has finished"
            ) from None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder before us removed the file: lock the one now there
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        finally:
            os.close(fd)


_OFD_SETLKW = getattr(fcntl, "F_OFD_SETLKW", None) if fcntl is not None else None


class KeyedLocks:
    """Exclusive locks on keys (document ids) that many runs take in turn, one lock file for them all.

    A lock of its own file per key costs creating and removing that file, two of the dearest system
    calls, for every document an ingest writes. Here a run opens the one file ``lock`` once (created,
    and held shared with ``flock`` so that no other run removes it meanwhile) and locks one byte of it
    a key, at an offset drawn from the key's SHA-256, with an open-file-description lock
    (``F_OFD_SETLKW``: two threads, like two processes, exclude each other). Two keys that drew one
    offset only wait for each other. The last run to let go removes the file, as :func:`held_lock`
    does: one that opened a file no longer at ``lock`` opens the new one.

    Where ``F_OFD_SETLKW`` is missing (not Linux), each key falls back to :func:`held_lock` of its own
    file ``fallback(key)``; where ``fcntl`` is missing (Windows) nothing is locked.
    """

    def __init__(self, lock: Path, fallback: Callable[[str], Path]) -> None:
        self.lock = lock
        self.fallback = fallback
        self._fd: int | None = None

    def __enter__(self) -> KeyedLocks:
        return self

    def _open(self) -> int:
        """The lock file, held shared; opened at the first lock a run takes, so that a run which writes
        nothing (every input refused, or already in the corpus) creates no folder and no file."""
        if self._fd is not None:
            return self._fd
        self.lock.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.lock))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return fd
            os.close(fd)  # the last run before us removed the file: open the one now there

    def __exit__(self, *exc: object) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # no other run holds the file: remove it
        except BlockingIOError:
            pass
        else:
            with suppress(FileNotFoundError):
                os.unlink(self.lock)
        finally:
            os.close(fd)

    @contextmanager
    def hold(self, key: str, what: str) -> Iterator[None]:
        """Hold the lock of ``key`` (waiting for another holder); ``what`` names it in messages."""
        if _OFD_SETLKW is None:
            with held_lock(self.fallback(key), wait=True, what=what):
                yield
            return
        fd = self._open()
        offset = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:6], "big")
        fcntl.fcntl(fd, _OFD_SETLKW, _byte_lock(fcntl.F_WRLCK, offset))
        try:
            yield
        finally:
            fcntl.fcntl(fd, _OFD_SETLKW, _byte_lock(fcntl.F_UNLCK, offset))


def _byte_lock(kind: int, offset: int) -> bytes:
    """A ``struct flock`` (Linux: type, whence, start, length, pid, padding) for the byte at ``offset``."""
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, offset, 1, 0)


# --- replacing a whole folder ------------------------------------------------------------------------
# A folder (a release, a synthetic corpus) is built in a temporary sibling ``.<name>.XXXXXXXX.tmp`` and
# swapped into place by replacing_folder, under the lock ``.<name>.lock`` beside it. Where the system can
# exchange two names in one step (Linux renameat2 with RENAME_EXCHANGE), the old and the new folder
# trade places atomically: at every instant one of them is at the final path, and the old one, now at the
# temporary name, is deleted. Elsewhere (or on a file system that cannot exchange) the old folder is
# renamed to ``.<name>.XXXXXXXX.old`` first and the new one renamed into place; a crash between the two
# renames leaves no folder at the final path but the old one beside it, and the next run restores it
# (recover_interrupted). Temporary and old siblings left by a crash are removed by the next run.

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _sibling_pattern(final: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(final.name)}\.[a-z0-9_]{{8}}\.(tmp|old)")


def new_sibling(final: Path, suffix: str = ".tmp") -> Path:
    """A new empty folder beside ``final`` (``.<name>.XXXXXXXX.tmp``) to build its replacement in, with
    the permissions of a folder made by ``mkdir`` (not the owner-only ones of ``mkdtemp``)."""
    folder = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=suffix, dir=final.parent))
    os.chmod(folder, 0o777 & ~_umask())
    return folder


def recover_interrupted(final: Path) -> list[str]:
    """Clean up after a run on ``final`` that was killed; call it holding the lock (:func:`folder_lock`).

    When ``final`` is missing and an old copy moved aside by an interrupted swap is beside it, that copy
    is put back; every other temporary or old sibling is removed. Returns one line per action."""
    pattern = _sibling_pattern(final)
    found = sorted(
        (
            p
            for p in final.parent.iterdir()
            if pattern.fullmatch(p.name) and p.is_dir() and not p.is_symlink()
        ),
        key=lambda p: p.stat().st_mtime_ns,
    )
    notes = []
    olds = [p for p in found if p.name.endswith(".old")]
    if olds and not os.path.lexists(final):
        os.rename(olds[-1], final)
        found.remove(olds[-1])
        notes.append(f"restored {final} from {olds[-1].name}, where an interrupted run had left it")
    for stale in found:
        shutil.rmtree(stale, ignore_errors=True)
    if found:
        names = ", ".join(p.name for p in found)
        notes.append(f"removed {len(found)} folder(s) an interrupted run left beside {final}: {names}")
    return notes


@contextmanager
def folder_lock(final: Path) -> Iterator[None]:
    """The lock of a folder that is about to be replaced: ``.<name>.lock`` beside it. A second run on the
    same folder is refused (:class:`Busy`), not queued: a release takes minutes, and the user decides."""
    with held_lock(final.parent / f".{final.name}.lock", wait=False, what=str(final)):
        yield


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` in one step; ``False`` where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False  # a C library without renameat2 (glibc before 2.28, musl before 1.2.4)
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the kernel or the file system cannot exchange
    raise OSError(code, os.strerror(code), str(b))


def swap_into_place(new: Path, final: Path) -> None:
    """Put the folder ``new`` (a sibling of ``final``) at ``final``; the folder there before is deleted.

    Atomic where :func:`_exchange` works; otherwise two renames, recovered by the next run after a crash
    between them (see :func:`recover_interrupted`)."""
    if not os.path.lexists(final):
        os.rename(new, final)
        return
    if _exchange(new, final):
        shutil.rmtree(new, ignore_errors=True)  # the old folder, now under the temporary name
        return
    old = new_sibling(final, ".old")
    old.rmdir()
    os.rename(final, old)
    try:
        os.rename(new, final)
    except BaseException:
        os.rename(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)


@dataclass(slots=True)
class Replacement:
    """The folder a replacement is built in, and what was cleaned up before (one line each)."""

    folder: Path
    notes: list[str] = field(default_factory=list)


@contextmanager
def replacing_folder(final: Path) -> Iterator[Replacement]:
    """Build a replacement of the folder ``final``: hold its lock (:func:`folder_lock`), clean up after an
    interrupted run (:func:`recover_interrupted`), give a new sibling folder to write into, and swap it
    into place (:func:`swap_into_place`) when the block ends without an error; on an error the sibling
    is removed and ``final`` stays as it was. The caller checks ``final`` inside the block (after
    recovery) before anything replaces it."""
    final.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(final):
        notes = recover_interrupted(final)
        new = new_sibling(final)
        try:
            yield Replacement(new, notes)
            swap_into_place(new, final)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
