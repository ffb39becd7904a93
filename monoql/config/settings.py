"""The typed settings model: every configuration key monoql reads, validated at start-up."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator
from pydantic.alias_generators import to_camel

SERVICE_NAMES = ("users", "campaigns", "entries", "codes", "uploads", "waves", "exports")


class Model(BaseModel):
    """Base: camelCase keys in YAML and environment, snake_case in Python, unknown keys refused."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)


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


class Jwt(Model):
    """The session JWTs' public key, and the per-worker cache of tokens whose signature verified.

    The cache bounds are written, never swept (docs/hostile-traffic.md §7): 2048 sessions, and
    4 MiB of token text (a fan's token is under 1 KB, an administrator's with permissions ~2 KB).
    """

    public_key: str = Field(min_length=1)
    cache_size: int = Field(2048, ge=0)
    cache_bytes: int = Field(4 * 1024 * 1024, ge=0)

    @field_validator("public_key")
    @classmethod
    def _pem(cls, value: str) -> str:
        if "BEGIN PUBLIC KEY" not in value:
            raise ValueError("must be a PEM public key")
        return value


SameSite = Literal["Lax", "Strict", "None"]


class Session(Model):
    cookie_name: str = "monoql_session"
    secure: bool = True
    #: SameSite of the session and campaign-password cookies; `None` lets a cross-site admin tool
    #: keep a session, and browsers accept it only on a `Secure` cookie.
    same_site: SameSite = "Lax"
    secret: str = Field(min_length=16)

    @model_validator(mode="after")
    def _none_needs_secure(self) -> Session:
        if self.same_site == "None" and not self.secure:
            raise ValueError("session.sameSite None needs session.secure true (browsers refuse it otherwise)")
        return self


class PasswordCookie(Model):
    name: str = "monoql_campaign_pw"
    max_age_days: int = Field(30, gt=0)


class Proxy(Model):
    """What the load balancer in front may tell us: only entries our own proxies wrote are believed."""

    trust: bool = True
    #: Entries of `X-Forwarded-For`, counted from the right, appended by our own proxies (ALB: 1).
    trusted_hops: int = Field(1, ge=1, le=10)
    trust_forwarded_host: bool = False
    trust_country_header: bool = False
    #: File the buffering proxy appends a mark to for every request it cut off for slowness;
    #: `/metrics` counts and empties it (monoql/web/proxy_timeouts.py). None: no proxy in front.
    timeout_marks: str | None = None


PRODUCTION_ENVS = ("preprod", "prod", "prodw")


class Cors(Model):
    """Origins allowed cross-site: `host[:port]` matched exactly; `allowAll` is refused in production."""

    allowed_hosts: list[str] = []
    https_only: bool = True
    allow_all: bool = False
    max_age: int = Field(600, ge=0)


class Ingress(Model):
    """The names the environment's Ingress answers on (the chart's `ingress.hosts`)."""

    hosts: list[str] = []


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


class Uploads(Model):
    max_file_size: int = Field(104_857_600, gt=0)
    max_files: int = Field(5, gt=0)


class Buckets(Model):
    scoring: str = "vf-scoring"


class Lists(Model):
    max_limit: int = Field(1000, gt=0)


class Csrf(Model):
    enabled: bool = True
    preflight_headers: list[str] = [
        "Apollo-Require-Preflight",
        "X-Apollo-Operation-Name",
        "GraphQL-Require-Preflight",
        "tm-id-version",
    ]


class Deadline(Model):
    query: float = Field(10.0, gt=0)
    mutation: float = Field(25.0, gt=0)
    upload: float = Field(55.0, gt=0)


class Logging(Model):
    level: Literal["ERROR", "WARN", "INFO", "DEBUG"] = "INFO"
    file: str | None = None
    #: The log file is rotated (one backup kept) once it grows past this size; 0 never rotates.
    max_bytes: int = Field(100 * 1024 * 1024, ge=0)
    rotate_check_seconds: float = Field(30.0, gt=0)


class BackendCalls(Model):
    """Backend calls (retries included) one request may cause, by caller kind (docs/errors.md §5).

    Measured by tests/hardening/test_backend_budget.py, which runs every client operation of
    tests/hardening/operations against the sandbox as each kind of caller that sends it and counts
    the calls (`-s` prints the table): at most 3 for an anonymous caller (FanLanding), 5 for a fan
    (FanLanding, FanSubmitEntry), 12 for an administrator (AdminMetricsDashboard); the largest
    admin list, 1,000 campaigns each with its markets, makes 1,001. A retry is a call too, and the
    worker's retry budget lets through about one in five. Each default is at least twice the
    largest count with its retries: 20 and 30 stop an anonymous request of 25 aliased campaign
    reads (which made 104 calls) while every page of the fan site passes.
    """

    anonymous: int = Field(20, gt=0)
    fan: int = Field(30, gt=0)
    administrator: int = Field(2500, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> BackendCalls:
        if not self.anonymous < self.fan < self.administrator:
            raise ValueError("must grow from anonymous to fan to administrator")
        return self


class Limits(Model):
    """Request and document limits; the defaults admit every operation the admin and fan clients send.

    Measured over tests/hardening/operations (37 client operations, `__typename` added everywhere as
    Apollo Client does; tests/hardening/test_client_operations.py keeps these numbers honest):
    largest document 6,829 characters and 558 tokens (AdminCampaignEditor), depth 9, 4 aliases,
    0 directives, 7 root fields (AdminMetricsDashboard), a response name repeated 3 times in one
    selection, cost 16,763 with the list multiplier 10 (AdminCampaignEditor). Each default below
    is at least 1.6 times the measured maximum (depth) and mostly 3 to 10 times.
    """

    max_body_bytes: int = Field(1_048_576, gt=0)
    max_query_chars: int = Field(100_000, gt=0)
    max_tokens: int = Field(3_000, gt=0)
    max_depth: int = Field(15, gt=0)
    max_aliases: int = Field(30, ge=0)
    max_directives: int = Field(50, ge=0)
    max_root_fields: int = Field(20, gt=0)
    max_cost: int = Field(50_000, gt=0)
    list_multiplier: int = Field(10, gt=0)
    # A response name selected more often than this in one selection (after fragment expansion)
    # is refused: graphql-core's field-merging check is quadratic in such repeats.
    max_duplicate_fields: int = Field(10, gt=0)
    # Nesting of `variables` and `extensions` (JSON inputs nest 8 levels in CampaignInput).
    max_json_depth: int = Field(64, gt=0)
    max_batch: int = Field(1, ge=1)
    max_backend_calls: BackendCalls = BackendCalls()


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


class PersistedQueries(Model):
    """APQ and trusted documents; `cdnMaxAge` lets a CDN share anonymous GETs of hashed queries."""

    mode: Literal["off", "apq", "safelist", "log-unknown"] = "apq"
    # One manifest file per client (admin tool, fan site), Apollo's format or {hash: document}.
    manifest: str | list[str] | None = None
    # Registered APQ documents a worker keeps: their number, and characters of their text.
    cache_size: int = Field(1000, ge=0)
    cache_bytes: int = Field(1_000_000, ge=0)
    cdn_max_age: int = Field(5, ge=0)


class Heartbeat(Model):
    dependencies: bool = False
    timeout: float = Field(2.0, gt=0)


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
