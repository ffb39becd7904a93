"""Read the client layer's settings, with defaults for keys the configuration model may not define.

The settings object is the pydantic ``Settings`` of ``monoql.config``; nested sections may also be plain
mappings (tests, early configuration), so every read goes through :func:`setting`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from monoql.errors import MonoqlError

T = TypeVar("T")

SERVICES = ("users", "campaigns", "entries", "codes", "uploads", "waves", "exports")

DEFAULT_CONNECT_TIMEOUT = 2.0
DEFAULT_READ_TIMEOUT = 10.0
LONG_READ_TIMEOUT = 60.0


def _child(node: Any, name: str) -> Any:
    if node is None:
        return None
    if isinstance(node, Mapping):
        return node.get(name)
    return getattr(node, name, None)


def setting(settings: Any, dotted: str, default: T) -> T:
    """``settings.a.b.c`` (attribute or mapping access) or ``default`` when absent or None."""
    node = settings
    for name in dotted.split("."):
        node = _child(node, name)
        if node is None:
            return default
    return node  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ServiceOptions:
    """Where and how patiently one backend is called."""

    name: str
    url: str
    connect_timeout: float
    read_timeout: float
    cache_ttl: float


def service_options(settings: Any, name: str) -> ServiceOptions:
    """The ``services.<name>`` section: base URL (no trailing slash), timeouts and cache TTL."""
    services = setting(settings, "services", None)
    section = _child(services, name)
    raw = _child(section, "url")
    url = "" if raw is None else str(raw)  # pydantic HttpUrl is not a str
    if not url:
        raise MonoqlError(f"services.{name}.url is not configured", reason="SERVICE_NOT_CONFIGURED",
                          service=name)
    return ServiceOptions(
        name=name,
        url=url.rstrip("/"),
        connect_timeout=float(setting(section, "timeout.connect", DEFAULT_CONNECT_TIMEOUT)),
        read_timeout=float(setting(section, "timeout.read", DEFAULT_READ_TIMEOUT)),
        cache_ttl=float(setting(section, "cache_ttl", 0.0)),
    )


def caches_enabled(settings: Any) -> bool:
    """``performance.caches``: the bench switches every gateway cache off with it."""
    return bool(setting(settings, "performance.caches", True))
