"""Resolvers of the content types' fields that take arguments; every other field reads its parent dict."""

from __future__ import annotations

from typing import Any

from monoql.schema.content.normalize import VERSION_KEY, current_body
from monoql.schema.core.info import ResolveInfo


def resolve_body(content: dict[str, Any], _: ResolveInfo, onlyCurrent: bool | None = True) -> Any:
    """`Content.body(onlyCurrent)`; an explicit null means the default (only the current sections)."""
    return current_body(content.get("body"), content.get(VERSION_KEY), onlyCurrent is not False)
