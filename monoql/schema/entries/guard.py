"""Gateway-side login checks shared by the part-2 domains (behaviour.md 3 and 12.3)."""

from __future__ import annotations

from typing import Any

from monoql.errors import Unauthenticated

NOT_LOGGED_IN_MESSAGE = "You must be logged in."


def require_login(ctx: Any) -> str:
    """Return the request JWT, or fail with NOT_LOGGED_IN before any backend call."""
    jwt: str | None = ctx.jwt
    if not jwt:
        raise Unauthenticated(NOT_LOGGED_IN_MESSAGE, reason="NOT_LOGGED_IN")
    return jwt
