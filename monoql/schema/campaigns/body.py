"""`CampaignInput` → campaigns backend body (docs/normalisation.md §2 and §7).

Works on plain input data (`plain.to_plain`): only the fields the client sent are present, and an
explicit null is kept, so it is sent as null and clears the stored value on update.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from monoql.schema.content.labels import additional_to_backend, label_to_map
from monoql.schema.content.locales import to_backend
from monoql.schema.content.normalize import content_to_backend

DEFAULT_SCHEMA_VERSION = "1"
DEFAULT_TYPE = "registration"


class CampaignWrite(NamedTuple):
    """What an `upsertCampaign` input asks for: the campaign id (None to create), body and markets."""

    campaign_id: str | None
    body: dict[str, Any]
    markets: list[Any]


def _preference_to_backend(pref: Any) -> Any:
    if not isinstance(pref, dict):
        return pref
    result = dict(pref)
    if "label" in result:
        result["label"] = label_to_map(result["label"])
    if "additional" in result:
        result["additional"] = additional_to_backend(result["additional"])
    return result


def _locales_to_backend(locales: Any) -> Any:
    if not isinstance(locales, list):
        return locales
    return [
        {**loc, "id": to_backend(loc["id"])} if isinstance(loc, dict) and "id" in loc else loc
        for loc in locales
    ]


def _has_version(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("version") not in (None, "")


def campaign_body(data: dict[str, Any]) -> CampaignWrite:
    """Split and normalise a plain `CampaignInput`: create defaults apply only without an id."""
    body = dict(data)
    campaign_id = body.pop("id", None)
    markets = body.pop("markets", None)
    body.pop("currentLocale", None)
    if "content" in body:
        body["content"] = content_to_backend(body["content"])
    if isinstance(body.get("preferences"), list):
        body["preferences"] = [_preference_to_backend(pref) for pref in body["preferences"]]
    if "locales" in body:
        body["locales"] = _locales_to_backend(body["locales"])
    if campaign_id in (None, ""):
        if not _has_version(body.get("schema")):
            body.pop("schema", None)
            body = {"schema": {"version": DEFAULT_SCHEMA_VERSION}, **body}
        if body.get("type") is None:
            body["type"] = DEFAULT_TYPE
        campaign_id = None
    return CampaignWrite(
        str(campaign_id) if campaign_id is not None else None,
        body,
        [market for market in markets or [] if market is not None],
    )
