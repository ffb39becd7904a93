"""entries stand-in: entry upsert rules, gates, phone confirm, attributes, context, user entries."""

import jwt
import pytest

from monoql_sandbox import seed_ids as ids

CID = ids.EMPTY_OPEN_CAMPAIGN_ID


@pytest.fixture(scope="module")
def markets(client):
    return [m["id"] for m in client.get(f"/campaigns/campaigns/{CID}/markets").json["data"]]


def _answers(markets, **extra):
    return {
        "email": "f@example.com",
        "phone": "+15555551234",
        "market": markets[0],
        "optional_markets": [markets[1]],
        "allow_marketing": True,
        **extra,
    }


def _phone_jwt(phone: str) -> str:
    return jwt.encode({"phone": phone}, "widget-secret-not-checked-by-the-sandbox-0123", algorithm="HS256")


def test_create_read_update_entry(client, login, markets):
    headers = login("sandbox-fan-e1")
    assert client.get(f"/entries/{CID}/entries", headers=headers).json["code"] == "ENTRY_NOT_FOUND"
    body = {
        **_answers(markets),
        "locale": "en-US",
        "user_agent": "UA/1",
        "ip": "203.0.113.9",
        "ip_country": "US",
        "session_id": "nd-1",
        "ref_code": "abc",
    }
    created = client.post(f"/entries/{CID}/entries", headers=headers, json=body)
    assert created.status_code == 201, created.json
    entry = created.json
    assert entry["fields"]["market"] == markets[0] and entry["locale"] == "en-US"
    assert "ip" not in entry and "ip" not in entry["fields"] and "user_agent" not in str(entry)
    read = client.get(f"/entries/{CID}/entries", headers=headers).json
    assert read == entry
    updated = client.post(
        f"/entries/{CID}/entries", headers=headers, json={"optional_markets": [markets[2], markets[3]]}
    )
    assert updated.status_code == 200
    assert updated.json["date"]["created"] == entry["date"]["created"]
    assert updated.json["fields"]["optional_markets"] == [markets[2], markets[3]]
    assert updated.json["fields"]["email"] == "f@example.com"
    stored = client.get(f"/_sandbox/entries/{CID}/{ids.user_id('sandbox-fan-e1')}").json
    assert stored["context"] == {} and stored["scoring"]["marketIds"] == [markets[0], markets[2], markets[3]]


def test_context_is_stored_apart(client, login, markets):
    headers = login("sandbox-fan-e2")
    body = {**_answers(markets), "ip_country": "US", "session_id": "nd-77", "forwarded_for": "1.2.3.4"}
    client.post(f"/entries/{CID}/entries", headers=headers, json=body)
    stored = client.get(f"/_sandbox/entries/{CID}/{ids.user_id('sandbox-fan-e2')}").json
    assert stored["ip_country"] == "US" and stored["session_id"] == "nd-77"
    assert stored["context"]["forwarded_for"] == "1.2.3.4"
    assert client.get(f"/_sandbox/entries/{CID}/ffffffffffffffffffffffff").status_code == 404


def test_profile_filled_from_answers(client, login, markets):
    headers = login("sandbox-fan-e3")
    client.post(f"/entries/{CID}/entries", headers=headers, json=_answers(markets, email="e3@example.com"))
    me = client.get("/users/me", headers=headers).json
    assert me["email"] == "e3@example.com" and me["phone"] == "+15555551234"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"bogus": 1}, "INVALID_ENTRY_FIELD", "bogus"),
        ({"email": "nope"}, "INVALID_ENTRY_FIELD", "email"),
        ({"phone": "+445555551234"}, "INVALID_ENTRY_FIELD", "phone"),
        ({"market": "ffffffffffffffffffffffff"}, "INVALID_ENTRY_FIELD", "market"),
        ({"optional_markets": "x"}, "INVALID_ENTRY_FIELD", "optional_markets"),
        ({"ticket_count": 9}, "INVALID_ENTRY_FIELD", "ticket_count"),
        ({"allow_marketing": "yes"}, "INVALID_ENTRY_FIELD", "allow_marketing"),
        ({"zip": "1"}, "INVALID_ENTRY_FIELD", "zip"),
    ],
)
def test_entry_validation(client, login, markets, change, code, field):
    headers = login("sandbox-fan-e4")
    answer = client.post(f"/entries/{CID}/entries", headers=headers, json=_answers(markets, **change))
    assert answer.status_code == 400 and answer.json["code"] == code and answer.json["field"] == field


