"""JWT minting and verification (RS256, 30 s leeway) and the permission checks of docs/backends.md §2."""

import time
from dataclasses import dataclass
from typing import Any

import jwt
from flask import g, request

from monoql_sandbox.envelope import ApiError
from monoql_sandbox.keys import private_key_pem, public_key_pem

TOKEN_TTL_SECONDS = 30 * 60
LEEWAY_SECONDS = 30


@dataclass
class Caller:
    user_id: str
    is_supreme: bool
    permissions: dict[str, Any]
    claims: dict[str, Any]

    def actions(self, campaign_id: str) -> list[Any]:
        found = self.permissions.get(campaign_id) if isinstance(self.permissions, dict) else None
        return found if isinstance(found, list) else []

    def may(self, campaign_id: str, *actions: str) -> bool:
        return self.is_supreme or any(a in self.actions(campaign_id) for a in actions)


def mint(claims: dict[str, Any], ttl_seconds: int = TOKEN_TTL_SECONDS) -> str:
    """Sign ``claims`` with the development key; ``iat``/``exp`` always from real time."""
    now = int(time.time())
    body = {**claims, "iat": now, "exp": now + int(ttl_seconds)}
    return jwt.encode(body, private_key_pem(), algorithm="RS256")


def user_claims(user: dict[str, Any], tm_sig: str) -> dict[str, Any]:
    perms = {cid: list(actions) for cid, actions in user.get("permissions", {}).items() if actions}
    supreme = bool(user.get("isSupreme"))
    return {
        "user": {"id": user["id"], "tmSig": tm_sig},
        "isAdmin": supreme or bool(perms),
        "isSupreme": supreme,
        "permissions": perms,
    }


def verify(token: str) -> dict[str, Any]:
    """The token's claims; ApiError 401 INVALID_TOKEN when it does not verify."""
    try:
        claims = jwt.decode(
            token, public_key_pem(), algorithms=["RS256"], leeway=LEEWAY_SECONDS, options={"require": ["exp"]}
        )
    except jwt.PyJWTError as exc:
        raise ApiError(401, "INVALID_TOKEN", "The token is invalid or expired.") from exc
    user = claims.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str):
        raise ApiError(401, "INVALID_TOKEN", "The token carries no user.")
    return claims


def caller() -> Caller | None:
    """The request's caller, None when anonymous; an invalid token is always 401."""
    if "caller" in g:
        result: Caller | None = g.caller
        return result
    header = request.headers.get("Authorization", "").strip()
    found = None
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "INVALID_TOKEN", "The token is invalid or expired.")
        claims = verify(token.strip())
        perms = claims.get("permissions")
        found = Caller(
            claims["user"]["id"],
            claims.get("isSupreme") is True,
            perms if isinstance(perms, dict) else {},
            claims,
        )
    g.caller = found
    return found


def require_login() -> Caller:
    found = caller()
    if found is None:
        raise ApiError(401, "NOT_LOGGED_IN", "You must be logged in.")
    return found


def require_supreme() -> Caller:
    found = require_login()
    if not found.is_supreme:
        raise ApiError(403, "SUPREME_USER_REQUIRED", "Only supreme users may do this.")
    return found


def require_campaign(campaign_id: str, *actions: str, code: str = "INVALID_CAMPAIGN_PERMISSIONS") -> Caller:
    found = require_login()
    if not found.may(campaign_id, *actions):
        raise ApiError(403, code, "You do not have permission for this campaign.", payload=campaign_id)
    return found
