"""Campaign copy normalisation (docs/normalisation.md §2, §3): `CampaignContent` ⇄ backend `content` maps."""

from __future__ import annotations

from typing import Any

from monoql.schema.content.faqs import faqs_to_list, faqs_to_map
from monoql.schema.content.locales import LEGACY_LOCALES, to_backend, to_client

#: Hidden key on each normalised `Content` value: the campaign's schema version, for `body(onlyCurrent)`.
VERSION_KEY = "_schemaVersion"

#: `ContentBody` sections per content schema version; every other version uses `DEFAULT_SECTIONS`.
SECTIONS_BY_VERSION: dict[str, tuple[str, ...]] = {"2": ("signup", "faqs")}
DEFAULT_SECTIONS: tuple[str, ...] = ("started", "finished", "terms")


def _value_to_backend(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "faqs" not in value:
        return dict(value)
    return {**value, "faqs": faqs_to_map(value["faqs"])}


def content_to_backend(content: Any) -> Any:
    """A `CampaignContentInput` (plain dict) → `{"<dash locale>": value}`.

    Per-locale keys first, then `localized` items, which replace a per-locale value of the same
    locale. `faqs` of each value become maps; everything else (including `body`) is copied.
    """
    if not isinstance(content, dict):
        return content
    result: dict[str, Any] = {}
    for name in LEGACY_LOCALES:
        if name in content:
            result[str(to_backend(name))] = _value_to_backend(content[name])
    localized = content.get("localized")
    for item in localized if isinstance(localized, list) else []:
        if isinstance(item, dict) and item.get("locale"):
            result[str(to_backend(item["locale"]))] = _value_to_backend(item.get("value"))
    return result


def _value_from_backend(value: Any, version: str | None) -> Any:
    if not isinstance(value, dict):
        return value
    result = dict(value)
    if "faqs" in result:
        result["faqs"] = faqs_to_list(result["faqs"])
    result[VERSION_KEY] = version
    return result


def content_from_backend(content: Any, version: str | None) -> dict[str, Any] | None:
    """Backend `content` → `CampaignContent`: `localized` in key order plus the per-locale fields."""
    if not isinstance(content, dict):
        return None
    localized = [
        {"locale": to_client(key), "value": _value_from_backend(value, version)}
        for key, value in content.items()
    ]
    result: dict[str, Any] = {"localized": localized}
    for name in LEGACY_LOCALES:
        result[name] = next((item["value"] for item in localized if item["locale"] == name), None)
    return result


def current_body(body: Any, version: Any, only_current: bool) -> Any:
    """`Content.body`: only the sections of the campaign's schema version unless `only_current` is false."""
    if not isinstance(body, dict) or not only_current:
        return body
    keep = (
        SECTIONS_BY_VERSION.get(str(version), DEFAULT_SECTIONS) if version is not None else DEFAULT_SECTIONS
    )
    return {key: value for key, value in body.items() if key in keep}
