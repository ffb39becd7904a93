"""The floor: a minimal client making exactly the backend calls each benchmark operation needs.

A plain WSGI app (run under gunicorn sync workers like monoql) with one `requests` session and a
small thread pool per worker. Per operation it makes the same backend calls as monoql, concurrent
wherever the data allows (a call that needs an earlier answer, such as the markets of the campaign
just read, waits for it; a mutation's read-back waits for the write), decodes every answer with
orjson, and serialises the response monoql gives for that operation (captured at start-up) with
orjson. No parsing, validation or resolver machinery: what no GraphQL gateway can beat.
`X-Backend-Calls` reports the calls made for each request.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
import requests

POOL_SIZE = 8  # monoql's upstream.maxConcurrency default
TIMEOUT = (2.0, 10.0)

_state: dict[str, Any] = {}


def _session() -> tuple[requests.Session, ThreadPoolExecutor]:
    """Per-worker session and pool, created after gunicorn forks."""
    if _state.get("pid") != os.getpid():
        session = requests.Session()
        session.trust_env = False
        adapter = requests.adapters.HTTPAdapter(pool_connections=16, pool_maxsize=POOL_SIZE)
        session.mount("http://", adapter)
        _state.update(pid=os.getpid(), session=session, pool=ThreadPoolExecutor(POOL_SIZE))
    return _state["session"], _state["pool"]


class Calls:
    """The backend calls of one request, with the caller's headers."""

    def __init__(self, backend: str, jwt: str | None) -> None:
        self.backend = backend
        self.session, self.pool = _session()
        self.headers = {"X-Correlation-ID": str(uuid.uuid4()), "User-Agent": "monoql-floor",
                        "Accept": "application/json"}
        if jwt:
            self.headers["Authorization"] = f"Bearer {jwt}"
        self.count = 0

    def call(self, method: str, path: str, params: dict[str, str] | None = None, body: Any = None) -> Any:
        headers = self.headers
        data = None
        if body is not None:
            headers = {**headers, "Content-Type": "application/json"}
            data = orjson.dumps(body)
        reply = self.session.request(method, self.backend + path, params=params, data=data, headers=headers,
                                     timeout=TIMEOUT)
        reply.raise_for_status()
        payload = orjson.loads(reply.content) if reply.content else None
        if isinstance(payload, dict) and "data" in payload and set(payload) <= {"data", "meta"}:
            return payload["data"]
        return payload

    def get(self, path: str, params: dict[str, str] | None = None) -> Any:
        return self.call("GET", path, params)

    def together(self, thunks: Iterable[Callable[[], Any]]) -> list[Any]:
        """Independent calls at once on the worker pool (one inline when alone)."""
        jobs = list(thunks)
        self.count += len(jobs)
        if len(jobs) == 1:
            return [jobs[0]()]
        return [future.result() for future in [self.pool.submit(job) for job in jobs]]

    def one(self, thunk: Callable[[], Any]) -> Any:
        return self.together([thunk])[0]


def _has_markets(campaign: Any) -> bool:
    return isinstance(campaign, dict) and campaign.get("type", "registration") == "registration" \
        and not campaign.get("locked")


def fan_landing(calls: Calls, variables: dict[str, Any]) -> None:
    locale = str(variables["locale"]).replace("_", "-")
    params = {"domain": variables["domain"], "locale": locale, "showAllLocales": "false"}
    campaign = calls.one(lambda: calls.get("/campaigns/campaigns", params))
    if _has_markets(campaign):
        calls.one(lambda: calls.get(f"/campaigns/campaigns/{campaign['id']}/markets"))


def fan_entry(calls: Calls, variables: dict[str, Any], environ: dict[str, Any]) -> None:
    cid, locale = variables["campaignId"], str(variables["locale"]).replace("_", "-")
    body = {**variables["entry"], "locale": locale, "user_agent": environ.get("HTTP_USER_AGENT"),
            "ip": environ.get("REMOTE_ADDR")}
    calls.one(lambda: calls.call("POST", f"/entries/{cid}/entries", body=body))
    calls.one(lambda: calls.get(f"/campaigns/campaigns/{cid}", {"locale": locale, "showAllLocales": "false"}))


