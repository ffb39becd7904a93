"""`Query.viewer(auth)`: the caller, after an optional login (docs/caller.md §3). Never null."""

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
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import login_with_tm_token
from monoql.schema.core.report import report_error
from monoql.schema.viewer.normalize import PROFILE_FIELDS
from monoql.schema.viewer.root import ViewerRoot, viewer_root
from monoql.schema.viewer.session import profile, start_session
from monoql.schema.viewer.types import IdentityAuth, Viewer


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
