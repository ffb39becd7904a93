"""Reading users profiles (docs/services.md §1) into `Viewer` profile fields (docs/caller.md §5)."""

from __future__ import annotations

from typing import Any

import pytest

from monoql.schema.viewer.normalize import mask_phone, profile_value
from monoql.schema.viewer.queries import permissions_of

FLAT: dict[str, Any] = {
    "id": "u1",
    "firstName": "Sam",
    "lastName": "Sample",
    "name": {"first": "Other", "last": "Name"},
    "email": "sam@example.com",
    "phone": "+15555550123",
    "zip": "10001",
    "doNotSell": True,
    "phoneList": [
        {"account": "+15555550100", "country": "CA", "type": "landline", "date": {"added": 1}},
        {"account": "+15555550123", "country": "US", "type": "mobile", "date": {"added": 1, "confirmed": 2}},
    ],
}

NESTED: dict[str, Any] = {
    "_id": "u1",
    "name": {"first": "Nes", "last": "Ted"},
    "email": {"current": "n@example.com", "list": []},
    "phone": {"current": "+441234567890", "list": [{"account": "+441234567890", "date": {}}]},
    "postal_code": "SW1",
}


def test_flat_document() -> None:
    assert profile_value(FLAT, "firstName") == "Sam"
    assert profile_value(FLAT, "lastName") == "Sample"
    assert profile_value(FLAT, "email") == "sam@example.com"
    assert profile_value(FLAT, "phone") == "+15555550123"
    assert profile_value(FLAT, "zip") == "10001"
    assert profile_value(FLAT, "doNotSell") is True
    assert profile_value(FLAT, "phones") == [
        {"account": "+15555550100", "is_confirmed": False},
        {"account": "+15555550123", "is_confirmed": True},
    ]
    assert profile_value(FLAT, "currentPhone") == {
        "masked": "+*******0123",
        "country": "US",
        "type": "mobile",
    }


def test_nested_document() -> None:
    assert profile_value(NESTED, "firstName") == "Nes"
    assert profile_value(NESTED, "lastName") == "Ted"
    assert profile_value(NESTED, "email") == "n@example.com"
    assert profile_value(NESTED, "phone") == "+441234567890"
    assert profile_value(NESTED, "zip") == "SW1"
    assert profile_value(NESTED, "doNotSell") is False
    assert profile_value(NESTED, "phones") == [{"account": "+441234567890", "is_confirmed": False}]
    assert profile_value(NESTED, "currentPhone") == {"masked": "+********7890", "country": None, "type": None}


def test_empty_profile() -> None:
    empty = {"id": "u2"}
    assert [profile_value(empty, f) for f in ("firstName", "email", "phone", "zip", "currentPhone")] == [
        None
    ] * 5
    assert profile_value(empty, "phones") == []
    assert profile_value(empty, "doNotSell") is False


@pytest.mark.parametrize(
    ("number", "masked"), [("+15555550123", "+*******0123"), ("0123", "0123"), ("555-0199", "***-0199")]
)
def test_mask_phone(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


def test_permissions_ordered_by_campaign_id() -> None:
    claims = {"permissions": {"b": ["VIEW"], "a": ["EDIT", "REPORT"]}}
    assert permissions_of(claims) == [
        {"campaignId": "a", "actions": ["EDIT", "REPORT"]},
        {"campaignId": "b", "actions": ["VIEW"]},
    ]
    assert permissions_of({}) == []
