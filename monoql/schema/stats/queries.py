"""Query field of the stats domain: `stats`."""

from __future__ import annotations

from functools import partial
from typing import Any

import graphene

from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.stats.normalize import flatten_stats
from monoql.schema.stats.types import Stat, StatsType


def enum_value(value: Any) -> str:
    return str(getattr(value, "value", value))


class Queries:
    stats = graphene.List(
        Stat,
        campaignId=graphene.ID(required=True),
        marketId=graphene.ID(),
        dateId=graphene.String(),
        type=StatsType(required=True),
        description="Progress records of filter-list and selection jobs.",
    )

    @staticmethod
    def resolve_stats(
        root: Any,
        info: ResolveInfo,
        campaignId: str,
        type: Any,
        marketId: str | None = None,
        dateId: str | None = None,
    ) -> Any:
        ctx = info.context
        require_login(ctx)
        stats_type = enum_value(type)
        future = ctx.fetch(
            ctx.clients.entries.list_stats, campaignId, stats_type, market_id=marketId, date_id=dateId
        )
        return then(future, partial(flatten_stats, fallback_type=stats_type))
