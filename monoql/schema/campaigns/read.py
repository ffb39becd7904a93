"""`Viewer.campaign(domain, id, locale, showAllLocales, password)` (behaviour.md 4)."""

from __future__ import annotations

from typing import Any

from monoql.schema.campaigns.loaders import CampaignByDomainLoader, CampaignByIdLoader, DomainRead
from monoql.schema.campaigns.passwords import forget_password, remember_password, remembered_password
from monoql.schema.content.locales import to_backend
from monoql.schema.core.futures import then


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _requires_password(campaign: dict[str, Any]) -> bool:
    options = campaign.get("options")
    return isinstance(options, dict) and options.get("requirePassword") is True


def _settle_domain_read(ctx: Any, domain: str, password: str | None, read: DomainRead) -> Any:
    """Cookie bookkeeping on the request thread, once the read is back."""
    if read.forget_password:
        forget_password(ctx, domain)
    campaign = read.campaign
    if password and campaign is not None and not campaign["_locked"] and _requires_password(campaign):
        remember_password(ctx, domain, password)
    return campaign


def resolve_viewer_campaign(
    _: Any,
    info: Any,
    domain: str | None = None,
    id: str | None = None,  # the argument's published name
    locale: str | None = None,
    showAllLocales: bool | None = None,
    password: str | None = None,
) -> Any:
    """A campaign by id (wins) or by domain; null without either, and on 404 `CAMPAIGN_NOT_FOUND`."""
    ctx = info.context
    dash_locale = to_backend(_text(locale))
    show_all = bool(showAllLocales)
    if _text(id):
        return ctx.loader(CampaignByIdLoader).load((str(id), dash_locale, show_all))
    site = _text(domain)
    if site is None:
        return None
    site = site.strip().lower()
    given = _text(password)
    remembered = None if given else remembered_password(ctx, site)
    key = (site, dash_locale, show_all, given or remembered, remembered is not None)
    future = ctx.loader(CampaignByDomainLoader).load(key)
    return then(future, lambda read: _settle_domain_read(ctx, site, given, read))
