"""Locale forms (docs/normalisation.md §1): dash form to the backends, underscore form to clients."""

from __future__ import annotations

from typing import Any

#: The per-locale field names of `CampaignContent`, `FieldLabel` and their inputs, in schema order.
LEGACY_LOCALES: tuple[str, ...] = ("en_US", "en_CA", "en_GB", "fr_CA", "en_MX", "es_MX", "en_IE")

BACKEND_SEP = "-"
CLIENT_SEP = "_"


def normalize_locale(value: Any, sep: str) -> Any:
    """`en_us` → `en-US` (sep `-`) or `en_US` (sep `_`); null/empty → None; other shapes unchanged."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return value
    parts = value.replace("_", "-", 1).split("-")
    if len(parts) == 1:
        return parts[0].lower()
    if len(parts) == 2:
        return f"{parts[0].lower()}{sep}{parts[1].upper()}"
    return value


def to_backend(value: Any) -> Any:
    """Dash form, as every backend expects (`en_US` → `en-US`)."""
    return normalize_locale(value, BACKEND_SEP)


def to_client(value: Any) -> Any:
    """Underscore form, as every client receives (`en-US` → `en_US`)."""
    return normalize_locale(value, CLIENT_SEP)


def locale_id(value: Any) -> Any:
    """The id of a locale given as a string or as an object with `id`."""
    if isinstance(value, dict):
        return value.get("id")
    return value


def same_language(a: str, b: str) -> bool:
    return a.replace("_", "-").split("-")[0].lower() == b.replace("_", "-").split("-")[0].lower()


def pick_current_locale(locales: list[dict[str, Any]], requested: str | None) -> str | None:
    """The campaign locale a request resolves to (docs/services.md §2), as the backend would pick it.

    The exact locale (case-insensitive), else the first with the same language, else the default,
    else the first locale.
    """
    ids = [str(loc["id"]) for loc in locales if isinstance(loc, dict) and loc.get("id")]
    if not ids:
        return None
    if requested:
        wanted = to_backend(requested)
        for candidate in ids:
            if to_backend(candidate).lower() == str(wanted).lower():
                return candidate
        for candidate in ids:
            if same_language(candidate, str(wanted)):
                return candidate
    for loc in locales:
        if isinstance(loc, dict) and loc.get("is_default") and loc.get("id"):
            return str(loc["id"])
    return ids[0]
