"""One call end to end: deadlines and timeouts, envelopes, error translation (retries: test_retries.py)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.errors import (
    BadResponse,
    BadUserInput,
    Forbidden,
    MonoqlError,
    NotFound,
    Unauthenticated,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from tests.support.wire import CID, ENTRY_URL, entries_client

MARKETS_URL = f"http://localhost:8090/campaigns/campaigns/{CID}/markets"


# -- deadlines and timeouts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remaining", "expected"), [(120.0, (2.0, 10.0)), (3.0, (2.0, 3.0)), (1.5, (1.5, 1.5))]
)
def test_timeout_is_capped_by_the_remaining_deadline(
    remaining: float, expected: tuple[float, float], mocked: Any, settings: Any, clock: Any
) -> None:
    mocked.add("GET", ENTRY_URL, json={"fields": {}})
    entries_client(settings, clock, deadline=remaining).get_entry(CID)
    assert mocked.calls[0].request.req_kwargs["timeout"] == expected


def test_no_deadline_uses_the_configured_timeouts(mocked: Any, settings_with: Any, clock: Any) -> None:
    settings = settings_with(services={"entries": {"timeout": {"connect": 0.5, "read": 4}}})
    mocked.add("GET", ENTRY_URL, json={"fields": {}})
    entries_client(settings, clock, deadline=None).get_entry(CID)
    assert mocked.calls[0].request.req_kwargs["timeout"] == (0.5, 4.0)


def test_long_calls_get_sixty_seconds_but_still_honour_the_deadline(
    mocked: Any, settings: Any, clock: Any
) -> None:
    mocked.add("POST", "http://localhost:8090/uploads/trigger/selection", json={"data": {"success": True}})
    call = CallContext("tok", "rid", clock.now + 45.0)
    Clients(settings, call).uploads.trigger("selection", {"campaignId": CID, "marketIds": ["m1"]})
    assert mocked.calls[0].request.req_kwargs["timeout"] == (2.0, 45.0)


@pytest.mark.parametrize("remaining", [0.0, -5.0])
def test_a_passed_deadline_sends_nothing(remaining: float, mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", ENTRY_URL, json={})
    with pytest.raises(UpstreamTimeout) as info:
        entries_client(settings, clock, deadline=remaining).get_entry(CID)
    assert info.value.reason == "DEADLINE_EXCEEDED"
    assert info.value.service == "entries"
    assert len(mocked.calls) == 0


# -- envelopes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, b'{"data": {"a": 1}, "meta": {"x": 1}}', {"a": 1}),
        (200, b'{"data": [1, 2]}', [1, 2]),
        (200, b'{"data": null}', None),
        (200, b'{"data": {"a": 1}, "other": 2}', {"data": {"a": 1}, "other": 2}),  # not only data/meta
        (200, b'{"meta": {"x": 1}}', {"meta": {"x": 1}}),  # no data
        (200, b'{"fields": {}}', {"fields": {}}),
        (201, b'[{"id": "m1"}]', [{"id": "m1"}]),
        (204, b"", None),
        (200, b"", None),
        (200, b"  \n", None),
    ],
)
def test_success_bodies(
    status: int, body: bytes, expected: Any, mocked: Any, settings: Any, clock: Any
) -> None:
    mocked.add(
        "POST",
        f"http://localhost:8090/entries/{CID}/stats/selection",
        body=body,
        status=status,
        content_type="application/json",
    )
    assert entries_client(settings, clock).upsert_stat(CID, "selection", {"dateId": "1"}) == expected


def test_a_body_that_is_not_json_is_a_bad_response(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", ENTRY_URL, body=b"<html>oops</html>", status=200, content_type="text/html")
    with pytest.raises(BadResponse) as info:
        entries_client(settings, clock).get_entry(CID)
    err = info.value
    assert (err.code, err.reason, err.service, err.status) == (
        "UPSTREAM_ERROR",
        "BAD_RESPONSE",
        "entries",
        200,
    )
    assert isinstance(err.__cause__, ValueError)
    assert ENTRY_URL in (err.developer_message or "")
    assert "localhost" not in err.message


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadUserInput),
        (401, Unauthenticated),
        (403, Forbidden),
        (404, NotFound),
        (409, UpstreamError),
        (413, BadUserInput),
        (422, BadUserInput),
        (429, UpstreamError),
        (500, UpstreamError),
        (502, UpstreamError),
        (503, UpstreamError),
        (504, UpstreamError),
    ],
)
def test_status_classes(status: int, cls: type[MonoqlError], mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add(
        "POST",
        ENTRY_URL,
        status=status,
        json={"error": {"status": 200, "message": "Nope.", "payload": "p", "code": "A_CODE", "field": "f"}},
    )
    with pytest.raises(MonoqlError) as info:
        entries_client(settings, clock).upsert_entry(CID, {})
    err = info.value
    assert type(err) is cls
    assert (err.status, err.reason, err.message, err.field, err.payload) == (
        status,
        "A_CODE",
        "Nope.",
        "f",
        "p",
    )
    assert len(mocked.calls) == 1  # POST is never retried


@pytest.mark.parametrize(
    ("body", "content_type", "message", "reason"),
    [
        (
            b'{"status": 404, "message": "Entry not found.", "payload": "", "code": "ENTRY_NOT_FOUND"}',
            "application/json",
            "Entry not found.",
            "ENTRY_NOT_FOUND",
        ),
        (b'{"error": {"message": "Wrapped.", "code": "W"}, "meta": {}}', "application/json", "Wrapped.", "W"),
        (b'{"error": "just text", "message": "Top level."}', "application/json", "Top level.", None),
        (b'{"unrelated": true}', "application/json", "Not Found", None),
        (b"<html>404</html>", "text/html", "Not Found", None),
        (b"", "text/plain", "Not Found", None),
    ],
)
def test_error_extraction(
    body: bytes, content_type: str, message: str, reason: str | None, mocked: Any, settings: Any, clock: Any
) -> None:
    mocked.add("GET", ENTRY_URL, body=body, status=404, content_type=content_type)
    with pytest.raises(NotFound) as info:
        entries_client(settings, clock).get_entry(CID)
    assert (info.value.message, info.value.reason, info.value.status) == (message, reason, 404)


# -- transport failures -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "cls"),
    [
        (requests.exceptions.ReadTimeout("read timed out"), UpstreamTimeout),
        (requests.exceptions.ConnectTimeout("connect timed out"), UpstreamTimeout),
        (requests.exceptions.ConnectionError("Connection refused"), UpstreamUnavailable),
        (requests.exceptions.ChunkedEncodingError("closed"), UpstreamUnavailable),
        (requests.exceptions.SSLError("bad cert"), UpstreamUnavailable),
        (requests.exceptions.ContentDecodingError("gzip"), BadResponse),
        (requests.exceptions.InvalidHeader("bad header"), UpstreamError),
    ],
)
def test_transport_failures_are_translated(
    exc: Exception, cls: type[MonoqlError], mocked: Any, settings: Any, clock: Any
) -> None:
    mocked.add("POST", ENTRY_URL, body=exc)
    with pytest.raises(MonoqlError) as info:
        entries_client(settings, clock).upsert_entry(CID, {"a": 1})
    err = info.value
    assert type(err) is cls
    assert err.__cause__ is exc
    assert err.service == "entries"
    assert "POST " + ENTRY_URL in (err.developer_message or "")
    assert "localhost" not in err.message


def test_developer_message_never_shows_a_campaign_password(mocked: Any, settings: Any, clock: Any) -> None:
    url = "http://localhost:8090/campaigns/campaigns"
    mocked.add(
        "GET",
        url,
        status=401,
        json={"error": {"message": "Wrong password.", "code": "INVALID_CAMPAIGN_PASSWORD"}},
    )
    client = Clients(settings, CallContext("tok", "rid", clock.now + 60)).campaigns
    with pytest.raises(Unauthenticated) as info:
        client.get_campaign_by_domain("nova", password="hunter2")
    assert "hunter2" not in (info.value.developer_message or "")
    assert "domain=nova&password=***" in (info.value.developer_message or "")
