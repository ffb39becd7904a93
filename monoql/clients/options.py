"""The client layer's view of the settings: one backend's base URL, timeouts and cache TTL."""

from __future__ import annotations

from dataclasses import dataclass

from monoql.config import SERVICE_NAMES, Settings

SERVICES = SERVICE_NAMES

LONG_READ_TIMEOUT = 60.0


@dataclass(frozen=True)
class ServiceOptions:
    """Where and how patiently one backend is called."""

    name: str
    url: str
    connect_timeout: float
    read_timeout: float
    cache_ttl: float


def service_options(settings: Settings, name: str) -> ServiceOptions:
    """The ``services.<name>`` section: base URL (no trailing slash), timeouts and cache TTL."""
    section = settings.services[name]
    return ServiceOptions(
        name=name,
        url=section.base_url,
        connect_timeout=section.timeout.connect,
        read_timeout=section.timeout.read,
        cache_ttl=section.cache_ttl,
    )


def caches_enabled(settings: Settings) -> bool:
    """``performance.caches``: the bench switches every gateway cache off with it."""
    return settings.performance.caches
