"""campaigns stand-in: reads, locales, password view, list paging, create/update, lifecycle."""

import pytest

from monoql_sandbox import seed_ids as ids


def _new_campaign(client, supreme, **extra) -> dict:
    body = {
        "name": "Test Campaign",
        "domain": {"site": extra.pop("site")},
        "locales": [{"id": "en-US", "is_default": True}, {"id": "fr-CA", "is_default": False}],
        "content": {"en-US": {"body": {"x": 1}}, "fr-CA": {"body": {"x": 2}}},
        **extra,
    }
    answer = client.post("/campaigns/campaigns", headers=supreme, json=body)
    assert answer.status_code == 201, answer.json
    return answer.json["data"]


def test_read_by_id_wrapped_and_anonymous(client):
    answer = client.get(f"/campaigns/campaigns/{ids.OPEN_CAMPAIGN_ID}")
    assert answer.status_code == 200
    assert set(answer.json) == {"data", "meta"}
    data = answer.json["data"]
    assert data["status"] == "OPEN" and data["currentLocale"] == "en-US"
    assert list(data["content"]) == ["en-US"]
    assert set(data["preferences"][0]["label"]) == {"en-US", "fr-CA"}
    assert "passwordValue" not in data["options"]


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [("fr-CA", "fr-CA"), ("FR-ca", "fr-CA"), ("fr-FR", "fr-CA"), ("de-DE", "en-US"), (None, "en-US")],
)
def test_locale_selection(client, wanted, expected):
    query = f"?locale={wanted}" if wanted else ""
    data = client.get(f"/campaigns/campaigns/{ids.OPEN_CAMPAIGN_ID}{query}").json["data"]
    assert data["currentLocale"] == expected and list(data["content"]) == [expected]


def test_show_all_locales(client):
    data = client.get(f"/campaigns/campaigns/{ids.OPEN_CAMPAIGN_ID}?showAllLocales=true").json["data"]
    assert set(data["content"]) == {"en-US", "fr-CA"}


def test_not_found_codes(client):
    assert (
        client.get("/campaigns/campaigns/ffffffffffffffffffffffff").json["error"]["code"]
        == "CAMPAIGN_NOT_FOUND"
    )
    assert client.get("/campaigns/campaigns?domain=nope-nope").json["error"]["code"] == "CAMPAIGN_NOT_FOUND"
    assert client.get("/campaigns/campaigns").json["error"]["code"] == "MISSING_DOMAIN"


def test_password_protected_views(client, supreme, manager):
    base = f"/campaigns/campaigns?domain={ids.PASSWORD_CAMPAIGN_DOMAIN}"
    locked = client.get(base).json["data"]
    assert locked["locked"] is True and locked["options"] == {"requirePassword": True}
    assert "content" not in locked and "preferences" not in locked
    wrong = client.get(base + "&password=nope")
    assert wrong.status_code == 401 and wrong.json["error"]["code"] == "INVALID_CAMPAIGN_PASSWORD"
    full = client.get(base + f"&password={ids.PASSWORD_CAMPAIGN_PASSWORD}").json["data"]
    assert "locked" not in full and full["preferences"] and "passwordValue" not in full["options"]
    admin = client.get(base, headers=supreme).json["data"]
    assert admin["options"]["passwordValue"] == ids.PASSWORD_CAMPAIGN_PASSWORD
    by_id = client.get(f"/campaigns/campaigns/{ids.PASSWORD_CAMPAIGN_ID}").json["data"]
    assert "locked" not in by_id


def test_preview_domain_is_never_locked(client):
    data = client.get(f"/campaigns/campaigns?domain={ids.PREVIEW_CAMPAIGN_PREVIEW_DOMAIN}").json["data"]
    assert data["id"] == ids.PREVIEW_CAMPAIGN_ID and data["status"] == "PREVIEW"


def test_list_requires_login_and_filters_by_permissions(client, supreme, manager, fan):
    assert client.get("/campaigns/campaigns/list").json["error"]["code"] == "NOT_LOGGED_IN"
    every = client.get("/campaigns/campaigns/list?pageSize=1000", headers=supreme).json
    assert every["meta"]["pagination"]["total"] >= 30
    mine = client.get("/campaigns/campaigns/list?pageSize=100", headers=manager).json["data"]
    assert {c["id"] for c in mine} == {*ids.MANAGER_CAMPAIGN_IDS, ids.MANAGER_NO_REPORT_CAMPAIGN_ID}
    assert client.get("/campaigns/campaigns/list", headers=fan).json["data"] == []


def test_list_paging_is_consistent(client, supreme):
    full = [
        c["id"]
        for c in client.get("/campaigns/campaigns/list?pageSize=100&sortBy=status", headers=supreme).json[
            "data"
        ]
    ]
    assert len(full) == len(set(full))
    pages = []
    for page in range(0, 5):
        pages += [
            c["id"]
            for c in client.get(
                f"/campaigns/campaigns/list?pageSize=7&page={page}&sortBy=status", headers=supreme
            ).json["data"]
        ]
    assert pages == full[:35]
    answer = client.get("/campaigns/campaigns/list?page=2&pageSize=12", headers=supreme).json
    assert answer["meta"]["pagination"] == {"page": 2, "pageSize": 12, "total": len(full)}


