"""The served schema is field-for-field the contract of the service it replaces (`contract/schema.graphql`,
the SDL the existing clients were written against, kept here as test data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

from monoql.schema.root import build_schema as build_served
from monoql.schema.sdl import print_sdl

SPEC = Path(__file__).parent / "contract" / "schema.graphql"


@pytest.fixture(scope="module")
def spec() -> GraphQLSchema:
    return build_schema(SPEC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def served() -> GraphQLSchema:
    return build_served().graphql_schema


@pytest.fixture(scope="module")
def printed() -> GraphQLSchema:
    """The served schema through its SDL: plain graphql-core classes (graphene subclasses them, which
    `find_breaking_changes` would report as a change of kind for every scalar)."""
    return build_schema(print_sdl())


def _user_types(schema: GraphQLSchema) -> dict[str, GraphQLNamedType]:
    return {name: t for name, t in schema.type_map.items() if not name.startswith("__")}


def _shape(t: GraphQLNamedType) -> Any:
    """Everything clients depend on: kinds, fields, arguments, defaults, types, interfaces, deprecations."""
    if isinstance(t, GraphQLEnumType):
        return ("enum", {name: v.deprecation_reason for name, v in t.values.items()})
    if isinstance(t, GraphQLInputObjectType):
        return ("input", {name: (str(f.type), repr(f.default_value)) for name, f in t.fields.items()})
    if isinstance(t, GraphQLObjectType | GraphQLInterfaceType):
        fields = {
            name: (
                str(f.type),
                f.deprecation_reason,
                {arg: (str(a.type), repr(a.default_value)) for arg, a in f.args.items()},
            )
            for name, f in t.fields.items()
        }
        kind = "object" if isinstance(t, GraphQLObjectType) else "interface"
        return (kind, sorted(i.name for i in t.interfaces), fields)
    return ("scalar",)


def test_same_type_names(spec: GraphQLSchema, served: GraphQLSchema) -> None:
    assert sorted(_user_types(served)) == sorted(_user_types(spec))


@pytest.mark.parametrize("direction", ["spec to served", "served to spec"])
def test_no_breaking_or_dangerous_change(spec: GraphQLSchema, printed: GraphQLSchema, direction: str) -> None:
    old, new = (spec, printed) if direction == "spec to served" else (printed, spec)
    assert [c.description for c in find_breaking_changes(old, new)] == []
    assert [c.description for c in find_dangerous_changes(old, new)] == []


def test_every_type_has_the_contract_shape(spec: GraphQLSchema, served: GraphQLSchema) -> None:
    served_types = _user_types(served)
    mismatched = {
        name: (_shape(t), _shape(served_types[name]))
        for name, t in _user_types(spec).items()
        if name in served_types and _shape(t) != _shape(served_types[name])
    }
    assert mismatched == {}


def test_root_types(spec: GraphQLSchema, served: GraphQLSchema) -> None:
    assert served.query_type is not None and served.mutation_type is not None
    assert spec.query_type is not None and spec.mutation_type is not None
    assert served.query_type.name == "Query" and served.mutation_type.name == "Mutation"
    assert served.subscription_type is None


def test_contract_descriptions_are_kept(spec: GraphQLSchema, served: GraphQLSchema) -> None:
    """Where the contract describes a field, the served schema says the same."""
    served_types = _user_types(served)
    differing = []
    for name, t in _user_types(spec).items():
        for field_name, field in getattr(t, "fields", {}).items():
            target = getattr(served_types.get(name), "fields", {}).get(field_name)
            if field.description and (target is None or target.description != field.description):
                differing.append(f"{name}.{field_name}")
    assert differing == []


def test_printed_sdl_has_the_shape_of_the_served_schema(
    served: GraphQLSchema, printed: GraphQLSchema
) -> None:
    live = {name: _shape(t) for name, t in _user_types(served).items()}
    assert {name: _shape(t) for name, t in _user_types(printed).items()} == live


def test_printed_sdl_ends_with_one_newline() -> None:
    text = print_sdl()
    assert text.endswith("}\n") and not text.endswith("\n\n")


DESCRIBED_MODULES = [
    f"monoql.schema.{name}"
    for name in (
        "viewer.types",
        "viewer.queries",
        "viewer.mutations",
        "identity.types",
        "identity.queries",
        "search.types",
        "search.queries",
        "promoters.types",
        "promoters.queries",
        "promoters.mutations",
        "markets.types",
        "markets.inputs",
        "markets.mutations",
        "content.types",
        "content.inputs",
        "campaigns.types",
        "campaigns.parts",
        "campaigns.inputs",
        "campaigns.mutations",
    )
]


def _described_fields() -> list[tuple[str, str]]:
    """(type name, GraphQL field name) of every field the part-1 domains define, root fields included."""
    import importlib

    import graphene
    from graphene.types.utils import yank_fields_from_attrs
    from graphene.utils.str_converters import to_camel_case

    found: list[tuple[str, str]] = []
    for module_name in DESCRIBED_MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if not isinstance(value, type) or value.__module__ != module_name:
                continue
            if name in ("Queries", "Mutations"):
                fields = yank_fields_from_attrs(vars(value), _as=graphene.Field)
                owner = "Query" if name == "Queries" else "Mutation"
            elif issubclass(value, graphene.ObjectType | graphene.InputObjectType | graphene.Interface):
                fields, owner = value._meta.fields, value._meta.name
            else:
                continue
            found += [(owner, field.name or to_camel_case(attr)) for attr, field in fields.items()]
    return found


def test_every_field_of_the_described_modules_has_a_description(served: GraphQLSchema) -> None:
    fields = _described_fields()
    assert len(fields) > 500
    undescribed = [
        f"{type_name}.{name}"
        for type_name, name in fields
        if not getattr(served.get_type(type_name), "fields", {})[name].description
    ]
    assert undescribed == []
