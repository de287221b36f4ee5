"""No import cycle among recoupe's modules, whether the import is at the top, inside a function or only
for type checking: a cycle hidden by a deferred import is still two modules that cannot be understood,
tested or moved apart."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "recoupe"


def find_modules(package: Path) -> dict[str, Path]:
    """Every module under `package` by its dotted name (a package by its own name, for its __init__)."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imported_names(tree: ast.AST, module: str, is_package: bool) -> Iterable[tuple[str, str | None]]:
    """(module, name) for every import statement anywhere in the tree, relative imports made absolute;
    name is None for `import x.y`."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                yield base, alias.name


def build_import_graph(modules: Mapping[str, Path]) -> dict[str, set[str]]:
    """For each module, the modules of the package it imports. `from a import b` points at the module
    `a.b` when there is one (a submodule), else at `a`; imports of outside packages are left out."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = set()
        for base, alias in imported_names(tree, name, path.name == "__init__.py"):
            submodule = f"{base}.{alias}" if alias else None
            if submodule in modules:
                targets.add(submodule)
            elif base in modules:
                targets.add(base)
        targets.discard(name)
        graph[name] = targets
    return graph


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path that returns to its start ([a, b, a]), or None (depth-first search,
    iterative so that a deep graph cannot overflow the stack)."""
    done: set[str] = set()
    for root in sorted(graph):
        if root in done:
            continue
        path: list[str] = [root]
        on_path = {root}
        stack = [iter(sorted(graph[root]))]
        while stack:
            following = next(stack[-1], None)
            if following is None:
                stack.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
            elif following in on_path:
                return [*path[path.index(following):], following]
            elif following not in done:
                path.append(following)
                on_path.add(following)
                stack.append(iter(sorted(graph.get(following, ()))))
    return None


def test_recoupe_has_no_import_cycle() -> None:
    graph = build_import_graph(find_modules(PACKAGE))
    assert len(graph) > 50  # the walk found the package
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("where", ["top", "function", "type_checking"])
def test_the_walk_sees_a_cycle_however_deferred(tmp_path: Path, where: str) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    importer = {
        "top": "from pkg.b import g\n",
        "function": "def f() -> None:\n    from pkg import b\n",
        "type_checking": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import g\n",
    }[where]
    (package / "a.py").write_text(importer)
    (package / "b.py").write_text("import pkg.a\n\ndef g() -> None:\n    pass\n")
    cycle = find_cycle(build_import_graph(find_modules(package)))
    assert cycle is not None and set(cycle) == {"pkg.a", "pkg.b"}


def test_a_package_importing_its_own_submodules_is_no_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("from pkg.sub.leaf import x\n")
    (package / "sub" / "__init__.py").write_text("from .leaf import x\n")
    (package / "sub" / "leaf.py").write_text("import json\nx = 1\n")
    graph = build_import_graph(find_modules(package))
    assert graph["pkg"] == {"pkg.sub.leaf"} and graph["pkg.sub"] == {"pkg.sub.leaf"}
    assert find_cycle(graph) is None