def test_list_query_filters_and_errors(client, supreme):
    found = client.get("/campaigns/campaigns/list?q=NOVA", headers=supreme).json["data"]
    assert [c["id"] for c in found] == [ids.OPEN_CAMPAIGN_ID]
    fanlists = client.get("/campaigns/campaigns/list?type=fanlist&pageSize=100", headers=supreme).json["data"]
    assert fanlists and all(c["type"] == "fanlist" for c in fanlists)
    v1 = client.get("/campaigns/campaigns/list?version=1&pageSize=100", headers=supreme).json["data"]
    assert v1 and all(c["schema"]["version"] == "1" for c in v1)
    by_name = client.get(
        "/campaigns/campaigns/list?sortBy=name&sortDirection=asc&pageSize=100", headers=supreme
    ).json["data"]
    assert [c["name"].lower() for c in by_name] == sorted(c["name"].lower() for c in by_name)
    for query, code in (
        ("sortBy=bogus", "INVALID_SORT_FIELD"),
        ("pageSize=0", "INVALID_PAGINATION"),
        ("pageSize=1001", "INVALID_PAGINATION"),
        ("page=-1", "INVALID_PAGINATION"),
    ):
        answer = client.get(f"/campaigns/campaigns/list?{query}", headers=supreme)
        assert answer.status_code == 400 and answer.json["error"]["code"] == code


def test_category_ids(client, supreme):
    url = "/campaigns/campaigns/categoryIds?presaleQueryStartDate=2000-01-01T00:00:00Z"
    found = client.get(url + "&presaleQueryEndDate=2100-01-01T00:00:00Z", headers=supreme).json["data"]
    assert "10001" in found and "10003" in found
    assert all(isinstance(x, str) for x in found)
    bad = client.get(url + "&presaleQueryEndDate=1999-01-01T00:00:00Z", headers=supreme)
    assert bad.status_code == 400 and bad.json["error"]["code"] == "INVALID_DATE_RANGE"


def test_create_defaults_and_lifecycle_open(client, supreme):
    data = _new_campaign(
        client,
        supreme,
        site="camp-create-1",
        date={"open": "2001-01-01T00:00:00.000Z", "close": "2099-01-01T00:00:00.000Z"},
    )
    assert data["status"] == "OPEN" and data["date"]["opened"] and data["date"]["open"] is None
    assert data["type"] == "registration" and data["identifier"] == "memberId"
    assert data["schema"]["version"] == "1" and data["date"]["created"]
    again = client.get(f"/campaigns/campaigns/{data['id']}").json["data"]
    assert again["status"] == "OPEN"


def test_create_validation(client, supreme, manager):
    denied = client.post("/campaigns/campaigns", headers=manager, json={"name": "x"})
    assert denied.status_code == 403 and denied.json["error"]["code"] == "SUPREME_USER_REQUIRED"
    cases = [
        ({"domain": {"site": "abc"}}, "INVALID_CAMPAIGN_SCHEMA", "name"),
        ({"name": "x"}, "INVALID_CAMPAIGN_SCHEMA", "domain.site"),
        ({"name": "x", "domain": {"site": "Bad Site"}}, "INVALID_CAMPAIGN_SCHEMA", "domain.site"),
        ({"name": "x", "domain": {"site": "novalane"}}, "CAMPAIGN_WITH_DOMAIN_EXISTS", "domain.site"),
        (
            {"name": "x", "domain": {"site": "v1"}, "status": "LIVE"},
            "INVALID_CAMPAIGN_STATUS_CHANGE",
            "status",
        ),
        ({"name": "x", "domain": {"site": "v2"}, "categoryId": "1"}, "MISSING_PRESALE_WINDOW_DATE", None),
        (
            {"name": "x", "domain": {"site": "v3"}, "options": {"gate": {"card": "NOPE"}}},
            "INVALID_CAMPAIGN_SCHEMA",
            "options.gate.card",
        ),
        (
            {
                "name": "x",
                "type": "fanlist",
                "locales": [{"id": "en-US", "is_default": True}, {"id": "fr-CA", "is_default": True}],
            },
            "INVALID_CAMPAIGN_SCHEMA",
            "locales",
        ),
        (
            {
                "name": "x",
                "domain": {"site": "v4"},
                "categoryId": "1",
                "date": {
                    "presaleWindowStart": "2030-02-01T00:00:00Z",
                    "presaleWindowEnd": "2030-01-01T00:00:00Z",
                },
            },
            "INVALID_PRESALE_WINDOW_DATE_ORDER",
            None,
        ),
    ]
    for body, code, field in cases:
        answer = client.post("/campaigns/campaigns", headers=supreme, json=body)
        assert answer.status_code == 400, body
        assert answer.json["error"]["code"] == code, body
        if field:
            assert answer.json["error"]["field"] == field


