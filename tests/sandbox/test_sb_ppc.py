"""The phone-confirmation widget stand-in: client check, phoneJwt for a phone, accepted by entries confirm."""

import jwt

from monoql_sandbox import seed_ids as ids
from monoql_sandbox.keys import public_key_pem

CLIENT = {"id": "sandbox-ppc", "token": "sandbox-ppc-development-only-token"}


def test_widget_answers_for_its_client_id(client):
    answer = client.get("/ppc?id=sandbox-ppc")
    assert answer.status_code == 200
    assert answer.json == {"widget": "phone-confirmation", "id": "sandbox-ppc", "confirm": "http://localhost/ppc/confirm"}
    assert client.get("/ppc/heartbeat").json == {"status": "ok"}


def test_widget_refuses_another_client_id(client):
    for query in ("", "?id=someone"):
        answer = client.get(f"/ppc{query}")
        assert answer.status_code == 401 and answer.json["code"] == "INVALID_PPC_CLIENT"


def test_confirm_gives_a_phone_jwt_for_the_phone(client):
    answer = client.post("/ppc/confirm", json={**CLIENT, "phone": "+15555550123"})
    assert answer.status_code == 200
    claims = jwt.decode(answer.json["phoneJwt"], public_key_pem(), algorithms=["RS256"])
    assert claims["phone"] == "+15555550123" and claims["iss"] == "sandbox-ppc"
    assert claims["exp"] - claims["iat"] == 600


def test_confirm_refuses_a_wrong_client_or_phone(client):
    for body in ({**CLIENT, "token": "guess"}, {"token": CLIENT["token"], "phone": "+15555550123"}, {}):
        answer = client.post("/ppc/confirm", json={"phone": "+15555550123", **body})
        assert answer.status_code == 401 and answer.json["code"] == "INVALID_PPC_CLIENT", body
    for phone in ("5555550123", "", None, 15555550123):
        answer = client.post("/ppc/confirm", json={**CLIENT, "phone": phone})
        assert answer.status_code == 400 and answer.json["code"] == "INVALID_PHONE", phone


def test_entries_confirm_accepts_the_widgets_phone_jwt(client, login):
    cid = ids.EMPTY_OPEN_CAMPAIGN_ID
    markets = [m["id"] for m in client.get(f"/campaigns/campaigns/{cid}/markets").json["data"]]
    fan = login("sandbox-fan-ppc1")
    answers = {"email": "ppc1@example.com", "phone": "+15555550177", "market": markets[0]}
    created = client.post(f"/entries/{cid}/entries", headers=fan, json=answers)
    assert created.status_code == 201, created.json
    phone_jwt = client.post("/ppc/confirm", json={**CLIENT, "phone": "+15555550177"}).json["phoneJwt"]
    confirmed = client.post(f"/entries/{cid}/entries/confirm", headers=fan, json={"phoneJwt": phone_jwt})
    assert confirmed.status_code == 200, confirmed.json
    assert confirmed.json["date"]["phoneConfirmed"]
