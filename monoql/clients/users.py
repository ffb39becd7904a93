"""Client of the users service (docs/services.md §1): login (TM token → session JWT), the caller's profile."""

from __future__ import annotations

from typing import Any

from monoql.clients.base import BackendClient

AUTH = "/auth"
ME = "/me"

LOGIN_VERSION = "v2"


class UsersClient(BackendClient):
    """users: bare envelope; ``POST /auth`` never carries ``Authorization``."""

    service = "users"

    def login(self, tm_token: str, tmuo: str | None) -> dict[str, Any]:
        """Exchange a Ticketmaster token for the user response whose ``auth.token`` is a new JWT."""
        body = {"tm_token": tm_token, "tmuo": tmuo, "version": LOGIN_VERSION}
        return self.send_dict("POST", AUTH, json=body, auth=False)

    def get_me(self) -> dict[str, Any]:
        """The caller's user response, with a freshly issued ``auth.token``."""
        return self.get_dict(ME)

    def update_me(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Update ``first_name``, ``last_name``, ``email``, ``phone``, ``zip`` (None clears a value)."""
        return self.send_dict("POST", ME, json=fields)
