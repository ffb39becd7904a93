"""Every hardening test starts with closed circuits, a full retry budget and an empty backend cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monoql.clients.process import reset_all


@pytest.fixture(autouse=True)
def fresh_client_layer() -> Iterator[None]:
    reset_all()
    yield
    reset_all()
