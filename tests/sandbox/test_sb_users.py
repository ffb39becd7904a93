"""users stand-in: login with sandbox tokens, /me, permissions, supremes, JWT rules."""

import jwt

from monoql_sandbox import seed_ids as ids
from monoql_sandbox.keys import public_key_pem


def _claims(token: str) -> dict:
    return jwt.decode(token, public_key_pem(), algorithms=["RS256"])


def login_body(tm_token: str) -> dict:
    """What the gateway sends (docs/services.md §1)."""
    return {"tm_token": tm_token, "tmuo": None, "version": "v2"}


def test_login_supreme_token_claims(client):
    answer = client.post(
        "/users/auth", json={"tm_token": "sandbox-supreme.sig42", "tmuo": "t", "version": "v2"}
    )
    assert answer.status_code == 200
    body = answer.json
    assert "data" not in body  # bare envelope
    assert body["id"] == body["_id"] == ids.SUPREME_USER_ID
    claims = _claims(body["auth"]["token"])
    assert claims["user"] == {"id": ids.SUPREME_USER_ID, "tmSig": "sig42"}
    assert claims["isSupreme"] is True and claims["isAdmin"] is True
    assert claims["exp"] - claims["iat"] == 1800
    assert body["integrations"]["ticketmaster"]["origin"] == "t"


def test_login_manager_and_fan_permissions(client):
    manager = _claims(client.post("/users/auth", json=login_body("sandbox-manager")).json["auth"]["token"])
    assert manager["isAdmin"] is True and manager["isSupreme"] is False
    assert manager["user"]["tmSig"] == "sandbox-manager"
    assert manager["permissions"][ids.OPEN_CAMPAIGN_ID] == ["VIEW", "INVITE", "REPORT"]
    assert "REPORT" not in manager["permissions"][ids.MANAGER_NO_REPORT_CAMPAIGN_ID]
    fan = _claims(client.post("/users/auth", json=login_body("sandbox-fan.a.b")).json["auth"]["token"])
    assert fan["isAdmin"] is False and fan["permissions"] == {} and fan["user"]["tmSig"] == "b"


def test_login_errors(client):
    assert client.post("/users/auth", json={}).json["code"] == "MISSING_TM_TOKEN"
    answer = client.post("/users/auth", json=login_body("someone-else"))
    assert answer.status_code == 401 and answer.json["code"] == "INVALID_TM_TOKEN"


def test_login_with_an_authorization_header_is_refused(client, login):
    for header in (login("sandbox-supreme")["Authorization"], "Basic dXNlcjpwYXNz", ""):
        answer = client.post("/users/auth", json=login_body("sandbox-fan"), headers={"Authorization": header})
        assert answer.status_code == 401, header
        assert answer.json["code"] == "AUTHORIZATION_NOT_ALLOWED"
        assert "auth" not in answer.json


def test_login_with_another_version_is_refused(client):
    for version in ("v1", "V2", "2", 2, None, ""):
        answer = client.post("/users/auth", json={**login_body("sandbox-fan"), "version": version})
        assert answer.status_code == 401, version
        assert (answer.json["code"], answer.json["field"]) == ("UNSUPPORTED_LOGIN_VERSION", "version")
    answer = client.post("/users/auth", json={"tm_token": "sandbox-fan", "tmuo": None})
    assert answer.status_code == 401 and answer.json["code"] == "UNSUPPORTED_LOGIN_VERSION"


def test_login_as_the_gateway_sends_it_is_accepted(client):
    answer = client.post("/users/auth", json=login_body("sandbox-fan"))
    assert answer.status_code == 200
    assert _claims(answer.json["auth"]["token"])["user"]["id"] == ids.FAN_USER_ID


def test_fresh_fan_is_empty_and_stable(client):
    first = client.post("/users/auth", json=login_body("sandbox-fan-users1.x")).json
    again = client.post("/users/auth", json=login_body("sandbox-fan-users1.y")).json
    assert first["id"] == again["id"] == ids.user_id("sandbox-fan-users1")
    assert first["email"] is None and first["firstName"] is None and first["phoneList"] == []


def test_get_me_reissues_token(client, login):
    headers = login("sandbox-fan")
    answer = client.get("/users/me", headers=headers)
    assert answer.status_code == 200
    assert answer.json["email"] == "fan@sandbox.example.com"
    assert _claims(answer.json["auth"]["token"])["user"]["id"] == ids.FAN_USER_ID


