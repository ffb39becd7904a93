"""campaigns client: every method's request and answer (backends.md 3)."""

from __future__ import annotations

from typing import Any

import pytest

from monoql.clients import Clients
from monoql.clients.paging import Page
from monoql.errors import BadResponse, Forbidden, NotFound

CID = "64b7f0c2a1e4d3b2c1a0aa01"
MID = "64b7f0c2a1e4d3b2c1a0bb01"
CAMPAIGN = {"id": CID, "name": "Nova Lane"}
MARKET = {"id": MID, "campaign_id": CID, "name": "New York"}
PAGINATION = {"pagination": {"page": 1, "pageSize": 20, "total": 41}}
P = "/campaigns"

CASES: list[dict[str, Any]] = [
    {
        "method": "get_campaign",
        "args": (CID, "en-US", True),
        "http": "GET",
        "path": f"{P}/campaigns/{CID}",
        "query": [("locale", "en-US"), ("showAllLocales", "true")],
        "answer": CAMPAIGN,
    },
    {
        "id": "get_campaign-bare-args",
        "method": "get_campaign",
        "args": (CID,),
        "http": "GET",
        "path": f"{P}/campaigns/{CID}",
        "answer": CAMPAIGN,
    },
    {
        "method": "get_campaign_by_domain",
        "args": ("nova-lane", "fr-CA", False, "s3cret"),
        "http": "GET",
        "path": f"{P}/campaigns",
        "query": [
            ("domain", "nova-lane"),
            ("locale", "fr-CA"),
            ("showAllLocales", "false"),
            ("password", "s3cret"),
        ],
        "answer": CAMPAIGN,
    },
    {
        "method": "list_campaigns",
        "kwargs": {
            "q": "nova",
            "type": "registration",
            "version": "2",
            "artist_id": "a1",
            "sort_by": "name",
            "sort_direction": "asc",
            "page": 1,
            "page_size": 20,
        },
        "http": "GET",
        "path": f"{P}/campaigns/list",
        "query": [
            ("q", "nova"),
            ("type", "registration"),
            ("version", "2"),
            ("artistId", "a1"),
            ("sortBy", "name"),
            ("sortDirection", "asc"),
            ("page", "1"),
            ("pageSize", "20"),
        ],
        "answer": [CAMPAIGN],
        "meta": PAGINATION,
        "page": True,
    },
    {
        "id": "list_campaigns-no-filters",
        "method": "list_campaigns",
        "http": "GET",
        "path": f"{P}/campaigns/list",
        "answer": [],
        "meta": PAGINATION,
        "page": True,
    },
    {
        "method": "list_category_ids",
        "args": ("2030-01-01T00:00:00.000Z", "2030-02-01T00:00:00.000Z"),
        "http": "GET",
        "path": f"{P}/campaigns/categoryIds",
        "query": [
            ("presaleQueryStartDate", "2030-01-01T00:00:00.000Z"),
            ("presaleQueryEndDate", "2030-02-01T00:00:00.000Z"),
        ],
        "answer": ["10001", "10002"],
    },
    {
        "method": "create_campaign",
        "args": ({"name": "Nova Lane"},),
        "http": "POST",
        "path": f"{P}/campaigns",
        "json": {"name": "Nova Lane"},
        "answer": CAMPAIGN,
    },
    {
        "method": "update_campaign",
        "args": (CID, {"name": "New"}),
        "http": "POST",
        "path": f"{P}/campaigns/{CID}",
        "json": {"name": "New"},
        "answer": CAMPAIGN,
    },
    {
        "method": "list_markets",
        "args": (CID,),
        "http": "GET",
        "path": f"{P}/campaigns/{CID}/markets",
        "answer": [MARKET],
    },
    {
        "method": "get_market",
        "args": (CID, MID),
        "http": "GET",
        "path": f"{P}/campaigns/{CID}/markets/{MID}",
        "answer": MARKET,
    },
    {
        "method": "create_market",
        "args": (CID, {"name": "New York"}),
        "http": "POST",
        "path": f"{P}/campaigns/{CID}/markets",
        "json": {"name": "New York"},
        "answer": MARKET,
    },
    {
        "method": "update_market",
        "args": (CID, MID, {"city": "NYC"}),
        "http": "POST",
        "path": f"{P}/campaigns/{CID}/markets/{MID}",
        "json": {"city": "NYC"},
        "answer": MARKET,
    },
    {
        "method": "delete_market",
        "args": (CID, MID),
        "http": "DELETE",
        "path": f"{P}/campaigns/{CID}/markets/{MID}",
        "answer": {"id": MID, "deleted": True},
    },
    {
        "method": "clone_markets",
        "args": ("to-campaign", CID),
        "http": "POST",
        "path": f"{P}/campaigns/to-campaign/markets/clones",
        "json": {"fromCampaignId": CID},
        "answer": [MARKET],
    },
    {
        "method": "list_contacts",
        "args": (CID,),
        "http": "GET",
        "path": f"{P}/campaigns/{CID}/contacts",
        "answer": [{"id": "k1", "name": "Kim"}],
    },
    {
        "method": "save_contacts",
        "args": (CID, [{"name": "Kim"}]),
        "http": "POST",
        "path": f"{P}/campaigns/{CID}/contacts",
        "json": {"contacts": [{"name": "Kim"}]},
        "answer": ["k1"],
    },
    {
        "method": "search_contacts",
        "args": ("kim", 0, 10),
        "http": "GET",
        "path": f"{P}/contacts",
        "query": [("q", "kim"), ("page", "0"), ("pageSize", "10")],
        "answer": [{"id": "k1"}],
        "meta": PAGINATION,
        "page": True,
    },
    {
        "method": "search_artists",
        "args": ("nova", 2, 5),
        "http": "GET",
        "path": f"{P}/artists",
        "query": [("q", "nova"), ("page", "2"), ("pageSize", "5")],
        "answer": [{"id": "a1", "name": "Nova"}],
        "meta": PAGINATION,
        "page": True,
    },
    {
        "method": "search_venues",
        "args": ("hall", 0, 10),
        "http": "GET",
        "path": f"{P}/venues",
        "query": [("q", "hall"), ("page", "0"), ("pageSize", "10")],
        "answer": [{"id": "v1"}],
        "meta": PAGINATION,
        "page": True,
    },
    {"method": "list_promoters", "http": "GET", "path": f"{P}/promoters", "answer": [{"id": "p1"}]},
    {
        "method": "create_promoter",
        "args": ({"name": "Live"},),
        "http": "POST",
        "path": f"{P}/promoters",
        "json": {"name": "Live"},
        "answer": {"id": "p1", "name": "Live"},
    },
    {
        "method": "update_promoter",
        "args": ("p1", {"name": "Live 2"}),
        "http": "POST",
        "path": f"{P}/promoters/p1",
        "json": {"name": "Live 2"},
        "answer": {"id": "p1", "name": "Live 2"},
    },
    {
        "method": "delete_promoter",
        "args": ("p1",),
        "http": "DELETE",
        "path": f"{P}/promoters/p1",
        "answer": {"id": "p1", "deleted": True},
    },
]
for _case in CASES:
    _case["client"] = "campaigns"
