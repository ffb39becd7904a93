"""Id helpers: stable ids derived from names (seed, accounts) and random ids for new objects."""

import hashlib
import secrets


def derived_id(name: str) -> str:
    """A stable 24-hex id derived from a name."""
    return hashlib.sha1(name.encode()).hexdigest()[:24]  # noqa: S324 - an id, not security


def new_id() -> str:
    return secrets.token_hex(12)
