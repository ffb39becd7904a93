"""Reading a users profile (docs/services.md §1) into the profile fields of `Viewer` (docs/caller.md §5)."""

from __future__ import annotations

from typing import Any

PROFILE_FIELDS = frozenset(
    {"firstName", "lastName", "email", "zip", "phone", "phones", "currentPhone", "doNotSell"}
)


def _first(*values: Any) -> Any:
    return next((value for value in values if value is not None), None)


def _nested(doc: dict[str, Any], key: str, inner: str) -> Any:
    value = doc.get(key)
    return value.get(inner) if isinstance(value, dict) else None


def _current(doc: dict[str, Any], key: str) -> Any:
    value = doc.get(key)
    if isinstance(value, str):
        return value
    return value.get("current") if isinstance(value, dict) else None


def phone_records(doc: dict[str, Any]) -> list[dict[str, Any]]:
    phone = doc.get("phone")
    records = phone.get("list") if isinstance(phone, dict) else doc.get("phoneList")
    return [record for record in records if isinstance(record, dict)] if isinstance(records, list) else []


def mask_phone(number: str) -> str:
    """Every digit but the last four replaced by `*`; other characters (a leading `+`) kept."""
    digits = sum(char.isdigit() for char in number)
    hide = max(0, digits - 4)
    masked: list[str] = []
    for char in number:
        if char.isdigit() and hide > 0:
            masked.append("*")
            hide -= 1
        else:
            masked.append(char)
    return "".join(masked)


def _date_confirmed(record: dict[str, Any]) -> bool:
    date = record.get("date")
    return isinstance(date, dict) and date.get("confirmed") is not None


def profile_value(doc: Any, field: str) -> Any:
    """The value of one `Viewer` profile field read from a users profile document."""
    if not isinstance(doc, dict):
        return None
    if field == "firstName":
        return _first(doc.get("firstName"), _nested(doc, "name", "first"))
    if field == "lastName":
        return _first(doc.get("lastName"), _nested(doc, "name", "last"))
    if field in ("email", "phone"):
        return _current(doc, field)
    if field == "zip":
        return _first(doc.get("zip"), doc.get("postal_code"))
    if field == "doNotSell":
        return bool(doc.get("doNotSell", False))
    if field == "phones":
        return [
            {"account": record.get("account"), "is_confirmed": _date_confirmed(record)}
            for record in phone_records(doc)
        ]
    if field == "currentPhone":
        return current_phone(doc)
    raise KeyError(field)


def current_phone(doc: dict[str, Any]) -> dict[str, Any] | None:
    number = _current(doc, "phone")
    if not isinstance(number, str) or not number:
        return None
    record = next((r for r in phone_records(doc) if r.get("account") == number), {})
    return {"masked": mask_phone(number), "country": record.get("country"), "type": record.get("type")}
