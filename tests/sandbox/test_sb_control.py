"""Control endpoints and fault injection through the Flask test client."""

import jwt
import pytest

from monoql_sandbox import seed_ids as ids
from monoql_sandbox.app import create_sandbox_app
from monoql_sandbox.call_log import CallLog
from monoql_sandbox.faults import FaultError, parse_fault_arg
from monoql_sandbox.keys import public_key_pem


def test_reset_restores_seed(client, supreme):
    client.post("/campaigns/campaigns", headers=supreme, json={"name": "tmp", "domain": {"site": "reset-me"}})
    assert client.get("/campaigns/campaigns?domain=reset-me").status_code == 200
    assert client.post("/_sandbox/reset").json == {"reset": True}
    assert client.get("/campaigns/campaigns?domain=reset-me").status_code == 404
    assert client.get(f"/campaigns/campaigns/{ids.OPEN_CAMPAIGN_ID}").status_code == 200


def test_seed_is_deterministic():
    def snapshot(app):
        store = app.extensions["sandbox"].store
        entries = store.entries[ids.OPEN_CAMPAIGN_ID]
        return (
            sorted(store.campaigns),
            sorted(store.markets),
            len(entries),
            sorted((uid, r["scoring"]["score"], r["scoring"]["verdict"]) for uid, r in entries.items())[:50],
        )

    first, second = create_sandbox_app(), create_sandbox_app()
    assert snapshot(first) == snapshot(second)
    store = first.extensions["sandbox"].store
    assert len(store.campaigns) >= 30 and sum(len(e) for e in store.entries.values()) >= 5000
    statuses = {c["status"] for c in store.campaigns.values()}
    assert statuses == {"DRAFT", "PREVIEW", "OPEN", "CLOSED", "INACTIVE"}
    registration = [c for c in store.campaigns.values() if c["type"] == "registration"]
    assert all(len(store.campaign_markets(c["id"])) >= 5 for c in registration)


def test_clock(client):
    state = client.get("/_sandbox/clock").json
    assert state["frozen"] is False and state["offsetSeconds"] == 0
    frozen = client.put("/_sandbox/clock", json={"now": "2030-01-05T15:00:00Z"}).json
    assert frozen == {"now": "2030-01-05T15:00:00.000Z", "frozen": True, "offsetSeconds": 0.0}
    shifted = client.put("/_sandbox/clock", json={"offsetSeconds": 3600}).json
    assert shifted["frozen"] is False and shifted["offsetSeconds"] == 3600
    assert client.put("/_sandbox/clock", json={"now": "yesterday"}).status_code == 400
    assert client.delete("/_sandbox/clock").json["offsetSeconds"] == 0


def test_accounts_token_and_key(client):
    changed = client.put(
        "/_sandbox/accounts/sandbox-fan-ctl",
        json={"firstName": "Cy", "isSupreme": True, "permissions": {"c1": ["VIEW"]}},
    ).json
    assert changed["firstName"] == "Cy" and changed["id"] == ids.user_id("sandbox-fan-ctl")
    token = client.post("/users/auth", json={"tm_token": "sandbox-fan-ctl", "version": "v2"}).json["auth"]["token"]
    claims = jwt.decode(token, public_key_pem(), algorithms=["RS256"])
    assert claims["isSupreme"] is True and claims["permissions"] == {"c1": ["VIEW"]}
    assert client.put("/_sandbox/accounts/other-person", json={}).status_code == 400
    minted = client.post(
        "/_sandbox/token", json={"claims": {"user": {"id": "u1"}, "isSupreme": True}, "ttlSeconds": 60}
    ).json["token"]
    decoded = jwt.decode(minted, public_key_pem(), algorithms=["RS256"])
    assert decoded["exp"] - decoded["iat"] == 60
    assert client.get("/_sandbox/public-key").data.decode() == public_key_pem()
    assert (
        client.put(f"/_sandbox/campaigns/{ids.OPEN_CAMPAIGN_ID}/invites", json={"values": "x"}).status_code
        == 400
    )


def test_objects_endpoint(client):
    missing = client.get("/_sandbox/objects/vf-scoring/nothing/here.csv")
    assert missing.status_code == 404 and missing.json["code"] == "FILE_NOT_FOUND"
    seeded = client.get("/_sandbox/objects/vf-scoring/blacklists/seed-blacklist.csv")
    assert seeded.status_code == 200 and b"blocked@example.com" in seeded.data


