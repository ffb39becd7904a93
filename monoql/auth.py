"""JWT verification and Ticketmaster token signatures (docs/caller.md §1, docs/backends.md §2)."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

import jwt

logger = logging.getLogger(__name__)

LEEWAY_SECONDS = 30
VERIFIED_CACHE_SIZE = 2048

# Tokens whose signature already verified in this worker, with their claims: a session's JWT
# arrives on every request, and the RSA check is the costliest step of reading it. Only
# successes are kept, and expiry is checked again on every use.
_verified: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
_verified_lock = threading.Lock()


def verify_jwt(token: str | None, public_key: str) -> dict[str, Any] | None:
    """The claims of a valid session JWT, or None for anything else (wrong algorithm, signature, expiry…)."""
    if not token or not isinstance(token, str):
        return None
    key = (public_key, token)
    with _verified_lock:
        cached = _verified.get(key)
        if cached is not None:
            _verified.move_to_end(key)
    if cached is not None:
        return cached if cached["exp"] + LEEWAY_SECONDS > time.time() else None
    claims = _decode(token, public_key)
    if claims is not None and isinstance(claims.get("exp"), int | float):
        with _verified_lock:
            _verified[key] = claims
            while len(_verified) > VERIFIED_CACHE_SIZE:
                _verified.popitem(last=False)
    return claims


def _decode(token: str, public_key: str) -> dict[str, Any] | None:
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
