"""The login guard every domain uses: NOT_LOGGED_IN (docs/errors.md §4), the token-mismatch guard (3),
and the Ticketmaster-token login both the guard and `authenticate` make."""

from __future__ import annotations

import logging
from typing import Any

from monoql.auth import tm_signature, verify_jwt
from monoql.errors import MonoqlError, Unauthenticated, UpstreamError
from monoql.schema.core.context import RequestContext

log = logging.getLogger(__name__)

NOT_LOGGED_IN_MESSAGE = "You must be logged in."
INVALID_SESSION_MESSAGE = "Your Ticketmaster session changed. Please sign in again."
SOTC_COOKIE = "sotc"
TMUO_COOKIE = "tmuo"


def require_login(ctx: RequestContext) -> str:
    """Return the request JWT, or fail with NOT_LOGGED_IN before any backend call."""
    jwt: str | None = ctx.caller.jwt
    if not jwt:
        raise Unauthenticated(NOT_LOGGED_IN_MESSAGE, reason="NOT_LOGGED_IN")
    return jwt


def _session_tm_sig(ctx: RequestContext) -> str | None:
    user = (ctx.caller.claims or {}).get("user")
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
    tm_token = ctx.http.cookies.get(SOTC_COOKIE)
    if not tm_token or tm_signature(tm_token) == _session_tm_sig(ctx):
        return
    try:
        login = login_with_tm_token(ctx, tm_token)
    except MonoqlError as exc:
        log.info("token_mismatch_login_failed", extra={"reason": exc.reason})
        raise _invalid_session() from exc
    user = (login.get("claims") or {}).get("user") or {}
    if not isinstance(user, dict) or str(user.get("id")) != ctx.caller.user_id:
        log.info("token_mismatch_other_user")
        raise _invalid_session()
    ctx.set_session(login["jwt"], login["claims"], store_cookie=ctx.caller.source == "cookie")


def token_of(answer: Any) -> str | None:
    """The session JWT of a users answer (`auth.token`), if any."""
    auth = answer.get("auth") if isinstance(answer, dict) else None
    token = auth.get("token") if isinstance(auth, dict) else None
    return token if isinstance(token, str) and token else None


def login_with_tm_token(ctx: RequestContext, tm_token: str) -> dict[str, Any]:
    """users `POST /auth` and verify the JWT it issues; does not start the session."""
    answer = ctx.clients.users.login(tm_token, ctx.http.cookies.get(TMUO_COOKIE))
    token = token_of(answer)
    claims = verify_jwt(token, ctx.settings.jwt) if token else None
    if token is None or claims is None:
        raise UpstreamError(
            "The users service issued a session token that does not verify.",
            reason="INVALID_UPSTREAM_TOKEN",
            service="users",
        )
    return {"jwt": token, "claims": claims, "profile": answer}
