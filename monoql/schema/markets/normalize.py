"""Markets both ways (docs/normalisation.md §8): `MarketInput` → body, backend market → `Market`."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from monoql.errors import BadUserInput


class MarketWrite(NamedTuple):
    """What an `upsertMarket` input asks for: the path ids (market None to create) and the body."""

    campaign_id: str
    market_id: str | None
    body: dict[str, Any]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def point_to_backend(point: Any) -> Any:
    """`{latitude, longitude}` → GeoJSON-like `{type: Point, coordinates: [latitude, longitude]}`."""
    if point is None:
        return None
    latitude = point.get("latitude") if isinstance(point, dict) else None
    longitude = point.get("longitude") if isinstance(point, dict) else None
    if not (_is_number(latitude) and _is_number(longitude)):
        raise BadUserInput(
            "A market point needs both a latitude and a longitude.", reason="INVALID_GEO_POINT", field="point"
        )
    return {"type": "Point", "coordinates": [latitude, longitude]}


def market_body(data: dict[str, Any]) -> MarketWrite:
    """Split a plain `MarketInput`: every given field except `id` and `campaignId` goes in the body."""
    body = {key: value for key, value in data.items() if key not in ("id", "campaignId")}
    if "point" in body:
        body["point"] = point_to_backend(body["point"])
    market_id = data.get("id")
    return MarketWrite(str(data["campaignId"]), str(market_id) if market_id not in (None, "") else None, body)


def _coordinates(point: Any) -> list[Any] | None:
    coordinates = point.get("coordinates") if isinstance(point, dict) else None
    if isinstance(coordinates, list | tuple) and len(coordinates) >= 2:
        return list(coordinates)
    return None


def market_point(point: Any) -> dict[str, Any] | None:
    """Stored market point `[latitude, longitude]` → `GeoPoint`; anything else → null."""
    coordinates = _coordinates(point)
    return {"latitude": coordinates[0], "longitude": coordinates[1]} if coordinates else None


def venue_point(point: Any) -> dict[str, Any] | None:
    """Discovery venue point (GeoJSON `[longitude, latitude]`) → `GeoPoint`; anything else → null."""
    coordinates = _coordinates(point)
    return {"latitude": coordinates[1], "longitude": coordinates[0]} if coordinates else None


def normalize_market(doc: Any) -> dict[str, Any] | None:
    """Backend market → `Market` parent: `id` from `id` or `_id`, point as `{latitude, longitude}`."""
    if not isinstance(doc, dict):
        return None
    result = dict(doc)
    result["id"] = doc.get("id") if doc.get("id") is not None else doc.get("_id")
    result["point"] = market_point(doc.get("point"))
    return result


def normalize_markets(docs: Any) -> list[dict[str, Any] | None]:
    """A backend market list (anything else reads as empty), in backend order."""
    return [normalize_market(doc) for doc in docs] if isinstance(docs, list) else []
