"""Directory search: artists, venues and contacts (docs/normalisation.md §9, docs/entries.md §3)."""

from __future__ import annotations

import pytest
import responses

from tests.support.backends import calls, url, wrapped
from tests.support.campaigns import errors_of, gql
from tests.support.tokens import SUPREME

VENUE = {
    "id": "v1",
    "discovery_id": "KovZ1",
    "name": "Harbour Hall",
    "image_url": None,
    "needs_id": False,
    "locale": "en-us",
    "city": "Boston",
    "state": "MA",
    "country": "US",
    "zip": "02110",
    "timezone": "America/New_York",
    "point": {"type": "Point", "coordinates": [-71.0621, 42.3662]},
}


@pytest.mark.parametrize(
    ("field", "path", "size"),
    [("searchArtists", "/artists", 20), ("searchVenues", "/venues", 20), ("searchContacts", "/contacts", 10)],
)
@responses.activate
def test_search_defaults(field: str, path: str, size: int) -> None:
    responses.get(url("campaigns", path), json=wrapped([], {"page": 0, "pageSize": size, "total": 0}))
    selection = "" if field == "searchContacts" else " { id }"
    body = gql("{ " + field + '(query: "nova")' + selection + " }", jwt=SUPREME)
    assert body == {"data": {field: []}}
    assert calls(responses) == [
        ("GET", "/campaigns" + path, {"q": "nova", "page": "0", "pageSize": str(size)})
    ]


@responses.activate
def test_search_paging_and_explicit_null_limit_uses_the_default() -> None:
    artists = [{"id": f"a{i}", "name": f"A{i}"} for i in range(12)]
    responses.get(url("campaigns", "/artists"), json=wrapped(artists))
    responses.get(url("campaigns", "/artists"), json=wrapped([{"id": "x", "name": "X"}]))
    body = gql(
        '{ searchArtists(query: "a", skip: 5, limit: 7) { id name discovery_id needs_id } }', jwt=SUPREME
    )
    assert [a["id"] for a in body["data"]["searchArtists"]] == [f"a{i}" for i in range(5, 12)]
    gql('{ searchArtists(query: "a", limit: null, skip: null) { id } }', jwt=SUPREME)
    assert [q for _, _, q in calls(responses)] == [
        {"q": "a", "page": "0", "pageSize": "12"},
        {"q": "a", "page": "0", "pageSize": "20"},
    ]


@responses.activate
def test_search_checks_paging_and_session() -> None:
    body = gql(
        '{ searchVenues(query: "a", limit: 5000) { id } searchContacts(query: "a", limit: 0) }', jwt=SUPREME
    )
    assert body["data"] == {"searchVenues": None, "searchContacts": []}
    assert errors_of(body) == [
        {"code": "BAD_USER_INPUT", "reason": "INVALID_PAGINATION", "path": ["searchVenues"]}
    ]
    anonymous = gql('{ searchArtists(query: "a") { id } }')
    assert errors_of(anonymous) == [
        {"code": "UNAUTHENTICATED", "reason": "NOT_LOGGED_IN", "path": ["searchArtists"]}
    ]
    assert len(responses.calls) == 0


@responses.activate
def test_venue_points_become_latitude_and_longitude() -> None:
    responses.get(url("campaigns", "/venues"), json=wrapped([VENUE]))
    body = gql(
        '{ searchVenues(query: "harbour") { id discovery_id name locale city state country zip timezone'
        " point { latitude longitude } } }",
        jwt=SUPREME,
    )
    assert body["data"]["searchVenues"] == [
        {
            "id": "v1",
            "discovery_id": "KovZ1",
            "name": "Harbour Hall",
            "locale": "en-us",
            "city": "Boston",
            "state": "MA",
            "country": "US",
            "zip": "02110",
            "timezone": "America/New_York",
            "point": {"latitude": 42.3662, "longitude": -71.0621},
        }
    ]


@responses.activate
def test_contacts_search_returns_directory_objects_unchanged() -> None:
    contact = {"id": "k1", "name": "Kim", "email": "kim@example.com", "phone": None, "role": "ops"}
    responses.get(url("campaigns", "/contacts"), json=wrapped([contact]))
    assert gql('{ searchContacts(query: "kim") }', jwt=SUPREME) == {"data": {"searchContacts": [contact]}}
