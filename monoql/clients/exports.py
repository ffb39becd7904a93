"""Client of the exports service: scheduling and reading asynchronous data exports (docs/services.md §7)."""

from __future__ import annotations

from typing import Any

from monoql.clients.base import BackendClient, query

EXPORTS = "/campaigns/:campaignId/exports"
EXPORT = "/campaigns/:campaignId/exports/:exportId"


class ExportsClient(BackendClient):
    """exports: wrapped envelope; REPORT on the campaign or a supreme JWT."""

    service = "exports"

    def schedule_export(self, campaign_id: str, export_type: str,
                        date_key: str | None = None) -> dict[str, Any]:
        """The pending/triggered export of the same type and date key, or a new ``PENDING`` one."""
        body: dict[str, Any] = {"exportType": export_type}
        if date_key is not None:
            body["dateKey"] = date_key
        return self.send_dict("POST", EXPORTS, path={"campaignId": campaign_id}, json=body)

    def get_export(self, campaign_id: str, export_id: str) -> dict[str, Any]:
        return self.get_dict(EXPORT, path={"campaignId": campaign_id, "exportId": export_id})

    def list_exports(self, campaign_id: str, export_type: str | None = None, limit: int | None = None,
                     offset: int | None = None) -> list[Any]:
        """Exports of the campaign, newest first; the gateway's ``skip`` goes in as ``offset``."""
        params = query(exportType=export_type, limit=limit, offset=offset)
        return self.get_list(EXPORTS, path={"campaignId": campaign_id}, params=params)
