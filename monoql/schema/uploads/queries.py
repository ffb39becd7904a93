"""Query fields of the uploads domain: `campaignScoredList`."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.uploads.normalize import to_scored
from monoql.schema.uploads.types import Scored


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
