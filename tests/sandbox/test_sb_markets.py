"""campaigns stand-in: markets, clones, promoters, contacts and directory search."""

from monoql_sandbox import seed_ids as ids

M = {
    "name": "Austin",
    "city": "Austin",
    "state": "TX",
    "timezone": "America/Chicago",
    "population": 950000,
    "point": {"type": "Point", "coordinates": [30.2672, -97.7431]},
    "event": {"splitAllocation": {"type": "sequential"}},
}


def _campaign(client, supreme, site):
    body = {"name": site, "domain": {"site": site}}
    return client.post("/campaigns/campaigns", headers=supreme, json=body).json["data"]["id"]


def test_seeded_markets(client):
    markets = client.get(f"/campaigns/campaigns/{ids.OPEN_CAMPAIGN_ID}/markets").json["data"]
    assert [m["id"] for m in markets] == ids.OPEN_CAMPAIGN_MARKET_IDS
    assert all(m["event"]["venue"]["name"] and m["point"]["type"] == "Point" for m in markets)
    one = client.get(f"/campaigns/campaigns/{ids.OPEN_CAMPAIGN_ID}/markets/{markets[0]['id']}").json["data"]
    assert one == markets[0]
    missing = client.get(f"/campaigns/campaigns/{ids.OPEN_CAMPAIGN_ID}/markets/ffffffffffffffffffffffff")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "MARKET_NOT_FOUND"
    gone = client.get("/campaigns/campaigns/ffffffffffffffffffffffff/markets")
    assert gone.json["error"]["code"] == "CAMPAIGN_NOT_FOUND"


def test_market_crud(client, supreme, manager):
    cid = _campaign(client, supreme, "mkt-crud-1")
    created = client.post(
        f"/campaigns/campaigns/{cid}/markets", headers=supreme, json={**M, "campaign_id": "x"}
    )
    assert created.status_code == 201
    market = created.json["data"]
    assert market["campaign_id"] == cid and market["point"]["coordinates"] == [30.2672, -97.7431]
    updated = client.post(
        f"/campaigns/campaigns/{cid}/markets/{market['id']}",
        headers=supreme,
        json={"population": 1, "event": None},
    )
    assert updated.json["data"]["population"] == 1 and "event" not in updated.json["data"]
    assert updated.json["data"]["name"] == "Austin"
    dup = client.post(f"/campaigns/campaigns/{cid}/markets", headers=supreme, json=M)
    assert dup.json["error"]["code"] == "MARKET_NAME_EXISTS"
    denied = client.post(f"/campaigns/campaigns/{cid}/markets", headers=manager, json=M)
    assert denied.status_code == 403 and denied.json["error"]["code"] == "INVALID_CAMPAIGN_PERMISSIONS"
    deleted = client.delete(f"/campaigns/campaigns/{cid}/markets/{market['id']}", headers=supreme)
    assert deleted.json["data"] == {"id": market["id"], "deleted": True}
    assert (
        client.delete(f"/campaigns/campaigns/{cid}/markets/{market['id']}", headers=supreme).status_code
        == 404
    )


def test_market_validation(client, supreme):
    cid = _campaign(client, supreme, "mkt-valid-1")
    for change, field in (
        ({"name": None}, "name"),
        ({"point": {"type": "Point", "coordinates": [1]}}, "point"),
        ({"population": -1}, "population"),
        ({"event": {"splitAllocation": {"type": "x"}}}, "event.splitAllocation.type"),
    ):
        body = {k: v for k, v in {**M, **change}.items() if v is not None}
        answer = client.post(f"/campaigns/campaigns/{cid}/markets", headers=supreme, json=body)
        assert answer.status_code == 400 and answer.json["error"]["code"] == "INVALID_MARKET_SCHEMA"
        assert answer.json["error"]["field"] == field


def test_clone_markets(client, supreme):
    target = _campaign(client, supreme, "mkt-clone-1")
    url = f"/campaigns/campaigns/{target}/markets/clones"
    first = client.post(url, headers=supreme, json={"fromCampaignId": ids.OPEN_CAMPAIGN_2_ID})
    assert first.status_code == 201 and len(first.json["data"]) == 5
    assert {m["campaign_id"] for m in first.json["data"]} == {target}
    assert not set(ids.OPEN_CAMPAIGN_2_MARKET_IDS) & {m["id"] for m in first.json["data"]}
    assert (
        client.post(url, headers=supreme, json={"fromCampaignId": ids.OPEN_CAMPAIGN_2_ID}).json["data"] == []
    )
    missing = client.post(url, headers=supreme, json={"fromCampaignId": "ffffffffffffffffffffffff"})
    assert missing.status_code == 404


