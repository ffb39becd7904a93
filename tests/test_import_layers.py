"""Imports flow one way (web → schema → loaders → clients → requests), and the sandbox stays out of monoql.

Every `import`, `from … import` and literal `importlib.import_module(…)` counts, at module level or inside
a function: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GATEWAY = REPO / "monoql"
SANDBOX = REPO / "sandbox" / "monoql_sandbox"


def package_of(path: Path) -> str:
    """`monoql/clients/base.py` → `monoql.clients`; sandbox modules are named from `sandbox/`."""
    root = REPO / "sandbox" if SANDBOX in path.parents else REPO
    return ".".join(path.relative_to(root).parts[:-1])


def imported_modules(source: str, package: str) -> Iterator[str]:
    """Absolute names of the modules `source` imports (relative imports resolved against `package`)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif _is_import_module_call(node):
            yield node.args[0].value  # type: ignore[attr-defined]


def _is_import_module_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "import_module"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def offences(folder: Path, forbidden: tuple[str, ...]) -> list[str]:
    """`file: module` for every import under `folder` of a module in (or under) `forbidden`."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for module in imported_modules(path.read_text(encoding="utf-8"), package_of(path)):
            if any(module == name or module.startswith(f"{name}.") for name in forbidden):
                found.append(f"{path.relative_to(REPO)}: {module}")
    return sorted(set(found))


def test_the_scanner_sees_lazy_relative_and_dynamic_imports() -> None:
    source = "import os\ndef f():\n    from flask import g\n    from . import base\n    from ..web import hooks\n"
    source += "    importlib.import_module('graphene')\n"
    assert sorted(imported_modules(source, "monoql.clients")) == sorted(
        ["os", "flask", "flask.g", "monoql.clients", "monoql.clients.base", "monoql.web", "monoql.web.hooks",
         "graphene"]
    )


def test_modules_are_named_from_their_distribution_root() -> None:
    assert package_of(GATEWAY / "clients" / "base.py") == "monoql.clients"
    assert package_of(SANDBOX / "auth.py") == "monoql_sandbox"


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        # Clients speak HTTP to backends; they know nothing of the web layer or GraphQL.
        ("monoql/clients", ("flask", "werkzeug", "graphene", "graphql", "graphql_server",
                            "graphql_sync_dataloaders", "monoql.web", "monoql.schema", "monoql.app")),
        # The schema reaches backends only through the clients.
        ("monoql/schema", ("requests", "requests_cache", "urllib3", "monoql.web", "monoql.app")),
        # The sandbox is for development and tests; the gateway never depends on it.
        ("monoql", ("monoql_sandbox",)),
        # The sandbox stands alone: it is what the gateway talks to, not a part of it.
        ("sandbox/monoql_sandbox", ("monoql",)),
    ],
)
def test_layers_import_one_way(folder: str, forbidden: tuple[str, ...]) -> None:
    assert offences(REPO / folder, forbidden) == []


def test_nothing_but_the_tests_and_the_benchmarks_imports_the_sandbox() -> None:
    """The benchmarks, like the tests, drive the sandbox; scripts and settings only start its command."""
    sources = [REPO / "gunicorn.conf.py", *sorted((REPO / "scripts").rglob("*.py"))]
    found = [
        f"{path.relative_to(REPO)}: {module}"
        for path in sources
        for module in imported_modules(path.read_text(encoding="utf-8"), "")
        if module == "monoql_sandbox" or module.startswith("monoql_sandbox.")
    ]
    assert len(sources) > 5
    assert found == []


def loader_modules() -> list[Path]:
    return sorted({*GATEWAY.glob("schema/*/loaders.py"), GATEWAY / "schema" / "core" / "backends.py"})


def test_loaders_never_see_the_request_context() -> None:
    """Loaders are built with `Backends` as their host (`LoaderHost`): the request context stays with
    the resolvers, so a loader cannot reach the caller's session or the response."""
    assert len(loader_modules()) >= 6
    found = [
        f"{path.relative_to(REPO)}: {module}"
        for path in loader_modules()
        for module in imported_modules(path.read_text(encoding="utf-8"), package_of(path))
        if module == "monoql.schema.core.context" or module.startswith("monoql.schema.core.context.")
    ]
    assert found == []


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")


def import_graph(folder: Path) -> dict[str, set[str]]:
    """Module → the modules of the same folder it imports (lazy imports included)."""
    paths = {module_name(path): path for path in sorted(folder.rglob("*.py"))}
    return {
        name: {m for m in imported_modules(path.read_text(encoding="utf-8"), package_of(path)) if m in paths} - {name}
        for name, path in paths.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each module that is on one, as the walk meets them."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                found.append([*trail[trail.index(target):], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_cycle_check_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_the_gateway_imports_without_a_cycle() -> None:
    """A cycle means a function is in the wrong room (docs/domains.md §1)."""
    graph = import_graph(GATEWAY)
    assert "monoql.schema.viewer.types" in graph["monoql.schema.viewer.queries"]
    assert cycles(graph) == []


def test_the_check_finds_imports_that_exist() -> None:
    assert "monoql/schema/root.py: graphene" in offences(GATEWAY / "schema", ("graphene",))