def test_me_requires_valid_token(client, app):
    assert client.get("/users/me").json["code"] == "NOT_LOGGED_IN"
    bad = client.get("/users/me", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401 and bad.json["code"] == "INVALID_TOKEN"
    expired = client.post(
        "/_sandbox/token", json={"claims": {"user": {"id": ids.FAN_USER_ID}}, "ttlSeconds": -120}
    ).json["token"]
    assert (
        client.get("/users/me", headers={"Authorization": f"Bearer {expired}"}).json["code"]
        == "INVALID_TOKEN"
    )
    within_leeway = client.post(
        "/_sandbox/token", json={"claims": {"user": {"id": ids.FAN_USER_ID}}, "ttlSeconds": -5}
    ).json["token"]
    assert client.get("/users/me", headers={"Authorization": f"Bearer {within_leeway}"}).status_code == 200
    hs = jwt.encode(
        {"user": {"id": ids.FAN_USER_ID}, "exp": 4102444800},
        "a-long-enough-hmac-secret-for-the-test-0123456789",
        algorithm="HS256",
    )
    assert client.get("/users/me", headers={"Authorization": f"Bearer {hs}"}).json["code"] == "INVALID_TOKEN"


def test_update_me(client, login):
    headers = login("sandbox-fan-users2")
    answer = client.post(
        "/users/me",
        headers=headers,
        json={"first_name": "Ana", "email": "ana@example.com", "phone": "+15555550999"},
    )
    assert answer.status_code == 200
    assert answer.json["firstName"] == "Ana" and answer.json["email"] == "ana@example.com"
    assert answer.json["phoneList"][0]["account"] == "+15555550999"
    assert answer.json["phoneList"][0]["date"]["confirmed"] is None
    cleared = client.post("/users/me", headers=headers, json={"first_name": None}).json
    assert cleared["firstName"] is None and cleared["email"] == "ana@example.com"
    bad = client.post("/users/me", headers=headers, json={"phone": "555"})
    assert (
        bad.status_code == 400 and bad.json["code"] == "INVALID_USER_FIELD" and bad.json["field"] == "phone"
    )
    assert client.post("/users/me", headers=headers, json={"email": "nope"}).json["field"] == "email"


def test_permissions_endpoints(client, supreme, manager, login):
    fresh = login("sandbox-fan-users3")
    target = ids.user_id("sandbox-fan-users3")
    answer = client.post(
        f"/users/{target}/campaigns/{ids.OPEN_CAMPAIGN_ID}", headers=manager, json={"actions": ["VIEW"]}
    )
    assert answer.status_code == 200 and answer.json["actions"] == ["VIEW"]
    denied = client.post(
        f"/users/{target}/campaigns/{ids.DRAFT_CAMPAIGN_ID}", headers=manager, json={"actions": ["VIEW"]}
    )
    assert denied.status_code == 403 and denied.json["code"] == "INVALID_CAMPAIGN_PERMISSIONS"
    assert (
        client.post(
            f"/users/{target}/campaigns/{ids.OPEN_CAMPAIGN_ID}", headers=supreme, json={"actions": []}
        ).status_code
        == 400
    )
    records = client.get("/users/me/campaigns", headers=fresh).json
    assert records[0]["campaign_id"] == ids.OPEN_CAMPAIGN_ID
    # takes effect at the next login
    token = client.post("/users/auth", json=login_body("sandbox-fan-users3")).json["auth"]["token"]
    assert _claims(token)["isAdmin"] is True


def test_supremes(client, supreme, manager):
    target = ids.MANAGER_USER_ID
    assert client.get(f"/users/{target}/supremes", headers=manager).json == {
        "user_id": target,
        "isSupreme": False,
    }
    denied = client.post(f"/users/{target}/supremes", headers=manager, json={"doDisable": False})
    assert denied.status_code == 403 and denied.json["code"] == "SUPREME_USER_REQUIRED"
    assert (
        client.post(f"/users/{target}/supremes", headers=supreme, json={"doDisable": False}).json["isSupreme"]
        is True
    )
    assert (
        client.post(f"/users/{target}/supremes", headers=supreme, json={"doDisable": True}).json["isSupreme"]
        is False
    )


def test_unknown_route_and_heartbeat(client):
    answer = client.get("/users/nowhere/at/all")
    assert answer.status_code == 404 and answer.json["code"] == "NOT_FOUND" and "error" not in answer.json
    assert client.get("/users/heartbeat").json == {"status": "ok"}
    echoed = client.get("/users/heartbeat", headers={"X-Correlation-ID": "abc-123"})
    assert echoed.headers["X-Correlation-ID"] == "abc-123"
