"""The package's layers: each module imports only from layers below its own, and data flows down.

A module may import any module of a lower layer and the modules of its own package (``newsgold.release.
card`` may import ``newsgold.release.tables``), never a module of a higher layer or of another package
of the same layer, and the whole import graph is acyclic. Imports inside functions are listed in
``DEFERRED`` with the reason each one is there; any other is reported, because an import moved into a
function to dodge a cycle hides a misplaced piece.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Lowest first. A name stands for the module and everything under it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("newsgold.errors", "newsgold._version"),
    ("newsgold.model", "newsgold.paths", "newsgold.convert", "newsgold.parallel"),
    ("newsgold.io", "newsgold.labels", "newsgold.findings"),
    ("newsgold.schemas", "newsgold.corpus"),
    (
        "newsgold.validate",
        "newsgold.ingest",
        "newsgold.authoring",
        "newsgold.adjudicate",
        "newsgold.project_init",
    ),
    ("newsgold.bench", "newsgold.labelstudio", "newsgold.synthetic"),
    ("newsgold.release",),
    ("newsgold.loaders",),
    ("newsgold.commands",),
    ("newsgold.cli",),
    ("newsgold.__main__", "newsgold"),  # the package's own __init__: the public names, re-exported
)

# Imports of the package's own modules inside a function, each with the reason it is deferred.
DEFERRED = {
    ("newsgold", "newsgold.loaders"): "`import newsgold` stays light: the loaders load on first use",
}


@dataclass(frozen=True, slots=True)
class Import:
    module: str
    target: str
    line: int
    deferred: bool  # inside a function (or any other block below the module's top level)

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def module_sources(src: Path = SRC) -> dict[str, str]:
    out = {}
    for path in sorted((src / "newsgold").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path.read_text(encoding="utf-8")
    return out


def imports(sources: Mapping[str, str]) -> list[Import]:
    """Every import of one of ``sources``' modules by another, with its line and whether deferred."""
    found = []
    for module, text in sources.items():
        tree = ast.parse(text)
        is_package = any(m.startswith(module + ".") for m in sources) or module == "newsgold"
        package = module if is_package else module.rpartition(".")[0]
        top = {id(node) for node in tree.body}
        type_only = {
            id(inner)
            for node in tree.body
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in type_only:
                continue
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                # ``from newsgold import paths`` imports the submodule, not the package's __init__
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in sources]
                targets = subs if len(subs) == len(node.names) else [base, *subs]
            else:
                continue
            for target in targets:
                if target in sources and target != module:
                    found.append(Import(module, target, node.lineno, id(node) not in top))
    return found


def layer_of(module: str) -> tuple[int, str]:
    """(layer index, the package name that places it) for ``module``: the longest matching name."""
    best: tuple[int, str] | None = None
    for index, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (
                best is None or len(name) > len(best[1])
            ):
                best = (index, name)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py")
    return best


def violations(sources: Mapping[str, str]) -> list[str]:
    problems = []
    found = imports(sources)
    for imp in found:
        (mine, my_pkg), (theirs, their_pkg) = layer_of(imp.module), layer_of(imp.target)
        if theirs > mine:
            problems.append(f"{imp}: an upward import (layer L{mine} -> L{theirs})")
        elif theirs == mine and my_pkg != their_pkg:
            problems.append(
                f"{imp}: {my_pkg} and {their_pkg} share layer L{mine} and must not import each other"
            )
        if imp.deferred and (imp.module, imp.target) not in DEFERRED:
            problems.append(f"{imp}: inside a function (move it to the top, or list it in DEFERRED with why)")
    graph: dict[str, set[str]] = {}
    for imp in found:
        if not imp.deferred:
            graph.setdefault(imp.module, set()).add(imp.target)
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return problems


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected part of ``graph`` that has one (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                out.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return out


def test_every_module_has_a_layer() -> None:
    for module in module_sources():
        layer_of(module)


def test_imports_follow_the_layers() -> None:
    problems = violations(module_sources())
    assert not problems, "\n".join(problems)


def test_deferred_imports_are_still_there() -> None:
    found = {(i.module, i.target) for i in imports(module_sources()) if i.deferred}
    assert set(DEFERRED) <= found, f"stale DEFERRED entries: {set(DEFERRED) - found}"


@pytest.mark.parametrize(
    ("module", "added", "expected"),
    [
        (
            "newsgold.model",
            "from newsgold.cli import main\n",
            "newsgold.model:1 imports newsgold.cli: an upward",
        ),
        (
            "newsgold.corpus.splits",
            "from newsgold.release import read\n",
            "newsgold.corpus.splits:1 imports newsgold.release.read: an upward",
        ),
        (
            "newsgold.bench.core",
            "import newsgold.labelstudio.tasks\n",
            "newsgold.bench and newsgold.labelstudio share layer L5",
        ),
        (
            "newsgold.io",
            "def f():\n    from newsgold import labels\n",
            "newsgold.io:2 imports newsgold.labels: inside a function",
        ),
    ],
)
def test_the_check_names_an_added_bad_import(module: str, added: str, expected: str) -> None:
    sources = module_sources()
    sources[module] = added + sources[module]
    problems = violations(sources)
    assert any(expected in p for p in problems), problems


def test_the_check_finds_a_cycle_within_a_package() -> None:
    sources = module_sources()
    sources["newsgold.release.tables"] = (
        "from newsgold.release import card\n" + sources["newsgold.release.tables"]
    )
    assert any(p.startswith("import cycle:") and "newsgold.release.card" in p for p in violations(sources))
