"""page/pageSize paging with meta.pagination (docs/backends.md §5) and deterministic ordering."""

from typing import Any

from flask import request

from monoql_sandbox.envelope import bad


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise bad("INVALID_PAGINATION", f"{name} must be an integer.", field=name) from exc


def page_args() -> tuple[int, int]:
    """(page, pageSize) from the query; 400 INVALID_PAGINATION outside 0.. and 1..1000."""
    page, size = _int_arg("page", 0), _int_arg("pageSize", 10)
    if page < 0:
        raise bad("INVALID_PAGINATION", "page must be 0 or more.", field="page")
    if not 1 <= size <= 1000:
        raise bad("INVALID_PAGINATION", "pageSize must be within 1..1000.", field="pageSize")
    return page, size


def paginate(items: list[Any], page: int, size: int) -> tuple[list[Any], dict[str, Any]]:
    start = page * size
    return items[start : start + size], {"pagination": {"page": page, "pageSize": size, "total": len(items)}}


def by_name_then_id(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: (str(item.get("name") or "").lower(), str(item.get("id"))))
