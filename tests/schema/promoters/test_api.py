"""Promoters listed, created, updated and deleted through the campaigns backend (docs/normalisation.md §9)."""

from __future__ import annotations

import responses

from tests.support.backends import calls, json_of, url, wrapped
from tests.support.campaigns import errors_of, gql
from tests.support.tokens import SUPREME


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
