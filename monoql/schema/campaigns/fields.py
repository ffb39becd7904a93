"""Resolvers of the campaign fields that need their own backend calls: contacts and markets.

A locked campaign (behaviour.md 4.7) resolves `markets` to `[]` and `market` to null without a call.
"""

from __future__ import annotations

from typing import Any

from monoql.schema.campaigns.loaders import ContactsByCampaignLoader
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.markets.loaders import MarketByIdLoader, MarketsByCampaignLoader


def resolve_contacts(campaign: dict[str, Any], info: ResolveInfo) -> Any:
    ctx = info.context
    require_login(ctx)
    return ctx.loader(ContactsByCampaignLoader).load(str(campaign["id"]))


def resolve_markets(campaign: dict[str, Any], info: ResolveInfo) -> Any:
    if campaign.get("_locked") or campaign.get("id") is None:
        return []
    return info.context.loader(MarketsByCampaignLoader).load(str(campaign["id"]))


def resolve_market(campaign: dict[str, Any], info: ResolveInfo, marketId: str) -> Any:
    if campaign.get("_locked") or campaign.get("id") is None:
        return None
    return info.context.loader(MarketByIdLoader).load((str(campaign["id"]), str(marketId)))
