"""The backend-call budget (docs/errors.md §5): measured from the client operations, and enforced.

How the defaults of `limits.maxBackendCalls` were measured: every client operation of
`operations/*.graphql` (uploads aside: multipart, one or two calls each) runs in process against
the sandbox's stand-in backends, with seeded ids as variables, as each kind of caller that sends
it (the fan site's operations anonymously and as a fan, the admin tool's as an administrator),
with the gateway caches off so no answer comes from a cache. Every backend call is counted, and
each default must be at least twice the largest count of its kind. Run with `-s` for the table;
the figures are written next to the defaults in monoql/config/limits.py.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import responses
from flask import Flask

from monoql.clients.hooks import HOOKS
from monoql.config import Settings
from monoql.config.loader import ConfigError
from monoql.per_process import reset_all
from monoql_sandbox import seed_ids
from monoql_sandbox.app import create_sandbox_app
from tests.hardening.client_operations import ClientOperation, client_operations
from tests.support.gateway import BACKEND, gateway_settings, run_graphql

#: The sandbox answers every call, nothing comes from a cache, and the budget does not interfere.
MEASURING: Settings = gateway_settings(
    performance={"caches": False},
    limits={"maxBackendCalls": {"anonymous": 10_000, "fan": 10_001, "administrator": 10_002}},
)
DEFAULTS = gateway_settings().limits.max_backend_calls
#: Each default is at least this many times the largest measured count of its kind.
MARGIN = 2

CID = seed_ids.OPEN_CAMPAIGN_ID
MARKETS = seed_ids.OPEN_CAMPAIGN_MARKET_IDS
VARIABLES: dict[str, dict[str, Any]] = {
    "AdminCampaignEditor": {"id": CID},
    "AdminUpsertCampaign": {"campaign": {"id": CID, "name": "Nova Lane Presale"}},
    "AdminCampaignList": {"limit": 1000, "skip": 0},
    "AdminCategoryIds": {"start": "2020-01-01", "end": "2040-01-01"},
    "AdminUpsertMarket": {"market": {"campaignId": CID, "name": "Budget City", "city": "Albany", "state": "NY"}},
    "AdminDeleteMarket": {"campaignId": CID, "marketId": MARKETS[5], "transferMarketId": MARKETS[4]},
    "AdminCloneMarkets": {"fromCampaignId": CID, "toCampaignId": seed_ids.EMPTY_OPEN_CAMPAIGN_ID},
    "AdminSaveContacts": {"contacts": [{"name": "Sam", "email": "sam@example.com"}], "campaignId": CID},
    "AdminUpsertPromoter": {"promoter": {"name": "Budget Promotions"}},
    "AdminDeletePromoter": {"promoterId": "unknown-promoter"},
    "AdminPromoters": {},
    "AdminSearch": {"query": "nova", "limit": 1000, "skip": 0},
    "AdminMetricsDashboard": {"campaignId": CID, "campaignIdString": CID},
    "AdminAddTags": {"campaignId": CID, "fileRecords": ["a@example.com"], "targetField": "email", "tagName": "vip"},
    "AdminFlipVerdicts": {"campaignId": CID, "tagName": "vip", "filterType": "allow"},
    "AdminUpsertStat": {"campaignId": CID, "marketId": MARKETS[0], "dateId": "20291201", "type": "selection"},
    "AdminUploadImage": {"base64": "iVBORw0KGgo=", "contentType": "image/png", "fileName": "a.png"},
    "AdminWaves": {"campaignId": CID},
    "AdminTriggerWavePrep": {"campaignId": CID, "dateKey": seed_ids.WAVE_PREP_DATE_KEY_FINISHED},
    "AdminTriggerSelection": {"campaignId": CID, "marketIds": MARKETS[:2]},
    "AdminCancelWave": {"fileName": seed_ids.SEEDED_WAVE_NAMES["scheduled"], "campaignId": CID},
    "AdminExports": {"campaignId": CID, "limit": 1000, "skip": 0},
    "AdminExport": {"campaignId": CID, "exportId": seed_ids.SEEDED_EXPORT_IDS["FINISHED"]},
    "AdminScheduleExport": {"campaignId": CID, "type": "entries"},
    "FanAuthenticate": {"token": "sandbox-fan-budget"},
    "FanViewer": {"auth": {"token": "sandbox-fan-budget"}},
    "FanSubmitEntry": {"campaignId": CID, "locale": "en_US", "entry": {
        "email": "budget@example.com", "phone": "+15555550909", "market": MARKETS[0],
        "optional_markets": [MARKETS[1]], "allow_marketing": True}},
    "FanConfirmPhone": {"campaignId": CID, "phoneJwt": "x.y.z"},
    "FanRefreshAttribute": {"campaignId": CID, "attribute": "card_citi"},
    "FanLogout": {},
    "FanLanding": {"domain": seed_ids.OPEN_CAMPAIGN_DOMAIN, "locale": "en_US"},
}
OPERATIONS = [op for op in client_operations() if "Upload" not in op.name or op.name == "AdminUploadImage"]


def kinds_of(operation: ClientOperation) -> tuple[str, ...]:
    return ("anonymous", "fan") if operation.name.startswith("Fan") else ("administrator",)


@cache
def sandbox() -> Flask:
    return create_sandbox_app()


def _answer(request: Any) -> tuple[int, dict[str, str], bytes]:
    """Forward a call the gateway makes to backend.test to the in-process sandbox."""
    url = urlsplit(request.url)
    headers = {k: v for k, v in request.headers.items() if k.lower() not in ("content-length", "host")}
    body = request.body.encode() if isinstance(request.body, str) else request.body
    reply = sandbox().test_client().open(
        url.path, method=request.method, query_string=url.query, data=body, headers=headers
    )
    kept = {k: v for k, v in reply.headers.items() if k.lower() in ("content-type",)}
    return reply.status_code, kept, reply.get_data()


def fresh_process() -> None:
    """Closed circuits and an empty cache; backend.test resolves (a failed lookup is not remembered,
    and costs a quarter of a second per call)."""
    reset_all()
    HOOKS.resolver = lambda host, port, *_: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]


@pytest.fixture(autouse=True)
def resolving() -> None:
    fresh_process()


@pytest.fixture
def backends() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            mock.add_callback(method, re.compile(re.escape(BACKEND) + r"/.*"), callback=_answer)
        yield mock


def token(account: str) -> str:
    answer = sandbox().test_client().post("/users/auth", json={"tm_token": account, "version": "v2"})
    value: str = answer.get_json()["auth"]["token"]
    return value


JWTS = {"anonymous": None, "fan": "sandbox-fan-budget", "administrator": seed_ids.SUPREME_TOKEN}


def calls_made(mock: responses.RequestsMock, operation: ClientOperation, kind: str, settings: Settings) -> Any:
    mock.calls.reset()
    account = JWTS[kind]
    body, _ = run_graphql(operation.text, VARIABLES.get(operation.name, {}), operation_name=operation.name,
                          jwt=token(account) if account else None, cookies={"sotc": account or "none"},
                          settings=settings)
    return len(mock.calls), body


MEASURED: dict[tuple[str, str], int] = {}


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_the_default_budget_admits_the_operation_twice_over(
    operation: ClientOperation, backends: responses.RequestsMock
) -> None:
    assert operation.name in VARIABLES, f"give {operation.name} its variables"
    for kind in kinds_of(operation):
        count, _ = calls_made(backends, operation, kind, MEASURING)
        MEASURED[(operation.name, kind)] = count
        assert count * MARGIN <= getattr(DEFAULTS, kind), (operation.name, kind, count)
        _, body = calls_made(backends, operation, kind, gateway_settings(performance={"caches": False}))
        reasons = [e.get("extensions", {}).get("reason") for e in body.get("errors", [])]
        assert "BACKEND_BUDGET_EXCEEDED" not in reasons, (operation.name, kind)


LIST = (Path(__file__).resolve().parents[2] / "bench" / "operations" / "admin_campaign_list.graphql").read_text()


def admin_list_calls(size: int) -> int:
    """Backend calls of the admin campaign list of `size` campaigns, each with its markets."""
    ids = [f"{index:024x}" for index in range(size)]
    page = [{"id": cid, "type": "registration", "name": f"Campaign {cid}"} for cid in ids]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(f"{BACKEND}/campaigns/campaigns/list", json={"data": page, "meta": {
            "pagination": {"page": 0, "pageSize": size, "total": size}}})
        mock.get(re.compile(re.escape(BACKEND) + r"/campaigns/campaigns/[0-9a-f]{24}/markets"),
                 json={"data": [{"id": "m1", "name": "Albany"}], "meta": {}})
        fresh_process()  # a cold cache: every campaign's markets are read once
        body, _ = run_graphql(LIST, {"limit": size}, jwt=token(seed_ids.SUPREME_TOKEN), settings=MEASURING)
        assert "errors" not in body, body["errors"][:1]
        assert len(body["data"]["viewer"]["campaigns"]["list"]) == size
        return len(mock.calls)


def test_the_largest_admin_list_fits_twice_over() -> None:
    # The campaigns API has no batch read of markets: the list makes one call per listed campaign,
    # plus the page (measured at two sizes), so at `lists.maxLimit` campaigns it makes maxLimit + 1.
    assert (admin_list_calls(10), admin_list_calls(60)) == (11, 61)
    largest = gateway_settings().lists.max_limit + 1
    MEASURED[(f"AdminCampaignList x{largest - 1} (bench)", "administrator")] = largest
    assert largest * MARGIN <= DEFAULTS.administrator


def test_the_pages_make_the_calls_they_are_known_to_make(backends: responses.RequestsMock) -> None:
    # Guards the measurement itself: a broken sandbox route would count zero calls for everything.
    landing = next(op for op in OPERATIONS if op.name == "FanLanding")
    editor = next(op for op in OPERATIONS if op.name == "AdminCampaignEditor")
    assert calls_made(backends, landing, "anonymous", MEASURING)[0] >= 2  # the campaign and its markets
    count, body = calls_made(backends, editor, "administrator", MEASURING)
    assert count >= 3 and body["data"]["viewer"]["campaign"]["id"] == CID


def test_report_measured_calls(capsys: pytest.CaptureFixture[str]) -> None:
    if not MEASURED:
        pytest.skip("run with the measurement tests")
    maxima = {kind: max((n for (_, k), n in MEASURED.items() if k == kind), default=0)
              for kind in ("anonymous", "fan", "administrator")}
    lines = [f"{name:26} {kind:13} {count:4}" for (name, kind), count in sorted(MEASURED.items())]
    with capsys.disabled():
        print("\n" + "\n".join(lines) + f"\nmaxima: {maxima}; defaults: {DEFAULTS}")
    assert DEFAULTS.anonymous < DEFAULTS.fan < DEFAULTS.administrator


# -- enforcement --------------------------------------------------------------------------------------

TIGHT = gateway_settings(performance={"caches": False},
                         limits={"maxBackendCalls": {"anonymous": 3, "fan": 5, "administrator": 7}})


def aliased_reads(count: int) -> str:
    fields = " ".join(f'c{i}: campaign(id: "{i:024x}") {{ id }}' for i in range(count))
    return "{ viewer { " + fields + " } }"


def budget_refusals(body: dict[str, Any]) -> list[list[Any]]:
    return [e["path"] for e in body.get("errors", []) if e["extensions"].get("reason") == "BACKEND_BUDGET_EXCEEDED"]


def mock_reads(mock: responses.RequestsMock) -> None:
    mock.get(re.compile(re.escape(BACKEND) + r"/campaigns/campaigns/[0-9a-f]{24}"),
             json={"data": {"id": "x", "type": "registration"}, "meta": {}})


@pytest.mark.parametrize(("kind", "allowed"), [("anonymous", 3), ("fan", 5), ("administrator", 7)])
def test_calls_past_the_budget_are_not_made_and_their_fields_say_why(kind: str, allowed: int) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock_reads(mock)
        account = JWTS[kind]
        body, response = run_graphql(aliased_reads(10), jwt=token(account) if account else None, settings=TIGHT)
        assert len(mock.calls) == allowed
    assert response.status_code == 200
    refused = budget_refusals(body)
    assert len(refused) == 10 - allowed
    first = next(e for e in body["errors"] if e["extensions"].get("reason") == "BACKEND_BUDGET_EXCEEDED")
    assert (first["extensions"]["code"], first["extensions"]["service"]) == ("BAD_REQUEST", "campaigns")
    answered = [name for name, value in body["data"]["viewer"].items() if value is not None]
    assert len(answered) == allowed


def test_a_retry_is_paid_from_the_budget() -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(f"{BACKEND}/campaigns/campaigns/{0:024x}", status=503, json={"message": "busy"})
        mock.get(f"{BACKEND}/campaigns/campaigns/{0:024x}", json={"data": {"id": "x"}, "meta": {}})
        mock_reads(mock)
        body, _ = run_graphql(aliased_reads(3), settings=TIGHT)
        assert len(mock.calls) == 3  # c0 twice (503, then its retry), c1 once
    assert budget_refusals(body) == [["viewer", "c2"]]


def test_signing_in_during_the_request_brings_the_fan_budget() -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post(f"{BACKEND}/users/auth", json={"id": "u1", "auth": {"token": token("sandbox-fan-budget")}})
        mock_reads(mock)
        document = aliased_reads(6).replace("{ viewer {", '{ viewer(auth: {token: "sandbox-fan-budget"}) {', 1)
        body, _ = run_graphql(document, settings=TIGHT)
        # The login, then the fan's five calls in all; anonymous alone would have stopped at three.
        assert len(mock.calls) == 5
    assert len(budget_refusals(body)) == 2


def test_the_budgets_must_grow_from_anonymous_to_administrator() -> None:
    with pytest.raises(ConfigError, match=r"limits\.maxBackendCalls.*grow from anonymous"):
        gateway_settings(limits={"maxBackendCalls": {"anonymous": 30, "fan": 30, "administrator": 40}})
