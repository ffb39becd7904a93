"""The schema is assembled from explicit lists that name every domain's `Queries` and `Mutations`."""

from __future__ import annotations

import importlib
from pathlib import Path

from monoql.schema import root

SCHEMA = Path(__file__).resolve().parents[2] / "monoql" / "schema"


def _domain_mixins(module_name: str, mixin: str) -> set[type]:
    found: set[type] = set()
    for package in sorted(path.parent for path in SCHEMA.glob(f"*/{module_name}.py")):
        module = importlib.import_module(f"monoql.schema.{package.name}.{module_name}")
        if hasattr(module, mixin):
            found.add(getattr(module, mixin))
    return found


def test_every_domains_queries_are_listed() -> None:
    assert set(root.QUERIES) == _domain_mixins("queries", "Queries")
    assert len(root.QUERIES) == 10


def test_every_domains_mutations_are_listed() -> None:
    assert set(root.MUTATIONS) == _domain_mixins("mutations", "Mutations")
    assert len(root.MUTATIONS) == 9


def test_each_domain_module_with_resolvers_declares_its_mixin() -> None:
    """A `queries.py` without `Queries` holds resolvers of fields only (of its domain's types or others')."""
    without = sorted(
        path.parent.name
        for path in SCHEMA.glob("*/queries.py")
        if "class Queries" not in path.read_text(encoding="utf-8")
    )
    assert without == ["campaigns", "content", "entries"]


def test_the_served_schema_has_every_listed_root_field() -> None:
    schema = root.build_schema().graphql_schema
    assert schema.mutation_type is not None
    query_fields = set(schema.query_type.fields)
    for mixin in root.QUERIES:
        assert {name for name in vars(mixin) if not name.startswith(("_", "resolve_"))} <= query_fields
    assert {"viewer", "identity", "metrics", "codes", "waveList"} <= query_fields
