"""Paged reads of the campaigns service through `limit`/`skip` (docs/backends.md §5), batched per request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from monoql.clients.paging import Page, check_pagination, window
from monoql.schema.core.context import RequestContext
from monoql.schema.core.futures import gather, then


def paged_call(
    ctx: RequestContext,
    read_page: Callable[..., Page],
    *,
    skip: int | None,
    limit: int | None,
    default_limit: int,
    convert: Callable[[Any], Any] = lambda item: item,
    **params: Any,
) -> Any:
    """Items `skip … skip+limit-1` of a campaigns list/search, through one or two page calls.

    The checks run before any call (`INVALID_PAGINATION`); `limit` 0 answers `[]` without a call.
    `read_page` is a paged campaigns client method of this request; the calls go through `ctx.fetch`,
    so identical pages in one request are fetched once.
    """
    skip, limit = check_pagination(
        skip, limit, max_limit=ctx.settings.lists.max_limit, default_limit=default_limit
    )
    plan = window(skip, limit)
    if not plan.pages:
        return []
    pages = [ctx.fetch(read_page, page=page, page_size=size, **params) for page, size in plan.pages]

    def cut(answers: list[Page]) -> list[Any]:
        items = [item for answer in answers for item in answer.items]
        return [convert(item) for item in plan.cut(items)]

    return then(gather(pages), cut)
