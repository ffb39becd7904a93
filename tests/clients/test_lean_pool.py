"""The short ``urlopen`` (lean_urlopen.py) and the remembered pool lookup (pool_lookup.py) against loopback servers.

As in test_lean_http.py, each outcome is compared with a stock ``requests`` session (urllib3's own
``urlopen`` and pool lookup underneath): resets, stale kept-alive sockets, a full pool, TLS.
"""

from __future__ import annotations

import socket
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.util.retry import Retry

from monoql.clients.http_session import SessionOptions, build_session
from monoql.clients.lean_connection import LeanHTTPConnectionPool
from tests.support.loopback import JSON, Server, TlsServer, answer, both, call, sends, stock_session


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


def _reset(conn: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0) instead of an orderly end of stream."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def test_the_adapters_call_takes_the_short_urlopen(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("urllib3's urlopen was used")

    monkeypatch.setattr(HTTPConnectionPool, "urlopen", refuse)
    session = build_session(SessionOptions())
    assert call(session, server.port)[3] == JSON
    assert call(session, server.port, method="POST", json={"a": 1})[3] == JSON
    session.close()  # type: ignore[no-untyped-call]


def test_any_other_call_goes_through_urllib3s_urlopen(server: Server) -> None:
    pool = LeanHTTPConnectionPool("127.0.0.1", server.port, maxsize=1)
    # preload_content, redirects, a retrying Retry: urllib3's own urlopen reads and releases as ever.
    response = pool.urlopen("GET", "/x", retries=Retry(2), redirect=True)
    assert (response.status, response.data) == (200, JSON)
    assert pool.pool is not None and pool.pool.qsize() == 1
    pool.close()


def test_a_reset_before_the_answer(server: Server) -> None:
    def reset(conn: socket.socket, request: bytes) -> bool:
        _reset(conn)
        return False
    assert both(server, reset) == ("UpstreamUnavailable", "ConnectionError")


def test_a_reset_inside_the_body(server: Server) -> None:
    def reset(conn: socket.socket, request: bytes) -> bool:
        conn.sendall(answer()[:-5])
        _reset(conn)
        return False
    # The body read (transport.py, raw.read1) turns urllib3's error into requests' as iter_content does.
    assert both(server, reset) == ("UpstreamUnavailable", "ChunkedEncodingError")


def test_a_kept_alive_connection_closed_while_the_request_is_sent(server: Server) -> None:
    # The server answers one call, then closes on reading the next one without answering: a
    # request written to a socket the server was about to close. Nothing retries it (max_retries=0).
    outcomes = []
    for session in (stock_session(), build_session(SessionOptions())):
        seen = 0

        def once(conn: socket.socket, request: bytes) -> bool:
            nonlocal seen
            seen += 1
            if seen > 1:
                return False
            conn.sendall(answer())
            return True

        server.reply = once
        outcomes.append((call(session, server.port)[3], call(session, server.port)))
        session.close()
    assert outcomes[0] == outcomes[1] == (JSON, ("UpstreamUnavailable", "ConnectionError"))


def _stream(session: requests.Session, port: int) -> requests.Response:
    prepared = requests.Request("GET", f"http://127.0.0.1:{port}/x").prepare()
    return requests.Session.send(session, prepared, stream=True, timeout=(2.0, 5.0), allow_redirects=False)


def test_a_full_pool_opens_one_more_connection_and_discards_it(server: Server) -> None:
    # pool_maxsize=8, block=False: a ninth call at once gets a new connection, which is closed
    # instead of being kept once its answer is read.
    kept = []
    for session in (stock_session(), build_session(SessionOptions(pool_size=8))):
        before = server.connections
        responses = [_stream(session, server.port) for _ in range(9)]
        assert [r.content for r in responses] == [JSON] * 9
        pool = session.get_adapter("http://127.0.0.1/").get_connection_with_tls_context(
            requests.Request("GET", f"http://127.0.0.1:{server.port}/").prepare(), True)
        kept.append((server.connections - before, sum(1 for conn in pool.pool.queue if conn)))
        assert all(_stream(session, server.port).content == JSON for _ in range(3))
        assert server.connections - before == 9  # the eight kept ones are reused
        session.close()
    assert kept == [(9, 8), (9, 8)]


