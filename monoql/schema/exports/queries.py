"""Resolvers of the exports domain: `campaignExportList`, `campaignExport` and `FanlistCampaign.exports`."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.clients.paging import check_pagination
from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.exports.normalize import to_export, to_exports
from monoql.schema.exports.types import Export


def resolve_campaign_exports(campaign: Any, info: ResolveInfo) -> Any:
    """The newest exports of the campaign up to the service's default limit."""
    ctx = info.context
    require_login(ctx)
    return then(ctx.fetch(ctx.clients.exports.list_exports, str(campaign["id"])), to_exports)


class Queries:
    campaignExportList = graphene.List(
        Export,
        campaignId=graphene.String(required=True),
        limit=graphene.Int(),
        skip=graphene.Int(),
        exportType=graphene.String(),
        description="Exports of a campaign, newest first.",
    )
    campaignExport = graphene.Field(
        Export,
        campaignId=graphene.String(required=True),
        exportId=graphene.String(required=True),
        description="One export of a campaign; `path` is a short-lived download URL once it has finished.",
    )

    @staticmethod
    def resolve_campaignExportList(
        root: Any,
        info: ResolveInfo,
        campaignId: str,
        limit: int | None = None,
        skip: int | None = None,
        exportType: str | None = None,
    ) -> Any:
        ctx = info.context
        check_pagination(skip, limit, max_limit=ctx.settings.lists.max_limit)
        if limit == 0:
            return []
        require_login(ctx)
        future = ctx.fetch(
            ctx.clients.exports.list_exports, campaignId, export_type=exportType, limit=limit, offset=skip
        )
        return then(future, to_exports)

    @staticmethod
    def resolve_campaignExport(root: Any, info: ResolveInfo, campaignId: str, exportId: str) -> Any:
        ctx = info.context
        require_login(ctx)
        return then(ctx.fetch(ctx.clients.exports.get_export, campaignId, exportId), to_export)
