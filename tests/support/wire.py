"""What the client tests send and read: the backend base URL, the caller, and helpers over the wire."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from monoql.clients import Clients
from monoql.clients.base import CallContext

BASE = "http://localhost:8090"
JWT = "header.payload.signature"
REQUEST_ID = "req-123"
CID = "c1"
ENTRY_URL = f"{BASE}/entries/{CID}/entries"


def entries_client(settings: Any, clock: Any, *, deadline: float | None = 120.0, jwt: str | None = "tok") -> Any:
    """The entries client of one call made at ``clock.now`` with ``deadline`` seconds left."""
    return Clients(settings, CallContext(jwt, "rid", None if deadline is None else clock.now + deadline)).entries


class Wire:
    """Helpers to build backend bodies and read what a client sent (also the ``wire`` fixture)."""

    base = BASE
    jwt = JWT
    request_id = REQUEST_ID

    @staticmethod
    def wrap(payload: Any, meta: dict[str, Any] | None = None) -> dict[str, Any]:
        """A wrapped-envelope body."""
        return {
            "data": payload,
            "meta": meta or {"timestamp": "2030-01-05T15:00:00.000Z", "correlationId": "x"},
        }

    @staticmethod
    def query(request: Any) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(request.url).query, keep_blank_values=True)

    @staticmethod
    def path(request: Any) -> str:
        return urlsplit(request.url).path

    @staticmethod
    def json(request: Any) -> Any:
        body = request.body
        return None if body is None else json.loads(body)
