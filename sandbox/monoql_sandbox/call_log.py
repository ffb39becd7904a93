"""The calls each stand-in received (docs/sandbox.md §4), so tests can count what a request caused.

Recorded in a WSGI middleware in front of the fault injection: a call the sandbox then delays, fails
or drops was still received. Bounded: the newest `MAX_CALLS` are kept.
"""

import threading
from collections import deque
from typing import Any

from monoql_sandbox.envelope import service_of_path

MAX_CALLS = 10_000


class CallLog:
    """Received calls, oldest first, shared by every request thread."""

    def __init__(self, limit: int = MAX_CALLS) -> None:
        self._lock = threading.Lock()
        self._calls: deque[dict[str, str]] = deque(maxlen=limit)

    def record(self, service: str, method: str, path: str, correlation_id: str) -> None:
        with self._lock:
            self._calls.append(
                {"service": service, "method": method, "path": path, "correlationId": correlation_id}
            )

    def find(self, service: str | None = None, correlation_id: str | None = None) -> list[dict[str, str]]:
        with self._lock:
            calls = list(self._calls)
        return [
            call
            for call in calls
            if (service is None or call["service"] == service)
            and (correlation_id is None or call["correlationId"] == correlation_id)
        ]

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()


class CallLogMiddleware:
    """Records every call under a stand-in's prefix before passing it on."""

    def __init__(self, app: Any, log: CallLog) -> None:
        self.app, self.log = app, log

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        service = service_of_path(path)
        if service:
            correlation = environ.get("HTTP_X_CORRELATION_ID", "")
            self.log.record(service, environ.get("REQUEST_METHOD", ""), path, correlation)
        return self.app(environ, start_response)
