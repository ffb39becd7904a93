"""Client of the codes service: presale access-code imports and counts (docs/services.md §4)."""

from __future__ import annotations

from typing import Any

from monoql.clients.base import BackendClient, query

IMPORT = "/:campaignId/codes"
COUNT = "/:campaignId/codes/count"

IMPORT_COUNTS = ("in", "inserted", "updated")


def flatten_import_count(answer: dict[str, Any]) -> dict[str, Any]:
    """``{in, inserted, updated}`` from ``{"count": {...}}`` or from the three numbers at the top level."""
    count = answer.get("count")
    source = count if isinstance(count, dict) else answer
    return {key: source.get(key) for key in IMPORT_COUNTS}


class CodesClient(BackendClient):
    """codes: wrapped envelope; every endpoint is supreme only."""

    service = "codes"

    def import_codes(self, campaign_id: str, file_key: str) -> dict[str, Any]:
        """Import the code file at ``file_key`` (scoring bucket); answers ``{in, inserted, updated}``."""
        answer = self.send_dict("POST", IMPORT, path={"campaignId": campaign_id}, json={"fileKey": file_key},
                                long_read=True)
        return flatten_import_count(answer)

    def count_codes(self, campaign_id: str, code_type: str, status: str | None = None) -> dict[str, Any]:
        params = query(type=code_type, status=status)
        return self.get_dict(COUNT, path={"campaignId": campaign_id}, params=params)
