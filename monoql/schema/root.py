"""Assembles the served schema from the `Queries` and `Mutations` mixins of every domain package."""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

import graphene

from monoql.schema.core.scalars import JSON, Upload

DOMAINS = (
    "viewer",
    "identity",
    "campaigns",
    "markets",
    "content",
    "promoters",
    "search",
    "entries",
    "codes",
    "uploads",
    "waves",
    "exports",
    "metrics",
    "stats",
)


def _optional_module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:  # the domain has no such module; a broken import inside it still fails
            return None
        raise


def _mixins(kind: str) -> tuple[type, ...]:
    found: list[type] = []
    for domain in DOMAINS:
        module = _optional_module(f"monoql.schema.{domain}.{kind.lower()}")
        mixin = getattr(module, kind, None) if module else None
        if mixin is not None:
            found.append(mixin)
    return tuple(found)


def _extra_types() -> list[type]:
    """Concrete types reachable only through interfaces must be listed explicitly."""
    types: list[type] = []
    module = _optional_module("monoql.schema.campaigns.types")
    for name in ("RegistrationCampaign", "FanlistCampaign"):
        if module is not None and hasattr(module, name):
            types.append(getattr(module, name))
    return types


@cache
def build_schema() -> graphene.Schema:
    query = type("Query", (*_mixins("Queries"), graphene.ObjectType), {})
    mutation_mixins = _mixins("Mutations")
    mutation = type("Mutation", (*mutation_mixins, graphene.ObjectType), {}) if mutation_mixins else None
    return graphene.Schema(query=query, mutation=mutation, types=[*_extra_types(), JSON, Upload])
