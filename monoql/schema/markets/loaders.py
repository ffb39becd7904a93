"""Per-request loaders of markets: every market of a campaign, and one market by id."""

from __future__ import annotations

from typing import Any

from monoql.errors import NotFound
from monoql.schema.core.loaders import KeyLoader
from monoql.schema.markets.normalize import normalize_market, normalize_markets

MarketKey = tuple[str, str]


class MarketsByCampaignLoader(KeyLoader[str, list[Any]]):
    """Key campaign id → its normalised markets in backend (creation) order."""

    def load_key(self, key: str) -> list[Any]:
        return normalize_markets(self.clients.campaigns.list_markets(key))


class MarketByIdLoader(KeyLoader[MarketKey, dict[str, Any] | None]):
    """Key `(campaign id, market id)` → normalised market; null on 404 `MARKET_NOT_FOUND`."""

    def load_key(self, key: MarketKey) -> dict[str, Any] | None:
        campaign_id, market_id = key
        try:
            return normalize_market(self.clients.campaigns.get_market(campaign_id, market_id))
        except NotFound as exc:
            if exc.reason == "MARKET_NOT_FOUND":
                return None
            raise
