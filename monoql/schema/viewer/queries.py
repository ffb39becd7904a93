"""`Query.viewer(auth)` and the fields of `Viewer`: the caller, after an optional login
(docs/caller.md §3, §5).

The viewer is always "whoever the request runs as now": its parent object reads the request context
when each field resolves, so a viewer returned by `authenticate` or `upsertViewerEntry` shows the new
session. Never null.
"""

from __future__ import annotations

from typing import Any

import graphene
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLSkipDirective,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
)
from graphql.execution.values import get_directive_values

from monoql.errors import MonoqlError
from monoql.schema.core.context import RequestContext
from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import login_with_tm_token
from monoql.schema.core.report import report_error
from monoql.schema.viewer.inputs import IdentityAuth
from monoql.schema.viewer.loaders import ProfileFailure
from monoql.schema.viewer.normalize import PROFILE_FIELDS, profile_value
from monoql.schema.viewer.session import profile, profile_pending, refresh_session, start_session
from monoql.schema.viewer.types import Viewer


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
    caller = ctx.caller
    if not caller.jwt or not caller.claims:
        return None
    expires = caller.claims.get("exp")
    return {
        "token": caller.jwt,
        "isSupreme": caller.is_supreme,
        "expiresAt": int(expires) if isinstance(expires, int | float) else None,
        "permissions": permissions_of(caller.claims),
    }


def _profile_field(field: str) -> property:
    """A profile field: null when anonymous, else read from the (single) profile load."""

    def read(doc: Any) -> Any:
        if isinstance(doc, ProfileFailure):
            raise doc.error
        return None if doc is None else profile_value(doc, field)

    def resolve(viewer: ViewerRoot) -> Any:
        return then(profile(viewer.ctx), read)

    return property(resolve, doc=f"`{field}` of the viewer's profile.")


class ViewerRoot:
    """The parent object of a `Viewer`: each field is an attribute read when it resolves."""

    __slots__ = ("ctx",)

    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx

    @property
    def id(self) -> str | None:
        return self.ctx.caller.user_id

    @property
    def isLoggedIn(self) -> bool:
        return self.ctx.caller.logged_in

    @property
    def isAdmin(self) -> bool:
        return self.ctx.caller.is_admin

    @property
    def auth(self) -> Any:
        """From the claims; waits for a profile read in flight, whose fresh JWT may replace the token."""
        ctx = self.ctx
        pending = profile_pending(ctx)
        if pending is not None and ctx.caller.jwt:
            return then(pending, lambda _profile: auth_of(ctx))
        return auth_of(ctx)

    @property
    def campaigns(self) -> dict[str, Any]:
        return {}  # a namespace: its fields do the work

    firstName = _profile_field("firstName")
    lastName = _profile_field("lastName")
    email = _profile_field("email")
    zip = _profile_field("zip")
    phones = _profile_field("phones")
    phone = _profile_field("phone")
    currentPhone = _profile_field("currentPhone")
    doNotSell = _profile_field("doNotSell")


def viewer_root(ctx: RequestContext) -> ViewerRoot:
    """The parent object of a `Viewer`; first slides an expiring cookie session (docs/caller.md §4)."""
    refresh_session(ctx)
    return ViewerRoot(ctx)


def _included(node: SelectionNode, variables: dict[str, Any]) -> bool:
    skip = get_directive_values(GraphQLSkipDirective, node, variables)
    include = get_directive_values(GraphQLIncludeDirective, node, variables)
    return not (skip and skip.get("if")) and not (include and not include.get("if"))


def selected_fields(info: ResolveInfo) -> set[str]:
    """Names of the fields selected directly under this field (fragments and @skip/@include honoured)."""
    names: set[str] = set()
    seen: set[str] = set()

    def walk(selection_set: SelectionSetNode | None) -> None:
        for node in selection_set.selections if selection_set else ():
            if not _included(node, info.variable_values):
                continue
            if isinstance(node, FieldNode):
                names.add(node.name.value)
            elif isinstance(node, InlineFragmentNode):
                walk(node.selection_set)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                seen.add(node.name.value)
                fragment = info.fragments.get(node.name.value)
                walk(fragment.selection_set if fragment else None)

    for field_node in info.field_nodes:
        walk(field_node.selection_set)
    return names


def viewer_for(info: ResolveInfo) -> ViewerRoot:
    """The viewer; when profile fields are selected the profile read starts now, so that `auth`
    can wait for the fresh JWT that `GET /me` may bring."""
    ctx = info.context
    viewer = viewer_root(ctx)
    if ctx.caller.jwt and selected_fields(info) & PROFILE_FIELDS:
        profile(ctx)
    return viewer


class Queries:
    viewer = graphene.Field(
        Viewer,
        auth=graphene.Argument(IdentityAuth),
        description=(
            "The caller; anonymous unless a session exists. Passing `auth` logs in with a Ticketmaster "
            "token first."
        ),
    )

    @staticmethod
    def resolve_viewer(_: Any, info: ResolveInfo, auth: Any = None) -> ViewerRoot:
        token = auth.get("token") if isinstance(auth, dict) else None
        if isinstance(token, str) and token:
            try:
                start_session(info.context, login_with_tm_token(info.context, token))
            except MonoqlError as exc:
                report_error(info, exc)
        return viewer_for(info)
