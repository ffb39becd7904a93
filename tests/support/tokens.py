"""Session JWTs signed with the sandbox's development key, and the identities the schema tests use."""

from __future__ import annotations

import time
from typing import Any

import jwt as pyjwt

from monoql_sandbox.keys import private_key_pem


def private_key() -> str:
    return private_key_pem()


def make_jwt(
    user_id: str = "64b7f0c2a1e4d3b2c1a09f11",
    *,
    is_supreme: bool = False,
    is_admin: bool | None = None,
    permissions: dict[str, list[str]] | None = None,
    tm_sig: str = "sig",
    ttl: int = 1800,
    key: str | None = None,
    algorithm: str = "RS256",
    **extra: Any,
) -> str:
    """A session JWT signed with the sandbox's development key (what users POST /auth issues)."""
    now = int(time.time())
    claims = {
        "user": {"id": user_id, "tmSig": tm_sig},
        "isAdmin": is_supreme or bool(permissions) if is_admin is None else is_admin,
        "isSupreme": is_supreme,
        "permissions": permissions or {},
        "iat": now,
        "exp": now + ttl,
        **extra,
    }
    return pyjwt.encode(claims, key or private_key(), algorithm=algorithm)


SUPREME_ID = "64b7f0c2a1e4d3b2c1a0ff01"
#: A supreme user's session.
SUPREME = make_jwt(SUPREME_ID, is_supreme=True, tm_sig="sup")
FAN_ID = "64b7f0c2a1e4d3b2c1a09f11"
#: A fan's session (no permissions).
FAN = make_jwt(FAN_ID, tm_sig="sig")
