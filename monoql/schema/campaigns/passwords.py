"""The campaign-password cookie: remembered passwords per campaign domain (docs/caller.md §6,
docs/passwords.md §1).

The value is a JSON object `{"<domain>": "<password>"}` signed with HMAC-SHA256 (itsdangerous
`URLSafeSerializer`, keyed with `session.secret`). A cookie whose signature does not verify reads as
empty. The request's current view is kept in its `RememberedPasswords` so several reads in one request agree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from monoql.schema.core.context import RequestContext

MAX_DOMAINS = 20


@dataclass
class RememberedPasswords:
    """The request's current view of the password cookie: None until first read."""

    by_domain: dict[str, str] | None = None


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, signer_kwargs={"digest_method": hashlib.sha256})


def encode_passwords(passwords: dict[str, str], secret: str) -> str:
    return str(_serializer(secret).dumps(passwords))


def decode_passwords(value: str | None, secret: str) -> dict[str, str]:
    """The remembered passwords of a cookie value; empty when missing, tampered or malformed."""
    if not value:
        return {}
    try:
        data = _serializer(secret).loads(value)
    except (BadSignature, ValueError, TypeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and v}


def _current(ctx: RequestContext) -> dict[str, str]:
    remembered = ctx.state(RememberedPasswords)
    if remembered.by_domain is None:
        cookie = ctx.http.cookies.get(ctx.settings.password_cookie.name)
        remembered.by_domain = decode_passwords(cookie, ctx.settings.session.secret)
    return remembered.by_domain


def remembered_password(ctx: RequestContext, domain: str) -> str | None:
    return _current(ctx).get(domain)


def _store(ctx: RequestContext, passwords: dict[str, str]) -> None:
    ctx.state(RememberedPasswords).by_domain = passwords
    name = ctx.settings.password_cookie.name
    if not passwords:
        ctx.response.delete_cookie(name)
        return
    max_age = ctx.settings.password_cookie.max_age_days * 86400
    ctx.response.set_cookie(name, encode_passwords(passwords, ctx.settings.session.secret), max_age=max_age)


def remember_password(ctx: RequestContext, domain: str, password: str) -> None:
    """Store a password for a domain, keeping the most recently stored domains only."""
    current = _current(ctx)
    if current.get(domain) == password and list(current)[-1] == domain:
        return  # already the newest entry: the cookie would not change
    passwords = {key: value for key, value in current.items() if key != domain}
    passwords[domain] = password
    _store(ctx, dict(list(passwords.items())[-MAX_DOMAINS:]))


def forget_password(ctx: RequestContext, domain: str) -> None:
    passwords = _current(ctx)
    if domain in passwords:
        _store(ctx, {key: value for key, value in passwords.items() if key != domain})
