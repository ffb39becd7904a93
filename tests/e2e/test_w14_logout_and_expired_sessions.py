"""W14. Logout and expired sessions (docs/workflows.md)."""

from __future__ import annotations

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack

ENTRY = """
mutation Enter($cid: String!) {
  upsertViewerEntry(entry: {email: "x@example.com"}, campaignId: $cid, locale: "en_US") { id }
}
"""


def test_logout_ends_the_session(client: GraphQLClient) -> None:
    client.login("sandbox-fan-w14")
    response = client.post("mutation { logout }")
    assert response.json() == {"data": {"logout": True}}
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("monoql_session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;"), cookie
    assert client.gql("{ viewer { isLoggedIn } }")["data"]["viewer"]["isLoggedIn"] is False
    body = client.gql(ENTRY, {"cid": seed_ids.OPEN_CAMPAIGN_ID})
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["reason"]) == ("UNAUTHENTICATED", "NOT_LOGGED_IN")


def test_expired_token_is_anonymous_as_bearer_and_as_cookie(stack: Stack, client: GraphQLClient) -> None:
    minted = stack.sandbox_call(
        "POST",
        "/_sandbox/token",
        json={
            "claims": {
                "user": {"id": seed_ids.FAN_USER_ID, "tmSig": "x"},
                "isAdmin": False,
                "isSupreme": False,
                "permissions": {},
            },
            "ttlSeconds": -120,
        },
    ).json()["token"]
    as_bearer = client.gql("{ viewer { isLoggedIn } }", headers={"Authorization": f"Bearer {minted}"})
    assert as_bearer["data"]["viewer"]["isLoggedIn"] is False

    client.http.cookies.set("monoql_session", minted)
    response = client.post("{ viewer { isLoggedIn } }")
    assert response.json()["data"]["viewer"]["isLoggedIn"] is False
    deletion = response.headers.get("Set-Cookie", "")
    # the response deletes the stale cookie
    assert deletion.startswith("monoql_session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;"), deletion
