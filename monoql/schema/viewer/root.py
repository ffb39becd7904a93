"""The `Viewer` parent object and the resolvers of its identity, auth and profile fields (docs/caller.md §5).

The viewer is always "whoever the request runs as now": its fields read the request context when
they resolve, so a viewer returned by `authenticate` or `upsertViewerEntry` shows the new session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from monoql.schema.core.context import RequestContext
from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.viewer.normalize import profile_value
from monoql.schema.viewer.session import ProfileFailure, profile, profile_pending, refresh_session


class ViewerRoot:
    """Marker parent of `Viewer` (never null): every field reads `info.context`."""

    __slots__ = ()


def viewer_root(ctx: RequestContext) -> ViewerRoot:
    """The parent object of a `Viewer`; first slides an expiring cookie session (docs/caller.md §4)."""
    refresh_session(ctx)
    return ViewerRoot()


def resolve_id(_: Any, info: ResolveInfo) -> str | None:
    user_id: str | None = info.context.caller.user_id
    return user_id


def resolve_is_logged_in(_: Any, info: ResolveInfo) -> bool:
    return info.context.caller.jwt is not None and info.context.caller.claims is not None


def resolve_is_admin(_: Any, info: ResolveInfo) -> bool:
    return bool(info.context.caller.claims) and bool(info.context.caller.is_admin)


def permissions_of(claims: dict[str, Any]) -> list[dict[str, Any]]:
    """`{"<campaignId>": [actions]}` claims → `[{campaignId, actions}]` ordered by campaign id."""
    granted = claims.get("permissions")
    if not isinstance(granted, dict):
        return []
    return [
        {"campaignId": str(campaign_id), "actions": list(actions) if isinstance(actions, list) else []}
        for campaign_id, actions in sorted(granted.items(), key=lambda item: str(item[0]))
    ]


def auth_of(ctx: RequestContext) -> dict[str, Any] | None:
    if not ctx.caller.jwt or not ctx.caller.claims:
        return None
    expires = ctx.caller.claims.get("exp")
    return {
        "token": ctx.caller.jwt,
        "isSupreme": bool(ctx.caller.claims.get("isSupreme")),
        "expiresAt": int(expires) if isinstance(expires, int | float) else None,
        "permissions": permissions_of(ctx.caller.claims),
    }


def resolve_auth(_: Any, info: ResolveInfo) -> Any:
    """From the claims; waits for a profile read in flight, whose fresh JWT may replace the token."""
    ctx = info.context
    pending = profile_pending(ctx)
    if pending is not None and ctx.caller.jwt:
        return then(pending, lambda _profile: auth_of(ctx))
    return auth_of(ctx)


def profile_resolver(field: str) -> Callable[[Any, Any], Any]:
    """Resolver of one profile field: null when anonymous, else read from the (single) profile load."""

    def read(doc: Any) -> Any:
        if isinstance(doc, ProfileFailure):
            raise doc.error
        return None if doc is None else profile_value(doc, field)

    def resolve(_: Any, info: ResolveInfo) -> Any:
        return then(profile(info.context), read)

    resolve.__name__ = f"resolve_{field}"
    return resolve
