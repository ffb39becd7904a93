"""Settings of the backend calls: service URLs and timeouts, the answer cache, retries, breakers, probes."""

from __future__ import annotations

from pydantic import Field, HttpUrl

from monoql.config.model import Model

SERVICE_NAMES = ("users", "campaigns", "entries", "codes", "uploads", "waves", "exports")


class Timeout(Model):
    connect: float = Field(2.0, gt=0)
    read: float = Field(10.0, gt=0)


class ServiceSettings(Model):
    url: HttpUrl
    timeout: Timeout = Timeout()
    cache_ttl: float = Field(0.0, ge=0)

    @property
    def base_url(self) -> str:
        return str(self.url).rstrip("/")


class Upstream(Model):
    max_concurrency: int = Field(8, gt=0)
    #: Seconds an expired cacheable public read may still be served while its backend fails.
    stale_if_error: float = Field(60.0, ge=0)
    #: Bounds of the per-worker cache of backend answers: entries, and bytes of their keys and
    #: bodies. An answer is dropped once it is past its expiry and `staleIfError`.
    cache_max_entries: int = Field(10_000, gt=0)
    cache_max_bytes: int = Field(16 * 1024 * 1024, gt=0)


class Retry(Model):
    attempts: int = Field(2, ge=0)
    backoff: float = Field(0.05, ge=0)
    budget_ratio: float = Field(0.2, ge=0)
    backoff_max: float = Field(1.0, ge=0)
    budget_min: int = Field(10, ge=0)


class Breaker(Model):
    failure_threshold: int = Field(5, gt=0)
    reset_seconds: float = Field(10.0, gt=0)


class Heartbeat(Model):
    dependencies: bool = False
    timeout: float = Field(2.0, gt=0)
