"""Settings of who may call and from where: session JWTs, cookies, proxy trust, Ingress hosts, CORS, CSRF."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from monoql.config.model import Model


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


class Ingress(Model):
    """The names the environment's Ingress answers on (the chart's `ingress.hosts`)."""

    hosts: list[str] = []


class Cors(Model):
    """Origins allowed cross-site: `host[:port]` matched exactly; `allowAll` is refused in production."""

    allowed_hosts: list[str] = []
    https_only: bool = True
    allow_all: bool = False
    max_age: int = Field(600, ge=0)


class Csrf(Model):
    enabled: bool = True
    preflight_headers: list[str] = [
        "Apollo-Require-Preflight",
        "X-Apollo-Operation-Name",
        "GraphQL-Require-Preflight",
        "tm-id-version",
    ]
