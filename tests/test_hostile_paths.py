"""Hostile input and faults: nothing escapes the root, nothing is lost, no traceback.

Each test is named after the failure it prevents: a name from data that became a path outside its
folder, a folder replaced that was not a release, a crash that left a release missing or debris behind,
two runs that raced, a special file that hung or filled the memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from checkout import CHECKOUT
from newsgold import io, paths
from newsgold.cli import main as cli
from newsgold.corpus.fingerprint import source_fingerprint
from newsgold.ingest import CleaningError, ingest_page
from newsgold.io import (
    Busy,
    UnreadableFile,
    folder_lock,
    read_bytes_bounded,
    read_json,
    recover_interrupted,
    swap_into_place,
)
from newsgold.labelstudio.importer import import_export
from newsgold.paths import UnsafePathError
from newsgold.release import build_release, verify_release
from newsgold.release.context import DestinationError, ReleaseError
from newsgold.release.destination import check_destination, release_problem
from newsgold.release.manifest import manifest_bytes
from newsgold.synthetic import SynthError, synthesize
from newsgold.validate import validate
from newsgold.validate.load import InvalidFileError, load_annotation, load_corpus
from release_corpora import SEED, default_corpus, make_corpus, run_command, seed_document, variant

FIXTURES = CHECKOUT / "tests" / "validation"


class Crash(BaseException):
    """A simulated crash: like a kill, nothing that catches ``Exception`` handles it."""


def hidden(folder: Path) -> list[str]:
    """The hidden entries of ``folder``: temporary, old and lock files of a replacement."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the sources a release must never replace, deep enough that a path climbing
    out of it with a few ".." still lands in ``tmp_path``."""
    root = default_corpus(tmp_path / "a" / "b" / "project")
    (root / "annotations" / "GUIDELINES.md").write_text("the guidelines\n", encoding="utf-8")
    (root / "annotations" / "adjudication").mkdir()
    (root / "annotations" / "adjudication" / "decisions.md").write_text("decided\n", encoding="utf-8")
    (root / "LICENSE").write_text("the licence\n", encoding="utf-8")
    return root


@pytest.fixture
def rehydratable(tmp_path: Path) -> Path:
    """A project whose one withheld document can be rehydrated from its raw page."""
    seed = seed_document()
    return make_corpus(
        tmp_path / "a" / "b" / "project",
        [(seed, "test", True), (variant(seed, "a000000000000002", redistributable=True), "train", False)],
    )


# --- the path guard ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["..", ".", "", "a/b", "../x", "/etc", "x\\y", ".hidden", "-rf", 7, None])
def test_a_name_from_data_never_becomes_a_path_outside_its_folder(name: object, tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError, match="cannot name a file or folder"):
        paths.child(tmp_path, name, "annotator")
    assert paths.child(tmp_path, "alice-2", "annotator") == tmp_path / "alice-2"


def test_a_name_through_a_symlink_leaving_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "folder" / "alice").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafePathError, match="leads outside"):
        paths.child(tmp_path / "folder", "alice", "annotator")
    with pytest.raises(UnsafePathError, match="leads outside"):
        paths.under(tmp_path / "folder", "alice/page.txt", "provenance.raw_path")


@pytest.mark.parametrize("relative", ["../outside/sentinel.txt", "/etc/passwd", "a/../../b", ".", "C:x", 3])
def test_a_raw_path_from_data_never_leaves_the_root(relative: object, tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError, match="provenance.raw_path"):
        paths.under(tmp_path, relative, "provenance.raw_path")
    assert paths.under(tmp_path, "corpus/raw/x.txt", "provenance.raw_path") == tmp_path / "corpus/raw/x.txt"


@pytest.mark.parametrize("version", ["0/../../../outside/escaped", "1.0.0\n", "../x", 2])
def test_a_corpus_version_never_names_a_folder_outside_dist(version: object) -> None:
    with pytest.raises(UnsafePathError, match="corpus version"):
        paths.release_name(version)
    assert paths.release_name("2.0.0", standoff=True) == "newsgold-2.0.0-standoff"


def test_a_document_id_from_data_names_no_file_elsewhere(tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError, match="is not a document id"):
        paths.document_file(tmp_path, "../../etc/passwd")
    assert paths.document_file(tmp_path, "abc-1") == tmp_path / "abc-1.json"


# --- bounded reads -----------------------------------------------------------------------------------


def test_a_fifo_is_refused_before_it_is_read_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile, match="a FIFO, not a regular file"):
        read_json(fifo)


def test_dev_zero_is_refused_not_read_into_memory() -> None:
    with pytest.raises(UnreadableFile, match="a character device, not a regular file"):
        read_bytes_bounded(Path("/dev/zero"))


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b"0," * 600 + b"0]")
    with pytest.raises(UnreadableFile, match="1203 bytes, more than 1000 bytes"):
        read_json(big, limit=1000)
    assert read_json(big, limit=2000) == [0] * 601


# --- Label Studio import -----------------------------------------------------------------------------


def _export(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """The committed export in which alice annotated the fixture document twice, after ``change``."""
    data = json.loads((FIXTURES / "ls-duplicate-annotation" / "export.json").read_text(encoding="utf-8"))
    change(data[0])
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_ls_import_of_a_hostile_user_id_writes_nothing_outside_the_annotators_folder(tmp_path: Path) -> None:
    def hostile(task: dict) -> None:
        task["annotations"][1]["completed_by"] = {
            "id": "../../../../../outside/pwn",
            "email": "alice@elsewhere.example",
        }

    out = tmp_path / "a" / "b" / "c" / "d" / "annotators"
    report = import_export(_export(tmp_path, hostile), root=FIXTURES / "_valid", out=out)
    assert len(report.written) == 2
    assert all(p.resolve().is_relative_to(out) for p in report.written), report.written
    assert sorted(p.parent.name for p in report.written) == ["alice", "alice--outside-pwn"]
    assert not (tmp_path / "a" / "b" / "outside").exists()
    assert sorted(p.name for p in out.iterdir()) == ["alice", "alice--outside-pwn"]


def test_ls_import_of_a_task_naming_a_path_reads_and_writes_nothing(tmp_path: Path) -> None:
    def hostile(task: dict) -> None:
        task["data"]["document_id"] = "../../etc/passwd"

    out = tmp_path / "annotators"
    report = import_export(_export(tmp_path, hostile), root=FIXTURES / "_valid", out=out)
    assert [f.code for f in report.findings] == ["ls-unknown-document"]
    assert report.written == [] and not out.exists()


def test_ls_import_of_an_export_that_is_a_fifo_is_a_finding_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    report = import_export(fifo, root=FIXTURES / "_valid", out=tmp_path / "annotators")
    assert [f.code for f in report.findings] == ["ls-malformed-export"]
    assert "a FIFO, not a regular file" in report.findings[0].message


def test_ls_tasks_naming_a_path_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("NEWSGOLD_ROOT", str(project))
    assert cli(["ls", "tasks", "../../etc/passwd"]) == 2
    assert capsys.readouterr().err.strip() == "newsgold ls tasks: '../../etc/passwd' is not a document id"


def test_adjudicate_of_annotations_naming_a_path_writes_no_gold_elsewhere(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("NEWSGOLD_ROOT", str(project))
    gold = read_json(project / "annotations" / "gold" / f"{SEED}.json")
    inputs = []
    for name in ("alice", "bob"):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({**gold, "annotator": name, "document_id": "../documents/x"}))
        inputs.append(str(path))
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    assert cli(["adjudicate", *inputs]) == 2  # an input that fails its schema is refused before it is read
    err = capsys.readouterr().err
    assert "unsafe-document-id" in err and "'../documents/x'" in err
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before


# --- rehydrate and release names ---------------------------------------------------------------------


def _forge_version(standoff: Path, version: str) -> None:
    """Give a standoff release another corpus version everywhere it is stated, hashes recomputed, so
    that it still verifies."""
    manifest = read_json(standoff / "manifest.json")
    for name in ("croissant.json", "README.md"):
        text = (standoff / name).read_text(encoding="utf-8")
        (standoff / name).write_text(text.replace(manifest["corpus_version"], version), encoding="utf-8")
    header = {k: v for k, v in manifest.items() if k != "files"}
    (standoff / "manifest.json").write_bytes(manifest_bytes({**header, "corpus_version": version}, standoff))


def test_rehydrate_of_a_hostile_corpus_version_writes_nothing_outside(
    rehydratable: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    standoff = build_release(rehydratable, tmp_path / "a" / "b" / "c" / "standoff", standoff=True).directory
    _forge_version(standoff, "0/../../../outside/escaped")
    assert verify_release(standoff).ok  # the forged release is consistent: only the name guard stops it
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    raw = str(rehydratable / "corpus" / "raw")
    assert run_command("rehydrate", str(standoff), "--raw", raw) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "corpus version '0/../../../outside/escaped' cannot be part" in err
    assert "manifest.json" in err and "give --out" in err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    # with --out named by the user, the release is written there
    assert run_command("rehydrate", str(standoff), "--raw", raw, "--out", str(tmp_path / "full")) == 0
    assert verify_release(tmp_path / "full").ok


# --- ingest ------------------------------------------------------------------------------------------


def test_reingest_never_overwrites_a_file_outside_the_root_named_by_raw_path(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    sentinel = tmp_path / "a" / "b" / "outside" / "sentinel.txt"
    sentinel.parent.mkdir()
    sentinel.write_text("the user's data\n", encoding="utf-8")
    doc_path = project / "corpus" / "documents" / f"{SEED}.json"
    doc = read_json(doc_path)
    doc["provenance"]["raw_path"] = "../outside/sentinel.txt"
    doc["provenance"]["cleaner_version"] = "0.9"  # so that ingest would update the document
    doc_path.write_text(json.dumps(doc), encoding="utf-8")
    page = tmp_path / "page.txt"
    shutil.copyfile(project / "corpus" / "raw" / f"{SEED}.txt", page)
    with pytest.raises(CleaningError, match="leaves the project root"):
        ingest_page(page, project)
    assert cli(["ingest", "--root", str(project), str(page)]) == 1
    assert "provenance.raw_path of document" in capsys.readouterr().err
    assert sentinel.read_text(encoding="utf-8") == "the user's data\n"


def test_two_ingests_racing_on_one_document_id_never_both_create(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two different pages with the same id (the seed's file-name rule), ingested at once; the write
    is slowed down, so both have looked for the document before either has written it."""
    import newsgold.ingest.pipeline as pipeline

    root = tmp_path / "root"
    paths.documents_dir(root).mkdir(parents=True)
    raw = (CHECKOUT / "corpus" / "raw" / f"{SEED}.txt").read_bytes()
    pages = []
    for k, extra in enumerate((b"", b"\nOne more line of the second page.\n")):
        page = tmp_path / f"pages{k}" / f"000_{SEED}.txt"
        page.parent.mkdir()
        page.write_bytes(raw + extra)
        pages.append(page)
    write = pipeline.atomic_write_bytes
    looked = threading.Barrier(2, timeout=10)

    def slow_write(path: Path, data: bytes) -> None:
        time.sleep(0.2)  # between the check and the write
        write(path, data)

    real_exists = Path.exists
    first_look: set[str] = set()

    def exists(self: Path, *args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        found = real_exists(self, *args, **kwargs)
        me = threading.current_thread().name
        if self.name == f"{SEED}.json" and me.startswith("ingest-") and me not in first_look:
            first_look.add(me)
            looked.wait()  # both ingests have looked for the document before either goes on
        return found

    monkeypatch.setattr(pipeline, "atomic_write_bytes", slow_write)
    monkeypatch.setattr(Path, "exists", exists)
    results: dict[int, str] = {}

    def run(k: int) -> None:
        try:
            results[k] = ingest_page(pages[k], root, index={}).status
        except CleaningError as exc:
            results[k] = f"refused: {exc.reason}"

    threads = [threading.Thread(target=run, args=(k,), name=f"ingest-{k}") for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.split(":")[0] for r in results.values()) == ["created", "refused"], results
    refused = next(r for r in results.values() if r.startswith("refused"))
    assert "already exists from a different page" in refused
    kept = read_json(paths.documents_dir(root) / f"{SEED}.json")["provenance"]["raw_sha256"]
    winner = next(k for k, r in results.items() if r == "created")
    assert (paths.raw_dir(root) / f"{SEED}.txt").read_bytes() == pages[winner].read_bytes()
    assert kept == hashlib.sha256(pages[winner].read_bytes()).hexdigest()
    assert hidden(paths.documents_dir(root)) == []  # the lock file is gone


def test_keyed_locks_exclude_one_key_across_runs_and_leave_no_file(tmp_path: Path) -> None:
    """Two runs (each its own open of the lock file) hold one key in turn, two keys at once; the
    last run to finish removes the lock file, and a run after it creates a new one."""
    lock = tmp_path / "documents" / ".ingest.lock"
    fallback = lambda key: tmp_path / "documents" / f".{key}.lock"  # noqa: E731
    events: list[str] = []
    inside = threading.Event()

    def hold_a_while(locks: io.KeyedLocks, key: str, name: str) -> None:
        with locks.hold(key, what=key):
            events.append(f"{name} in")
            inside.set()
            time.sleep(0.2)
            events.append(f"{name} out")

    with io.KeyedLocks(lock, fallback) as first, io.KeyedLocks(lock, fallback) as second:
        t = threading.Thread(target=hold_a_while, args=(first, "doc-1", "first"))
        t.start()
        assert inside.wait(10)
        with second.hold("doc-2", what="doc-2"):  # another key: not kept waiting
            events.append("other key")
        hold_a_while(second, "doc-1", "second")  # the same key: only once the first let go
        t.join(10)
    assert events == ["first in", "other key", "first out", "second in", "second out"]
    assert hidden(lock.parent) == []
    with io.KeyedLocks(lock, fallback) as third, third.hold("doc-1", what="doc-1"):
        assert lock.exists()
    assert hidden(lock.parent) == []


# --- destinations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["annotations", "corpus", "corpus/documents", "annotations/gold", ".", "schema", ".."]
)
def test_release_never_replaces_the_projects_own_sources_even_with_force(
    target: str, project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    (project / "schema").mkdir()
    (project / "schema" / "labels.json").write_text("{}\n", encoding="utf-8")
    monkeypatch.chdir(project)
    out = target
    before = {p.relative_to(project).as_posix(): p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert run_command("release", "--root", str(project), "--out", out, "--force") == 2
    err = capsys.readouterr().err
    assert "refusing to replace it with a release, even with --force" in err and err.count("\n") == 1
    after = {p.relative_to(project).as_posix(): p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert after == before


def test_a_folder_that_merely_holds_a_newsgold_looking_manifest_is_not_replaced(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "manifest.json").write_text('{"name": "newsgold", "files": {}}\n', encoding="utf-8")
    (out / "thesis.tex").write_text("years of work\n", encoding="utf-8")
    assert run_command("release", "--root", str(project), "--out", str(out)) == 2
    assert "it holds thesis.tex, which its manifest.json does not list" in capsys.readouterr().err
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "years of work\n"


def test_a_release_is_recognised_only_when_its_files_are_exactly_the_listed_ones(
    project: Path, tmp_path: Path
) -> None:
    release = build_release(project, tmp_path / "release").directory
    assert release_problem(release) is None
    (release / "data" / "notes").mkdir()
    assert release_problem(release) == "it holds the folder data/notes, which its manifest.json does not list"
    (release / "data" / "notes").rmdir()
    (release / "README.md").unlink()
    assert release_problem(release) == "it lacks README.md, which its manifest.json lists"
    (release / "README.md").symlink_to(tmp_path / "a" / "b" / "project" / "LICENSE")
    assert release_problem(release) == "it holds README.md, which is not a regular file"


@pytest.mark.parametrize("command", ["release", "rehydrate", "synth"])
@pytest.mark.parametrize("where", ["file", "under-a-file"])
def test_out_that_is_a_file_is_a_usage_error(
    command: str, where: str, rehydratable: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    a_file = tmp_path / "release.tar"
    a_file.write_bytes(b"not a folder")
    out = str(a_file if where == "file" else a_file / "sub")
    if command == "release":
        argv = ["release", "--root", str(rehydratable), "--out", out]
    elif command == "synth":
        argv = ["synth", "2", "--root", str(rehydratable), "--out", out]
    else:
        standoff = build_release(rehydratable, tmp_path / "standoff", standoff=True).directory
        argv = ["rehydrate", str(standoff), "--raw", str(rehydratable / "corpus" / "raw"), "--out", out]
    assert cli(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a folder" in err, err
    assert a_file.read_bytes() == b"not a folder"


def test_synth_never_replaces_a_folder_holding_what_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "synthetic"
    synthesize(2, out)
    (out / "notes.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(SynthError, match="holds notes.md, which newsgold synth does not write") as info:
        synthesize(3, out)
    assert info.value.usage
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine\n"
    (out / "notes.md").unlink()
    summary = synthesize(3, out)  # an earlier synthetic corpus alone is replaced whole
    assert summary.documents == 3 and len(list(paths.documents_dir(out).glob("*.json"))) == 3
    assert hidden(tmp_path) == []


# --- crash consistency and concurrent runs -----------------------------------------------------------


def test_partial_build_folders_of_a_killed_release_are_removed_by_the_next_run(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A release killed (``os._exit``, as by ``kill -9``) while it writes the card: its half-written
    folder stays in dist/ until the next run on the same destination removes it, with one line."""
    out = tmp_path / "dist" / "newsgold-1.0.0"
    script = (
        "import os, sys; from pathlib import Path\n"
        "import newsgold.release.build as build\n"
        "build.card.render_card = lambda *a, **k: os._exit(9)\n"
        f"build.build_release(Path({str(project)!r}), Path({str(out)!r}))\n"
    )
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert killed.returncode == 9, killed.stderr
    left = hidden(out.parent)
    assert [n for n in left if n.endswith(".tmp")] and not out.exists(), left
    assert run_command("release", "--root", str(project), "--out", str(out)) == 0
    err = capsys.readouterr().err
    assert f"newsgold release: removed 1 folder(s) an interrupted run left beside {out}" in err
    assert hidden(out.parent) == [] and verify_release(out).ok


def _crash_between_renames(monkeypatch: pytest.MonkeyPatch) -> None:
    """The swap without the atomic exchange, crashing after the old release was moved aside: the
    rename of the new folder into place fails, and so does every rename after it (as if the process
    had died there, so nothing puts the old one back)."""
    real = os.rename
    crashed = []

    def rename(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(src).endswith(".tmp") or crashed:
            crashed.append(src)
            raise Crash("simulated crash between the two renames")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(io, "_exchange", lambda a, b: False)
    monkeypatch.setattr(io.os, "rename", rename)


def test_a_crash_between_the_two_renames_of_the_swap_is_recovered_by_the_next_run(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "dist" / "newsgold-1.0.0"
    build_release(project, out)
    old_manifest = (out / "manifest.json").read_bytes()
    with monkeypatch.context() as m:
        _crash_between_renames(m)
        with pytest.raises(Crash):
            build_release(project, out, standoff=True)
    assert not out.exists()  # the instant the fallback swap leaves open
    assert [n for n in hidden(out.parent) if n.endswith(".old")], hidden(out.parent)
    # the next run puts the old release back first (here: and then replaces it)
    assert recover_interrupted(out)[0].startswith(f"restored {out} from .newsgold-1.0.0.")
    assert (out / "manifest.json").read_bytes() == old_manifest and verify_release(out).ok
    with monkeypatch.context() as m:
        _crash_between_renames(m)
        with pytest.raises(Crash):
            build_release(project, out, standoff=True)
    assert run_command("release", "--root", str(project), "--out", str(out), "--standoff") == 0
    assert "newsgold release: restored" in capsys.readouterr().err
    assert read_json(out / "manifest.json")["form"] == "standoff"
    assert hidden(out.parent) == []


def _can_exchange(folder: Path) -> bool:
    (folder / "x").mkdir()
    (folder / "y").mkdir()
    try:
        return io._exchange(folder / "x", folder / "y")
    finally:
        (folder / "x").rmdir()
        (folder / "y").rmdir()


def test_the_swap_never_leaves_the_final_path_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system can exchange two names (Linux), the old release is never moved away from the
    final path: the new one takes its place in one step; a crash after it leaves the new release in
    place and the old one under the temporary name, which the next run removes."""
    if not _can_exchange(tmp_path):
        pytest.skip("this system cannot exchange two names in one step (the fallback is tested above)")
    final, new = tmp_path / "release", tmp_path / ".release.abcdefgh.tmp"
    final.mkdir()
    (final / "v").write_text("old\n")
    new.mkdir()
    (new / "v").write_text("new\n")
    monkeypatch.setattr(io.os, "rename", lambda *a, **k: pytest.fail("renamed instead of exchanged"))

    def crash(path: Path, **kwargs: object) -> None:
        raise Crash("simulated crash after the exchange")

    monkeypatch.setattr(io.shutil, "rmtree", crash)
    with pytest.raises(Crash):
        swap_into_place(new, final)
    assert (final / "v").read_text() == "new\n"
    assert (new / "v").read_text() == "old\n"
    monkeypatch.undo()
    assert recover_interrupted(final) == [
        f"removed 1 folder(s) an interrupted run left beside {final}: {new.name}"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]


@pytest.fixture
def held(tmp_path: Path) -> Iterator[Path]:
    """A destination whose lock another run holds (a child process, as another ``newsgold`` would)."""
    out = tmp_path / "dist" / "newsgold-1.0.0"
    out.parent.mkdir(parents=True)
    script = (
        "import sys; from pathlib import Path; from newsgold.io import folder_lock\n"
        f"with folder_lock(Path({str(out)!r})):\n"
        "    print('held', flush=True); sys.stdin.read()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "held\n"
    try:
        yield out
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)


def test_a_second_release_while_one_runs_is_refused_not_interleaved(
    held: Path, project: Path, capsys: pytest.CaptureFixture
) -> None:
    assert run_command("release", "--root", str(project), "--out", str(held)) == 2
    err = capsys.readouterr().err
    lock = held.parent / ".newsgold-1.0.0.lock"
    assert err == (
        f"newsgold release: another newsgold run is writing {held} (it holds {lock}); "
        "run again when it has finished\n"
    )
    assert not held.exists() and hidden(held.parent) == [".newsgold-1.0.0.lock"]


def test_two_releases_at_once_end_with_one_release_and_no_stray_folder(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two releases of one destination started together (threads, the first one slowed down inside its
    build): one is refused with :class:`Busy`, the other's release is in place, nothing else is left."""
    import newsgold.release.build as build

    out = tmp_path / "dist" / "newsgold-1.0.0"
    build_release(project, out)
    inside, go = threading.Event(), threading.Event()
    write = build._write_into

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        inside.set()
        go.wait(30)
        return write(*args, **kwargs)

    monkeypatch.setattr(build, "_write_into", slow)
    outcome: list[object] = []
    first = threading.Thread(target=lambda: outcome.append(build_release(project, out, standoff=True)))
    first.start()
    assert inside.wait(30)
    with pytest.raises(Busy):
        build_release(project, out)
    go.set()
    first.join(60)
    assert len(outcome) == 1 and read_json(out / "manifest.json")["form"] == "standoff"
    assert verify_release(out).ok and hidden(out.parent) == []


def test_the_lock_of_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "newsgold-1.0.0"
    (tmp_path / ".newsgold-1.0.0.lock").write_text("")  # left by a run killed while it held the lock
    with folder_lock(out):
        with pytest.raises(Busy):
            with folder_lock(out):
                pass
    assert hidden(tmp_path) == []


def test_check_destination_names_the_first_existing_parent_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"")
    with pytest.raises(DestinationError, match="f is not a folder"):
        check_destination(tmp_path / "f" / "a" / "b")
    with pytest.raises(DestinationError, match="the project's own sources"):
        check_destination(paths.schema_dir(), force=True)  # the package's label inventory and schemas


# --- validation --------------------------------------------------------------------------------------


def _gold_replaced(project: Path, make: str) -> None:
    gold = project / "annotations" / "gold" / f"{SEED}.json"
    gold.unlink()
    if make == "fifo":
        os.mkfifo(gold)
    else:
        gold.symlink_to(
            Path("/dev/zero") if make == "dev-zero" else CHECKOUT / "annotations" / "gold" / gold.name
        )


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        ("outside", "symlink-outside-root", "leads outside the project root"),
        ("dev-zero", "symlink-outside-root", "leads outside the project root (to /dev/zero)"),
        ("fifo", "malformed-json", "cannot read the file: a FIFO, not a regular file"),
    ],
)
def test_a_gold_file_that_is_a_link_out_or_a_special_file_is_reported_not_read(
    make: str, code: str, message: str, project: Path
) -> None:
    _gold_replaced(project, make)
    found = [f for f in validate(root=project).findings if f.file == f"annotations/gold/{SEED}.json"]
    assert [(f.code, f.severity) for f in found] == [(code, "error")], found
    assert message in found[0].message


def test_a_document_that_is_a_loop_of_links_is_a_finding_not_a_traceback(project: Path) -> None:
    loop = project / "corpus" / "documents" / "loop.json"
    loop.symlink_to("loop.json")
    found = [f for f in validate(root=project).findings if f.file == "corpus/documents/loop.json"]
    assert [(f.code, f.severity) for f in found] == [("malformed-json", "error")], found
    assert "symbolic links" in found[0].message
    assert len(source_fingerprint(project)) == 64  # the loop is hashed as unreadable, not followed
    with pytest.raises(ReleaseError, match="validation found 1 error"):
        build_release(project, project / "dist" / "out")


@pytest.mark.parametrize(("make", "message"), [("fifo", "a FIFO"), ("dev-zero", "character device")])
def test_the_checked_readers_of_bench_and_agree_refuse_a_special_file_instead_of_reading_it(
    make: str, message: str, project: Path
) -> None:
    """``newsgold bench``, ``agree``, ``adjudicate`` and ``ls tasks`` read gold through these readers: a
    FIFO once hung them and a link to /dev/zero filled the memory."""
    _gold_replaced(project, make)
    gold = project / "annotations" / "gold" / f"{SEED}.json"
    with pytest.raises(InvalidFileError, match=message):
        load_annotation(gold)
    with pytest.raises(InvalidFileError, match=message):
        list(load_corpus(project))


def test_validate_of_a_gold_fifo_exits_instead_of_hanging(project: Path) -> None:
    _gold_replaced(project, "fifo")
    done = subprocess.run(
        [sys.executable, "-m", "newsgold", "validate", "--root", str(project), "--errors-only"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "a FIFO, not a regular file" in done.stdout + done.stderr


def test_a_raw_page_linked_outside_the_root_is_reported_not_read(project: Path, tmp_path: Path) -> None:
    raw = project / "corpus" / "raw" / f"{SEED}.txt"
    moved = tmp_path / "elsewhere.txt"
    raw.rename(moved)
    raw.symlink_to(moved)
    found = [f for f in validate(root=project).findings if f.code == "symlink-outside-root"]
    assert [(f.file, f.pointer) for f in found] == [(f"corpus/documents/{SEED}.json", "/provenance/raw_path")]
