"""`upsertMarket`, `deleteMarket` (with entry transfer) and `cloneMarkets` (docs/normalisation.md §8)."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.errors import BadUserInput
from monoql.schema.campaigns.plain import to_plain
from monoql.schema.core.context import RequestContext
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.core.scalars import JSON
from monoql.schema.markets.inputs import MarketInput
from monoql.schema.markets.loaders import MarketByIdLoader, MarketsByCampaignLoader
from monoql.schema.markets.normalize import MarketWrite, market_body, normalize_market, normalize_markets
from monoql.schema.markets.types import Market


def save_market(ctx: RequestContext, write: MarketWrite) -> dict[str, Any] | None:
    """Create or update one market; later reads of the campaign's markets are fresh."""
    campaigns = ctx.clients.campaigns
    if write.market_id is None:
        saved = campaigns.create_market(write.campaign_id, write.body)
    else:
        saved = campaigns.update_market(write.campaign_id, write.market_id, write.body)
    market = normalize_market(saved)
    forget_markets(ctx, write.campaign_id, market["id"] if market else write.market_id)
    return market


def forget_markets(ctx: RequestContext, campaign_id: str, market_id: Any = None) -> None:
    ctx.loader(MarketsByCampaignLoader).clear(campaign_id)
    if market_id is not None:
        ctx.loader(MarketByIdLoader).clear((campaign_id, str(market_id)))


class Mutations:
    upsertMarket = graphene.Field(
        Market,
        market=graphene.Argument(MarketInput, required=True),
        description="Create a market (no id) or update one (with id).",
    )
    deleteMarket = graphene.Field(
        JSON,
        campaignId=graphene.Argument(graphene.String, required=True),
        marketId=graphene.Argument(graphene.String, required=True),
        transferMarketId=graphene.Argument(graphene.String),
        description="Delete a market, first moving its entries to `transferMarketId` when given.",
    )
    cloneMarkets = graphene.List(
        Market,
        fromCampaignId=graphene.Argument(graphene.String, required=True),
        toCampaignId=graphene.Argument(graphene.String, required=True),
        description="Copy every market of one campaign into another.",
    )

    @staticmethod
    def resolve_upsertMarket(_: Any, info: ResolveInfo, market: Any) -> Any:
        ctx = info.context
        write = market_body(to_plain(market))
        require_login(ctx)
        return save_market(ctx, write)

    @staticmethod
    def resolve_deleteMarket(
        _: Any,
        info: ResolveInfo,
        campaignId: str,
        marketId: str,
        transferMarketId: str | None = None,
    ) -> Any:
        """The transfer runs first; when it fails the market is kept and the error returned."""
        ctx = info.context
        if transferMarketId and transferMarketId == marketId:
            raise BadUserInput(
                "Entries cannot be transferred to the market being deleted.",
                reason="INVALID_TRANSFER",
                field="transferMarketId",
            )
        require_login(ctx)
        transfer: dict[str, Any] = {}
        if transferMarketId:
            transfer = ctx.clients.entries.transfer_entries(campaignId, marketId, transferMarketId) or {}
        deleted = ctx.clients.campaigns.delete_market(campaignId, marketId) or {}
        forget_markets(ctx, campaignId, marketId)
        return {**deleted, **transfer}

    @staticmethod
    def resolve_cloneMarkets(_: Any, info: ResolveInfo, fromCampaignId: str, toCampaignId: str) -> Any:
        ctx = info.context
        require_login(ctx)
        created = ctx.clients.campaigns.clone_markets(toCampaignId, fromCampaignId)
        forget_markets(ctx, toCampaignId)
        return normalize_markets(created)
