"""Builds the entries `POST /{campaignId}/entries` body: answers + locale + request context
(docs/entries.md §1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import Headers

from monoql.errors import BadUserInput
from monoql.schema.content.locales import to_backend

# Request-context keys: the gateway alone writes them, whatever the client put in `entry`.
CONTEXT_KEYS = frozenset({"user_agent", "ip", "ip_country", "forwarded_for", "session_id"})


def check_entry(entry: Any) -> dict[str, Any]:
    """The `entry` argument must be a JSON object of answers."""
    if not isinstance(entry, dict):
        raise BadUserInput("entry must be a JSON object.", reason="INVALID_ENTRY", field="entry")
    return entry


def build_entry_body(
    entry: Mapping[str, Any], locale: str | None, headers: Headers | Mapping[str, str], client_ip: str | None,
    *, trust_country_header: bool,
) -> dict[str, Any]:
    """Answers without client-written context keys, then `locale`, then the context present.

    `CF-IPCountry` is the client's own header unless a proxy that sets it stands in front
    (`proxy.trustCountryHeader`): only then is it the fraud context's country.
    """
    body = {key: value for key, value in entry.items() if key not in CONTEXT_KEYS and key != "locale"}
    body["locale"] = to_backend(locale)
    context: dict[str, str | None] = {
        "user_agent": headers.get("User-Agent"),
        "ip": client_ip,
        "ip_country": headers.get("CF-IPCountry") if trust_country_header else None,
        "forwarded_for": headers.get("X-Forwarded-For"),
        "session_id": headers.get("X-NuDetect-Session-ID"),
    }
    body.update({key: value for key, value in context.items() if value})
    return body
