"""Per-request loaders of markets: every market of a campaign, and one market by id."""

from __future__ import annotations

from typing import Any

from monoql.errors import MonoqlError, NotFound
from monoql.schema.core.loaders import Loader
from monoql.schema.markets.normalize import normalize_market, normalize_markets

MarketKey = tuple[str, str]


class MarketsByCampaignLoader(Loader[str, list[Any]]):
    """Key campaign id → its normalised markets in backend (creation) order."""

    per_key = True

    def batch_load(self, keys: list[str]) -> list[Any]:
        results: list[Any] = []
        for campaign_id in keys:
            try:
                results.append(normalize_markets(self.ctx.clients.campaigns.list_markets(campaign_id)))
            except MonoqlError as exc:
                results.append(exc)
        return results


class MarketByIdLoader(Loader[MarketKey, dict[str, Any] | None]):
    """Key `(campaign id, market id)` → normalised market; null on 404 `MARKET_NOT_FOUND`."""

    per_key = True

    def batch_load(self, keys: list[MarketKey]) -> list[Any]:
        results: list[Any] = []
        for campaign_id, market_id in keys:
            try:
                results.append(
                    normalize_market(self.ctx.clients.campaigns.get_market(campaign_id, market_id))
                )
            except NotFound as exc:
                results.append(None if exc.reason == "MARKET_NOT_FOUND" else exc)
            except MonoqlError as exc:
                results.append(exc)
        return results