def _lookup(session: requests.Session, url: str, verify: Any = True) -> Any:
    adapter = session.get_adapter(url)
    return adapter.get_connection_with_tls_context(requests.Request("GET", url).prepare(), verify)  # type: ignore[attr-defined]


def test_a_read_with_its_body_read_whole_gives_its_connection_back(server: Server) -> None:
    # stream=False (requests-cache's misses): requests reads the body and urllib3 releases the connection.
    session = build_session(SessionOptions())
    for index in range(3):
        prepared = requests.Request("GET", f"http://127.0.0.1:{server.port}/x{index}").prepare()
        assert requests.Session.send(session, prepared, timeout=(2.0, 5.0)).content == JSON
    out_of_cache = [call(session, server.port, path=f"/c{index}")[3] for index in range(3)]
    assert out_of_cache == [JSON] * 3 and server.connections == 1
    session.close()  # type: ignore[no-untyped-call]


def test_a_pool_dropped_after_a_dns_change_is_not_used_again(server: Server) -> None:
    session = build_session(SessionOptions())
    url = f"http://127.0.0.1:{server.port}/"
    assert call(session, server.port)[3] == JSON
    first = _lookup(session, url)
    session.get_adapter(url).drop_pools("127.0.0.1", server.port)  # type: ignore[attr-defined]
    assert call(session, server.port)[3] == JSON
    second = _lookup(session, url)
    assert second is not first and server.connections == 2
    session.get_adapter(url).poolmanager.clear()  # type: ignore[attr-defined]
    assert call(session, server.port)[3] == JSON
    assert _lookup(session, url) not in (first, second) and server.connections == 3
    session.close()  # type: ignore[no-untyped-call]


def test_the_pool_lookup_tells_hosts_ports_and_tls_settings_apart(server: Server) -> None:
    session, stock = build_session(SessionOptions()), stock_session()
    here, there = f"http://127.0.0.1:{server.port}/a", f"http://127.0.0.1:{server.port + 1}/a"
    secure = f"https://127.0.0.1:{server.port}/a"

    def facts(pool: Any) -> tuple[Any, ...]:
        return (pool.scheme, pool.host, pool.port, getattr(pool, "cert_reqs", None))

    for url, verify in ((here, True), (there, True), (secure, True), (secure, False), (secure, True)):
        assert _lookup(session, url, verify) is _lookup(session, url + "?q=1", verify)
        assert facts(_lookup(session, url, verify)) == facts(_lookup(stock, url, verify))
    assert _lookup(session, secure).cert_reqs == "CERT_REQUIRED"
    assert _lookup(session, secure, False) is not _lookup(session, secure)
    assert _lookup(session, there) is not _lookup(session, here)
    session.close()  # type: ignore[no-untyped-call]
    stock.close()


@pytest.fixture(scope="module")
def certfile(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("tls")
    pem = folder / "both.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True)
    pem.write_bytes((folder / "cert.pem").read_bytes() + (folder / "key.pem").read_bytes())
    return str(pem)


def test_https_still_verifies_the_certificate(certfile: str) -> None:
    tls = TlsServer(certfile)
    try:
        # A certificate no authority signed: refused by both, before any request is written.
        assert both(tls, sends(answer()), scheme="https") == ("UpstreamUnavailable", "SSLError")
        assert tls.requests == []
        # Trusted explicitly: the answer arrives through the short urlopen on the TLS pool.
        outcomes = []
        for session in (stock_session(), build_session(SessionOptions())):
            prepared = requests.Request("GET", f"https://127.0.0.1:{tls.port}/x").prepare()
            response = requests.Session.send(session, prepared, verify=str(Path(certfile)),
                                             timeout=(2.0, 5.0), allow_redirects=False)
            outcomes.append((response.status_code, response.content))
            session.close()
        assert outcomes == [(200, JSON), (200, JSON)]
    finally:
        tls.close()

