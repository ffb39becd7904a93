"""The typed settings model: every configuration key monoql reads, validated at start-up.

The groups live in modules by job (access, backends, limits); this module assembles them and keeps
the groups that belong to no other job.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from monoql.config.access import Cors, Csrf, Ingress, Jwt, PasswordCookie, Proxy, Session
from monoql.config.backends import SERVICE_NAMES, Breaker, Heartbeat, Retry, ServiceSettings, Upstream
from monoql.config.limits import Deadline, Limits, Lists, Uploads
from monoql.config.model import Model

# Every group is importable from here, wherever it is defined.
__all__ = [
    "PRODUCTION_ENVS",
    "SERVICE_NAMES",
    "Breaker",
    "Buckets",
    "Cors",
    "Csrf",
    "Deadline",
    "Heartbeat",
    "Identity",
    "IdentityEntry",
    "Ingress",
    "Jwt",
    "Limits",
    "Lists",
    "Logging",
    "PasswordCookie",
    "Performance",
    "PersistedQueries",
    "Ppc",
    "Proxy",
    "Retry",
    "ServiceSettings",
    "Session",
    "Settings",
    "Uploads",
    "Upstream",
]


class IdentityEntry(Model):
    url: str | None = None
    version: str | None = None
    integrator_id: str | None = None
    placement_id: str | None = None


class Identity(Model):
    default: IdentityEntry = IdentityEntry()
    hosts: dict[str, str | IdentityEntry] = {}


class Ppc(Model):
    url: str | None = None
    id: str | None = None
    token: str | None = None


class Buckets(Model):
    scoring: str = "vf-scoring"


class Logging(Model):
    level: Literal["ERROR", "WARN", "INFO", "DEBUG"] = "INFO"
    file: str | None = None
    #: The log file is rotated (one backup kept) once it grows past this size; 0 never rotates.
    max_bytes: int = Field(100 * 1024 * 1024, ge=0)
    rotate_check_seconds: float = Field(30.0, gt=0)


class Performance(Model):
    """Switches for the optimisations; all on in production, off only to measure them.

    The parsed-document cache keeps valid documents only, at most `documentCacheSize` of them and
    `documentCacheBytes` characters of their text (an AST takes ~100 bytes per character: ~50 MB).
    """

    batching: bool = True
    concurrency: bool = True
    caches: bool = True
    document_cache_size: int = Field(512, ge=0)
    document_cache_bytes: int = Field(500_000, ge=0)
    # Remembered query answers (monoql/web/answer_memo.py), each checked against its backend calls
    # before it is served: at most this many, of this many bytes (answer and backend bodies), each
    # for at most `answerMemoSeconds`. Needs `batching` and `caches`; a size of 0 keeps none.
    answer_memo_size: int = Field(2_000, ge=0)
    answer_memo_bytes: int = Field(16 * 1024 * 1024, ge=0)
    answer_memo_seconds: float = Field(300.0, gt=0)


class PersistedQueries(Model):
    """APQ and trusted documents; `cdnMaxAge` lets a CDN share anonymous GETs of hashed queries."""

    mode: Literal["off", "apq", "safelist", "log-unknown"] = "apq"
    # One manifest file per client (admin tool, fan site), Apollo's format or {hash: document}.
    manifest: str | list[str] | None = None
    # Registered APQ documents a worker keeps: their number, and characters of their text.
    cache_size: int = Field(1000, ge=0)
    cache_bytes: int = Field(1_000_000, ge=0)
    cdn_max_age: int = Field(5, ge=0)


PRODUCTION_ENVS = ("preprod", "prod", "prodw")


class Settings(Model):
    env: str
    # Every interface in the pod (the ALB and probes reach it); `local` listens on loopback only.
    host: str = "0.0.0.0"  # noqa: S104
    port: int = Field(8080, gt=0, lt=65536)
    services: dict[str, ServiceSettings]
    dns_cache_ttl: float = Field(60.0, ge=0, alias="dnsCacheTTL")
    jwt: Jwt
    session: Session
    password_cookie: PasswordCookie = PasswordCookie()
    proxy: Proxy = Proxy()
    ingress: Ingress = Ingress()
    cors: Cors = Cors()
    csrf: Csrf = Csrf()
    show_developer_message: bool = False
    graphiql: bool = False
    introspection: bool = False
    identity: Identity = Identity()
    ppc: Ppc = Ppc()
    uploads: Uploads = Uploads()
    buckets: Buckets = Buckets()
    lists: Lists = Lists()
    deadline: Deadline = Deadline()
    logging: Logging = Logging()
    limits: Limits = Limits()
    performance: Performance = Performance()
    upstream: Upstream = Upstream()
    retry: Retry = Retry()
    breaker: Breaker = Breaker()
    persisted_queries: PersistedQueries = PersistedQueries()
    heartbeat: Heartbeat = Heartbeat()

    @model_validator(mode="after")
    def _cors_locked_in_production(self) -> Settings:
        if self.env in PRODUCTION_ENVS and self.cors.allow_all:
            raise ValueError(f"cors.allowAll must be false in {self.env}")
        return self

    @field_validator("services")
    @classmethod
    def _all_services(cls, value: dict[str, ServiceSettings]) -> dict[str, ServiceSettings]:
        missing = [name for name in SERVICE_NAMES if name not in value]
        if missing:
            raise ValueError(f"missing service(s): {', '.join(missing)}")
        unknown = [name for name in value if name not in SERVICE_NAMES]
        if unknown:
            raise ValueError(f"unknown service(s): {', '.join(unknown)}")
        return value
