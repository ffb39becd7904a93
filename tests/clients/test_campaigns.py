"""campaigns client: answers of the wrong shape and path parameters (its calls are in `tables/campaigns.py`)."""

from __future__ import annotations

from typing import Any

import pytest

from monoql.clients import Clients
from monoql.clients.paging import Page
from monoql.errors import BadResponse, BadUserInput
from tests.clients.tables.campaigns import CID


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
    with pytest.raises(BadUserInput) as info:
        Clients(settings, call).campaigns.get_market(CID, bad)
    assert info.value.reason == "INVALID_ID"
    assert len(mocked.calls) == 0