IDS = [case.get("id", case["method"]) for case in CASES]


@pytest.mark.parametrize("form", ["wrapped", "bare"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_calls(case: dict[str, Any], form: str, verify: Any) -> None:
    verify(case, form=form)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_anonymous_calls_send_no_authorization(case: dict[str, Any], verify: Any) -> None:
    verify(case, jwt=None)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_errors_are_translated(case: dict[str, Any], fail: Any) -> None:
    err = fail(case, 403)
    assert isinstance(err, Forbidden)
    assert (err.service, err.status, err.reason) == ("campaigns", 403, "SOME_REASON")


def test_campaign_not_found(fail: Any) -> None:
    err = fail(CASES[0], 404)
    assert isinstance(err, NotFound)


def test_page_without_pagination_meta(mocked: Any, settings: Any, call: Any, wire: Any) -> None:
    mocked.add("GET", wire.base + "/campaigns/artists", json={"data": [{"id": "a1"}]})
    page = Clients(settings, call).campaigns.search_artists("a", 0, 10)
    assert page == Page([{"id": "a1"}], None)
    assert page.items == [{"id": "a1"}]


def test_list_answer_of_the_wrong_shape(mocked: Any, settings: Any, call: Any, wire: Any) -> None:
    mocked.add("GET", wire.base + "/campaigns/campaigns/list", json={"data": {"not": "a list"}})
    with pytest.raises(BadResponse) as info:
        Clients(settings, call).campaigns.list_campaigns()
    assert info.value.code == "UPSTREAM_ERROR"
    assert info.value.reason == "BAD_RESPONSE"


def test_object_answer_of_the_wrong_shape(mocked: Any, settings: Any, call: Any, wire: Any) -> None:
    mocked.add("GET", wire.base + f"/campaigns/campaigns/{CID}", json={"data": ["not", "an", "object"]})
    with pytest.raises(BadResponse):
        Clients(settings, call).campaigns.get_campaign(CID)


def test_path_parameters_are_encoded_as_one_segment(mocked: Any, settings: Any, call: Any, wire: Any) -> None:
    mocked.add("GET", wire.base + "/campaigns/campaigns/a%2Fb%3Fc/markets", json={"data": []})
    Clients(settings, call).campaigns.list_markets("a/b?c")
    assert mocked.calls[0].request.url.endswith("/campaigns/campaigns/a%2Fb%3Fc/markets")


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_path_parameters_that_would_change_the_route_are_refused(
    bad: str, mocked: Any, settings: Any, call: Any
) -> None:
    from monoql.errors import BadUserInput

    with pytest.raises(BadUserInput) as info:
        Clients(settings, call).campaigns.get_market(CID, bad)
    assert info.value.reason == "INVALID_ID"
    assert len(mocked.calls) == 0
