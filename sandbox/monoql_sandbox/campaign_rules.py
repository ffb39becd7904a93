"""Campaign validation, merge-on-update and per-caller views (docs/services.md §2)."""

import copy
import re
from typing import Any

from monoql_sandbox.accounts import ALL_CARDS, ALL_LINKED
from monoql_sandbox.auth import Caller
from monoql_sandbox.clock import parse_iso
from monoql_sandbox.envelope import bad

STATUSES = ("DRAFT", "PREVIEW", "OPEN", "CLOSED", "INACTIVE")
MERGED = ("date", "options", "domain", "artist", "tour", "image", "slack", "faqs", "style")
SITE = re.compile(r"^[a-z0-9-]{1,63}$")
IDENTIFIERS = ("memberId", "globalUserId", "email")
ATTRIBUTES = ("card_citi", "card_amex", "card_capitalone")
LOCKED_KEYS = (
    "id",
    "type",
    "subType",
    "status",
    "name",
    "artist",
    "tour",
    "domain",
    "referenceTimezone",
    "date",
    "image",
    "style",
    "locales",
    "currentLocale",
    "schema",
)


def _schema_error(field: str, message: str):
    return bad("INVALID_CAMPAIGN_SCHEMA", message, field=field)


def _check_enum(value: object, allowed: tuple[Any, ...] | list[Any], field: str) -> None:
    if value is not None and value not in allowed:
        raise _schema_error(field, f"{field} must be one of {', '.join(map(str, allowed))}.")


def _check_options(options: object) -> None:
    if options is None:
        return
    if not isinstance(options, dict):
        raise _schema_error("options", "options must be an object.")
    gate = options.get("gate") or {}
    if not isinstance(gate, dict):
        raise _schema_error("options.gate", "gate must be an object.")
    _check_enum(gate.get("card"), ALL_CARDS, "options.gate.card")
    _check_enum(gate.get("inviteOnly"), (*IDENTIFIERS, True, False), "options.gate.inviteOnly")
    _check_enum(gate.get("linkedAccount"), ALL_LINKED, "options.gate.linkedAccount")
    _check_enum(gate.get("idv"), ("asu",), "options.gate.idv")
    for attr in options.get("linkableAttributes") or []:
        _check_enum(attr, ATTRIBUTES, "options.linkableAttributes")
    for flag in ("requirePassword", "allowIntlPhones", "promptConfirmPhone"):
        if options.get(flag) is not None and not isinstance(options[flag], bool):
            raise _schema_error(f"options.{flag}", f"{flag} must be a boolean.")


def _check_dates(doc: dict[str, Any]) -> None:
    dates = doc.get("date") or {}
    opening, closing = parse_iso(dates.get("open")), parse_iso(dates.get("close"))
    if opening and closing and opening >= closing:
        raise _schema_error("date.open", "date.open must be before date.close.")
    if doc.get("categoryId") is not None:
        start, end = dates.get("presaleWindowStart"), dates.get("presaleWindowEnd")
        if not start or not end:
            raise bad(
                "MISSING_PRESALE_WINDOW_DATE",
                "Both presale window dates are required.",
                field="date.presaleWindowStart" if not start else "date.presaleWindowEnd",
            )
        start_at, end_at = parse_iso(start), parse_iso(end)
        if start_at is not None and end_at is not None and start_at >= end_at:
            raise bad(
                "INVALID_PRESALE_WINDOW_DATE_ORDER",
                "The presale window must start before it ends.",
                field="date.presaleWindowStart",
            )


def validate(doc: dict[str, Any]) -> None:
    """400 INVALID_CAMPAIGN_SCHEMA (with field) and the presale-window codes."""
    if not isinstance(doc.get("name"), str) or not doc["name"].strip():
        raise _schema_error("name", "name is required.")
    _check_enum(doc.get("type"), ("registration", "fanlist"), "type")
    _check_enum(doc.get("identifier"), IDENTIFIERS, "identifier")
    _check_enum(doc.get("scoring"), ("raw", "xnum"), "scoring")
    domain = doc.get("domain") or {}
    site = domain.get("site") if isinstance(domain, dict) else None
    if doc.get("type") == "registration" and not site:
        raise _schema_error("domain.site", "Registration campaigns need domain.site.")
    if site is not None and (not isinstance(site, str) or not SITE.match(site)):
        raise _schema_error("domain.site", "domain.site must be 1..63 lowercase letters, digits or hyphens.")
    _check_options(doc.get("options"))
    locales = doc.get("locales") or []
    if not isinstance(locales, list) or any(not isinstance(lo, dict) or not lo.get("id") for lo in locales):
        raise _schema_error("locales", "locales must be a list of {id, is_default}.")
    if sum(1 for lo in locales if lo.get("is_default")) > 1:
        raise _schema_error("locales", "At most one locale may be the default.")
    _check_dates(doc)


def check_status(body: dict[str, Any]) -> None:
    """An explicit status must be one of the five (docs/services.md §2); `null` is no explicit status,
    and like `null` for any key of an update it asks for no value of its own: the status stays as it is."""
    if body.get("status") is not None and body["status"] not in STATUSES:
        raise bad("INVALID_CAMPAIGN_STATUS_CHANGE", "Unknown campaign status.", field="status")


def merge(stored: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The stored document with an update body merged in (3.3 merge rule)."""
    doc = copy.deepcopy(stored)
    for key, value in body.items():
        if key in ("id", "status"):
            continue
        if (key in MERGED and isinstance(value, dict) and isinstance(doc.get(key), dict)) or (
            key == "content" and isinstance(value, dict) and isinstance(doc.get(key), dict)
        ):
            _merge_keys(doc[key], value)
        elif value is None:
            doc.pop(key, None)
        else:
            doc[key] = copy.deepcopy(value)
    return doc


def _merge_keys(target: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = copy.deepcopy(value)


def pick_locale(locales: list[Any], wanted: str | None) -> str | None:
    """currentLocale: exact match, same language, default, first (docs/services.md §2)."""
    ids: list[str] = [str(lo["id"]) for lo in locales if isinstance(lo, dict) and lo.get("id")]
    if wanted:
        low = wanted.lower()
        for lid in ids:
            if lid.lower() == low:
                return lid
        lang = low.split("-")[0]
        for lid in ids:
            if lid.lower().split("-")[0] == lang:
                return lid
    for lo in locales:
        if isinstance(lo, dict) and lo.get("is_default"):
            return str(lo["id"])
    return ids[0] if ids else None


def present(
    campaign: dict[str, Any], who: Caller | None, locale: str | None, show_all: bool
) -> dict[str, Any]:
    """The campaign as answered to ``who``: current locale, content filter, password hidden."""
    doc = copy.deepcopy(campaign)
    current_locale = pick_locale(doc.get("locales") or [], locale)
    doc["currentLocale"] = current_locale
    content = doc.get("content")
    if not show_all and isinstance(content, dict):
        doc["content"] = {current_locale: content[current_locale]} if current_locale in content else {}
    if not (who and who.may(doc["id"], "VIEW", "EDIT")) and isinstance(doc.get("options"), dict):
        doc["options"].pop("passwordValue", None)
    return doc


def locked_view(doc: dict[str, Any]) -> dict[str, Any]:
    view = {key: doc.get(key) for key in LOCKED_KEYS}
    view["options"] = {"requirePassword": True}
    view["locked"] = True
    return view
