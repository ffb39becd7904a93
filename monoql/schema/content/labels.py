"""Preference label localisation (docs/normalisation.md §5): `FieldLabel` ⇄ maps keyed by dash locale."""

from __future__ import annotations

import re
from typing import Any

from monoql.schema.content.locales import LEGACY_LOCALES, to_backend, to_client

_LOCALE_KEY = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,4})?$")


def _localized_items(items: Any) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("locale"):
            pairs.append((str(to_backend(item["locale"])), item.get("value")))
    return pairs


def label_to_map(label: Any) -> Any:
    """A `FieldLabelInput` → `{"en-US": …}`: per-locale keys first, then `localized` items (which win).

    Per-locale keys given as null are left out: a label has no use for an empty locale.
    """
    if not isinstance(label, dict):
        return label
    result: dict[str, Any] = {}
    for key, value in label.items():
        if key != "localized" and value is not None:
            result[str(to_backend(key))] = value
    for locale, value in _localized_items(label.get("localized")):
        result[locale] = value
    return result


def is_client_label(value: Any) -> bool:
    """A label object in client form: it holds a `localized` list or underscore locale keys."""
    if not isinstance(value, dict):
        return False
    if isinstance(value.get("localized"), list):
        return True
    return any("_" in key and _LOCALE_KEY.match(key) for key in value)


def is_locale_map(value: Any) -> bool:
    """A non-empty object whose keys are all locales and whose values are all strings or null."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(key, str) and _LOCALE_KEY.match(key) for key in value)
        and all(item is None or isinstance(item, str) for item in value.values())
    )


def additional_to_backend(additional: Any) -> Any:
    """`additional` with a client-form `defaultLabel` converted to a dash-locale map; else unchanged."""
    if not isinstance(additional, dict) or not is_client_label(additional.get("defaultLabel")):
        return additional
    return {**additional, "defaultLabel": label_to_map(additional["defaultLabel"])}


def label_from_map(label: Any, default_locale: str | None) -> dict[str, Any] | None:
    """A backend label (locale map, or a plain string in the default locale) → `FieldLabel`."""
    if isinstance(label, str):
        label = {default_locale or "en-US": label}
    if not isinstance(label, dict):
        return None
    localized = [{"locale": to_client(key), "value": value} for key, value in label.items()]
    result: dict[str, Any] = {"localized": localized}
    for name in LEGACY_LOCALES:
        result[name] = next((item["value"] for item in localized if item["locale"] == name), None)
    return result


def additional_from_backend(additional: Any, default_locale: str | None) -> Any:
    """`additional` with a locale-map `defaultLabel` in the `{localized, en_US, …}` shape."""
    if not isinstance(additional, dict) or not is_locale_map(additional.get("defaultLabel")):
        return additional
    return {**additional, "defaultLabel": label_from_map(additional["defaultLabel"], default_locale)}
