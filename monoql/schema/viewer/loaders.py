"""The viewer's one loader: the caller's users profile (`GET /me`), read at most once per request."""

from __future__ import annotations

from typing import Any, NamedTuple

from monoql.errors import MonoqlError
from monoql.schema.core.loaders import KeyLoader


class ProfileFailure(NamedTuple):
    """A failed `GET /me`, carried as a value so that fields not needing the profile can still wait on it."""

    error: MonoqlError


class ProfileByJwtLoader(KeyLoader[str, Any]):
    """Key: the request JWT → the caller's users profile (`GET /me`), or a `ProfileFailure`."""

    def load_key(self, key: str) -> Any:
        try:
            return self.clients.users.get_me()
        except MonoqlError as exc:
            return ProfileFailure(exc)
