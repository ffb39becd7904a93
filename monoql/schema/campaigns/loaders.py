"""Per-request loaders of campaign reads: by id, by domain (with remembered passwords) and contacts."""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

from monoql.errors import MonoqlError, NotFound, Unauthenticated
from monoql.metrics import count_campaign_password_failure
from monoql.schema.campaigns.normalize import normalize_campaign
from monoql.schema.core.loaders import KeyLoader

logger = logging.getLogger(__name__)

CampaignKey = tuple[str, str | None, bool]
DomainKey = tuple[str, str | None, bool, str | None, bool]


class DomainRead(NamedTuple):
    """A campaign read by domain, and whether the remembered password it used was refused."""

    campaign: dict[str, Any] | None
    forget_password: bool = False


def _is_not_found(exc: MonoqlError) -> bool:
    return isinstance(exc, NotFound) and exc.reason == "CAMPAIGN_NOT_FOUND"


class CampaignByIdLoader(KeyLoader[CampaignKey, dict[str, Any] | None]):
    """Key `(campaign id, dash locale, showAllLocales)` → normalised campaign; null when not found."""

    def load_key(self, key: CampaignKey) -> dict[str, Any] | None:
        campaign_id, locale, show_all = key
        try:
            doc = self.clients.campaigns.get_campaign(campaign_id, locale, show_all)
        except NotFound as exc:
            if _is_not_found(exc):
                return None
            raise
        return normalize_campaign(doc, locale)


class CampaignByDomainLoader(KeyLoader[DomainKey, DomainRead]):
    """Key `(domain, dash locale, showAllLocales, password, password was remembered)` → `DomainRead`.

    A remembered password the service refuses is dropped and the read repeated without one, which
    yields the locked view (docs/passwords.md §2); a refused password argument is the caller's error.
    """

    def _read(self, domain: str, locale: str | None, show_all: bool, password: str | None) -> Any:
        try:
            doc = self.clients.campaigns.get_campaign_by_domain(domain, locale, show_all, password)
        except NotFound as exc:
            if _is_not_found(exc):
                return None
            raise
        return normalize_campaign(doc, locale)

    def load_key(self, key: DomainKey) -> DomainRead:
        domain, locale, show_all, password, remembered = key
        try:
            return DomainRead(self._read(domain, locale, show_all, password))
        except Unauthenticated as exc:
            if not (password and exc.reason == "INVALID_CAMPAIGN_PASSWORD"):
                raise
            self._refused(domain, "cookie" if remembered else "argument")
            if not remembered:
                raise
        return DomainRead(self._read(domain, locale, show_all, None), forget_password=True)

    def _refused(self, domain: str, source: str) -> None:
        """Log and count a refused password (never the password): guessing shows up in both."""
        call = self.clients.call
        logger.warning(
            "campaign password refused",
            extra={"domain": domain, "client_ip": call.client_ip, "request_id": call.request_id,
                   "password_source": source},
        )
        count_campaign_password_failure(source)


class ContactsByCampaignLoader(KeyLoader[str, list[Any]]):
    """Key campaign id → the campaign's stored contact objects."""

    def load_key(self, key: str) -> list[Any]:
        return self.clients.campaigns.list_contacts(key)
