"""Resolvers of the metrics domain: the `metrics` namespace and its four per-market counts."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.clients import EntriesClient
from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.metrics.normalize import to_market_counts, to_preference_counts
from monoql.schema.metrics.types import MarketEligibilityCount, MarketPreferenceCounts


def _entries(info: ResolveInfo) -> EntriesClient:
    """The entries client, once the caller is known to be logged in."""
    ctx = info.context
    require_login(ctx)
    return ctx.clients.entries


class Metrics(graphene.ObjectType):
    entriesByMarketPreference = graphene.List(
        MarketPreferenceCounts,
        campaignId=graphene.ID(required=True),
        description="Entries per market by preference rank.",
    )
    eligibleByMarketPreference = graphene.List(
        MarketPreferenceCounts,
        campaignId=graphene.ID(required=True),
        includePrevSelected=graphene.Boolean(),
        minScore=graphene.Float(),
        maxScore=graphene.Float(),
        description="Eligible entries per market by preference rank.",
    )
    verifiedCountByMarket = graphene.List(
        MarketEligibilityCount,
        campaignId=graphene.ID(required=True),
        minScore=graphene.Float(),
        maxScore=graphene.Float(),
        description="Verified fans per market.",
    )
    totalSelectedByMarket = graphene.List(
        MarketEligibilityCount,
        campaignId=graphene.ID(required=True),
        description="Fans already selected per market.",
    )

    @staticmethod
    def resolve_entriesByMarketPreference(root: Any, info: ResolveInfo, campaignId: str) -> Any:
        return then(info.context.fetch(_entries(info).get_entry_counts, campaignId), to_preference_counts)

    @staticmethod
    def resolve_eligibleByMarketPreference(
        root: Any,
        info: ResolveInfo,
        campaignId: str,
        includePrevSelected: bool | None = None,
        minScore: float | None = None,
        maxScore: float | None = None,
    ) -> Any:
        future = info.context.fetch(
            _entries(info).get_eligibility_breakdown,
            campaignId,
            include_prev_selected=includePrevSelected,
            min_score=minScore,
            max_score=maxScore,
        )
        return then(future, to_preference_counts)

    @staticmethod
    def resolve_verifiedCountByMarket(
        root: Any,
        info: ResolveInfo,
        campaignId: str,
        minScore: float | None = None,
        maxScore: float | None = None,
    ) -> Any:
        entries = _entries(info)
        future = info.context.fetch(
            entries.get_verified_count, campaignId, min_score=minScore, max_score=maxScore
        )
        return then(future, to_market_counts)

    @staticmethod
    def resolve_totalSelectedByMarket(root: Any, info: ResolveInfo, campaignId: str) -> Any:
        return then(info.context.fetch(_entries(info).get_total_selected, campaignId), to_market_counts)


class Queries:
    metrics = graphene.Field(Metrics, description="Entry and eligibility metrics per market.")

    @staticmethod
    def resolve_metrics(root: Any, info: ResolveInfo) -> Any:
        return {}