def test_promoters(client, supreme, manager):
    assert (
        client.get("/campaigns/promoters", headers=manager).json["error"]["code"] == "SUPREME_USER_REQUIRED"
    )
    body = {
        "name": "Aaa Promoter",
        "privacyUrls": [{"locale": "en-US", "url": "https://p", "is_default": True}],
    }
    created = client.post("/campaigns/promoters", headers=supreme, json=body)
    assert created.status_code == 201
    pid = created.json["data"]["id"]
    listed = client.get("/campaigns/promoters", headers=supreme).json["data"]
    assert listed[0]["id"] == pid  # ordered by name
    renamed = client.post(f"/campaigns/promoters/{pid}", headers=supreme, json={"name": "Zed"}).json["data"]
    assert renamed["name"] == "Zed" and renamed["privacyUrls"] == body["privacyUrls"]
    bad = client.post(
        "/campaigns/promoters",
        headers=supreme,
        json={"name": "x", "privacyUrls": [{"locale": "en-US", "url": "u"}]},
    )
    assert bad.json["error"]["code"] == "INVALID_PROMOTER_SCHEMA"
    seeded = client.get(f"/campaigns/campaigns/{ids.OPEN_CAMPAIGN_ID}/markets").json["data"][0][
        "promoterIds"
    ][0]
    assert client.delete(f"/campaigns/promoters/{seeded}", headers=supreme).json["data"]["deleted"] is True
    markets = client.get(f"/campaigns/campaigns/{ids.OPEN_CAMPAIGN_ID}/markets").json["data"]
    assert all(seeded not in m["promoterIds"] for m in markets)
    assert client.delete(f"/campaigns/promoters/{seeded}", headers=supreme).json["error"]["code"] == (
        "PROMOTER_NOT_FOUND"
    )


def test_campaign_contacts(client, supreme, manager, fan):
    cid = ids.OPEN_CAMPAIGN_ID
    assert client.get(f"/campaigns/campaigns/{cid}/contacts", headers=manager).status_code == 200
    assert client.get(f"/campaigns/campaigns/{cid}/contacts", headers=fan).status_code == 403
    saved = client.post(
        f"/campaigns/campaigns/{cid}/contacts",
        headers=supreme,
        json={"contacts": [{"name": "A"}, {"id": "keep", "name": "B"}]},
    ).json["data"]
    assert len(saved) == 2 and saved[1] == "keep"
    listed = client.get(f"/campaigns/campaigns/{cid}/contacts", headers=supreme).json["data"]
    assert [c["name"] for c in listed] == ["A", "B"]
    bad = client.post(f"/campaigns/campaigns/{cid}/contacts", headers=supreme, json={"contacts": ["x"]})
    assert bad.json["error"]["code"] == "INVALID_CONTACTS"
    assert (
        client.post(
            f"/campaigns/campaigns/{cid}/contacts", headers=manager, json={"contacts": []}
        ).status_code
        == 403
    )


def test_search_paging(client, supreme, fan):
    everything = client.get("/campaigns/artists?q=a&pageSize=1000", headers=fan).json
    names = [a["name"] for a in everything["data"]]
    assert names == sorted(names, key=str.lower) and everything["meta"]["pagination"]["total"] == len(names)
    page = client.get("/campaigns/artists?q=a&page=1&pageSize=5", headers=fan).json["data"]
    assert [a["name"] for a in page] == names[5:10]
    venues = client.get("/campaigns/venues?q=toronto", headers=fan).json["data"]
    assert venues and venues[0]["city"] == "Toronto"
    lng, lat = venues[0]["point"]["coordinates"]
    assert lng < -70 and lat > 40  # GeoJSON order
    assert client.get("/campaigns/artists").json["error"]["code"] == "NOT_LOGGED_IN"
    assert client.get("/campaigns/contacts?q=a", headers=fan).status_code == 403
    contacts = client.get("/campaigns/contacts?q=promoter.example&pageSize=3", headers=supreme).json
    assert len(contacts["data"]) == 3 and set(contacts["data"][0]) == {"id", "name", "email", "phone", "role"}
