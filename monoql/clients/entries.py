"""Client of the entries service: fan entries, eligibility, scoring, metrics and stats (docs/services.md §3).

Routes start with the campaign id (no ``/campaigns`` prefix); bare envelope.
"""

from __future__ import annotations

from typing import Any

from monoql.clients.base import BackendClient, query

ENTRY = "/:campaignId/entries"
REGISTRATION_ELIGIBILITY = "/:campaignId/entries/registrationEligibility"
CONFIRM = "/:campaignId/entries/confirm"
REFRESH_ATTRIBUTE = "/:campaignId/refreshattribute"
TRANSFER = "/:campaignId/entries/transfer"
COUNTS = "/:campaignId/entries/counts"
ELIGIBILITY = "/:campaignId/entries/eligibility"
ELIGIBILITY_BREAKDOWN = "/:campaignId/entries/eligibility/breakdown"
VERIFIED_COUNT = "/:campaignId/entries/eligibility/verifiedCount"
TOTAL_SELECTED = "/:campaignId/entries/eligibility/totalSelected"
TAGS = "/:campaignId/scoring/tags"
FLIP_VERDICTS = "/:campaignId/scoring/flipVerdicts"
STATS = "/:campaignId/stats/:type"

Score = int | float | None


class EntriesClient(BackendClient):
    """entries: the caller's entry and the supreme-only scoring and metrics endpoints."""

    service = "entries"

    def _cid(self, campaign_id: str) -> dict[str, str]:
        return {"campaignId": campaign_id}

    def get_entry(self, campaign_id: str) -> dict[str, Any]:
        return self.get_dict(ENTRY, path=self._cid(campaign_id))

    def upsert_entry(self, campaign_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Create or update the caller's entry; ``body`` is the flat answers + locale + context object."""
        return self.send_dict("POST", ENTRY, path=self._cid(campaign_id), json=body)

    def get_registration_eligibility(self, campaign_id: str) -> dict[str, Any]:
        return self.get_dict(REGISTRATION_ELIGIBILITY, path=self._cid(campaign_id))

    def confirm_phone(self, campaign_id: str, phone_jwt: str) -> dict[str, Any]:
        return self.send_dict("POST", CONFIRM, path=self._cid(campaign_id), json={"phoneJwt": phone_jwt})

    def refresh_attribute(self, campaign_id: str, attribute_type: str) -> dict[str, Any]:
        params = query(type=attribute_type)
        return self.get_dict(REFRESH_ATTRIBUTE, path=self._cid(campaign_id), params=params)

    def transfer_entries(self, campaign_id: str, from_market_id: str, to_market_id: str) -> dict[str, Any]:
        body = {"fromMarketId": from_market_id, "toMarketId": to_market_id}
        return self.send_dict("POST", TRANSFER, path=self._cid(campaign_id), json=body)

    def get_entry_counts(self, campaign_id: str) -> list[Any]:
        return self.get_list(COUNTS, path=self._cid(campaign_id))

    def get_eligibility(self, campaign_id: str, market_ids: tuple[str, ...] | None = None,
                        min_score: Score = None, max_score: Score = None,
                        reassign: bool | None = None) -> dict[str, Any]:
        params = query(marketIds=market_ids, minScore=min_score, maxScore=max_score, reassign=reassign)
        return self.get_dict(ELIGIBILITY, path=self._cid(campaign_id), params=params)

    def get_eligibility_breakdown(self, campaign_id: str, include_prev_selected: bool | None = None,
                                  min_score: Score = None, max_score: Score = None) -> list[Any]:
        params = query(includePrevSelected=include_prev_selected, minScore=min_score, maxScore=max_score)
        return self.get_list(ELIGIBILITY_BREAKDOWN, path=self._cid(campaign_id), params=params)

    def get_verified_count(self, campaign_id: str, min_score: Score = None,
                           max_score: Score = None) -> list[Any]:
        params = query(minScore=min_score, maxScore=max_score)
        return self.get_list(VERIFIED_COUNT, path=self._cid(campaign_id), params=params)

    def get_total_selected(self, campaign_id: str) -> list[Any]:
        return self.get_list(TOTAL_SELECTED, path=self._cid(campaign_id))

    def add_tags(self, campaign_id: str, records: list[str], target_field: str,
                 tag_name: str) -> dict[str, Any]:
        body = {"records": records, "targetField": target_field, "tagName": tag_name}
        return self.send_dict("POST", TAGS, path=self._cid(campaign_id), json=body)

    def flip_verdicts(self, campaign_id: str, tag_name: str, filter_type: str) -> dict[str, Any]:
        body = {"tagName": tag_name, "filterType": filter_type}
        return self.send_dict("POST", FLIP_VERDICTS, path=self._cid(campaign_id), json=body)

    def list_stats(self, campaign_id: str, stats_type: str, market_id: str | None = None,
                   date_id: str | None = None) -> list[Any]:
        path = {"campaignId": campaign_id, "type": stats_type}
        return self.get_list(STATS, path=path, params=query(marketId=market_id, dateId=date_id))

    def upsert_stat(self, campaign_id: str, stats_type: str, body: dict[str, Any]) -> Any:
        """The stored stat document (docs/entries.md §4: the caller re-reads when the answer is not one)."""
        return self.request("POST", STATS, path={"campaignId": campaign_id, "type": stats_type},
                            json=body).payload
