"""Resolvers of the codes domain: the `codes` namespace and `Codes.count`."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.codes.normalize import to_code_count
from monoql.schema.codes.types import CodeCount
from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login


class Codes(graphene.ObjectType):
    count = graphene.Field(
        CodeCount,
        campaignId=graphene.ID(required=True),
        type=graphene.String(required=True),
        status=graphene.String(),
        description=(
            "Code counts of a campaign; `type` is tm or external, `status` limits the answer to one state."
        ),
    )

    @staticmethod
    def resolve_count(
        root: Any, info: ResolveInfo, campaignId: str, type: str, status: str | None = None
    ) -> Any:
        ctx = info.context
        require_login(ctx)
        return then(ctx.fetch(ctx.clients.codes.count_codes, campaignId, type, status=status), to_code_count)


class Queries:
    codes = graphene.Field(Codes, description="Access-code inventory.")

    @staticmethod
    def resolve_codes(root: Any, info: ResolveInfo) -> Any:
        return {}
