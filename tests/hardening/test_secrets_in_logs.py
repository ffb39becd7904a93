"""No token, cookie, password or body in any log line or metric label, at DEBUG: a full run through
the real gateway (logins, cookie sessions, Bearer calls, a password campaign, uploads, entries,
forged tokens, backend failures), then the logs and /metrics are searched for every secret used."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import requests

from monoql_sandbox.seed_ids import OPEN_CAMPAIGN_ID, PASSWORD_CAMPAIGN_DOMAIN, PASSWORD_CAMPAIGN_PASSWORD
from tests.e2e.conftest import Stack, start_stack, stop_stack
from tests.support.tokens import make_jwt

pytestmark = pytest.mark.e2e

TM_TOKEN = "sandbox-fan.TmSignatureSecret42"
SECRETS_SENT = {
    "tmuo-cookie": "TmuoCookieSecret77",
    "phone-jwt": "PhoneJwtSecretXYZ",
    "entry-body": "EntryBodyMarker31",
    "file-body": "FileBodyMarker88",
    "get-variable": "GetVariableSecret55",
    "forged-token": make_jwt(ttl=3600, key=None) + "tampered",
}


@dataclass
class Run:
    stack: Stack
    secrets: dict[str, str] = field(default_factory=dict)
    logs: str = ""


def tokens_of(jwt: str) -> dict[str, str]:
    """A JWT and each of its parts: a log line holding any one of them leaks it."""
    _header, payload, signature = jwt.split(".")
    return {"whole": jwt, "payload": payload, "signature": signature}


def workflow(stack: Stack) -> dict[str, str]:
    secrets = dict(SECRETS_SENT)
    gateway = f"{stack.gateway}/graphql"
    fan = requests.Session()
    fan.cookies.set("tmuo", SECRETS_SENT["tmuo-cookie"])
    login = fan.post(gateway, json={"query": "mutation ($t: String) { authenticate(credentials: {token: $t}) "
                                             "{ id isLoggedIn } }", "variables": {"t": TM_TOKEN}}, timeout=30)
    assert login.json()["data"]["authenticate"]["isLoggedIn"] is True, login.text
    session_jwt = fan.cookies.get("monoql_session")
    assert session_jwt
    for part, value in tokens_of(session_jwt).items():
        secrets[f"session-jwt-{part}"] = value
    secrets["tm-token-signature"] = TM_TOKEN.rsplit(".", 1)[1]
    fan.post(gateway, json={"query": "{ viewer { id email phone auth { token } } }"}, timeout=30)
    fan.post(gateway, timeout=30, json={
        "query": "mutation ($e: JSON!, $c: String!) { upsertViewerEntry(entry: $e, campaignId: $c, locale: \"en_US\") "
                 "{ id } }",
        "variables": {"e": {"fields": {"note": SECRETS_SENT["entry-body"]}}, "c": OPEN_CAMPAIGN_ID}})
    fan.post(gateway, timeout=30, json={
        "query": "mutation ($c: String!, $p: String!) { submitConfirm(campaignId: $c, phoneJwt: $p) }",
        "variables": {"c": OPEN_CAMPAIGN_ID, "p": SECRETS_SENT["phone-jwt"]}})

    minted = stack.sandbox_call("POST", "/_sandbox/token", json={
        "claims": {"user": {"id": "64b7f0c2a1e4d3b2c1a09f11", "tmSig": "s"}, "isSupreme": True, "isAdmin": True}})
    admin_jwt = minted.json()["token"]
    for part, value in tokens_of(admin_jwt).items():
        secrets[f"admin-jwt-{part}"] = value
    admin = {"Authorization": f"Bearer {admin_jwt}"}
    requests.post(gateway, headers=admin, json={"query": "{ promoters { id } viewer { auth { token } } }"}, timeout=30)
    operations = {"query": "mutation ($f: Upload!) { uploadBlacklist(file: $f, fileSize: 16) { url } }",
                  "variables": {"f": None}}
    requests.post(gateway, headers={**admin, "Apollo-Require-Preflight": "1"}, timeout=30,
                  data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]})},
                  files={"0": ("list.csv", SECRETS_SENT["file-body"].encode() * 1, "text/csv")})

    anonymous = requests.Session()
    password_page = {"query": "query ($d: String, $p: String) { viewer { campaign(domain: $d, password: $p) { id } } }",
                     "variables": {"d": PASSWORD_CAMPAIGN_DOMAIN, "p": PASSWORD_CAMPAIGN_PASSWORD}}
    anonymous.post(gateway, json=password_page, timeout=30)
    secrets["campaign-password"] = PASSWORD_CAMPAIGN_PASSWORD
    anonymous.get(gateway, headers={"Apollo-Require-Preflight": "1"}, timeout=30, params={
        "query": "query ($p: String) { viewer { campaign(domain: \"nowhere\", password: $p) { id } } }",
        "variables": json.dumps({"p": SECRETS_SENT["get-variable"]})})

    requests.post(gateway, headers={"Authorization": f"Bearer {SECRETS_SENT['forged-token']}"},
                  json={"query": "{ viewer { isLoggedIn } }"}, timeout=30)
    requests.post(gateway, headers={"Cookie": f"monoql_session={SECRETS_SENT['forged-token']}"},
                  json={"query": "{ viewer { isLoggedIn } }"}, timeout=30)
    for part, value in tokens_of(SECRETS_SENT["forged-token"].removesuffix("tampered")).items():
        secrets[f"forged-jwt-{part}"] = value

    # Failing backends while carrying every secret: error paths log too.
    stack.sandbox_call("PUT", "/_sandbox/faults/campaigns", json={"status": 500})
    stack.sandbox_call("PUT", "/_sandbox/faults/entries", json={"garbage": True})
    time.sleep(1.2)  # past the campaign cache TTL of this stack: stale-if-error paths run
    anonymous.post(gateway, json=password_page, timeout=30)
    fan.post(gateway, json={"query": f'{{ viewer {{ campaign(id: "{OPEN_CAMPAIGN_ID}") {{ id ... on '
                                     "RegistrationCampaign { entry { fields } } } } }"}, timeout=30)
    requests.post(gateway, headers=admin, json={"query": "{ promoters { id } }"}, timeout=30)
    stack.sandbox_call("PUT", "/_sandbox/faults/users", json={"down": True})
    fan.post(gateway, json={"query": "mutation ($t: String) { authenticate(credentials: {token: $t}) { id } }",
                            "variables": {"t": TM_TOKEN}}, timeout=30)
    return secrets


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    tmp = tmp_path_factory.mktemp("secrets")
    stack = start_stack(tmp, env_overrides={"MONOQL_SERVICES__CAMPAIGNS__CACHE_TTL": "1"}, workers=2)
    try:
        secrets = workflow(stack)
        metrics = requests.get(f"{stack.gateway}/metrics", timeout=30).text
    finally:
        stop_stack(stack)
    logs = "\n".join(path.read_text(errors="replace") for path in (stack.log_file, tmp / "gunicorn.out"))
    yield Run(stack, secrets, logs + "\n" + metrics)


# The `requests_cache` and urllib3 loggers would write full backend URLs, query strings included
# (a campaign password is one); monoql.logging keeps them quiet, and these cases prove it.


def test_the_run_used_real_sessions(run: Run) -> None:
    assert "session-jwt-whole" in run.secrets and "admin-jwt-whole" in run.secrets
    log_lines = [json.loads(line) for line in run.stack.log_file.read_text().splitlines() if line.startswith("{")]
    assert "request served" in {line["message"] for line in log_lines}


@pytest.mark.parametrize("name", [
    "session-jwt-whole", "session-jwt-payload", "session-jwt-signature",
    "admin-jwt-whole", "admin-jwt-payload", "admin-jwt-signature",
    "forged-jwt-whole", "forged-jwt-signature", "forged-token",
    "tm-token-signature", "tmuo-cookie", "phone-jwt", "entry-body", "file-body",
    "get-variable",
    "campaign-password",
])
def test_secret_never_appears_in_logs_or_metrics(run: Run, name: str) -> None:
    value = run.secrets[name]
    assert value not in run.logs, f"{name} found in the logs"
