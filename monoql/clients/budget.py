"""The backend-call budget of one request (docs/errors.md §5): every call and retry draws one unit.

One GraphQL request can select the same expensive field under many aliases; without a ceiling a
single anonymous request made a hundred backend calls. The budget is per request; every call of a
request is made on its thread (`monoql.clients.send_ahead`), so it needs no lock.
"""

from __future__ import annotations


class CallBudget:
    """At most ``limit`` backend calls; :meth:`spend` says whether one more may be made."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def spend(self) -> bool:
        if self.used >= self.limit:
            return False
        self.used += 1
        return True

    def raise_to(self, limit: int) -> None:
        """A caller who signs in during the request gets their own kind's budget from then on."""
        self.limit = max(self.limit, limit)
