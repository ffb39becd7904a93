"""`Campaigns.list` and `Campaigns.categoryIds` (behaviour.md 16)."""

from __future__ import annotations

import enum
from typing import Any

from monoql.schema.campaigns.normalize import normalize_campaign
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.search.paging import paged_call

DEFAULT_LIMIT = 10


def sort_params(sort: str | None) -> tuple[str | None, str | None]:
    """`name` → (`name`, `asc`); `-date.created` → (`date.created`, `desc`); none → service default."""
    if not sort:
        return None, None
    if sort.startswith("-"):
        return sort[1:], "desc"
    return sort, "asc"


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
