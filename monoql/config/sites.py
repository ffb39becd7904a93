"""Which CORS origins can hold a cookie session: the start-up same-site check of `session.sameSite`.

A `SameSite=Lax` (or `Strict`) cookie travels only on same-site requests, so an allowed origin whose
site (registrable domain: `admin.registration.ticketmaster.com` → `ticketmaster.com`, by the public
suffix list that browsers use) is the site of none of the names the gateway answers on
(`ingress.hosts`) can call the gateway but never gets a session. The check names those origins.
"""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache

from publicsuffixlist import PublicSuffixList

from monoql.config.settings import Settings

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    # The list ships inside the package: nothing is downloaded.
    return PublicSuffixList()


def hostname(host: str) -> str:
    """`host[:port]` → the lower-cased name without port or trailing dot (IPv6 brackets kept)."""
    name = host.strip().lower()
    if name.startswith("["):
        return name.split("]", 1)[0] + "]"
    return name.rsplit(":", 1)[0].rstrip(".") if ":" in name else name.rstrip(".")


def site_of(host: str) -> str:
    """The registrable domain of a host; a name without one (`localhost`, an IP address) is its own site."""
    name = hostname(host)
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return _suffixes().privatesuffix(name) or name
    return name


def origins_without_session(settings: Settings) -> list[str]:
    """Allowed CORS hosts that get no cookie session under the configured `session.sameSite`."""
    if settings.session.same_site == "None" or settings.cors.allow_all or not settings.ingress.hosts:
        return []
    sites = {site_of(host) for host in settings.ingress.hosts}
    return [origin for origin in settings.cors.allowed_hosts if site_of(origin) not in sites]


def same_site_warning(settings: Settings) -> str | None:
    """One line naming every CORS origin that will not get a session, or None when all of them do."""
    lost = origins_without_session(settings)
    if not lost:
        return None
    return (
        f"session.sameSite is {settings.session.same_site}: no cookie session for CORS origin(s) "
        f"{', '.join(lost)}: not same-site with any of ingress.hosts ({', '.join(settings.ingress.hosts)}); "
        "serve the gateway on their site or set session.sameSite None"
    )


def warn_about_cookie_sites(settings: Settings) -> None:
    """Log the same-site warning once (gunicorn's master calls this when it is ready)."""
    warning = same_site_warning(settings)
    if warning:
        logger.warning(warning)
