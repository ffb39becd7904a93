"""JWT verification and Ticketmaster token signatures (docs/caller.md §1, docs/backends.md §2)."""

from __future__ import annotations

import logging
from typing import Any

import jwt

from monoql.bounded_cache import BoundedCache
from monoql.config.settings import Jwt
from monoql.per_process import PerProcessByKey

logger = logging.getLogger(__name__)

LEEWAY_SECONDS = 30

Claims = dict[str, Any]
#: (public key, token) → the claims its signature verified.
VerifiedTokens = BoundedCache[tuple[str, str], Claims]

# Tokens whose signature already verified in this process, with their claims: a session's JWT
# arrives on every request, and the RSA check is the costliest step of reading it. Only
# successes are kept, until their `exp` (plus the leeway). One cache per set of bounds: one in
# production.
_verified: PerProcessByKey[tuple[int, int], VerifiedTokens] = PerProcessByKey()


def verify_jwt(token: str | None, settings: Jwt) -> Claims | None:
    """The claims of a valid session JWT, or None for anything else (wrong algorithm, signature, expiry…)."""
    if not token or not isinstance(token, str):
        return None
    cache = verified_tokens(settings)
    key = (settings.public_key, token)
    claims = cache.get(key)
    if claims is not None:
        return claims
    claims = _decode(token, settings.public_key)
    if claims is not None and isinstance(claims.get("exp"), int | float):
        cache.put(key, claims)
    return claims


def verified_tokens(settings: Jwt) -> VerifiedTokens:
    """This process's verified tokens for the bounds in ``settings`` (`jwt.cacheSize`, `.cacheBytes`)."""
    return _verified.get((settings.cache_size, settings.cache_bytes), lambda: BoundedCache(
        max_entries=settings.cache_size, max_bytes=settings.cache_bytes,
        size_of=_token_size, expires_at=_token_expiry,
    ))


def _token_size(key: tuple[str, str], claims: Claims) -> int:
    # The token carries the claims base64-encoded: its length is a fair estimate of both.
    return len(key[1])


def _token_expiry(key: tuple[str, str], claims: Claims) -> float:
    return float(claims["exp"]) + LEEWAY_SECONDS


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
