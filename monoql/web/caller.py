"""Who is calling: the request's credential, client address and host (docs/caller.md §1, §2), and the
response cookies."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from flask import Request, Response

from monoql.auth import verify_jwt
from monoql.config import Settings
from monoql.schema.core.caller import Caller
from monoql.schema.core.http import CookieOp

DAY_SECONDS = 86_400


@dataclass(frozen=True)
class Credential:
    """What the request's headers say of its caller, read once per request (before the view, for uploads)."""

    caller: Caller
    #: A session cookie was sent but did not verify: the response deletes it.
    stale_cookie: bool = False


ANONYMOUS = Credential(Caller())


def identify(request: Request, settings: Settings) -> Credential:
    """The request JWT (docs/caller.md §1): a `Bearer` token is the only candidate when one is sent
    (an invalid or empty one leaves the request anonymous); any other `Authorization` scheme, such
    as the Basic credentials an auth proxy in front adds, is not ours and leaves the cookie in force."""
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer":
        claims = verify_jwt(token.strip(), settings.jwt) if token.strip() else None
        return Credential(Caller(token.strip(), claims, "bearer")) if claims else ANONYMOUS
    cookie = request.cookies.get(settings.session.cookie_name)
    if not cookie:
        return ANONYMOUS
    claims = verify_jwt(cookie, settings.jwt)
    if claims is None:
        return Credential(Caller(), stale_cookie=True)
    return Credential(Caller(cookie, claims, "cookie"))


def client_ip(request: Request, settings: Settings) -> str | None:
    """The address our own outermost proxy saw (docs/caller.md §2), else the socket peer.

    Each proxy appends the address it was connected from to `X-Forwarded-For`; a client can write
    anything to the left of what our proxies append, so the entry `proxy.trustedHops` places from
    the right is the one to believe. Fewer entries than that (or not an address there): the header
    did not come through our proxies, and the peer is used.
    """
    if settings.proxy.trust:
        entries = [entry.strip() for entry in ",".join(request.headers.getlist("X-Forwarded-For")).split(",")]
        hops = settings.proxy.trusted_hops
        if len(entries) >= hops and _is_address(entries[-hops]):
            return entries[-hops]
    return request.remote_addr


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_host(request: Request, settings: Settings) -> str:
    """`Host`, or the proxy's `X-Forwarded-Host` when `proxy.trustForwardedHost` says a proxy sets it."""
    if settings.proxy.trust_forwarded_host:
        forwarded = request.headers.get("X-Forwarded-Host", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.host


def apply_cookies(response: Response, ops: list[CookieOp], settings: Settings) -> None:
    """Write the cookie changes of a request: HttpOnly, Path=/, SameSite and Secure per settings."""
    same_site, secure = settings.session.same_site, settings.session.secure
    for op in ops:
        if op.value is None:
            response.delete_cookie(op.name, path="/", secure=secure, httponly=True, samesite=same_site)
        else:
            response.set_cookie(
                op.name,
                op.value,
                max_age=op.max_age,
                path="/",
                secure=secure,
                httponly=True,
                samesite=same_site,
            )
