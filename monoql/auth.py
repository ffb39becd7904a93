"""JWT verification and Ticketmaster token signatures (behaviour.md 1.1, backends.md 1.2)."""

from __future__ import annotations

import logging
from typing import Any

import jwt

logger = logging.getLogger(__name__)

LEEWAY_SECONDS = 30


def verify_jwt(token: str | None, public_key: str) -> dict[str, Any] | None:
    """The claims of a valid session JWT, or None for anything else (wrong algorithm, signature, expiry…)."""
    if not token or not isinstance(token, str):
        return None
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            public_key,
            algorithms=["RS256"],
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp"]},
        )
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        logger.debug("jwt rejected", extra={"reason": type(exc).__name__})
        return None
    user = claims.get("user")
    if not isinstance(user, dict) or not user.get("id"):
        return None
    return claims


def tm_signature(tm_token: str) -> str:
    """The signature part of a Ticketmaster token: text after the last `.`, the whole token without one."""
    return tm_token.rsplit(".", 1)[-1]
