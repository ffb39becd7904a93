"""Identity client settings by request host (docs/identity.md): longest host-suffix match, else default."""

from __future__ import annotations

from typing import Any

from monoql.config.settings import Identity, IdentityEntry

_FIELDS = ("url", "version", "integrator_id", "placement_id")


def bare_host(host: str | None) -> str:
    """Lower-cased host without port (IPv6 literals keep their brackets)."""
    value = (host or "").strip().lower()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _matches(host: str, suffix: str) -> bool:
    return host == suffix or host.endswith("." + suffix)


def identity_for_host(identity: Identity, host: str | None) -> dict[str, Any]:
    """`Identity {url, version, integratorId, placementId}` for a request host."""
    name = bare_host(host)
    candidates = [key for key in identity.hosts if _matches(name, key.strip().lower().rstrip("."))]
    chosen: str | IdentityEntry | None = identity.hosts[max(candidates, key=len)] if candidates else None
    values = {field: getattr(identity.default, field) for field in _FIELDS}
    if isinstance(chosen, str):
        values["url"] = chosen
    elif isinstance(chosen, IdentityEntry):
        values.update(
            {field: getattr(chosen, field) for field in _FIELDS if getattr(chosen, field) is not None}
        )
    return {
        "url": values["url"],
        "version": values["version"],
        "integratorId": values["integrator_id"],
        "placementId": values["placement_id"],
    }
