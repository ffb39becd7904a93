"""The backend-call budget of one request (docs/errors.md §5): every call and retry draws one unit.

One GraphQL request can select the same expensive field under many aliases; without a ceiling a
single anonymous request made a hundred backend calls. The budget is per request, shared by the
request thread and the pool threads that run its calls concurrently, hence the lock.
"""

from __future__ import annotations

import threading


class CallBudget:
    """At most ``limit`` backend calls; :meth:`spend` says whether one more may be made."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self._lock = threading.Lock()

    def spend(self) -> bool:
        with self._lock:
            if self.used >= self.limit:
                return False
            self.used += 1
            return True

    def raise_to(self, limit: int) -> None:
        """A caller who signs in during the request gets their own kind's budget from then on."""
        with self._lock:
            self.limit = max(self.limit, limit)
