"""skip/limit → page/pageSize (docs/backends.md §5), with the worked examples and an exhaustive check."""

from __future__ import annotations

import pytest

from monoql.clients.paging import Page, Window, check_pagination, collect, window
from monoql.errors import BadUserInput


@pytest.mark.parametrize(
    ("skip", "limit", "pages", "offset"),
    [
        (0, 100, [(0, 100)], 0),  # skip 0, limit 100 → page 0, size 100
        (20, 10, [(2, 10)], 0),  # skip 20, limit 10 → page 2, size 10
        (5, 7, [(0, 12)], 5),  # skip 5, limit 7 → page 0, size 12, items 5..11
        (15, 10, [(1, 13)], 2),  # skip 15, limit 10 → page 1, size 13, items 2..11 of that page
    ],
)
def test_worked_examples(skip: int, limit: int, pages: list[tuple[int, int]], offset: int) -> None:
    plan = window(skip, limit)
    assert plan.pages == pages
    assert plan.offset == offset


def test_limit_zero_needs_no_call() -> None:
    assert window(40, 0) == Window([], 0, 0)


def test_smallest_fitting_page_size_is_chosen() -> None:
    # skip 999, limit 2 (items 999 and 1000): size 2 splits them, size 3 holds both on page 333.
    assert window(999, 2) == Window([(333, 3)], 0, 2)


def test_two_calls_when_no_single_page_fits() -> None:
    # Items 500..1099: every page size from 600 to 1000 puts a page boundary inside the window.
    plan = window(500, 600)
    assert plan.pages == [(0, 600), (1, 600)]
    assert plan.offset == 500


def test_large_limit_two_calls() -> None:
    plan = window(1500, 1000)
    assert plan.pages == [(1, 1000), (2, 1000)]
    assert plan.offset == 500


def _items(total: int) -> list[int]:
    return list(range(total))


def _fetcher(total: int, calls: list[tuple[int, int]]):
    data = _items(total)

    def fetch(page: int, size: int) -> Page:
        calls.append((page, size))
        assert 1 <= size <= 1000
        return Page(data[page * size : (page + 1) * size], {"page": page, "pageSize": size, "total": total})

    return fetch


@pytest.mark.parametrize("skip", [0, 1, 2, 3, 7, 9, 10, 11, 19, 33, 97, 500, 998, 999, 1000, 1001, 2500])
@pytest.mark.parametrize("limit", [1, 2, 3, 7, 10, 13, 100, 499, 500, 999, 1000])
def test_any_window_returns_exactly_the_wanted_items(skip: int, limit: int) -> None:
    calls: list[tuple[int, int]] = []
    got = collect(_fetcher(5000, calls), skip, limit)
    assert got == _items(5000)[skip : skip + limit]
    assert 1 <= len(calls) <= 2
    if len(calls) == 2:
        assert calls[0][1] == calls[1][1] == limit
        assert calls[1][0] == calls[0][0] + 1


def test_window_near_the_end_of_the_list() -> None:
    assert collect(_fetcher(12, []), 10, 5) == [10, 11]


def test_check_pagination_defaults() -> None:
    assert check_pagination(None, None) == (0, 10)
    assert check_pagination(None, None, default_limit=25) == (0, 25)
    assert check_pagination(3, 0) == (3, 0)
    assert check_pagination(0, 1000) == (0, 1000)


@pytest.mark.parametrize(("skip", "limit", "field"), [(-1, 10, "skip"), (0, -1, "limit"), (0, 1001, "limit")])
def test_check_pagination_refuses(skip: int, limit: int, field: str) -> None:
    with pytest.raises(BadUserInput) as info:
        check_pagination(skip, limit)
    assert info.value.reason == "INVALID_PAGINATION"
    assert info.value.field == field


def test_check_pagination_uses_max_limit() -> None:
    assert check_pagination(0, 50, max_limit=50) == (0, 50)
    with pytest.raises(BadUserInput):
        check_pagination(0, 51, max_limit=50)
