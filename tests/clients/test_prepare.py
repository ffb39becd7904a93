"""A call prepared without the session's merging is byte for byte the one the session prepares."""

from __future__ import annotations

import io
from typing import Any

import pytest
import requests

from monoql.clients.http_session import SessionOptions, build_session
from monoql.clients.prepare import has_nothing_to_merge, prepare

URL = "http://localhost:8090/campaigns/campaigns/c1/markets"
HEADERS = {"X-Correlation-ID": "rid", "User-Agent": "monoql/1.0", "Accept": "application/json",
           "Authorization": "Bearer tok"}

CALLS = [
    {"method": "GET", "params": None, "json": None, "data": None},
    {"method": "get", "params": [("domain", "nova"), ("locale", "fr-CA"), ("tags", "a,b")], "json": None,
     "data": None},
    {"method": "POST", "params": None, "json": {"email": "fan@example.com", "markets": ["m1"]}, "data": None},
    {"method": "PUT", "params": [("x", "é")], "json": None, "data": b'{"raw": true}'},
    {"method": "DELETE", "params": None, "json": None, "data": None},
]


def wire(request: requests.PreparedRequest) -> tuple[Any, ...]:
    """Everything of a prepared request that is sent or that the session reads afterwards."""
    return (request.method, request.url, list(request.headers.items()), request.body, request.hooks,
            type(request._cookies), len(request._cookies or ()), request._body_position)


@pytest.fixture
def session() -> Any:
    built = build_session(SessionOptions())
    yield built
    built.close()


@pytest.mark.parametrize("call", CALLS)
def test_the_prepared_call_equals_the_sessions(call: dict[str, Any], session: Any) -> None:
    ours = prepare(session, call["method"], URL, params=call["params"], headers=dict(HEADERS),
                   json=call["json"], data=call["data"])
    theirs = session.prepare_request(requests.Request(
        call["method"], URL, params=call["params"], headers=dict(HEADERS), json=call["json"], data=call["data"],
    ))
    assert wire(ours) == wire(theirs)


def test_a_session_header_wins_unless_the_call_sets_it(session: Any) -> None:
    headers = list(prepare(session, "GET", URL, headers={"Accept": "application/json"}).headers.items())
    assert headers == [("User-Agent", requests.utils.default_user_agent()), ("Accept-Encoding", "gzip, deflate"),
                       ("Accept", "application/json"), ("Connection", "keep-alive")]


def test_a_streamed_body_is_prepared_as_the_session_would(session: Any) -> None:
    ours = prepare(session, "POST", URL, headers=dict(HEADERS), data=io.BytesIO(b"abc"))
    assert ours.headers["Content-Length"] == "3"
    assert ours._body_position == 0


def test_credentials_in_the_url_are_still_applied(session: Any) -> None:
    ours = prepare(session, "GET", "http://user:secret@localhost:8090/x", headers={})
    assert ours.headers["Authorization"] == "Basic dXNlcjpzZWNyZXQ="


@pytest.mark.parametrize("change", ["auth", "params", "trust_env", "cookie", "hooks"])
def test_a_session_with_something_to_merge_prepares_the_call_itself(change: str, session: Any) -> None:
    if change == "auth":
        session.auth = ("user", "secret")
    elif change == "params":
        session.params = {"api_key": "k"}
    elif change == "trust_env":
        session.trust_env = True
    elif change == "hooks":
        session.hooks["response"].append(lambda response, **kwargs: response)
    else:
        session.cookies = requests.cookies.RequestsCookieJar()  # the shared session's jar keeps none
        session.cookies.set("sid", "s1", domain="localhost.local", path="/")
    assert not has_nothing_to_merge(session)
    ours = prepare(session, "GET", URL, headers=dict(HEADERS))
    theirs = session.prepare_request(requests.Request("GET", URL, headers=dict(HEADERS)))
    assert wire(ours) == wire(theirs)
    if change == "params":
        assert ours.url == f"{URL}?api_key=k"
    if change == "hooks":
        assert ours.hooks["response"] == session.hooks["response"]
    if change == "auth":
        assert ours.headers["Authorization"] == "Basic dXNlcjpzZWNyZXQ="


def test_the_shared_session_has_nothing_to_merge(session: Any) -> None:
    assert has_nothing_to_merge(session)


def test_send_settings_are_what_the_session_merges(session: Any) -> None:
    from monoql.clients.prepare import send_settings

    expected = {"proxies": {}, "stream": False, "verify": True, "cert": None}
    assert send_settings(session, URL) == expected
    assert session.merge_environment_settings(URL, {}, None, None, None) == expected
    session.proxies = {"http": "http://proxy.test:3128", "https": None}
    session.verify = "/etc/ssl/backends.pem"
    assert send_settings(session, URL) == session.merge_environment_settings(URL, {}, None, None, None) == {
        "proxies": {"http": "http://proxy.test:3128"}, "stream": False, "verify": "/etc/ssl/backends.pem",
        "cert": None,
    }


def test_prepared_urls_are_remembered_per_url_and_query(session: Any) -> None:
    first = prepare(session, "GET", URL, params=[("domain", "nova"), ("locale", "fr-CA")], headers=HEADERS)
    again = prepare(session, "GET", URL, params=[("domain", "nova"), ("locale", "fr-CA")], headers=HEADERS)
    other = prepare(session, "GET", URL, params=[("domain", "nova"), ("locale", "en-US")], headers=HEADERS)
    assert first.url == again.url == f"{URL}?domain=nova&locale=fr-CA"
    assert other.url == f"{URL}?domain=nova&locale=en-US"


def test_a_call_header_with_a_line_break_is_refused_as_the_session_refuses_it(session: Any) -> None:
    smuggled = {"X-Correlation-ID": "rid\r\nX-Injected: 1"}
    with pytest.raises(requests.exceptions.InvalidHeader):
        session.prepare_request(requests.Request("GET", URL, headers=smuggled))
    with pytest.raises(requests.exceptions.InvalidHeader):
        prepare(session, "GET", URL, headers=smuggled)


def test_a_none_header_removes_the_sessions_as_the_session_does(session: Any) -> None:
    ours = prepare(session, "GET", URL, headers={"Accept-Encoding": None, "Accept": "application/json"})  # type: ignore[dict-item]
    theirs = session.prepare_request(requests.Request(
        "GET", URL, headers={"Accept-Encoding": None, "Accept": "application/json"}))
    assert list(ours.headers.items()) == list(theirs.headers.items())
    assert "Accept-Encoding" not in ours.headers
