"""The schema's domains follow the template of docs/domains.md §1: its module names, each for its job."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "monoql" / "schema"
TEMPLATE = {"__init__", "types", "inputs", "queries", "mutations", "loaders", "normalize"}
DOMAINS = sorted(path.parent.name for path in SCHEMA.glob("*/__init__.py") if path.parent.name != "core")


def extra_modules_in_the_docs() -> set[str]:
    """The `domain/module.py` names docs/domains.md §1 gives the jobs the template has no name for."""
    text = (REPO / "docs" / "domains.md").read_text(encoding="utf-8")
    template = text.split("## 1. ", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`([a-z_]+)/([a-z_]+)\.py`", template)
    return {f"{domain}/{module}" for domain, module in named if domain in DOMAINS}


def modules(domain: str) -> set[str]:
    return {path.stem for path in (SCHEMA / domain).glob("*.py")}


def test_the_domains_are_where_the_test_looks() -> None:
    assert {"viewer", "campaigns", "entries", "waves"} <= set(DOMAINS)
    assert "campaigns/passwords" in extra_modules_in_the_docs()


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_domain_has_template_modules_and_the_named_extras_only(domain: str) -> None:
    extras = {name.split("/")[1] for name in extra_modules_in_the_docs() if name.startswith(f"{domain}/")}
    assert modules(domain) - TEMPLATE - extras == set()


def test_every_extra_the_docs_name_exists() -> None:
    missing = [name for name in extra_modules_in_the_docs() if not (SCHEMA / f"{name}.py").is_file()]
    assert missing == []


def resolver_definitions(source: str) -> list[str]:
    """`def resolve_…` in class bodies, except graphene's `resolve_type` hook of an interface (a classmethod)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name.startswith("resolve_"):
                    hook = item.name == "resolve_type" and any(
                        isinstance(d, ast.Name) and d.id == "classmethod" for d in item.decorator_list
                    )
                    if not hook:
                        found.append(f"{node.name}.{item.name}")
    return found


def test_the_resolver_scan_tells_a_field_resolver_from_the_type_hook() -> None:
    source = (
        "class A:\n    @classmethod\n    def resolve_type(cls, instance, info): ...\n"
        "class B:\n    @staticmethod\n    def resolve_type(doc, info): ...\n    def resolve_name(self, info): ...\n"
    )
    assert resolver_definitions(source) == ["B.resolve_type", "B.resolve_name"]


TYPE_MODULES = sorted(SCHEMA.glob("*/types.py"))


def test_every_domain_declares_its_types_in_types_py() -> None:
    assert [path.parent.name for path in TYPE_MODULES] == DOMAINS


@pytest.mark.parametrize("types", TYPE_MODULES, ids=lambda path: path.parent.name)
def test_types_declare_fields_and_take_their_resolvers_from_queries(types: Path) -> None:
    assert resolver_definitions(types.read_text(encoding="utf-8")) == []
