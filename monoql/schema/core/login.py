"""Gateway-side login checks: NOT_LOGGED_IN (behaviour.md 12.3) and the token-mismatch guard (3)."""

from __future__ import annotations

import logging

from monoql.auth import tm_signature
from monoql.errors import MonoqlError, Unauthenticated
from monoql.schema.core.context import RequestContext

log = logging.getLogger(__name__)

NOT_LOGGED_IN_MESSAGE = "You must be logged in."
INVALID_SESSION_MESSAGE = "Your Ticketmaster session changed. Please sign in again."
SOTC_COOKIE = "sotc"


def require_login(ctx: RequestContext) -> str:
    """Return the request JWT, or fail with NOT_LOGGED_IN before any backend call."""
    jwt: str | None = ctx.jwt
    if not jwt:
        raise Unauthenticated(NOT_LOGGED_IN_MESSAGE, reason="NOT_LOGGED_IN")
    return jwt


def _session_tm_sig(ctx: RequestContext) -> str | None:
    user = (ctx.claims or {}).get("user")
    sig = user.get("tmSig") if isinstance(user, dict) else None
    return str(sig) if sig else None


def _invalid_session() -> Unauthenticated:
    return Unauthenticated(INVALID_SESSION_MESSAGE, reason="INVALID_SESSION")


def guard_token_mismatch(ctx: RequestContext) -> None:
    """Make sure the session belongs to the Ticketmaster login in the browser (`sotc` cookie).

    When the cookie's signature differs from the session's, log in again with the cookie: the
    same user refreshes the session, anyone else (or a failed login) is refused.
    """
    require_login(ctx)
    tm_token = ctx.cookies.get(SOTC_COOKIE)
    if not tm_token or tm_signature(tm_token) == _session_tm_sig(ctx):
        return
    # Imported here: the viewer domain imports this package's types (import cycle otherwise).
    from monoql.schema.viewer.session import login_with_tm_token

    try:
        login = login_with_tm_token(ctx, tm_token)
    except MonoqlError as exc:
        log.info("token_mismatch_login_failed", extra={"reason": exc.reason})
        raise _invalid_session() from exc
    user = (login.get("claims") or {}).get("user") or {}
    if not isinstance(user, dict) or str(user.get("id")) != ctx.user_id:
        log.info("token_mismatch_other_user")
        raise _invalid_session()
    ctx.set_session(login["jwt"], login["claims"], store_cookie=ctx.jwt_source == "cookie")