def test_optional_markets_rules(client, login, markets):
    headers = login("sandbox-fan-e5")
    same = client.post(
        f"/entries/{CID}/entries", headers=headers, json=_answers(markets, optional_markets=[markets[0]])
    )
    assert same.json["field"] == "optional_markets"
    many = client.post(
        f"/entries/{CID}/entries", headers=headers, json=_answers(markets, optional_markets=markets[1:5])
    )
    assert many.json["field"] == "optional_markets"


def test_missing_fields_status_and_auth(client, login, markets):
    headers = login("sandbox-fan-e6")
    missing = client.post(f"/entries/{CID}/entries", headers=headers, json={"email": "a@b.c"})
    assert missing.status_code == 400 and missing.json["code"] == "MISSING_ENTRY_FIELDS"
    assert "market" in missing.json["payload"] and "phone" in missing.json["payload"]
    closed = client.post(
        f"/entries/{ids.CLOSED_CAMPAIGN_ID}/entries", headers=headers, json=_answers(markets)
    )
    assert closed.status_code == 400 and closed.json["code"] == "INVALID_CAMPAIGN_STATUS"
    nothing = client.post("/entries/ffffffffffffffffffffffff/entries", headers=headers, json={})
    assert nothing.status_code == 404 and nothing.json["code"] == "CAMPAIGN_NOT_FOUND"
    anon = client.post(f"/entries/{CID}/entries", json=_answers(markets))
    assert anon.status_code == 401 and anon.json["code"] == "NOT_LOGGED_IN"
    assert "error" not in anon.json  # bare envelope


def test_registration_eligibility_open_campaign(client):
    answer = client.get(f"/entries/{CID}/entries/registrationEligibility").json
    assert answer == {"isEligible": True, "eligible": True, "reason": None}


@pytest.mark.parametrize(
    ("campaign_id", "reason"),
    [
        (ids.PRECHECK_CAMPAIGN_ID, "NO_PAST_PARTICIPATION"),
        (ids.CAMPAIGN_GATE_CAMPAIGN_ID, "NO_LINKED_CAMPAIGN_ENTRY"),
        (ids.LINKED_CAMPAIGN_GATE_ID, "NO_LINKED_CAMPAIGN_ENTRY"),
        (ids.INVITE_ONLY_CAMPAIGN_ID, "NOT_INVITED"),
        (ids.CARD_GATE_CAMPAIGN_ID, "CARD_REQUIRED"),
        (ids.LINKED_ACCOUNT_CAMPAIGN_ID, "LINKED_ACCOUNT_REQUIRED"),
        (ids.IDV_CAMPAIGN_ID, "IDV_REQUIRED"),
    ],
)
def test_gates(client, login, fan, campaign_id, reason):
    url = f"/entries/{campaign_id}/entries/registrationEligibility"
    assert client.get(url).json["reason"] == "NOT_LOGGED_IN"
    fresh = client.get(url, headers=login("sandbox-fan-gates")).json
    assert fresh == {"isEligible": False, "eligible": False, "reason": reason}
    assert client.get(url, headers=fan).json["isEligible"] is True
    refused = client.post(f"/entries/{campaign_id}/entries", headers=login("sandbox-fan-gates"), json={})
    assert refused.status_code == 403 and refused.json["code"] == reason


def test_precheck_passes_after_entering_past_campaign(client, login):
    headers = login("sandbox-fan-e7")
    url = f"/entries/{ids.PRECHECK_CAMPAIGN_ID}/entries/registrationEligibility"
    assert client.get(url, headers=headers).json["reason"] == "NO_PAST_PARTICIPATION"
    past = [m["id"] for m in client.get(f"/campaigns/campaigns/{ids.OPEN_CAMPAIGN_ID}/markets").json["data"]]
    entered = client.post(
        f"/entries/{ids.OPEN_CAMPAIGN_ID}/entries",
        headers=headers,
        json={"email": "e7@example.com", "phone": "+15555557777", "market": past[0]},
    )
    assert entered.status_code == 201, entered.json
    assert client.get(url, headers=headers).json["isEligible"] is True


