"""Peyvand's import graph in three figures: cycles, upward imports, imports hidden in functions.

Run: ``PYTHONPATH=src .venv/bin/python -m benchmarks.import_graph`` (``-v`` lists every finding).

The layers are read from the "Layers" contract in ``pyproject.toml`` (the one ``make lint`` holds
through import-linter), so the figure counts against the floor plan the linter enforces. The
contract's ``ignore_imports`` are *not* applied here: an import the contract tolerates for now is
still counted. Point ``PYTHONPATH`` at another checkout's ``src`` to count an older tree against
today's floor plan.

- cycles: strongly connected groups of more than one module (imports inside functions included,
  since an import placed in a function to dodge a cycle is still a cycle);
- upward imports: a module of a lower layer importing one of a higher layer, or one sibling of an
  independent layer importing another;
- hidden imports: ``import peyvand...`` statements inside a function body.
"""

from __future__ import annotations

import ast
import importlib
import sys
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import grimp

PACKAGE = "peyvand"
LAYERS_CONTRACT = "Layers"


class Layer(NamedTuple):
    modules: tuple[str, ...]
    independent: bool


def layer_rows(pyproject: Path = Path("pyproject.toml")) -> list[Layer]:
    """The layers contract's layers, highest first."""
    config = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["name"] == LAYERS_CONTRACT)
    containers = contract.get("containers", [])
    prefix = f"{containers[0]}." if containers else ""
    rows = []
    for raw in contract["layers"]:
        # "a | b": siblings that must not import each other; "a : b": siblings that may.
        independent = ":" not in raw
        parts = raw.split("|" if independent else ":")
        rows.append(Layer(tuple(prefix + part.strip() for part in parts), independent))
    return rows


def _position(module: str, rows: list[Layer]) -> tuple[int, str] | None:
    for index, row in enumerate(rows):
        for sibling in row.modules:
            if module == sibling or module.startswith(sibling + "."):
                return index, sibling
    return None


def upward_imports(graph: grimp.ImportGraph, rows: list[Layer]) -> list[tuple[str, str]]:
    """Direct imports that go against the layers (up, or across independent siblings)."""
    found = []
    for importer in sorted(graph.modules):
        low = _position(importer, rows)
        if low is None:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            high = _position(imported, rows)
            if high is None:
                continue
            upward = high[0] < low[0]
            sideways = high[0] == low[0] and high[1] != low[1] and rows[low[0]].independent
            if upward or sideways:
                found.append((importer, imported))
    return found


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(root: str) -> None:
        # Iterative Tarjan: the graph is deep enough to reach Python's recursion limit.
        work: list[tuple[str, Iterator[str]]] = []

        def enter(module: str) -> None:
            index[module] = lowlink[module] = len(index)
            stack.append(module)
            on_stack.add(module)
            work.append((module, iter(sorted(graph.find_modules_directly_imported_by(module)))))

        enter(root)
        while work:
            module, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    enter(successor)
                    advanced = True
                    break
                if successor in on_stack:
                    lowlink[module] = min(lowlink[module], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                lowlink[parent] = min(lowlink[parent], lowlink[module])
            if lowlink[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(groups)


def hidden_imports(files: Iterable[Path]) -> list[str]:
    """``path:line`` of every import of this package written inside a function."""
    found = []
    for path in sorted(files):
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""] if node.level == 0 else [PACKAGE]
                if any(name == PACKAGE or name.startswith(PACKAGE + ".") for name in names):
                    found.append(f"{path}:{node.lineno}")
    return sorted(set(found))


def main(argv: list[str]) -> int:
    """Print the three figures (and with ``-v`` every finding); always exits 0."""
    verbose = "-v" in argv
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    package_dir = Path(importlib.import_module(PACKAGE).__file__ or "").parent
    rows = layer_rows()
    found_cycles = cycles(graph)
    found_upward = upward_imports(graph, rows)
    found_hidden = hidden_imports(package_dir.rglob("*.py"))
    print(f"source: {package_dir}")
    print(f"import cycles: {len(found_cycles)}")
    if verbose:
        for group in found_cycles:
            print("   ", " ".join(group))
    print(f"upward imports: {len(found_upward)}")
    if verbose:
        for importer, imported in found_upward:
            print(f"    {importer} -> {imported}")
    print(f"imports inside functions: {len(found_hidden)}")
    if verbose:
        for where in found_hidden:
            print(f"    {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
