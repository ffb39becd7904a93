"""exports stand-in: permissions, validation, dedupe, time-based progression, listing, download."""

from datetime import UTC, datetime, timedelta

import pytest

from monoql_sandbox import seed_ids as ids
from monoql_sandbox.clock import iso

CID = ids.OPEN_CAMPAIGN_ID
URL = f"/exports/campaigns/{CID}/exports"


@pytest.fixture
def frozen(client):
    start = datetime(2031, 3, 1, 12, 0, tzinfo=UTC)

    def move(seconds: float) -> None:
        client.put("/_sandbox/clock", json={"now": iso(start + timedelta(seconds=seconds))})

    move(0)
    yield move
    client.delete("/_sandbox/clock")  # the module's app (aged by the jump) is dropped with the module


def test_progression_and_dedupe(client, supreme, frozen):
    created = client.post(URL, headers=supreme, json={"exportType": "entries"})
    assert created.status_code == 201
    export = created.json["data"]
    assert export["status"] == "PENDING" and export["requesterUserId"] == ids.SUPREME_USER_ID
    again = client.post(URL, headers=supreme, json={"exportType": "entries"})
    assert again.status_code == 200 and again.json["data"]["id"] == export["id"]
    one = f"{URL}/{export['id']}"
    frozen(1.5)
    triggered = client.get(one, headers=supreme).json["data"]
    assert triggered["status"] == "TRIGGERED" and triggered["date"]["triggered"]
    assert (
        client.post(URL, headers=supreme, json={"exportType": "entries"}).json["data"]["id"] == export["id"]
    )
    frozen(3)
    finished = client.get(one, headers=supreme).json["data"]
    assert finished["status"] == "FINISHED" and finished["count"] > 1000 and finished["date"]["finished"]
    download = client.get(finished["path"].replace("http://localhost", ""))
    assert download.status_code == 200 and download.data.decode().count("\n") == finished["count"] + 1
    tampered = finished["path"].replace("http://localhost", "")[:-2] + "00"
    assert client.get(tampered).status_code == 403
    fresh = client.post(URL, headers=supreme, json={"exportType": "entries"})
    assert fresh.status_code == 201 and fresh.json["data"]["id"] != export["id"]
    frozen(3 + 7200)
    assert client.get(finished["path"].replace("http://localhost", "")).status_code == 403  # link expired
    assert client.get(one, headers=supreme).json["data"]["path"] != finished["path"]  # re-signed


def test_expired_when_job_runs_too_long(frozen):
    from monoql_sandbox.app import create_sandbox_app

    app = create_sandbox_app({"exports": {"finishAfterSeconds": 100, "timeoutSeconds": 10}})
    client = app.test_client()
    client.put("/_sandbox/clock", json={"now": "2031-03-01T12:00:00.000Z"})
    token = client.post("/users/auth", json={"tm_token": "sandbox-supreme", "version": "v2"}).json["auth"]["token"]
    headers = {"Authorization": f"Bearer {token}"}
    export = client.post(URL, headers=headers, json={"exportType": "codes"}).json["data"]
    client.put("/_sandbox/clock", json={"now": "2031-03-01T12:00:30.000Z"})
    assert client.get(f"{URL}/{export['id']}", headers=headers).json["data"]["status"] == "EXPIRED"


def test_force_fail(client, supreme, frozen):
    export = client.post(URL, headers=supreme, json={"exportType": "waitlist"}).json["data"]
    failed = client.post(f"/_sandbox/exports/{export['id']}/fail", json={"message": "boom"}).json
    assert failed["status"] == "FAILED" and failed["error"]["message"] == "boom"
    frozen(60)
    assert client.get(f"{URL}/{export['id']}", headers=supreme).json["data"]["status"] == "FAILED"
    assert client.post("/_sandbox/exports/nope/fail", json={}).status_code == 404


def test_seeded_exports_keep_status(client, supreme):
    for status, export_id in ids.SEEDED_EXPORT_IDS.items():
        assert client.get(f"{URL}/{export_id}", headers=supreme).json["data"]["status"] == status


def test_list_paging_and_filter(client, supreme, frozen):
    listed = client.get(URL + "?limit=1000", headers=supreme).json["data"]
    stamps = [e["date"]["created"] for e in listed]
    assert stamps == sorted(stamps, reverse=True)
    window = client.get(URL + "?limit=2&offset=1", headers=supreme).json["data"]
    assert [e["id"] for e in window] == [e["id"] for e in listed[1:3]]
    codes = client.get(URL + "?exportType=codes", headers=supreme).json["data"]
    assert codes and all(e["exportType"] == "codes" for e in codes)
    for query in ("limit=0", "limit=1001", "offset=-1"):
        assert client.get(f"{URL}?{query}", headers=supreme).json["error"]["code"] == "INVALID_PAGINATION"


def test_validation(client, supreme):
    for body, code in (
        ({"exportType": "nope"}, "INVALID_EXPORT_TYPE"),
        ({"exportType": "codeWaves"}, "MISSING_DATE_KEY"),
        ({"exportType": "codeWaves", "dateKey": "2030-01"}, "INVALID_DATE_KEY"),
    ):
        answer = client.post(URL, headers=supreme, json=body)
        assert answer.status_code == 400 and answer.json["error"]["code"] == code
    no_markets = client.post(
        f"/exports/campaigns/{ids.FANLIST_CAMPAIGN_ID}/exports",
        headers=supreme,
        json={"exportType": "entries"},
    )
    assert no_markets.json["error"]["code"] == "NO_MARKETS_FOUND"
    assert (
        client.get(f"{URL}/ffffffffffffffffffffffff", headers=supreme).json["error"]["code"]
        == "EXPORT_NOT_FOUND"
    )
    missing = client.get("/exports/campaigns/ffffffffffffffffffffffff/exports", headers=supreme)
    assert missing.json["error"]["code"] == "CAMPAIGN_NOT_FOUND"


def test_permissions(client, manager, fan):
    assert client.get(URL).json["error"]["code"] == "NOT_LOGGED_IN"
    assert client.get(URL, headers=fan).json["error"]["code"] == "MISSING_PERMISSIONS"
    assert client.get(URL, headers=manager).status_code == 200
    other = f"/exports/campaigns/{ids.MANAGER_NO_REPORT_CAMPAIGN_ID}/exports"
    denied = client.post(other, headers=manager, json={"exportType": "entries"})
    assert denied.status_code == 403 and denied.json["error"]["code"] == "MISSING_PERMISSIONS"
