"""Turn graphene input values into plain JSON data keyed by GraphQL field names.

graphene hands resolvers its input containers (dicts keyed by Python attribute names that hold only
the fields the client sent, explicit nulls included) and enum members. Bodies for the backends
need the GraphQL names (`from`, not `from_`) and plain values; absent fields must stay absent.
"""

from __future__ import annotations

import enum
from typing import Any

from graphene.types.inputobjecttype import InputObjectTypeContainer


def _graphql_name(container: InputObjectTypeContainer, key: str) -> str:
    fields = getattr(type(container), "_meta", None)
    field = getattr(fields, "fields", {}).get(key) if fields is not None else None
    name = getattr(field, "name", None)
    return name if isinstance(name, str) and name else key


def to_plain(value: Any) -> Any:
    """Recursively convert input containers, lists and enum members into JSON-ready values."""
    if isinstance(value, InputObjectTypeContainer):
        return {_graphql_name(value, key): to_plain(item) for key, item in value.items()}
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value
