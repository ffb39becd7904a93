"""Resolvers of the campaigns domain (docs/passwords.md §1, docs/entries.md §3).

`Viewer.campaign(domain, id, locale, showAllLocales, password)`; the campaign fields that need their own
backend calls (contacts and markets: a locked campaign, 4.7, resolves `markets` to `[]` and `market` to
null without a call); and `Campaigns.list` and `Campaigns.categoryIds`.
"""

from __future__ import annotations

import enum
from typing import Any

from monoql.schema.campaigns.loaders import (
    CampaignByDomainLoader,
    CampaignByIdLoader,
    ContactsByCampaignLoader,
    DomainRead,
)
from monoql.schema.campaigns.normalize import campaign_type, normalize_campaign
from monoql.schema.campaigns.passwords import forget_password, remember_password, remembered_password
from monoql.schema.content.locales import to_backend
from monoql.schema.core.context import RequestContext
from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.markets.loaders import MarketByIdLoader, MarketsByCampaignLoader
from monoql.schema.search.paging import paged_call

DEFAULT_LIMIT = 10


def resolve_campaign_type(campaign: dict[str, Any], _: ResolveInfo) -> str:
    return campaign_type(campaign)


def sort_params(sort: str | None) -> tuple[str | None, str | None]:
    """`name` → (`name`, `asc`); `-date.created` → (`date.created`, `desc`); none → service default."""
    if not sort:
        return None, None
    if sort.startswith("-"):
        return sort[1:], "desc"
    return sort, "asc"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _requires_password(campaign: dict[str, Any]) -> bool:
    options = campaign.get("options")
    return isinstance(options, dict) and options.get("requirePassword") is True


def _settle_domain_read(ctx: RequestContext, domain: str, password: str | None, read: DomainRead) -> Any:
    """Cookie bookkeeping on the request thread, once the read is back."""
    if read.forget_password:
        forget_password(ctx, domain)
    campaign = read.campaign
    if password and campaign is not None and not campaign["_locked"] and _requires_password(campaign):
        remember_password(ctx, domain, password)
    return campaign


def _domain_of(campaign: dict[str, Any]) -> str | None:
    """The domain a fan reads the campaign by: its site, else its preview domain."""
    domain = campaign.get("domain")
    if not isinstance(domain, dict):
        return None
    site = _text(domain.get("site")) or _text(domain.get("preview"))
    return site.strip().lower() if site else None


def _read_by_domain(
    ctx: RequestContext, site: str, dash_locale: str | None, show_all: bool, given: str | None
) -> Any:
    """The password argument, else the remembered one, else none (docs/passwords.md §2)."""
    remembered = None if given else remembered_password(ctx, site)
    key = (site, dash_locale, show_all, given or remembered, remembered is not None)
    future = ctx.loader(CampaignByDomainLoader).load(key)
    return then(future, lambda read: _settle_domain_read(ctx, site, given, read))


def _as_the_caller_may_see_it(
    ctx: RequestContext,
    campaign: dict[str, Any] | None,
    dash_locale: str | None,
    show_all: bool,
    given: str | None,
) -> Any:
    """A read by id shows a non-administrator no more than the read by domain would (docs/passwords.md §1)."""
    if campaign is None or ctx.caller.is_admin or not _requires_password(campaign):
        return campaign
    site = _domain_of(campaign)
    if site is None:
        return None  # a password campaign without a domain cannot be unlocked by a fan
    return _read_by_domain(ctx, site, dash_locale, show_all, given)


def resolve_viewer_campaign(
    _: Any,
    info: ResolveInfo,
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
    given = _text(password)
    if _text(id):
        by_id = ctx.loader(CampaignByIdLoader).load((str(id), dash_locale, show_all))
        return then(by_id, lambda read: _as_the_caller_may_see_it(ctx, read, dash_locale, show_all, given))
    site = _text(domain)
    if site is None:
        return None
    return _read_by_domain(ctx, site.strip().lower(), dash_locale, show_all, given)


def unlocked_for_caller(ctx: RequestContext, campaign_id: str, dash_locale: str | None) -> Any:
    """(A future of) whether the caller may act on the campaign: true unless it needs a password the
    caller has not unlocked it with, i.e. no remembered password the campaigns service accepts
(docs/passwords.md §3).

    Reads through the request's loaders, so `upsertViewerEntry { campaign(id:) }` reads it once.
    """
    by_id = ctx.loader(CampaignByIdLoader).load((campaign_id, dash_locale, False))

    def check(campaign: dict[str, Any] | None) -> Any:
        if campaign is None or not _requires_password(campaign):
            return True
        site = _domain_of(campaign)
        if site is None or remembered_password(ctx, site) is None:
            return False
        read = _read_by_domain(ctx, site, dash_locale, False, None)
        return then(read, lambda seen: seen is not None and not seen["_locked"])

    return then(by_id, check)


def resolve_contacts(campaign: dict[str, Any], info: ResolveInfo) -> Any:
    ctx = info.context
    require_login(ctx)
    return ctx.loader(ContactsByCampaignLoader).load(str(campaign["id"]))


def resolve_markets(campaign: dict[str, Any], info: ResolveInfo) -> Any:
    if campaign.get("_locked") or campaign.get("id") is None:
        return []
    return info.context.loader(MarketsByCampaignLoader).load(str(campaign["id"]))


def resolve_market(campaign: dict[str, Any], info: ResolveInfo, marketId: str) -> Any:
    if campaign.get("_locked") or campaign.get("id") is None:
        return None
    return info.context.loader(MarketByIdLoader).load((str(campaign["id"]), str(marketId)))


def resolve_list(
    _: Any,
    info: ResolveInfo,
    limit: int | None = None,
    skip: int | None = None,
    sort: str | None = None,
    query: str | None = None,
    type: Any = None,
    artistId: str | None = None,
    version: str | None = None,
) -> Any:
    """Campaigns the caller may administer, paged with `limit`/`skip` (default 10)."""
    ctx = info.context
    require_login(ctx)
    sort_by, sort_direction = sort_params(sort)
    return paged_call(
        ctx,
        ctx.clients.campaigns.list_campaigns,
        skip=skip,
        limit=limit,
        default_limit=DEFAULT_LIMIT,
        convert=normalize_campaign,
        q=query,
        type=type.value if isinstance(type, enum.Enum) else type,
        version=version,
        artist_id=artistId,
        sort_by=sort_by,
        sort_direction=sort_direction,
    )


def resolve_category_ids(
    _: Any,
    info: ResolveInfo,
    presaleQueryStartDate: str,
    presaleQueryEndDate: str,
) -> Any:
    """Passed through to campaigns `GET /campaigns/categoryIds`."""
    ctx = info.context
    require_login(ctx)
    return ctx.fetch(ctx.clients.campaigns.list_category_ids, presaleQueryStartDate, presaleQueryEndDate)
