"""`Campaigns.list` and `categoryIds`: paging, sorting, filters and batching (docs/entries.md §3, docs/backends.md §5)."""

from __future__ import annotations

from typing import Any

import pytest
import responses
from responses import matchers

from tests.support.backends import calls, url, wrapped
from tests.support.campaigns import errors_of, gql
from tests.support.tokens import SUPREME

LIST = url("campaigns", "/campaigns/list")


def campaigns(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {"id": f"c{i}", "type": "registration", "name": f"Campaign {i}"} for i in range(start, start + count)
    ]


def page_answer(page: int, size: int, total: int = 5000) -> dict[str, Any]:
    return wrapped(campaigns(size, page * size), {"page": page, "pageSize": size, "total": total})


def list_ids(args: str) -> dict[str, Any]:
    return gql("{ viewer { campaigns { list" + args + " { id } } } }", jwt=SUPREME)


def ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["data"]["viewer"]["campaigns"]["list"]]


@pytest.mark.parametrize(
    ("args", "pages", "expected"),
    [
        ("", [(0, 10)], range(0, 10)),
        ("(limit: 100)", [(0, 100)], range(0, 100)),
        ("(skip: 20, limit: 10)", [(2, 10)], range(20, 30)),
        ("(skip: 5, limit: 7)", [(0, 12)], range(5, 12)),
        ("(skip: 15, limit: 10)", [(1, 13)], range(15, 25)),
        ("(skip: 999, limit: 2)", [(333, 3)], range(999, 1001)),
        ("(skip: 1, limit: 1000)", [(0, 1000), (1, 1000)], range(1, 1001)),
    ],
)
def test_limit_and_skip_become_pages(args: str, pages: list[tuple[int, int]], expected: range) -> None:
    with responses.RequestsMock() as rsps:
        for page, size in pages:
            # Matched on the page: the pages of one window are fetched concurrently.
            match = [matchers.query_param_matcher({"page": str(page), "pageSize": str(size)})]
            rsps.get(LIST, json=page_answer(page, size), match=match)
        body = list_ids(args)
        assert ids(body) == [f"c{i}" for i in expected]
        assert sorted((int(q["page"]), int(q["pageSize"])) for _, _, q in calls(rsps)) == pages


@pytest.mark.parametrize("args", ["(limit: -1)", "(skip: -1)", "(limit: 1001)"])
def test_invalid_pagination_makes_no_call(args: str) -> None:
    with responses.RequestsMock():
        body = list_ids(args)
    assert body["data"]["viewer"]["campaigns"] == {"list": None}
    assert errors_of(body) == [
        {"code": "BAD_USER_INPUT", "reason": "INVALID_PAGINATION", "path": ["viewer", "campaigns", "list"]}
    ]


def test_limit_zero_answers_empty_without_a_call() -> None:
    with responses.RequestsMock():
        assert ids(list_ids("(limit: 0)")) == []


def test_filters_and_sort_are_sent() -> None:
    with responses.RequestsMock() as rsps:
        rsps.get(LIST, json=page_answer(0, 10))
        list_ids('(sort: "-date.created", query: "nova", type: fanlist, artistId: "a1", version: "2")')
        rsps.get(LIST, json=page_answer(0, 10))
        list_ids('(sort: "name")')
        assert [q for _, _, q in calls(rsps)] == [
            {
                "q": "nova",
                "type": "fanlist",
                "artistId": "a1",
                "version": "2",
                "sortBy": "date.created",
                "sortDirection": "desc",
                "page": "0",
                "pageSize": "10",
            },
            {"sortBy": "name", "sortDirection": "asc", "page": "0", "pageSize": "10"},
        ]


def test_list_needs_a_session() -> None:
    with responses.RequestsMock():
        body = gql(
            '{ viewer { campaigns { list { id } categoryIds(presaleQueryStartDate: "a", presaleQueryEndDate: "b") } } }'
        )
    assert {e["reason"] for e in errors_of(body)} == {"NOT_LOGGED_IN"}
    assert len(errors_of(body)) == 2


def test_listed_campaigns_are_typed_and_normalised() -> None:
    docs = [
        {"id": "c1", "type": "fanlist", "name": "F"},
        {
            "id": "c2",
            "type": "registration",
            "locales": [{"id": "en-US", "is_default": True}],
            "content": {"en-US": {"faqs": {"q1": {"question": "Q"}}}},
        },
    ]
    with responses.RequestsMock() as rsps:
        rsps.get(LIST, json=wrapped(docs, {"page": 0, "pageSize": 10, "total": 2}))
        body = gql(
            "{ viewer { campaigns { list { __typename id ... on RegistrationCampaign { currentLocale { id }"
            " content { en_US { faqs { id question } } } } } } } }",
            jwt=SUPREME,
        )
    assert body["data"]["viewer"]["campaigns"]["list"] == [
        {"__typename": "FanlistCampaign", "id": "c1"},
        {
            "__typename": "RegistrationCampaign",
            "id": "c2",
            "currentLocale": {"id": "en_US"},
            "content": {"en_US": {"faqs": [{"id": "q1", "question": "Q"}]}},
        },
    ]


def test_markets_and_contacts_of_listed_campaigns_are_read_once_per_campaign() -> None:
    docs = [{"id": cid, "type": "registration"} for cid in ("c1", "c2", "c1", "c3")]
    with responses.RequestsMock() as rsps:
        rsps.get(LIST, json=wrapped(docs, {"page": 0, "pageSize": 10, "total": 4}))
        for cid in ("c1", "c2", "c3"):
            rsps.get(url("campaigns", f"/campaigns/{cid}/markets"), json=wrapped([{"id": f"{cid}-m"}]))
            rsps.get(url("campaigns", f"/campaigns/{cid}/contacts"), json=wrapped([{"id": f"{cid}-k"}]))
        body = gql(
            "{ viewer { campaigns { a: list { id contacts ... on RegistrationCampaign { markets { id } } }"
            " b: list { ... on RegistrationCampaign { markets { id } } } } } }",
            jwt=SUPREME,
        )
        made = [(method, path) for method, path, _ in calls(rsps)]
    listed = body["data"]["viewer"]["campaigns"]["a"]
    assert [c["markets"] for c in listed] == [
        [{"id": "c1-m"}],
        [{"id": "c2-m"}],
        [{"id": "c1-m"}],
        [{"id": "c3-m"}],
    ]
    assert [c["contacts"] for c in listed][1] == [{"id": "c2-k"}]
    assert made.count(("GET", "/campaigns/campaigns/list")) == 1
    assert sorted(p for _, p in made if p.endswith("/markets")) == [
        f"/campaigns/campaigns/{cid}/markets" for cid in ("c1", "c2", "c3")
    ]
    assert len(made) == 7


def test_category_ids_pass_through() -> None:
    with responses.RequestsMock() as rsps:
        rsps.get(url("campaigns", "/campaigns/categoryIds"), json=wrapped(["10001", "10002"]))
        body = gql(
            '{ viewer { campaigns { categoryIds(presaleQueryStartDate: "2030-01-01", presaleQueryEndDate: "2030-02-01") } } }',
            jwt=SUPREME,
        )
        assert calls(rsps) == [
            (
                "GET",
                "/campaigns/campaigns/categoryIds",
                {"presaleQueryStartDate": "2030-01-01", "presaleQueryEndDate": "2030-02-01"},
            )
        ]
    assert body["data"]["viewer"]["campaigns"]["categoryIds"] == ["10001", "10002"]
