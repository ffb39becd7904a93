"""Market bodies and points (docs/normalisation.md §8), venue points (11.3)."""

from __future__ import annotations

from typing import Any

import pytest

from monoql.errors import BadUserInput
from monoql.schema.markets.normalize import (
    market_body,
    market_point,
    normalize_market,
    normalize_markets,
    point_to_backend,
    venue_point,
)


def test_worked_example_body() -> None:
    data = {
        "campaignId": "c1",
        "name": "Boston",
        "city": "Boston",
        "state": "MA",
        "timezone": "America/New_York",
        "point": {"latitude": 42.3662, "longitude": -71.0621},
    }
    write = market_body(data)
    assert (write.campaign_id, write.market_id) == ("c1", None)
    assert write.body == {
        "name": "Boston",
        "city": "Boston",
        "state": "MA",
        "timezone": "America/New_York",
        "point": {"type": "Point", "coordinates": [42.3662, -71.0621]},
    }


def test_update_keeps_only_given_fields_and_null_point() -> None:
    write = market_body({"id": "m1", "campaignId": "c1", "population": 5, "point": None})
    assert (write.campaign_id, write.market_id, write.body) == ("c1", "m1", {"population": 5, "point": None})


@pytest.mark.parametrize(
    "point",
    [
        {"latitude": 1.0},
        {"longitude": 1.0},
        {"latitude": None, "longitude": 2},
        {},
        {"latitude": True, "longitude": 1},
    ],
)
def test_incomplete_point_is_refused(point: dict[str, Any]) -> None:
    with pytest.raises(BadUserInput) as caught:
        point_to_backend(point)
    assert caught.value.reason == "INVALID_GEO_POINT"


def test_points_read_back() -> None:
    assert market_point({"type": "Point", "coordinates": [42.3662, -71.0621]}) == {
        "latitude": 42.3662,
        "longitude": -71.0621,
    }
    assert venue_point({"type": "Point", "coordinates": [-71.0621, 42.3662]}) == {
        "latitude": 42.3662,
        "longitude": -71.0621,
    }
    assert market_point(None) is None and market_point({"coordinates": [1]}) is None


def test_a_venue_point_saved_as_a_market_point_reads_back_the_same() -> None:
    venue = venue_point({"type": "Point", "coordinates": [-73.9934, 40.7505]})
    assert venue is not None
    assert market_point(point_to_backend(venue)) == venue


def test_normalize_market() -> None:
    assert normalize_market({"_id": "m1", "name": "NY", "point": None}) == {
        "_id": "m1",
        "id": "m1",
        "name": "NY",
        "point": None,
    }
    assert normalize_markets(None) == []
