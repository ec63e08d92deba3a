"""Every subcommand against every damage of every state file it reads: an exit code, never a traceback.

A small project (three documents, gold, two annotator passes, a Label Studio export, a decisions file,
a full and a standoff release) is built once per session and copied for each case. One state file of
the copy is damaged (missing, empty, binary, not JSON, JSON of the wrong type, a field of the wrong
type; for Parquet shards, a column missing or of the wrong type in a release whose manifest is rewritten
to match) and one subcommand runs on it, in this process. Each case asserts: the exit code is 1 (a data
finding) or 2 (a usage error), or 0 only where the table says why the damage leaves the command's work
as it was; no exception escapes the command (the CLI would print a traceback); the output names the
damaged file; nothing outside the copy changed; and a command that failed wrote nothing into the copy.

``INVOCATIONS`` is the table: each subcommand (and each ``ls`` subcommand that needs no server), its
command line, and the state files it reads (any other it does not read). A subcommand that no case runs,
a file of a project that ``FILE_KINDS`` does not place, or a path of :mod:`newsgold.paths` missing from
``PATH_FUNCTIONS`` fails :func:`test_every_command_and_state_file_is_in_the_matrix` until it is listed.

The last part tries hostile arguments: decisions of the wrong types, outputs where a file stands, a
crafted standoff release.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import functools
import inspect
import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from checkout import CHECKOUT, SEED_ID
from newsgold import paths
from newsgold.adjudicate import adjudicate, template
from newsgold.bench.agreement import agreement
from newsgold.cli import COMMANDS, main
from newsgold.commands import agree as agree_command
from newsgold.io import dumps, read_annotation, read_json, sha256_file, write_annotation, write_json
from newsgold.labelstudio.tasks import build_tasks
from newsgold.model import Annotation
from newsgold.release import datasheet as datasheet_module
from newsgold.release.build import build_release
from newsgold.release.datasheet import write_datasheet
from release_corpora import make_corpus, seed_document, synthetic_annotation, variant

SHARD = "data/documents/test-00000-of-00001.parquet"
FULL = "dist/newsgold-1.0.0"
STANDOFF = "dist/newsgold-1.0.0-standoff"
PASS_A = f"annotations/annotators/annotator-a/{SEED_ID}.json"
PASS_B = f"annotations/annotators/annotator-b/{SEED_ID}.json"
PAGE = f"001_{SEED_ID}.txt"  # a page named by its document's id
EXPORT = "export.json"
DECISIONS = "decisions.json"


# --- the state files and how each is damaged ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StateFile:
    """A file of the project the commands read: where it is (one or more copies) and its format."""

    paths: tuple[str, ...]  # relative to the project root; every copy is damaged alike
    format: str  # "json", "markdown", "parquet" or "raw"
    field: Callable[[Any], Any] | None = None  # JSON: the data with one field of the wrong type


def _seed_mention_start(data: Any) -> Any:
    data["mentions"][0]["start"] = str(data["mentions"][0]["start"])
    return data


def _export_from_name(data: Any) -> Any:
    data[0]["annotations"][0]["result"][0]["from_name"] = ["entity"]
    return data


def _decision_choice(data: Any) -> Any:
    key = next(iter(data["decisions"]))
    data["decisions"][key]["choose"] = 7
    return data


def _manifest_files(data: Any) -> Any:
    data["files"] = ["README.md"]
    return data


STATE_FILES: dict[str, StateFile] = {
    "VERSION.json": StateFile(("corpus/VERSION.json",), "json", lambda d: {**d, "corpus_version": 2}),
    "splits.json": StateFile(("corpus/splits.json",), "json", lambda d: {**d, SEED_ID: ["test"]}),
    "CHANGELOG.md": StateFile(("corpus/CHANGELOG.md",), "markdown"),
    "DATASHEET.md": StateFile(("DATASHEET.md",), "markdown"),
    "guideline-sources.json": StateFile(
        ("annotations/guideline-sources.json",), "json", lambda d: {"documents": ["x"]}
    ),
    "document": StateFile((f"corpus/documents/{SEED_ID}.json",), "json", lambda d: {**d, "text": 12345}),
    "raw page": StateFile((f"corpus/raw/{SEED_ID}.txt",), "raw"),
    "gold": StateFile((f"annotations/gold/{SEED_ID}.json",), "json", _seed_mention_start),
    "annotator pass": StateFile(
        (f"annotations/annotators/annotator-a/{SEED_ID}.json",), "json", _seed_mention_start
    ),
    "Label Studio export": StateFile(("export.json",), "json", _export_from_name),
    "decisions": StateFile(("decisions.json",), "json", _decision_choice),
    "release manifest": StateFile(
        (f"{FULL}/manifest.json", f"{STANDOFF}/manifest.json"), "json", _manifest_files
    ),
    "release Parquet": StateFile((f"{FULL}/{SHARD}", f"{STANDOFF}/{SHARD}"), "parquet"),
}

# Every file of a project, as a pattern ("*" within one path part) -> the state file it is one of, or
# why it is none. A file of the base project or of a new one (``newsgold init``) that matches no
# pattern fails the completeness test: a new state file is listed, and damaged, before it ships.
FILE_KINDS: tuple[tuple[str, str], ...] = (
    *((path, name) for name, state in STATE_FILES.items() for path in state.paths),
    ("corpus/documents/*.json", "document"),
    ("corpus/raw/*", "raw page"),
    ("annotations/gold/*.json", "gold"),
    ("annotations/annotators/*/*.json", "annotator pass"),
    ("dist/*/manifest.json", "release manifest"),
    ("dist/*/data/*/*.parquet", "release Parquet"),
    ("dist/*/*", "not a state file: a release's card, metadata and copies, checked through its manifest"),
    ("annotations/GUIDELINES.md", "not a state file: read by people"),
    (PAGE, "not a state file: the page given to ingest"),
    ("spec.yaml", "not a state file: the spec given to author"),
)

BINARY = b"\x89PNG\r\n\x1a\n\x00\xff\xfe\x00binary"


def _unshare(path: Path) -> None:
    """Give ``path`` a file of its own (the copy shares the base project's by hard links)."""
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)


