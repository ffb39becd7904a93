"""`authenticate` and `logout` (docs/caller.md §3 and §6)."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.errors import BadUserInput
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import SOTC_COOKIE, login_with_tm_token
from monoql.schema.viewer.inputs import IdentityAuth, ViewerInput
from monoql.schema.viewer.queries import ViewerRoot, viewer_root
from monoql.schema.viewer.session import set_profile, start_session
from monoql.schema.viewer.types import Viewer

#: `ViewerInput` field → users `POST /me` key.
PROFILE_KEYS = {
    "firstName": "first_name",
    "lastName": "last_name",
    "email": "email",
    "phone": "phone",
    "zip": "zip",
}


def profile_update(viewer_input: Any) -> dict[str, Any]:
    """The users `POST /me` body: only the non-null fields of `viewerInput`."""
    if not isinstance(viewer_input, dict):
        return {}
    return {
        PROFILE_KEYS[key]: value
        for key, value in viewer_input.items()
        if key in PROFILE_KEYS and value is not None
    }


class Mutations:
    authenticate = graphene.Field(
        Viewer,
        credentials=graphene.Argument(IdentityAuth),
        viewerInput=graphene.Argument(ViewerInput),
        description=(
            "Exchange a Ticketmaster token (argument or `sotc` cookie) for a session; optionally update "
            "the profile."
        ),
    )
    logout = graphene.Boolean(description="End the session.")

    @staticmethod
    def resolve_authenticate(
        _: Any,
        info: ResolveInfo,
        credentials: Any = None,
        viewerInput: Any = None,
    ) -> ViewerRoot:
        ctx = info.context
        token = credentials.get("token") if isinstance(credentials, dict) else None
        if not (isinstance(token, str) and token):
            token = ctx.http.cookies.get(SOTC_COOKIE) or None
        if not token:
            raise BadUserInput("A Ticketmaster token is required to sign in.", reason="MISSING_TM_TOKEN")
        start_session(ctx, login_with_tm_token(ctx, token))
        update = profile_update(viewerInput)
        if update:
            set_profile(ctx, ctx.clients.users.update_me(update))
        return viewer_root(ctx)

    @staticmethod
    def resolve_logout(_: Any, info: ResolveInfo) -> bool:
        info.context.clear_session()
        return True
