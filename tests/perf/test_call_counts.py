"""The benchmark operations make the same backend calls whatever the size of their lists.

Each operation of bench/operations runs in process against `responses` at two sizes (markets,
campaigns, locales, preferences); the calls must be exactly the ones the backend API forces: no
N+1 beyond one markets read per listed campaign (the API has no batch read), no call made twice.
"""

from __future__ import annotations

import socket
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
import responses

from tests.support import loopback
from tests.support.gateway import backend_url, gateway_settings, run_graphql
from tests.support.tokens import make_jwt

OPERATIONS = Path(__file__).resolve().parents[2] / "bench" / "operations"
CAMPAIGN_ID = "64b7f0c2a1e4d3b2c1a0aa01"
ADMIN = make_jwt(is_supreme=True)
FAN = make_jwt()
LOCALES = ["en-US", "fr-CA", "en-CA", "es-MX", "en-GB", "en-IE", "en-MX"]


def document(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text()


def campaign_doc(campaign_id: str = CAMPAIGN_ID, *, locales: int = 2, preferences: int = 3) -> dict[str, Any]:
    used = LOCALES[:locales]
    return {
        "id": campaign_id, "type": "registration", "status": "OPEN", "name": f"Campaign {campaign_id}",
        "domain": {"site": f"site-{campaign_id}"}, "schema": {"version": "2"},
        "artist": {"id": "K8", "name": "Nova Lane"}, "date": {"created": "2030-01-01T00:00:00.000Z"},
        "locales": [{"id": locale, "is_default": index == 0} for index, locale in enumerate(used)],
        "currentLocale": used[0],
        "content": {locale: {"body": {"signup": {"infoBody": "Sign up"}},
                             "faqs": {"f1": {"question": "When?", "answer": "Soon"}}} for locale in used},
        "preferences": [{"id": f"p{i}", "type": "opt_in", "is_optional": True,
                         "label": dict.fromkeys(used, f"Label {i}")} for i in range(preferences)],
        "options": {"requirePassword": False}, "faqs": {"landing": {"open": ["f1"]}},
    }


def market_docs(campaign_id: str, count: int) -> list[dict[str, Any]]:
    return [{"id": f"{campaign_id[:16]}{i:08x}", "campaign_id": campaign_id, "name": f"City {i}",
             "city": f"City {i}", "state": "NY", "timezone": "America/New_York",
             "point": {"type": "Point", "coordinates": [40.0, -73.0]},
             "event": {"name": "Show", "venue": {"name": "Hall"}}} for i in range(count)]


def wrapped(payload: Any, **meta: Any) -> dict[str, Any]:
    return {"data": payload, "meta": meta}


def calls_by_path() -> Counter[str]:
    return Counter(f"{call.request.method} {call.request.url.split('?')[0]}" for call in responses.calls)


def campaigns(path: str = "") -> str:
    return backend_url("campaigns", f"/campaigns{path}")


def mock_campaign(size: int, *, locales: int = 2) -> None:
    doc = campaign_doc(locales=locales, preferences=size)
    responses.get(campaigns(), json=wrapped(doc))  # by domain
    responses.get(campaigns(f"/{CAMPAIGN_ID}"), json=wrapped(doc))
    responses.get(campaigns(f"/{CAMPAIGN_ID}/markets"), json=wrapped(market_docs(CAMPAIGN_ID, size)))


@pytest.fixture(autouse=True)
def mocked() -> Any:
    """Mocked backends."""
    responses.start()
    try:
        yield
    finally:
        responses.stop()
        responses.reset()


def no_errors(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body.get("errors")
    data: dict[str, Any] = body["data"]
    return data


@pytest.mark.parametrize("size", [2, 40])
def test_fan_landing_reads_the_campaign_and_its_markets_once(size: int) -> None:
    mock_campaign(size)
    variables = {"domain": "novalane", "locale": "en_US"}
    data = no_errors(run_graphql(document("fan_landing"), variables)[0])
    assert len(data["viewer"]["campaign"]["markets"]) == size
    assert len(data["viewer"]["campaign"]["preferences"]) == size
    assert calls_by_path() == Counter({f"GET {campaigns()}": 1, f"GET {campaigns(f'/{CAMPAIGN_ID}/markets')}": 1})


def test_fan_landing_campaign_comes_from_the_worker_cache_within_its_ttl() -> None:
    mock_campaign(3)
    settings = gateway_settings(services={"campaigns": {"cacheTtl": 60}})
    for _ in range(3):
        no_errors(run_graphql(document("fan_landing"), {"domain": "cached", "locale": "en_US"},
                              settings=settings)[0])
    assert calls_by_path()[f"GET {campaigns()}"] == 1
    assert calls_by_path()[f"GET {campaigns(f'/{CAMPAIGN_ID}/markets')}"] == 3  # not cacheable


@pytest.mark.parametrize(("size", "locales"), [(2, 2), (30, 7)])
def test_admin_campaign_page_makes_four_calls(size: int, locales: int) -> None:
    mock_campaign(size, locales=locales)
    responses.get(campaigns(f"/{CAMPAIGN_ID}/contacts"), json=wrapped([{"id": f"c{i}"} for i in range(size)]))
    by_market = [{"marketId": m["id"], "count": 1, "countsByPreferenceRank": []}
                 for m in market_docs(CAMPAIGN_ID, size)]
    responses.get(backend_url("entries", f"/{CAMPAIGN_ID}/entries/eligibility"),
                  json={"count": size, "byMarket": by_market})
    data = no_errors(run_graphql(document("admin_campaign"), {"id": CAMPAIGN_ID}, jwt=ADMIN)[0])
    campaign = data["viewer"]["campaign"]
    assert len(campaign["markets"]) == size
    assert len(campaign["content"]["localized"]) == locales
    assert sorted(calls_by_path().values()) == [1, 1, 1, 1]
    assert set(calls_by_path()) == {
        f"GET {campaigns(f'/{CAMPAIGN_ID}')}", f"GET {campaigns(f'/{CAMPAIGN_ID}/markets')}",
        f"GET {campaigns(f'/{CAMPAIGN_ID}/contacts')}",
        f"GET {backend_url('entries', f'/{CAMPAIGN_ID}/entries/eligibility')}",
    }


@pytest.mark.parametrize("size", [3, 25])
def test_admin_campaign_list_reads_one_page_and_each_campaigns_markets_once(size: int) -> None:
    ids = [f"{i:024x}" for i in range(1, size + 1)]
    page = [campaign_doc(campaign_id) for campaign_id in ids]
    responses.get(campaigns("/list"), json=wrapped(page, pagination={"page": 0, "pageSize": size, "total": size}))
    for campaign_id in ids:
        responses.get(campaigns(f"/{campaign_id}/markets"), json=wrapped(market_docs(campaign_id, 2)))
    data = no_errors(run_graphql(document("admin_campaign_list"), {"limit": size}, jwt=ADMIN)[0])
    assert [c["id"] for c in data["viewer"]["campaigns"]["list"]] == ids
    calls = calls_by_path()
    assert calls[f"GET {campaigns('/list')}"] == 1
    assert sum(calls.values()) == 1 + size  # the API has no batch read of markets
    assert set(calls.values()) == {1}


METRICS_ROUTES = ("/entries/counts", "/entries/eligibility/breakdown", "/entries/eligibility/verifiedCount",
                  "/entries/eligibility/totalSelected")


def metrics_answers(size: int) -> dict[str, Any]:
    """The dashboard's entries and codes answers, by service and path."""
    markets = market_docs(CAMPAIGN_ID, size)
    counts = [{"id": m["id"], "counts": [1, 2]} for m in markets]
    totals = [{"id": m["id"], "count": 3} for m in markets]
    answers: dict[str, Any] = {f"/entries/{CAMPAIGN_ID}{route}": counts if route in METRICS_ROUTES[:2] else totals
                               for route in METRICS_ROUTES}
    answers[f"/codes/{CAMPAIGN_ID}/codes/count"] = wrapped({"available": 1, "assigned": 2, "reserved": 3})
    return answers


def mock_metrics(size: int) -> None:
    mock_campaign(size)
    for path, body in metrics_answers(size).items():
        service, _, route = path[1:].partition("/")
        responses.get(backend_url(service, f"/{route}"), json=body)


@pytest.mark.parametrize("size", [2, 30])
def test_admin_metrics_dashboard_makes_eight_calls(size: int) -> None:
    mock_metrics(size)
    variables = {"campaignId": CAMPAIGN_ID, "id": CAMPAIGN_ID}
    data = no_errors(run_graphql(document("admin_metrics"), variables, jwt=ADMIN)[0])
    assert len(data["metrics"]["verifiedCountByMarket"]) == size
    calls = calls_by_path()
    assert sum(calls.values()) == 8
    assert calls[f"GET {backend_url('codes', f'/{CAMPAIGN_ID}/codes/count')}"] == 2  # tm and external
    assert all(count == 1 for path, count in calls.items() if "codes/count" not in path)


def test_admin_metrics_dashboard_sends_its_independent_calls_together() -> None:
    """The campaign, four metrics and two code counts are pending in one tick: all in flight at once.

    The entries and codes backends answer on a loopback port, and only once their six requests wait
    for an answer together; the campaign read, mocked, is answered at once."""
    answers = metrics_answers(3)

    def answer_for(conn: socket.socket, request: bytes) -> bool:
        conn.sendall(loopback.answer(body=orjson.dumps(answers[loopback.target(request).split("?")[0]])))
        return True

    backend = loopback.Server()
    backend.reply = loopback.gated(6, answer_for)
    try:
        base = f"http://127.0.0.1:{backend.port}"
        responses.add_passthru(base)
        mock_campaign(3)
        settings = gateway_settings(services={"entries": {"url": f"{base}/entries"},
                                              "codes": {"url": f"{base}/codes"}})
        variables = {"campaignId": CAMPAIGN_ID, "id": CAMPAIGN_ID}
        data = no_errors(run_graphql(document("admin_metrics"), variables, jwt=ADMIN, settings=settings)[0])
    finally:
        backend.close()
    assert data["codes"]["tm"] == {"available": 1, "assigned": 2, "reserved": 3}
    assert len(backend.requests) == 6
    assert backend.connections == 6


@pytest.mark.parametrize("size", [1, 6])
def test_fan_entry_submission_writes_once_and_reads_the_campaign_once(size: int) -> None:
    mock_campaign(size)
    markets = [m["id"] for m in market_docs(CAMPAIGN_ID, size)]
    entry = {"email": "fan@example.com", "market": markets[0], "optional_markets": markets[1:]}
    stored = {"date": {"created": "2030-01-01T00:00:00.000Z"}, "fields": entry, "attributes": {}}
    responses.post(backend_url("entries", f"/{CAMPAIGN_ID}/entries"), json=stored)
    variables = {"campaignId": CAMPAIGN_ID, "locale": "en_US", "entry": entry}
    data = no_errors(run_graphql(document("fan_entry"), variables, jwt=FAN)[0])
    assert data["upsertViewerEntry"]["campaign"]["entry"]["fields"] == entry
    assert calls_by_path() == Counter({
        f"POST {backend_url('entries', f'/{CAMPAIGN_ID}/entries')}": 1,
        f"GET {campaigns(f'/{CAMPAIGN_ID}')}": 1,
    })
    # The campaign is read first: a password campaign takes no entry until it is unlocked (5.1).
    assert [call.request.method for call in responses.calls] == ["GET", "POST"]


def test_identical_reads_in_one_request_are_made_once() -> None:
    mock_campaign(4)
    query = """query Twice($id: String!) { viewer {
      a: campaign(id: $id) { id ... on RegistrationCampaign { markets { id } m2: markets { name } } }
      b: campaign(id: $id) { name ... on RegistrationCampaign { markets { city } } } } }"""
    data = no_errors(run_graphql(query, {"id": CAMPAIGN_ID}, jwt=ADMIN)[0])
    assert len(data["viewer"]["b"]["markets"]) == 4
    assert sorted(calls_by_path().values()) == [1, 1]
