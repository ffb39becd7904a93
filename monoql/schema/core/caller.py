"""Who a request runs as: its JWT, the JWT's verified claims, and where the JWT came from (docs/caller.md §1).

A `Caller` is a value: a login, a refreshed token or a logout makes the request run as a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

JwtSource = Literal["bearer", "cookie"]


@dataclass(frozen=True)
class Caller:
    jwt: str | None = None
    claims: dict[str, Any] | None = None
    source: JwtSource | None = None

    @property
    def logged_in(self) -> bool:
        return self.jwt is not None and self.claims is not None

    @property
    def user_id(self) -> str | None:
        user = (self.claims or {}).get("user") or {}
        value = user.get("id") if isinstance(user, dict) else None
        return str(value) if value else None

    @property
    def is_supreme(self) -> bool:
        return bool((self.claims or {}).get("isSupreme"))

    @property
    def is_admin(self) -> bool:
        claims = self.claims or {}
        return bool(claims.get("isAdmin") or claims.get("isSupreme"))


ANONYMOUS = Caller()
