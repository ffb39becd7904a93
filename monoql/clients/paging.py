"""Paging: the campaigns ``Page`` answer and the ``skip``/``limit`` → ``page``/``pageSize`` conversion.

docs/backends.md §5: any ``skip``/``limit`` must return exactly items ``skip … skip+limit-1`` of the full
ordered list, although the campaigns service only knows fixed-size pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from monoql.errors import BadUserInput

MAX_PAGE_SIZE = 1000


class Page(NamedTuple):
    """One page of a campaigns list or search: its items and ``meta.pagination`` (when sent)."""

    items: list[Any]
    pagination: dict[str, Any] | None


class Window(NamedTuple):
    """The calls that cover a ``skip``/``limit`` window and how to cut the result out of them.

    ``pages`` are ``(page, page_size)`` pairs to fetch in order (empty when ``limit`` is 0); the items
    wanted are ``concatenated[offset:offset + limit]``.
    """

    pages: list[tuple[int, int]]
    offset: int
    limit: int

    def cut(self, items: Sequence[Any]) -> list[Any]:
        return list(items[self.offset:self.offset + self.limit])


def check_pagination(skip: int | None, limit: int | None, *, max_limit: int = MAX_PAGE_SIZE,
                     default_limit: int = 10) -> tuple[int, int]:
    """Step 1: defaults (``skip`` 0, ``limit`` ``default_limit``) and the gateway's own checks.

    Negative values and a ``limit`` above ``max_limit`` (``lists.maxLimit``) are refused with
    ``BAD_USER_INPUT`` / ``INVALID_PAGINATION`` before any backend call.
    """
    skip = 0 if skip is None else skip
    limit = default_limit if limit is None else limit
    if skip < 0 or limit < 0:
        raise BadUserInput("skip and limit must not be negative.", reason="INVALID_PAGINATION",
                           field="skip" if skip < 0 else "limit")
    if limit > max_limit:
        raise BadUserInput(f"limit must not exceed {max_limit}.", reason="INVALID_PAGINATION", field="limit")
    return skip, limit


def window(skip: int, limit: int, max_page: int = MAX_PAGE_SIZE) -> Window:
    """Steps 2 and 3: the pages to fetch for a checked ``skip``/``limit``.

    One call with the smallest page size ``p ≥ limit`` whose page holds the whole window, when
    ``p ≤ max_page``; otherwise two calls of ``limit``-sized pages, the window's page and the next.
    """
    if limit <= 0:
        return Window([], 0, 0)
    last = skip + limit - 1
    size = limit
    while size <= max_page:
        if skip // size == last // size:
            page = skip // size
            return Window([(page, size)], skip - page * size, limit)
        size += 1
    page = skip // limit
    return Window([(page, limit), (page + 1, limit)], skip - page * limit, limit)


def collect(fetch: Callable[[int, int], Page], skip: int, limit: int,
            max_page: int = MAX_PAGE_SIZE) -> list[Any]:
    """Fetch the window's pages with ``fetch(page, page_size)`` and return exactly the wanted items."""
    plan = window(skip, limit, max_page)
    items: list[Any] = []
    for page, size in plan.pages:
        items.extend(fetch(page, size).items)
    return plan.cut(items)