def test_gate_controls_cards_and_invites(client, login):
    headers = login("sandbox-fan-e8")
    card = f"/entries/{ids.CARD_GATE_CAMPAIGN_ID}/entries/registrationEligibility"
    client.put("/_sandbox/accounts/sandbox-fan-e8", json={"cards": ["CITI"]})
    assert client.get(card, headers=headers).json["isEligible"] is True
    invite = f"/entries/{ids.INVITE_ONLY_CAMPAIGN_ID}/entries/registrationEligibility"
    member = client.put("/_sandbox/accounts/sandbox-fan-e8", json={}).json["memberId"]
    client.put(f"/_sandbox/campaigns/{ids.INVITE_ONLY_CAMPAIGN_ID}/invites", json={"values": [member]})
    assert client.get(invite, headers=headers).json["isEligible"] is True


def test_phone_confirmation(client, login):
    mx = ids.ES_MX_CAMPAIGN_ID  # allows international phones
    mx_markets = [m["id"] for m in client.get(f"/campaigns/campaigns/{mx}/markets").json["data"]]
    headers = login("sandbox-fan-e9")
    created = client.post(
        f"/entries/{mx}/entries", headers=headers, json=_answers(mx_markets, phone="+525555551234")
    )
    assert created.status_code == 201, created.json
    url = f"/entries/{mx}/entries/confirm"
    assert (
        client.post(url, headers=headers, json={"phoneJwt": "not-a-jwt"}).json["code"] == "INVALID_PHONE_JWT"
    )
    no_phone = jwt.encode({"x": 1}, "widget-secret-not-checked-by-the-sandbox-0123", algorithm="HS256")
    assert client.post(url, headers=headers, json={"phoneJwt": no_phone}).json["code"] == "INVALID_PHONE_JWT"
    mismatch = client.post(url, headers=headers, json={"phoneJwt": _phone_jwt("+15550000000")})
    assert mismatch.json["code"] == "PHONE_MISMATCH"
    ok = client.post(url, headers=headers, json={"phoneJwt": _phone_jwt("+5215555551234")})
    assert ok.status_code == 200 and ok.json["date"]["phoneConfirmed"]
    again = client.post(url, headers=headers, json={"phoneJwt": _phone_jwt("+525555551234")})
    assert again.json["code"] == "PHONE_ALREADY_CONFIRMED"
    other = login("sandbox-fan-e10")
    client.post(f"/entries/{mx}/entries", headers=other, json=_answers(mx_markets, phone="+5215555551234"))
    used = client.post(url, headers=other, json={"phoneJwt": _phone_jwt("+5215555551234")})
    assert used.json["code"] == "PHONE_ALREADY_USED"
    # changing the phone clears the confirmation
    changed = client.post(f"/entries/{mx}/entries", headers=headers, json={"phone": "+525555559999"})
    assert changed.json["date"]["phoneConfirmed"] is None
    assert (
        client.post(
            f"/entries/{ids.DRAFT_CAMPAIGN_ID}/entries/confirm",
            headers=headers,
            json={"phoneJwt": _phone_jwt("+1")},
        ).json["code"]
        == "ENTRY_NOT_FOUND"
    )


def test_refresh_attribute(client, login, markets):
    headers = login("sandbox-fan-e11")
    client.post(f"/entries/{CID}/entries", headers=headers, json=_answers(markets))
    url = f"/entries/{CID}/refreshattribute?type=card_citi"
    assert client.get(url, headers=headers).json["attributes"]["card_citi"] is False
    client.put("/_sandbox/accounts/sandbox-fan-e11", json={"cards": ["CITI"]})
    assert client.get(url, headers=headers).json["attributes"]["card_citi"] is True
    bad = client.get(f"/entries/{CID}/refreshattribute?type=card_visa", headers=headers)
    assert bad.status_code == 400 and bad.json["code"] == "INVALID_ATTRIBUTE_TYPE"


def test_user_entries(client, fan, supreme, login):
    mine = client.get(f"/entries/users/{ids.FAN_USER_ID}/entries", headers=fan).json
    assert len(mine) >= 3 and {e["campaign_id"] for e in mine} >= {
        ids.OPEN_CAMPAIGN_ID,
        ids.OPEN_CAMPAIGN_2_ID,
    }
    assert client.get(f"/entries/users/{ids.FAN_USER_ID}/entries", headers=supreme).status_code == 200
    assert (
        client.get(f"/entries/users/{ids.FAN_USER_ID}/entries", headers=login("sandbox-fan-e12")).status_code
        == 403
    )


def test_heartbeat_and_unknown_route(client):
    assert client.get("/entries/heartbeat").json == {"status": "ok"}
    missing = client.get("/entries/a/b/c/d/e")
    assert missing.status_code == 404 and missing.json["code"] == "NOT_FOUND"
