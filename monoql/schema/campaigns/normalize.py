"""Backend campaign documents → the parent dicts of `RegistrationCampaign` / `FanlistCampaign`.

docs/normalisation.md §3 and §6. The result keeps every key of the document (so plain fields resolve
by name), replaces the localised ones with their client form, and adds `_raw` (the document) and
`_locked` (a password-locked view, docs/passwords.md §1).
"""

from __future__ import annotations

from typing import Any

from monoql.schema.content.labels import additional_from_backend, label_from_map
from monoql.schema.content.locales import locale_id, pick_current_locale, to_client
from monoql.schema.content.normalize import content_from_backend

CAMPAIGN_TYPES = ("registration", "fanlist")
DEFAULT_TYPE = "registration"


def campaign_type(doc: Any) -> str:
    """The concrete type name's key: a missing or unknown `type` reads as registration."""
    value = doc.get("type") if isinstance(doc, dict) else None
    return value if value in CAMPAIGN_TYPES else DEFAULT_TYPE


def _locales(doc: dict[str, Any]) -> list[dict[str, Any]]:
    raw = doc.get("locales")
    return [loc for loc in raw if isinstance(loc, dict)] if isinstance(raw, list) else []


def default_locale(doc: dict[str, Any]) -> str | None:
    """The campaign's default locale in dash form: the one marked default, else the first."""
    locales = _locales(doc)
    marked = next((loc.get("id") for loc in locales if loc.get("is_default")), None)
    first = locales[0].get("id") if locales else None
    value = marked or first
    return str(value) if value else None


def _current_locale(doc: dict[str, Any], requested: str | None) -> dict[str, Any] | None:
    current = locale_id(doc.get("currentLocale"))
    if not current:
        current = pick_current_locale(_locales(doc), requested)
    if not current:
        return None
    client_id = to_client(current)
    match = next((loc for loc in _locales(doc) if to_client(loc.get("id")) == client_id), None)
    return {"id": client_id, "is_default": bool(match.get("is_default")) if match else False}


def _preference(pref: Any, default: str | None) -> Any:
    if not isinstance(pref, dict):
        return pref
    result = dict(pref)
    if "label" in result:
        result["label"] = label_from_map(result["label"], default)
    if "additional" in result:
        result["additional"] = additional_from_backend(result["additional"], default)
    return result


def _schema_version(doc: dict[str, Any]) -> str | None:
    schema = doc.get("schema")
    version = schema.get("version") if isinstance(schema, dict) else None
    return None if version is None else str(version)


def normalize_campaign(doc: Any, requested_locale: str | None = None) -> dict[str, Any] | None:
    """The parent dict of a campaign type for a backend document (None for anything else)."""
    if not isinstance(doc, dict):
        return None
    result = dict(doc)
    result["id"] = doc.get("id") if doc.get("id") is not None else doc.get("_id")
    result["type"] = campaign_type(doc)
    result["content"] = content_from_backend(doc.get("content"), _schema_version(doc))
    if isinstance(doc.get("locales"), list):
        result["locales"] = [
            {**loc, "id": to_client(loc.get("id"))} if isinstance(loc, dict) else loc
            for loc in doc["locales"]
        ]
    result["currentLocale"] = _current_locale(doc, requested_locale)
    if isinstance(doc.get("preferences"), list):
        default = default_locale(doc)
        result["preferences"] = [_preference(pref, default) for pref in doc["preferences"]]
    result["_locked"] = doc.get("locked") is True
    result["_raw"] = doc
    return result
