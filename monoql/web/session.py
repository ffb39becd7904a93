"""Who is calling: the request JWT, client address and host (behaviour.md 1.1, 1.2), and response cookies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Request, Response

from monoql.auth import verify_jwt
from monoql.config import Settings
from monoql.context import CookieOp

DAY_SECONDS = 86_400


@dataclass(frozen=True)
class Caller:
    jwt: str | None
    claims: dict[str, Any] | None
    source: str | None
    #: A session cookie was sent but did not verify: the response deletes it.
    stale_cookie: bool = False


def identify(request: Request, settings: Settings) -> Caller:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return Caller(None, None, None)
        claims = verify_jwt(token.strip(), settings.jwt.public_key)
        return Caller(token.strip(), claims, "bearer") if claims else Caller(None, None, None)
    cookie = request.cookies.get(settings.session.cookie_name)
    if not cookie:
        return Caller(None, None, None)
    claims = verify_jwt(cookie, settings.jwt.public_key)
    if claims is None:
        return Caller(None, None, None, stale_cookie=True)
    return Caller(cookie, claims, "cookie")


def client_ip(request: Request, settings: Settings) -> str | None:
    if settings.proxy.trust:
        forwarded = request.headers.get("X-Forwarded-For", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return request.remote_addr


def client_host(request: Request, settings: Settings) -> str:
    if settings.proxy.trust:
        forwarded = request.headers.get("X-Forwarded-Host", "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.host


def apply_cookies(response: Response, ops: list[CookieOp], settings: Settings) -> None:
    """Write the cookie changes of a request: HttpOnly, Path=/, SameSite=Lax, Secure per settings."""
    for op in ops:
        if op.value is None:
            response.delete_cookie(
                op.name, path="/", secure=settings.session.secure, httponly=True, samesite="Lax"
            )
        else:
            response.set_cookie(
                op.name,
                op.value,
                max_age=op.max_age,
                path="/",
                secure=settings.session.secure,
                httponly=True,
                samesite="Lax",
            )
