"""A backend on a loopback port, and one call sent through the shared session and a stock ``requests`` session.

The lean transport (lean_connection.py, lean_response.py) must end every exchange as ``http.client``
does: ``both`` sends the same answer to each session and asserts the two outcomes are equal.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from monoql.clients.http_session import SessionOptions, build_session
from monoql.clients.transport import Outgoing, send_once

Reply = Callable[[socket.socket, bytes], bool]  # sends an answer; False closes the connection

JSON = b'{"data": [1, 2, 3]}'


def answer(status: str = "200 OK", headers: tuple[str, ...] = (), body: bytes = JSON,
           length: bool = True) -> bytes:
    head = [f"HTTP/1.1 {status}", "Content-Type: application/json", *headers]
    if length:
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class Server:
    """Accepts connections on 127.0.0.1 and answers every request with ``reply``."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.reply: Reply = lambda conn, request: bool(conn.sendall(answer()) or True)
        self.requests: list[bytes] = []
        self.connections = 0
        self.ended = 0  # connections the server has closed (after the client's, or its own, close)
        self.closed = threading.Event()  # set whenever the server has closed a connection
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self._open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self._answer(self.wrap(conn))
        except OSError:  # a reset, or a TLS handshake the client gave up
            return
        finally:
            conn.close()
            self.ended += 1
            self.closed.set()

    def _answer(self, conn: socket.socket) -> None:
        buffer = b""
        while True:
            while b"\r\n\r\n" not in buffer:
                data = conn.recv(65536)
                if not data:
                    return
                buffer += data
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(buffer) < length:
                buffer += conn.recv(65536)
            request, buffer = head + b"\r\n\r\n" + buffer[:length], buffer[length:]
            self.requests.append(request)
            try:
                if not self.reply(conn, request):
                    return
            except OSError:
                return

    def wrap(self, conn: socket.socket) -> socket.socket:
        return conn

    def close(self) -> None:
        self.sock.close()
        for conn in self._open:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class TlsServer(Server):
    """The same server speaking TLS with the certificate and key in ``certfile`` (a self-signed one)."""

    def __init__(self, certfile: str) -> None:
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(certfile)
        super().__init__()

    def wrap(self, conn: socket.socket) -> socket.socket:
        return self.context.wrap_socket(conn, server_side=True)


def stock_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    adapter = HTTPAdapter(pool_connections=16, pool_maxsize=8, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def call(session: requests.Session, port: int, *, method: str = "GET", path: str = "/things",
         json: Any = None, read: float = 5.0, scheme: str = "http") -> tuple[Any, ...]:
    """One call the way the clients send it; what came back, or the exception and its cause."""
    out = Outgoing(service="things", method=method, route="things", url=f"{scheme}://127.0.0.1:{port}{path}",
                   headers={"Accept": "application/json", "Authorization": "Bearer a.b.c"},
                   timeout=(2.0, read), request_id="r-1", json=json)
    try:
        response = send_once(session, out, out.timeout)
    except Exception as exc:  # the outcome compared, whatever it is
        cause = exc.__cause__
        return (type(exc).__name__, type(cause).__name__ if cause else None)
    headers = {name.lower(): value for name, value in response.headers.items() if name.lower() != "date"}
    return (response.status_code, response.reason, headers, response.content, dict(response.cookies))


def both(server: Server, reply: Reply, **kwargs: Any) -> tuple[Any, ...]:
    """The outcome of one call through the shared session, asserted equal to the stock session's."""
    server.reply = reply
    lean = build_session(SessionOptions())
    stock = stock_session()
    try:
        expected = call(stock, server.port, **kwargs)
        got = call(lean, server.port, **kwargs)
    finally:
        lean.close()  # type: ignore[no-untyped-call]
        stock.close()
    assert got == expected
    return got


def target(request: bytes) -> str:
    """The request line's target (``/things?page=2``)."""
    return request.split(b" ", 2)[1].decode("latin-1")


def echoes_target(conn: socket.socket, request: bytes) -> bool:
    """Answers ``{"data": "<the request's target>"}``."""
    conn.sendall(answer(body=b'{"data": "%s"}' % target(request).encode("latin-1")))
    return True


def gated(count: int, then: Reply = echoes_target) -> Reply:
    """Answers only once ``count`` requests wait for an answer together (each on its own connection),
    then each with ``then``: so the client wrote them all before it read any answer. Requests that
    never are ``count`` together get a 503 after ten seconds."""
    gate = threading.Barrier(count, timeout=10)

    def reply(conn: socket.socket, request: bytes) -> bool:
        try:
            gate.wait()
        except threading.BrokenBarrierError:
            conn.sendall(answer("503 Service Unavailable", body=b'{"gate": "never opened"}'))
            return False
        return then(conn, request)

    return reply


def sends(data: bytes, *, keep: bool = True) -> Reply:
    def reply(conn: socket.socket, request: bytes) -> bool:
        conn.sendall(data)
        return keep
    return reply
