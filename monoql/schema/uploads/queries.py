"""Resolvers of the uploads domain: `campaignScoredList` and `FanlistCampaign.uploads`."""

from __future__ import annotations

from functools import partial
from typing import Any

import graphene

from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.uploads.normalize import manifest_key, to_fanlist_uploads, to_scored
from monoql.schema.uploads.types import Scored


def resolve_fanlist_uploads(campaign: Any, info: ResolveInfo) -> Any:
    """Processed fan-list uploads from the campaign's manifest, newest first; [] when none."""
    ctx = info.context
    require_login(ctx)
    campaign_id = str(campaign["id"])
    future = ctx.fetch(
        ctx.clients.uploads.list_files_data,
        manifest_key(campaign_id),
        bucket_name=ctx.settings.buckets.scoring,
    )
    return then(future, partial(to_fanlist_uploads, campaign_id=campaign_id))


class Queries:
    campaignScoredList = graphene.List(
        Scored,
        campaignId=graphene.String(required=True),
        description="Scored registrant files uploaded for a campaign, newest first.",
    )

    @staticmethod
    def resolve_campaignScoredList(root: Any, info: ResolveInfo, campaignId: str) -> Any:
        ctx = info.context
        require_login(ctx)
        future = ctx.fetch(
            ctx.clients.uploads.list_files_data,
            f"scored/{campaignId}.",
            bucket_name=ctx.settings.buckets.scoring,
        )
        return then(future, to_scored)
