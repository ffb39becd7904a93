"""The viewer's session: begun by a login, its profile loaded once, slid near expiry (docs/caller.md §3, §4).

The profile (users `GET /me`) is read at most once per request, and only for a logged-in viewer;
after a login the users answer is the profile. `GET /me` answers with a fresh JWT: when it differs
from the request JWT it becomes the request JWT, and the session cookie follows when the request
JWT came from it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from monoql.auth import verify_jwt
from monoql.errors import MonoqlError
from monoql.schema.core.context import RequestContext
from monoql.schema.core.futures import then
from monoql.schema.core.login import token_of
from monoql.schema.viewer.loaders import ProfileByJwtLoader, ProfileFailure

logger = logging.getLogger(__name__)

#: A cookie session this close to expiry is refreshed through `GET /me` (seconds).
REFRESH_WINDOW = 600


@dataclass
class ProfileRead:
    """The request's one `GET /me`: its profile or its error once answered, its future while in flight."""

    profile: dict[str, Any] | None = None
    error: MonoqlError | None = None
    pending: Any = None


def start_session(ctx: RequestContext, login: dict[str, Any]) -> None:
    """Make a login the request's session (and cookie); its users answer is the profile from now on."""
    ctx.set_session(login["jwt"], login["claims"], store_cookie=True)
    set_profile(ctx, login["profile"])


def set_profile(ctx: RequestContext, profile: Any) -> None:
    read = ctx.state(ProfileRead)
    read.profile = profile if isinstance(profile, dict) else {}
    read.error = read.pending = None


def profile_pending(ctx: RequestContext) -> Any:
    """The future of the profile read in flight, or None."""
    return ctx.state(ProfileRead).pending


def _slide(ctx: RequestContext, answer: dict[str, Any]) -> None:
    """Adopt the fresh JWT of a `GET /me` answer for the same user (sliding session)."""
    token = token_of(answer)
    if token is None or token == ctx.caller.jwt:
        return
    claims = verify_jwt(token, ctx.settings.jwt)
    if claims is None or (claims.get("user") or {}).get("id") != ctx.caller.user_id:
        logger.warning("session refresh skipped", extra={"reason": "token did not verify for this user"})
        return
    # Same user: the request's cached reads stay valid, so the loaders are kept (unlike a new login).
    ctx.set_session(token, claims, store_cookie=ctx.caller.source == "cookie", keep_loaders=True)


def _accept(ctx: RequestContext, answer: Any) -> Any:
    if isinstance(answer, ProfileFailure):
        # Remembered so that later profile fields report it instead of calling again.
        read = ctx.state(ProfileRead)
        read.error, read.pending = answer.error, None
        return answer
    if isinstance(answer, dict):
        _slide(ctx, answer)
    set_profile(ctx, answer)
    return ctx.state(ProfileRead).profile


def profile(ctx: RequestContext) -> Any:
    """The viewer's profile: None when anonymous (no call then), else a dict, a `ProfileFailure`, or a
    future of either. `GET /me` is made at most once per request."""
    jwt = ctx.caller.jwt
    if not jwt:
        return None
    read = ctx.state(ProfileRead)
    if read.error is not None:
        return ProfileFailure(read.error)
    if read.profile is not None:
        return read.profile
    if read.pending is None:
        read.pending = then(ctx.loader(ProfileByJwtLoader).load(jwt), lambda answer: _accept(ctx, answer))
    return read.pending


def needs_refresh(ctx: RequestContext, now: float | None = None) -> bool:
    """A cookie session that expires within `REFRESH_WINDOW` and has not been refreshed yet."""
    read = ctx.state(ProfileRead)
    caller = ctx.caller
    if caller.source != "cookie" or not caller.jwt or read.profile is not None or read.error is not None:
        return False
    expires = (caller.claims or {}).get("exp")
    if not isinstance(expires, int | float):
        return False
    return expires - (time.time() if now is None else now) < REFRESH_WINDOW


def refresh_session(ctx: RequestContext) -> None:
    """Slide an expiring cookie session now (one `GET /me`, which also serves as the profile)."""
    if not needs_refresh(ctx) or ctx.state(ProfileRead).pending is not None:
        return
    try:
        answer: Any = ctx.clients.users.get_me()
    except MonoqlError as exc:
        answer = ProfileFailure(exc)
    _accept(ctx, answer)


@contextmanager
def sliding_session(ctx: RequestContext, operation_type: str) -> Iterator[None]:
    """Around one operation's execution: every logged-in request slides an expiring cookie session
    (docs/caller.md §4). A query slides first, so that its fields and backend calls already use the
    fresh JWT; mutations slide once they have run, so that a `logout` ends the session without a
    call and a login's fresh session is not slid again. A request that slid already does not again."""
    if operation_type == "query":
        refresh_session(ctx)
    yield
    refresh_session(ctx)