def test_fault_error_rate_and_status(client):
    assert client.put("/_sandbox/faults/codes", json={"status": 503}).json == {"status": 503}
    answer = client.get("/codes/heartbeat", headers={"X-Correlation-ID": "cid-1"})
    assert answer.status_code == 503 and answer.json["error"]["code"] == "INJECTED_FAULT"
    assert answer.json["meta"]["correlationId"] == "cid-1" and answer.headers["X-Correlation-ID"] == "cid-1"
    client.put("/_sandbox/faults/users", json={"errorRate": 1, "status": 500})
    bare = client.get("/users/heartbeat")
    assert bare.status_code == 500 and bare.json["code"] == "INJECTED_FAULT"  # bare envelope
    client.put("/_sandbox/faults/users", json={"errorRate": 0})
    assert client.get("/users/heartbeat").status_code == 200
    assert client.get("/campaigns/heartbeat").status_code == 200  # other stand-ins unaffected
    client.delete("/_sandbox/faults/codes")
    client.delete("/_sandbox/faults/users")
    assert client.get("/_sandbox/faults/codes").json == {}


def test_fault_garbage_and_down(client):
    client.put("/_sandbox/faults/exports", json={"garbage": True})
    answer = client.get("/exports/heartbeat")
    assert answer.status_code == 200 and answer.get_json(silent=True) is None
    client.put("/_sandbox/faults/exports", json={"down": True})
    with pytest.raises(ConnectionError):
        client.get("/exports/heartbeat")
    client.delete("/_sandbox/faults/exports")
    assert client.get("/exports/heartbeat").json == {"status": "ok"}


def test_faults_never_alter_data(client, supreme):
    client.put("/_sandbox/faults/campaigns", json={"status": 500})
    client.post(
        "/campaigns/campaigns", headers=supreme, json={"name": "x", "domain": {"site": "fault-no-write"}}
    )
    client.delete("/_sandbox/faults/campaigns")
    assert client.get("/campaigns/campaigns?domain=fault-no-write").status_code == 404


def test_a_seeded_error_rate_repeats_its_outcomes(client):
    def outcomes() -> list[int]:
        client.put("/_sandbox/faults/codes", json={"errorRate": 0.5, "status": 503, "seed": 42})
        return [client.get("/codes/heartbeat").status_code for _ in range(16)]

    first = outcomes()
    assert first == outcomes()  # setting the fault again restarts its sequence
    assert set(first) == {200, 503}
    client.delete("/_sandbox/faults/codes")


def test_invalid_faults(client):
    assert client.put("/_sandbox/faults/entries", json={"bogus": 1}).json["code"] == "INVALID_FAULT"
    assert client.put("/_sandbox/faults/entries", json={"errorRate": 2}).status_code == 400
    assert client.put("/_sandbox/faults/nowhere", json={}).status_code == 400


def test_fault_options_at_start_up():
    assert parse_fault_arg("entries:latencyMs=20,errorRate=0.5") == (
        "entries",
        {"latencyMs": 20, "errorRate": 0.5},
    )
    assert parse_fault_arg("codes:down") == ("codes", {"down": True})
    with pytest.raises(FaultError):
        parse_fault_arg("nowhere:down")
    app = create_sandbox_app({"faults": {"waves": {"status": 502}}, "seed": False})
    assert app.test_client().get("/waves/heartbeat").status_code == 502


def test_received_calls_are_listed_by_service_and_correlation_id(client):
    client.delete("/_sandbox/calls")
    client.put("/_sandbox/faults/codes", json={"status": 503})
    client.get("/codes/heartbeat", headers={"X-Correlation-ID": "calls-1"})  # failed by a fault: received
    client.delete("/_sandbox/faults/codes")
    client.get("/users/heartbeat", headers={"X-Correlation-ID": "calls-1"})
    client.get("/users/heartbeat", headers={"X-Correlation-ID": "calls-2"})
    assert client.get("/_sandbox/calls?correlationId=calls-1").json == {"calls": [
        {"service": "codes", "method": "GET", "path": "/codes/heartbeat", "correlationId": "calls-1"},
        {"service": "users", "method": "GET", "path": "/users/heartbeat", "correlationId": "calls-1"},
    ]}
    assert len(client.get("/_sandbox/calls?service=users").json["calls"]) == 2
    assert client.delete("/_sandbox/calls").json == {"calls": []}
    assert client.get("/_sandbox/calls").json == {"calls": []}  # control calls are not recorded


def test_the_call_log_keeps_the_newest_calls_only():
    log = CallLog(limit=3)
    for number in range(5):
        log.record("users", "GET", f"/users/{number}", "")
    assert [call["path"] for call in log.find()] == ["/users/2", "/users/3", "/users/4"]