def _json(value: Any) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(dumps(value))


def _resign(project: Path, rel: str) -> None:
    """Rewrite the manifest of the release holding ``rel`` so that it lists ``rel`` as it now is: a
    crafted release, whose damage only its readers can find."""
    release, _, inner = rel.partition("/data/")
    manifest_path = project / release / "manifest.json"
    manifest = read_json(manifest_path)
    target = project / rel
    if target.exists():
        manifest["files"][f"data/{inner}"] = {"sha256": sha256_file(target), "size": target.stat().st_size}
    _unshare(manifest_path)
    manifest_path.write_bytes(dumps(manifest))


def _parquet_without(column: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        pq.write_table(table.drop_columns([column]), path)

    return damage


def _parquet_column_as_number(column: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        i = table.schema.get_field_index(column)
        table = table.set_column(i, column, pa.array(range(table.num_rows), pa.int64()))
        pq.write_table(table, path)

    return damage


def corruptions(state: StateFile) -> dict[str, Callable[[Path], None] | None]:
    """Name -> damage done to each copy of the file (``None``: the file is removed)."""
    out: dict[str, Callable[[Path], None] | None] = {
        "missing": None,
        "empty": lambda p: p.write_bytes(b""),
        "binary": lambda p: p.write_bytes(BINARY),
    }
    if state.format == "json":
        out["not JSON"] = lambda p: p.write_bytes(b'{"unterminated": [1, 2')
        for name, value in (("a number", 42), ("a string", "text"), ("null", None), ("a list", [])):
            out[f"JSON {name}"] = _json(value)
        field = state.field
        if field is not None:
            out["a field of the wrong type"] = lambda p: p.write_bytes(dumps(field(read_json(p))))
    elif state.format == "markdown":
        out["no content of its kind"] = lambda p: p.write_text("# nothing here\n", encoding="utf-8")
    elif state.format == "parquet":
        out["JSON a number"] = _json(42)
        out["a column missing"] = _parquet_without("provenance")
        out["a column of the wrong type"] = _parquet_column_as_number("split")
    return out


def damage(project: Path, state: StateFile, corruption: str) -> None:
    how = corruptions(state)[corruption]
    for rel in state.paths:
        path = project / rel
        if how is None:
            path.unlink()
        else:
            _unshare(path)
            how(path)
        if state.format == "parquet" and corruption != "missing":
            _resign(project, rel)


# --- the commands, and what each reads -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reads:
    """How a command reads a state file. Every damage must be reported (exit 1 or 2, naming the file),
    but for ``optional`` files a missing one (a state the project may be in: any exit code then) and
    the ``tolerated`` damages, each with the reason exit 0 is right ("*": every damage)."""

    optional: bool = False
    tolerated: tuple[tuple[str, str], ...] = ()

    def allows_success(self, corruption: str) -> bool:
        return (self.optional and corruption == "missing") or any(
            c in ("*", corruption) for c, _ in self.tolerated
        )


READ, OPTIONAL = Reads(), Reads(optional=True)


def tolerated(reason: str, *damages: str, optional: bool = False) -> Reads:
    return Reads(optional, tuple((d, reason) for d in damages or ("*",)))


@dataclass(frozen=True, slots=True)
class Invocation:
    argv: Callable[[Path], list[str]]
    reads: dict[str, Reads]  # the state files it reads; any other it does not
    output_on_stdout: bool = False  # the file is named in the command's report on stdout
    writes_on_failure: str = ""  # why a failed run may still write files (none may, by default)


def _p(project: Path, rel: str) -> str:
    return str(project / rel)


CORPUS = {"document": OPTIONAL, "raw page": OPTIONAL, "gold": OPTIONAL, "annotator pass": OPTIONAL}
CRAFTED = ("a column missing", "a column of the wrong type")

INVOCATIONS: dict[str, Invocation] = {
    "init": Invocation(lambda p: ["init", _p(p, "new-project")], {}),  # a new folder: nothing read
    "ingest": Invocation(  # the page of a document already in the corpus, under its id
        lambda p: ["ingest", _p(p, PAGE), "--root", str(p)], {"document": OPTIONAL}
    ),
    "author": Invocation(
        lambda p: ["author", _p(p, "spec.yaml"), "--root", str(p), "--out", _p(p, "authored")],
        {"document": READ},
    ),
    "schema": Invocation(lambda p: ["schema", "--check"], {}),  # the package's schema/ only
    "validate": Invocation(
        lambda p: ["validate", "--errors-only", "--root", str(p)], CORPUS, output_on_stdout=True
    ),
    "build": Invocation(lambda p: ["build", "--root", str(p)], CORPUS),
    "bench": Invocation(
        lambda p: [
            "bench",
            "--extractor",
            "baseline",
            "--bootstrap",
            "0",
            "--out",
            _p(p, "reports"),
            "--quiet",
        ],
        {
            "document": OPTIONAL,
            "gold": OPTIONAL,
            "splits.json": OPTIONAL,
            "VERSION.json": OPTIONAL,
            "release manifest": tolerated(
                "it only tells the report whether the release is stale", optional=True
            ),
        },
    ),
    "agree": Invocation(
        lambda p: ["agree", "--root", str(p)],
        {"document": OPTIONAL, "annotator pass": OPTIONAL, "guideline-sources.json": OPTIONAL},
    ),
    "agree --label-studio": Invocation(
        lambda p: ["agree", "annotator-a", "annotator-b", "--label-studio", _p(p, EXPORT), "--root", str(p)],
        {
            "document": OPTIONAL,
            "Label Studio export": tolerated(
                "an empty list is the export of a project without tasks", "JSON a list"
            ),
            "guideline-sources.json": OPTIONAL,
        },
    ),
    "ls config": Invocation(lambda p: ["ls", "config"], {}),  # the package's label inventory only
    "ls tasks": Invocation(
        lambda p: [
            "ls",
            "tasks",
            "--gold",
            "--annotator",
            "annotator-a",
            "--extractor",
            "baseline",
            "-o",
            _p(p, "tasks.json"),
        ],
        {"document": OPTIONAL, "gold": OPTIONAL, "annotator pass": OPTIONAL},
    ),
    "ls import": Invocation(
        lambda p: ["ls", "import", _p(p, EXPORT), "--out", _p(p, "imported")],
        {
            "document": OPTIONAL,
            "Label Studio export": tolerated(
                "an empty list is the export of a project without tasks", "JSON a list"
            ),
        },
        output_on_stdout=True,
        writes_on_failure="each annotation without errors is written, whole; --check writes nothing",
    ),
    "adjudicate": Invocation(
        lambda p: [
            "adjudicate",
            _p(p, PASS_A),
            _p(p, PASS_B),
            "--decisions",
            _p(p, DECISIONS),
            "--out",
            _p(p, "adjudicated"),
            "--log",
            _p(p, "adjudicated/log.md"),
        ],
        {"document": READ, "annotator pass": READ, "decisions": READ},
    ),
    "release": Invocation(
        lambda p: ["release", "--root", str(p), "--out", _p(p, "dist/fresh")],
        {
            **CORPUS,
            "VERSION.json": READ,
            "CHANGELOG.md": READ,
            "splits.json": READ,
            "DATASHEET.md": OPTIONAL,
            "guideline-sources.json": OPTIONAL,
        },
    ),
    "verify": Invocation(
        lambda p: ["verify", _p(p, FULL)],
        {
            "release manifest": READ,
            "release Parquet": tolerated(
                "verify checks the files against the manifest; a manifest rewritten to match is told by "
                "its SHA-256, printed for comparison with the published one",
                *CRAFTED,
            ),
        },
        output_on_stdout=True,
    ),
    "diff": Invocation(
        lambda p: ["diff", _p(p, FULL), _p(p, FULL)],
        {
            "release manifest": READ,
            "release Parquet": tolerated(
                "diff compares what the columns hold (against another release, a column missing is a "
                "removed field)",
                *CRAFTED,
            ),
        },
    ),
    "rehydrate": Invocation(
        lambda p: [
            "rehydrate",
            _p(p, STANDOFF),
            "--raw",
            _p(p, "corpus/raw"),
            "--out",
            _p(p, "dist/rehydrated"),
        ],
        {"release manifest": READ, "release Parquet": READ, "raw page": READ},
    ),
    "datasheet": Invocation(
        lambda p: ["datasheet", "--check", "--root", str(p)],
        {
            "DATASHEET.md": READ,
            "document": OPTIONAL,
            "gold": OPTIONAL,
            "annotator pass": OPTIONAL,
            "splits.json": OPTIONAL,
            "guideline-sources.json": OPTIONAL,
        },
    ),
    "splits": Invocation(
        lambda p: ["splits", "--check", "--root", str(p)],
        {
            "splits.json": READ,
            "VERSION.json": OPTIONAL,
            "release manifest": OPTIONAL,
            "release Parquet": tolerated("the check reads the id and split columns only", "a column missing"),
        },
    ),
    "synth": Invocation(
        lambda p: ["synth", "2", "--out", _p(p, "synth"), "--root", str(p)],
        {"document": OPTIONAL, "gold": OPTIONAL, "VERSION.json": READ},
    ),
}


# --- the base project -------------------------------------------------------------------------------


def build_base(root: Path) -> Path:
    seed = seed_document()
    make_corpus(
        root,
        [
            (seed, "test", True),
            (variant(seed, "a000000000000001", redistributable=True), "train", True),
            (variant(seed, "a000000000000002", redistributable=True), "validation", False),
        ],
    )
    keep = {f"{SEED_ID}.txt", "a000000000000001.txt", "a000000000000002.txt"}
    for page in (root / "corpus" / "raw").iterdir():
        if page.name not in keep:
            page.unlink()
    a = synthetic_annotation(seed, "annotator-a")
    b = dataclasses.replace(synthetic_annotation(seed, "annotator-b"), claims=a.claims[:1])
    passes = root / "annotations" / "annotators"
    write_annotation(passes / "annotator-a" / f"{SEED_ID}.json", a)
    write_annotation(passes / "annotator-b" / f"{SEED_ID}.json", b)
    write_json(root / "annotations" / "guideline-sources.json", {"documents": {"a000000000000001": "1.4"}})
    decisions = template(adjudicate([a, b]))
    for entry in decisions["decisions"].values():
        entry["choose"] = "annotator-a"
    write_json(root / "decisions.json", decisions)
    write_json(root / "export.json", _export(seed.id, [a, b]))
    shutil.copy2(root / "corpus" / "raw" / f"{SEED_ID}.txt", root / PAGE)
    spec = f"document: {SEED_ID}\nannotator: annotator-c\nmentions:\n  - {{text: Shinzo Abe, type: PERSON}}\n"
    (root / "spec.yaml").write_text(spec, encoding="utf-8")
    previous = Path.cwd()
    os.chdir(root)
    try:
        write_datasheet(root)
        build_release(root)
        build_release(root, standoff=True)
    finally:
        os.chdir(previous)
    return root


def _export(doc_id: str, anns: list[Annotation]) -> list[dict[str, Any]]:
    seed = seed_document()
    (task,) = build_tasks([seed], {doc_id: anns})
    for i, (ann, entry) in enumerate(zip(anns, task["annotations"], strict=True), 1):
        entry["completed_by"] = {"id": i, "email": f"{ann.annotator}@example.org"}
        entry["updated_at"] = f"2026-01-0{i}T00:00:00Z"
    task["id"] = 1
    return [task]


def few_replicates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Agreement figures with 20 bootstrap replicates instead of 1000: the cases check exit codes and
    messages, not intervals (the base project's datasheet is written the same way, so it is current)."""
    monkeypatch.setattr(datasheet_module, "REPLICATES", REPLICATES_HERE)
    monkeypatch.setattr(agree_command, "agreement", functools.partial(agreement, replicates=REPLICATES_HERE))


REPLICATES_HERE = 20


@pytest.fixture(scope="session")
def base_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        few_replicates(monkeypatch)
        return build_base(tmp_path_factory.mktemp("hostile-base") / "project")


# --- running one case ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    code: int | None
    stdout: str
    stderr: str
    escaped: BaseException | None


def run(argv: list[str]) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    escaped: BaseException | None = None
    code: int | None = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception as exc:  # what the CLI would show as a traceback
            escaped = exc
    return Outcome(code, out.getvalue(), err.getvalue(), escaped)


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """Relative path -> (size, mtime) of every file under ``folder`` (but ``skip``)."""
    out = {}
    for path in folder.rglob("*"):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if path.is_file():
            st = path.stat()
            out[path.relative_to(folder).as_posix()] = (st.st_size, st.st_mtime_ns)
    return out


def checkout_folders() -> dict[Path, int]:
    """The checkout's project folders (where a command that missed the project's root would write)
    -> their mtimes, which a file written, renamed into place or removed there changes: a cheap watch
    for each case (the suite compares every file of the checkout at the end)."""
    return {f: f.stat().st_mtime_ns for f in _project_folders() if f.is_dir()}


@functools.cache
def _project_folders() -> tuple[Path, ...]:
    folders = [CHECKOUT, CHECKOUT / "schema", CHECKOUT / "dist", CHECKOUT / "bench-reports"]
    for name in ("corpus", "annotations"):
        folders += [CHECKOUT / name, *(p for p in (CHECKOUT / name).rglob("*") if p.is_dir())]
    return tuple(folders)


def outside(project: Path, base: Path) -> tuple[Any, ...]:
    """What must not change while a case runs: everything but the project copy."""
    return snapshot(project.parent, skip=project), snapshot(base), checkout_folders()


def copy_project(base: Path, root: Path) -> None:
    """``base`` copied to ``root`` by hard links (files are only ever replaced, never written in place:
    :func:`damage` and the commands' atomic writes give the copy new files; ``outside`` checks it)."""
    shutil.copytree(base, root, symlinks=True, copy_function=os.link)


CASES = [
    pytest.param(name, state, corruption, id=f"{name}|{state}|{corruption}")
    for name, inv in INVOCATIONS.items()
    for state in inv.reads
    for corruption in corruptions(STATE_FILES[state])
]


@pytest.fixture
def project(base_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    copy_project(base_project, root)
    few_replicates(monkeypatch)
    monkeypatch.chdir(root)
    monkeypatch.setenv("NEWSGOLD_ROOT", str(root))
    return root


@pytest.mark.parametrize("name", list(INVOCATIONS))
def test_every_command_succeeds_on_the_undamaged_project(name: str, project: Path) -> None:
    """So that each failure below is the damaged file's doing."""
    outcome = run(INVOCATIONS[name].argv(project))
    assert outcome.escaped is None and outcome.code == 0, (outcome.code, outcome.stderr[-3000:])


def check_case(name: str, state: str, corruption: str, project: Path, base: Path) -> None:
    inv, spec = INVOCATIONS[name], STATE_FILES[state]
    damage(project, spec, corruption)
    before, unchanged = snapshot(project), outside(project, base)
    outcome = run(inv.argv(project))
    case = f"newsgold {name} with {state} {corruption}"
    if outcome.escaped is not None:
        raise AssertionError(f"{case}: a traceback") from outcome.escaped
    assert outcome.code in (0, 1, 2), f"{case}: exit code {outcome.code}"
    reads = inv.reads[state]
    if outcome.code == 0:
        assert reads.allows_success(corruption), f"{case}: exit code 0, the damage went unnoticed"
    elif not (reads.optional and corruption == "missing"):
        shown = outcome.stderr + (outcome.stdout if inv.output_on_stdout else "")
        assert any(rel in shown for rel in spec.paths), f"{case}: the output does not name the file: {shown}"
        if not inv.writes_on_failure:
            assert snapshot(project) == before, f"{case}: a failed command wrote files"
    assert outside(project, base) == unchanged, f"{case}: something outside the project changed"


@pytest.mark.parametrize(("name", "state", "corruption"), CASES)
def test_a_damaged_state_file_is_an_exit_code_naming_it_never_a_traceback(
    name: str, state: str, corruption: str, project: Path, base_project: Path
) -> None:
    check_case(name, state, corruption, project, base_project)


# --- the matrix is complete ------------------------------------------------------------------------

SERVER_ONLY = {"ls push": "needs a Label Studio server", "ls pull": "needs a Label Studio server"}

# newsgold.paths.<name>_path -> the state file it names (None: not a file of the project)
PATH_FUNCTIONS = {
    "version_path": "VERSION.json",
    "changelog_path": "CHANGELOG.md",
    "splits_path": "splits.json",
    "datasheet_path": "DATASHEET.md",
    "guideline_sources_path": "guideline-sources.json",
    "labels_path": None,  # the package's label inventory (schema/labels.json), which no command damages
}


def commands() -> set[str]:
    """Every subcommand of ``newsgold``, and every subcommand of those that have their own."""
    import argparse

    from newsgold.cli import build_parser

    def children(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    out = set()
    for name, parser in children(build_parser()).items():
        subs = children(parser)
        out |= {f"{name} {sub}" for sub in subs} if subs else {name}
    return out


def kind_of(rel: str) -> str | None:
    parts = rel.split("/")
    for pattern, kind in FILE_KINDS:
        wanted = pattern.split("/")
        if len(wanted) == len(parts) and all(
            fnmatch.fnmatchcase(p, w) for p, w in zip(parts, wanted, strict=True)
        ):
            return kind
    return None


def test_every_command_and_state_file_is_in_the_matrix(base_project: Path, tmp_path: Path) -> None:
    assert set(COMMANDS) == {c.split()[0] for c in commands()}
    run_here = {name if name.split()[0] == "ls" else name.split()[0] for name in INVOCATIONS}
    assert commands() - set(SERVER_ONLY) <= run_here, "a command that no case runs: add it to INVOCATIONS"
    assert all(name.split()[0] in COMMANDS for name in INVOCATIONS)
    assert {state for inv in INVOCATIONS.values() for state in inv.reads} == set(STATE_FILES)
    # every file of a project is a state file of the matrix, or said not to be one
    assert main(["init", str(tmp_path / "new")]) == 0
    files = [p.relative_to(base_project).as_posix() for p in base_project.rglob("*") if p.is_file()]
    files += [
        p.relative_to(tmp_path / "new").as_posix() for p in (tmp_path / "new").rglob("*") if p.is_file()
    ]
    unlisted = sorted({f for f in files if kind_of(f) is None})
    assert not unlisted, f"files of a project no case damages: list them in FILE_KINDS: {unlisted}"
    # every path newsgold.paths names for a project file is one of them
    named = {n for n, f in inspect.getmembers(paths, inspect.isfunction) if n.endswith("_path")}
    assert named == set(PATH_FUNCTIONS), "a new path in newsgold.paths: list it in PATH_FUNCTIONS"
    for function, state in PATH_FUNCTIONS.items():
        if state is not None:
            rel = getattr(paths, function)(base_project).relative_to(base_project).as_posix()
            assert rel in STATE_FILES[state].paths


# --- hostile arguments: decisions of the wrong types, outputs where a file is, crafted releases -------


def _decision(project: Path, key_of: Callable[[Annotation], str], version: dict[str, Any]) -> dict[str, Any]:
    a = read_annotation(project / PASS_A)
    decisions = read_json(project / DECISIONS)
    decisions["decisions"][key_of(a)] = {"choose": "adjudicator", "note": "checked", "version": version}
    return decisions


def _event(a: Annotation) -> str:
    return f"event {a.events[0].trigger.start}-{a.events[0].trigger.end}"


def _mention(a: Annotation) -> str:
    return f"mention {a.mentions[0].start}-{a.mentions[0].end}"


WRONG_DECISIONS: dict[str, tuple[Callable[[Path], Any], str]] = {
    "an offset given as a string": (
        lambda p: _decision(
            p,
            lambda a: f"mention {a.mentions[0].start}-end",
            {"text": "Japan", "type": "GPE", "kind": "name", "normalized": None},
        ),
        "mention",
    ),
    "a role given as a number": (
        lambda p: _decision(
            p,
            _event,
            {"text": "meet", "type": "Contact:Meet", "realis": "planned", "arguments": [[7, "mention 1-2"]]},
        ),
        "/version/arguments",
    ),
    "a filler given as a number": (
        lambda p: _decision(
            p,
            _event,
            {"text": "meet", "type": "Contact:Meet", "realis": "planned", "arguments": [["Entity", 12]]},
        ),
        "/version/arguments",
    ),
    "a realis given as a number": (
        lambda p: _decision(
            p, _event, {"text": "meet", "type": "Contact:Meet", "realis": 3, "arguments": []}
        ),
        "/version/realis",
    ),
    "a type given as a list": (
        lambda p: _decision(
            p, _mention, {"text": "Japan", "type": ["GPE"], "kind": "name", "normalized": None}
        ),
        "/version/type",
    ),
    "a note given as a list": (
        lambda p: {"decisions": {"claim 969-989": {"choose": "annotator-a", "note": ["why"]}}},
        "/decisions/claim 969-989/note",
    ),
    "a choice given as a number": (
        lambda p: {"decisions": {"claim 969-989": {"choose": 1}}},
        "/decisions/claim 969-989/choose",
    ),
    "decisions given as a list": (lambda p: {"decisions": []}, "'decisions' object"),
}


@pytest.mark.parametrize("wrong", list(WRONG_DECISIONS))
def test_adjudicate_names_a_decision_of_the_wrong_type_and_writes_nothing(wrong: str, project: Path) -> None:
    make, where = WRONG_DECISIONS[wrong]
    write_json(project / DECISIONS, make(project))
    before = snapshot(project)
    outcome = run(INVOCATIONS["adjudicate"].argv(project))
    assert outcome.escaped is None and outcome.code == 1, outcome
    assert str(project / DECISIONS) in outcome.stderr and where in outcome.stderr, outcome.stderr
    assert snapshot(project) == before


def options_naming_folders() -> set[str]:
    """``command --option`` for every option that names a folder to write into (dest ``out``,
    ``*_out`` or ``root``) or a file to write (``output``)."""
    import argparse

    from newsgold.cli import build_parser

    found = set()

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    walk(child, f"{name} {sub}".strip())
            elif action.dest in ("out", "output") or action.dest.endswith("_out"):
                found.add(f"{name} {max(action.option_strings, key=len)}")

    walk(build_parser(), "")
    return found


# option -> the command line with the option's value last: a file, or a path below a file
WRITE_OPTIONS: dict[str, Callable[[Path], list[str]]] = {
    "author --out": lambda p: ["author", _p(p, "spec.yaml"), "--root", str(p), "--out"],
    "bench --out": lambda p: ["bench", "--extractor", "baseline", "--bootstrap", "0", "--out"],
    "adjudicate --out": lambda p: [
        "adjudicate",
        _p(p, PASS_A),
        _p(p, PASS_B),
        "--decisions",
        _p(p, DECISIONS),
        "--log",
        _p(p, "l.md"),
        "--out",
    ],
    "ls tasks --output": lambda p: ["ls", "tasks", "--output"],
    "ls pull --output": lambda p: [
        "ls",
        "pull",
        "--project",
        "x",
        "--url",
        "http://127.0.0.1:9",
        "--token",
        "t",
        "-o",
    ],
    "ls import --out": lambda p: ["ls", "import", _p(p, EXPORT), "--out"],
    "ls import --predictions-out": lambda p: ["ls", "import", _p(p, EXPORT), "--predictions-out"],
    "release --out": lambda p: ["release", "--root", str(p), "--out"],
    "rehydrate --out": lambda p: ["rehydrate", _p(p, STANDOFF), "--raw", _p(p, "corpus/raw"), "--out"],
    "synth --out": lambda p: ["synth", "2", "--root", str(p), "--out"],
    "ingest --root": lambda p: ["ingest", _p(p, PAGE), "--init", "--root"],  # --init would create it
}
FILES_WANTED = ("ls tasks --output", "ls pull --output")  # these name a file to write: it is replaced


def test_every_option_that_names_an_output_is_tried_with_a_file_in_the_way() -> None:
    assert options_naming_folders() <= set(WRITE_OPTIONS)


@pytest.mark.parametrize(
    ("option", "below"),
    [
        pytest.param(option, below, id=f"{option} {'below a file' if below else 'a file'}")
        for option in WRITE_OPTIONS
        for below in (False, True)
        if below or option not in FILES_WANTED  # an output file the option names is replaced, as asked
    ],
)
def test_an_output_where_a_file_is_is_a_usage_error_naming_it(
    option: str, below: bool, project: Path
) -> None:
    a_file = project / "a-file"
    a_file.write_text("kept\n", encoding="utf-8")
    target = a_file / "below" if below else a_file
    before = snapshot(project)
    outcome = run([*WRITE_OPTIONS[option](project), str(target)])
    assert outcome.escaped is None and outcome.code == 2, outcome
    assert str(target) in outcome.stderr
    assert snapshot(project) == before and a_file.read_text(encoding="utf-8") == "kept\n"


def test_rehydrate_refuses_a_crafted_standoff_release_without_a_column(project: Path) -> None:
    """A shard without its ``provenance`` column, whose manifest was rewritten to match: the hashes
    check out, the columns do not."""
    shard = project / STANDOFF / SHARD
    _unshare(shard)
    _parquet_without("provenance")(shard)
    _resign(project, f"{STANDOFF}/{SHARD}")
    assert run(["verify", _p(project, STANDOFF)]).code == 0  # a consistent manifest...
    outcome = run(INVOCATIONS["rehydrate"].argv(project))
    assert outcome.escaped is None and outcome.code == 1, outcome
    assert f"{shard}: no column provenance" in outcome.stderr
    assert not (project / "dist" / "rehydrated").exists()


def test_ingest_init_with_a_root_that_is_a_file_creates_nothing(project: Path) -> None:
    root = project / "a-file"
    root.write_text("kept\n", encoding="utf-8")
    outcome = run(["ingest", _p(project, PAGE), "--init", "--root", str(root)])
    assert outcome.escaped is None and outcome.code == 2 and f"--root {root}: a file" in outcome.stderr
    assert root.read_text(encoding="utf-8") == "kept\n"
