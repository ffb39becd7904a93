"""Directory search, promoters, identity and ppc (docs/normalisation.md §9, docs/identity.md, docs/entries.md §3)."""

from __future__ import annotations

import pytest
import responses

from tests.support.backends import calls, json_of, url, wrapped
from tests.support.campaigns import errors_of, gql
from tests.support.gateway import gateway_settings
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


@responses.activate
def test_promoters_list_create_update_delete() -> None:
    promoter = {
        "id": "p1",
        "name": "Live Co",
        "privacyUrls": [{"locale": "en_US", "url": "https://p/en", "is_default": True}],
        "date": {"created": "2030-01-01T00:00:00.000Z", "updated": None},
    }
    responses.get(url("campaigns", "/promoters"), json=wrapped([promoter]))
    responses.post(url("campaigns", "/promoters"), json=wrapped(promoter), status=201)
    responses.post(url("campaigns", "/promoters/p1"), json=wrapped({**promoter, "name": "Live Co 2"}))
    responses.delete(url("campaigns", "/promoters/p1"), json=wrapped({"id": "p1", "deleted": True}))
    selection = "{ id name privacyUrls { locale url is_default } date { created updated } }"
    listed = gql("{ promoters " + selection + " }", jwt=SUPREME)
    assert listed == {"data": {"promoters": [promoter]}}
    upsert = "mutation($p: PromoterInput!) { upsertPromoter(promoter: $p) " + selection + " }"
    urls = [{"locale": "en_US", "url": "https://p/en", "is_default": True}]
    created = gql(upsert, {"p": {"name": "Live Co", "privacyUrls": urls}}, jwt=SUPREME)
    assert created["data"]["upsertPromoter"]["id"] == "p1"
    updated = gql(upsert, {"p": {"id": "p1", "name": "Live Co 2"}}, jwt=SUPREME)
    assert updated["data"]["upsertPromoter"]["name"] == "Live Co 2"
    deleted = gql('mutation { deletePromoter(promoterId: "p1") }', jwt=SUPREME)
    assert deleted == {"data": {"deletePromoter": {"id": "p1", "deleted": True}}}
    assert [(m, p) for m, p, _ in calls(responses)] == [
        ("GET", "/campaigns/promoters"),
        ("POST", "/campaigns/promoters"),
        ("POST", "/campaigns/promoters/p1"),
        ("DELETE", "/campaigns/promoters/p1"),
    ]
    assert json_of(responses.calls[1]) == {"name": "Live Co", "privacyUrls": urls}
    assert json_of(responses.calls[2]) == {"name": "Live Co 2"}


@responses.activate
def test_promoter_failures_are_coded() -> None:
    responses.post(
        url("campaigns", "/promoters"),
        status=403,
        json={"error": {"status": 403, "code": "SUPREME_USER_REQUIRED", "message": "No."}},
    )
    body = gql('mutation { upsertPromoter(promoter: {name: "X"}) { id } }', jwt=SUPREME)
    assert errors_of(body) == [
        {"code": "FORBIDDEN", "reason": "SUPREME_USER_REQUIRED", "path": ["upsertPromoter"]}
    ]


@pytest.mark.parametrize(
    ("host", "url_"),
    [
        ("registration.ticketmaster.com", "https://identity.ticketmaster.com"),
        ("verifiedfan.ticketmaster.ca", "https://identity.ticketmaster.ca"),
        ("verifiedfan.livenation.com", "https://identity.livenation.com"),
        ("localhost:8080", "https://identity.ticketmaster.com"),
        ("fake-ticketmaster.com", "https://identity.ticketmaster.com"),
    ],
)
@responses.activate
def test_identity_by_request_host(host: str, url_: str) -> None:
    body = gql("{ identity { url version integratorId placementId } }", headers={"Host": host})
    assert body == {
        "data": {
            "identity": {
                "url": url_,
                "version": "2",
                "integratorId": "prd1541.verifiedFan",
                "placementId": "verifiedFan",
            }
        }
    }
    assert len(responses.calls) == 0


def test_identity_uses_the_forwarded_host_only_behind_a_proxy_that_sets_it() -> None:
    # The client prepended its own value; the proxy in front appended the host it was asked for.
    headers = {"Host": "verifiedfan.livenation.com",
               "X-Forwarded-Host": "evil.example, verifiedfan.ticketmaster.ca"}
    trusting = gateway_settings(proxy={"trust": True, "trustForwardedHost": True})
    body = gql("{ identity { url } }", headers=headers, settings=trusting)
    assert body == {"data": {"identity": {"url": "https://identity.ticketmaster.ca"}}}
    behind_the_alb = gateway_settings(proxy={"trust": True})
    body = gql("{ identity { url } }", headers=headers, settings=behind_the_alb)
    assert body == {"data": {"identity": {"url": "https://identity.livenation.com"}}}


def test_ppc_from_settings() -> None:
    settings = gateway_settings(
        ppc={"url": "https://ppc.example/widget.js", "id": "client-1", "token": "tok"}
    )
    assert gql("{ ppc { url id token } }", settings=settings) == {
        "data": {"ppc": {"url": "https://ppc.example/widget.js", "id": "client-1", "token": "tok"}}
    }
    assert gql("{ ppc { url id token } }") == {"data": {"ppc": {"url": None, "id": None, "token": None}}}