def admin_campaign(calls: Calls, variables: dict[str, Any]) -> None:
    cid = variables["id"]
    campaign = calls.one(lambda: calls.get(f"/campaigns/campaigns/{cid}", {"showAllLocales": "true"}))
    if _has_markets(campaign):
        calls.together([
            lambda: calls.get(f"/campaigns/campaigns/{cid}/markets"),
            lambda: calls.get(f"/campaigns/campaigns/{cid}/contacts"),
            lambda: calls.get(f"/entries/{cid}/entries/eligibility"),
        ])


def admin_campaign_list(calls: Calls, variables: dict[str, Any]) -> None:
    limit = int(variables.get("limit") or 10)
    page = calls.one(lambda: calls.get("/campaigns/campaigns/list", {"page": "0", "pageSize": str(limit)}))
    ids = [campaign["id"] for campaign in page if _has_markets(campaign)]
    if ids:
        calls.together([lambda cid=cid: calls.get(f"/campaigns/campaigns/{cid}/markets") for cid in ids])


def admin_metrics(calls: Calls, variables: dict[str, Any]) -> None:
    cid = variables["campaignId"]
    entries = f"/entries/{cid}/entries"
    campaign, *_ = calls.together([
        lambda: calls.get(f"/campaigns/campaigns/{variables['id']}", {"showAllLocales": "false"}),
        lambda: calls.get(f"{entries}/counts"),
        lambda: calls.get(f"{entries}/eligibility/breakdown", {"includePrevSelected": "false"}),
        lambda: calls.get(f"{entries}/eligibility/verifiedCount"),
        lambda: calls.get(f"{entries}/eligibility/totalSelected"),
        lambda: calls.get(f"/codes/{cid}/codes/count", {"type": "tm"}),
        lambda: calls.get(f"/codes/{cid}/codes/count", {"type": "external"}),
    ])
    if _has_markets(campaign):
        calls.one(lambda: calls.get(f"/campaigns/campaigns/{campaign['id']}/markets"))


PLANS: dict[str, Callable[..., None]] = {
    "FanLanding": fan_landing,
    "AdminCampaignPage": admin_campaign,
    "AdminCampaignList": admin_campaign_list,
    "AdminMetricsDashboard": admin_metrics,
}


def _responses() -> dict[str, Any]:
    """operationName → the response document monoql answered (captured by bench.run)."""
    if "responses" not in _state:
        path = os.environ.get("FLOOR_RESPONSES")
        _state["responses"] = orjson.loads(open(path, "rb").read()) if path else {}  # noqa: SIM115
    responses: dict[str, Any] = _state["responses"]
    return responses


def _answer(start_response: Callable[..., Any], status: str, body: bytes, calls: int = 0) -> list[bytes]:
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                            ("X-Backend-Calls", str(calls))])
    return [body]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    if environ.get("PATH_INFO") == "/heartbeat":
        return _answer(start_response, "200 OK", b'{"status":"ok"}')
    size = int(environ.get("CONTENT_LENGTH") or 0)
    request = orjson.loads(environ["wsgi.input"].read(size))
    name = request.get("operationName")
    variables = request.get("variables") or {}
    auth = environ.get("HTTP_AUTHORIZATION", "")
    calls = Calls(os.environ["FLOOR_BACKEND"], auth[7:] if auth.startswith("Bearer ") else None)
    try:
        if name == "SubmitEntry":
            fan_entry(calls, variables, environ)
        else:
            PLANS[name](calls, variables)
    except (requests.RequestException, KeyError) as exc:
        body = orjson.dumps({"errors": [{"message": f"{type(exc).__name__}: {exc}"}]})
        return _answer(start_response, "502 Bad Gateway", body, calls.count)
    return _answer(start_response, "200 OK", orjson.dumps(_responses().get(name)), calls.count)
