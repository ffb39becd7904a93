"""Every resolver and helper of the schema types its `info` and request context, so mypy checks their use."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SCHEMA = Path(__file__).resolve().parents[2] / "monoql" / "schema"
EXPECTED = {"info": "ResolveInfo", "ctx": "RequestContext"}


def _arguments(tree: ast.AST) -> list[tuple[int, str, str | None]]:
    found: list[tuple[int, str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):  # a lambda cannot carry annotations
            args = node.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                if arg.arg in EXPECTED:
                    annotation = ast.unparse(arg.annotation) if arg.annotation is not None else None
                    found.append((arg.lineno, arg.arg, annotation))
    return found


def _modules() -> list[Path]:
    return sorted(SCHEMA.rglob("*.py"))


def test_the_schema_package_is_where_the_test_looks() -> None:
    assert (SCHEMA / "core" / "info.py").is_file()
    assert len(_modules()) > 50


@pytest.mark.parametrize("module", _modules(), ids=lambda path: str(path.relative_to(SCHEMA)))
def test_info_and_ctx_are_typed(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    wrong = [
        f"{module.name}:{line} {name}: {annotation}"
        for line, name, annotation in _arguments(tree)
        if annotation != EXPECTED[name]
    ]
    assert wrong == []


def test_the_check_sees_an_untyped_context() -> None:
    tree = ast.parse("def resolve(root: object, info: Any) -> None: ...\ndef helper(ctx) -> None: ...")
    assert _arguments(tree) == [(1, "info", "Any"), (2, "ctx", None)]


def test_resolve_info_types_the_context_as_the_request_context() -> None:
    from typing import get_type_hints

    from monoql.schema.core.context import RequestContext
    from monoql.schema.core.info import ResolveInfo

    assert get_type_hints(ResolveInfo.context.fget)["return"] is RequestContext  # type: ignore[attr-defined]
