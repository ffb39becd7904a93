"""What the root fixture (tests/conftest.py) runs before and after every test."""

from __future__ import annotations

from monoql.per_process import reset_all
from tests.support.gateway import forget_apps


def fresh_process_state() -> None:
    """This process as a new worker starts it (`monoql.per_process.reset_all`), and no app kept by
    `tests.support.gateway.app_for` (each app holds its own document and persisted-query caches)."""
    reset_all()
    forget_apps()
