"""Client of the campaigns service: campaigns, markets, contacts, promoters, search (docs/services.md §2).

Anonymous reads of a campaign (by domain or id) and the artist/venue searches may be answered from the
worker cache (docs/backends.md §6); every other call goes to the service.
"""

from __future__ import annotations

from typing import Any

from monoql.clients.base import BackendClient, query
from monoql.clients.envelope import expect_list
from monoql.clients.paging import Page

CAMPAIGNS = "/campaigns"
CAMPAIGN = "/campaigns/:campaignId"
CAMPAIGN_LIST = "/campaigns/list"
CATEGORY_IDS = "/campaigns/categoryIds"
MARKETS = "/campaigns/:campaignId/markets"
MARKET = "/campaigns/:campaignId/markets/:marketId"
MARKET_CLONES = "/campaigns/:campaignId/markets/clones"
CAMPAIGN_CONTACTS = "/campaigns/:campaignId/contacts"
CONTACTS = "/contacts"
ARTISTS = "/artists"
VENUES = "/venues"
PROMOTERS = "/promoters"
PROMOTER = "/promoters/:promoterId"


class CampaignsClient(BackendClient):
    """campaigns: wrapped envelope; list and search answers carry ``meta.pagination``."""

    service = "campaigns"

    def _page(self, route: str, params: list[tuple[str, str]], *, cacheable: bool = False) -> Page:
        reply = self.request("GET", route, params=params, cacheable=cacheable)
        items = expect_list(self.service, reply.payload, f"GET {route}")
        pagination = (reply.meta or {}).get("pagination")
        return Page(items, pagination if isinstance(pagination, dict) else None)

    # -- campaigns --------------------------------------------------------------------------
    def get_campaign(self, campaign_id: str, locale: str | None = None,
                     show_all_locales: bool | None = None) -> dict[str, Any]:
        params = query(locale=locale, showAllLocales=show_all_locales)
        return self.get_dict(CAMPAIGN, path={"campaignId": campaign_id}, params=params,
                             cacheable=self.call.jwt is None)

    def get_campaign_by_domain(self, domain: str, locale: str | None = None,
                               show_all_locales: bool | None = None,
                               password: str | None = None) -> dict[str, Any]:
        params = query(domain=domain, locale=locale, showAllLocales=show_all_locales, password=password)
        return self.get_dict(CAMPAIGNS, params=params, cacheable=self.call.jwt is None)

    def list_campaigns(self, *, q: str | None = None, type: str | None = None, version: str | None = None,
                       artist_id: str | None = None, sort_by: str | None = None,
                       sort_direction: str | None = None, page: int | None = None,
                       page_size: int | None = None) -> Page:
        params = query(q=q, type=type, version=version, artistId=artist_id, sortBy=sort_by,
                       sortDirection=sort_direction, page=page, pageSize=page_size)
        return self._page(CAMPAIGN_LIST, params)

    def list_category_ids(self, start: str, end: str) -> list[Any]:
        params = query(presaleQueryStartDate=start, presaleQueryEndDate=end)
        return self.get_list(CATEGORY_IDS, params=params)

    def create_campaign(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.send_dict("POST", CAMPAIGNS, json=body)

    def update_campaign(self, campaign_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.send_dict("POST", CAMPAIGN, path={"campaignId": campaign_id}, json=body)

    # -- markets ----------------------------------------------------------------------------
    def list_markets(self, campaign_id: str) -> list[Any]:
        return self.get_list(MARKETS, path={"campaignId": campaign_id})

    def get_market(self, campaign_id: str, market_id: str) -> dict[str, Any]:
        return self.get_dict(MARKET, path={"campaignId": campaign_id, "marketId": market_id})

    def create_market(self, campaign_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.send_dict("POST", MARKETS, path={"campaignId": campaign_id}, json=body)

    def update_market(self, campaign_id: str, market_id: str, body: dict[str, Any]) -> dict[str, Any]:
        path = {"campaignId": campaign_id, "marketId": market_id}
        return self.send_dict("POST", MARKET, path=path, json=body)

    def delete_market(self, campaign_id: str, market_id: str) -> dict[str, Any]:
        return self.send_dict("DELETE", MARKET, path={"campaignId": campaign_id, "marketId": market_id})

    def clone_markets(self, to_campaign_id: str, from_campaign_id: str) -> list[Any]:
        return self.send_list("POST", MARKET_CLONES, path={"campaignId": to_campaign_id},
                              json={"fromCampaignId": from_campaign_id})

    # -- contacts and directory search ------------------------------------------------------
    def list_contacts(self, campaign_id: str) -> list[Any]:
        return self.get_list(CAMPAIGN_CONTACTS, path={"campaignId": campaign_id})

    def save_contacts(self, campaign_id: str, contacts: list[Any]) -> list[Any]:
        return self.send_list("POST", CAMPAIGN_CONTACTS, path={"campaignId": campaign_id},
                              json={"contacts": contacts})

    def search_contacts(self, q: str | None, page: int | None, page_size: int | None) -> Page:
        return self._page(CONTACTS, query(q=q, page=page, pageSize=page_size))

    def search_artists(self, q: str | None, page: int | None, page_size: int | None) -> Page:
        return self._page(ARTISTS, query(q=q, page=page, pageSize=page_size), cacheable=True)

    def search_venues(self, q: str | None, page: int | None, page_size: int | None) -> Page:
        return self._page(VENUES, query(q=q, page=page, pageSize=page_size), cacheable=True)

    # -- promoters --------------------------------------------------------------------------
    def list_promoters(self) -> list[Any]:
        return self.get_list(PROMOTERS)

    def create_promoter(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.send_dict("POST", PROMOTERS, json=body)

    def update_promoter(self, promoter_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.send_dict("POST", PROMOTER, path={"promoterId": promoter_id}, json=body)

    def delete_promoter(self, promoter_id: str) -> dict[str, Any]:
        return self.send_dict("DELETE", PROMOTER, path={"promoterId": promoter_id})