def test_fanlist_needs_no_domain(client, supreme):
    answer = client.post(
        "/campaigns/campaigns",
        headers=supreme,
        json={"name": "Fans", "type": "fanlist", "scoring": "raw", "identifier": "email"},
    )
    assert answer.status_code == 201 and answer.json["data"]["status"] == "DRAFT"


def test_update_merge_rules(client, supreme, manager):
    data = _new_campaign(
        client,
        supreme,
        site="camp-merge-1",
        options={"requirePassword": False, "hideFaq": True},
        style={"theme": {"primary": "#000"}},
        trackers=[{"a": 1}],
    )
    cid = data["id"]
    answer = client.post(
        f"/campaigns/campaigns/{cid}",
        headers=supreme,
        json={
            "name": "Renamed",
            "options": {"hideFaq": None, "promptConfirmPhone": True},
            "content": {"fr-CA": {"body": {"y": 3}}},
            "trackers": None,
        },
    )
    assert answer.status_code == 200
    out = answer.json["data"]
    assert out["name"] == "Renamed"
    assert out["options"] == {"requirePassword": False, "promptConfirmPhone": True}
    assert out["content"] == {"en-US": {"body": {"x": 1}}, "fr-CA": {"body": {"y": 3}}}
    assert "trackers" not in out and out["style"] == {"theme": {"primary": "#000"}}
    denied = client.post(f"/campaigns/campaigns/{cid}", headers=manager, json={"name": "no"})
    assert denied.status_code == 403 and denied.json["error"]["code"] == "INVALID_CAMPAIGN_PERMISSIONS"
    missing = client.post(
        "/campaigns/campaigns/ffffffffffffffffffffffff", headers=supreme, json={"name": "x"}
    )
    assert missing.status_code == 404
    bad = client.post(f"/campaigns/campaigns/{cid}", headers=supreme, json={"name": None})
    assert bad.json["error"]["code"] == "INVALID_CAMPAIGN_SCHEMA"


def test_status_null_keeps_the_status_and_an_explicit_one_is_applied(client, supreme):
    cid = _new_campaign(client, supreme, site="camp-status-null", status=None)["id"]
    kept = client.post(f"/campaigns/campaigns/{cid}", headers=supreme, json={"name": "Kept", "status": None})
    assert kept.status_code == 200, kept.json
    assert (kept.json["data"]["name"], kept.json["data"]["status"]) == ("Kept", "DRAFT")
    preview = client.post(f"/campaigns/campaigns/{cid}", headers=supreme, json={"status": "PREVIEW"})
    assert preview.json["data"]["status"] == "PREVIEW"
    still = client.post(f"/campaigns/campaigns/{cid}", headers=supreme, json={"status": None})
    assert still.json["data"]["status"] == "PREVIEW"
    for wrong in ("LIVE", "draft", 3, ""):
        refused = client.post(f"/campaigns/campaigns/{cid}", headers=supreme, json={"status": wrong})
        assert refused.status_code == 400, wrong
        assert refused.json["error"]["code"] == "INVALID_CAMPAIGN_STATUS_CHANGE"


def test_lifecycle_with_clock(client, supreme):
    data = _new_campaign(
        client,
        supreme,
        site="camp-life-1",
        date={"open": "2090-01-01T00:00:00.000Z", "close": "2090-02-01T00:00:00.000Z"},
        domain={"site": "camp-life-1", "preview": "camp-life-1-preview"},
    )
    cid = data["id"]
    assert data["status"] == "DRAFT"
    try:
        client.put("/_sandbox/clock", json={"now": "2090-01-01T00:00:01.000Z"})
        opened = client.get(f"/campaigns/campaigns/{cid}").json["data"]
        assert opened["status"] == "OPEN" and opened["domain"]["preview"] is None
        assert opened["date"]["opened"] == "2090-01-01T00:00:01.000Z"
        client.put("/_sandbox/clock", json={"now": "2090-02-02T00:00:00.000Z"})
        assert client.get(f"/campaigns/campaigns/{cid}").json["data"]["status"] == "CLOSED"
        client.put("/_sandbox/clock", json={"now": "2090-03-05T00:00:00.000Z"})
        counts = client.post("/campaigns/campaigns/refresh", headers=supreme).json["data"]
        assert counts["deactivated"] >= 1
        gone = client.get(f"/campaigns/campaigns/{cid}").json["data"]
        assert gone["status"] == "INACTIVE" and "site" not in gone["domain"]
        # the domain is free again
        _new_campaign(client, supreme, site="camp-life-1")
    finally:
        client.delete("/_sandbox/clock")
        client.post("/_sandbox/reset")  # the clock jump also aged every seeded campaign


def test_refresh_is_supreme_only(client, manager):
    assert client.post("/campaigns/campaigns/refresh", headers=manager).status_code == 403


def test_campaigns_not_found_route_is_wrapped(client):
    answer = client.get("/campaigns/does/not/exist")
    assert answer.status_code == 404 and answer.json["error"]["code"] == "NOT_FOUND"
