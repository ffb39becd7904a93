"""Root of the tests: the gateway under test trusts the sandbox's development key, as under `make run`; every
test starts with this process's state fresh, as a new worker starts; and a JSON log file for tests that read
log lines.

`local.yaml` names no JWT key (the development pair is made at set-up and never committed), so the key
is given the way `make run` gives it: `MONOQL_JWT__PUBLIC_KEY`, which every in-process `load_settings`
and every gateway process the tests start (they inherit the environment) read.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from monoql.clients.hooks import HOOKS
from monoql.logging import configure
from monoql_sandbox.keys import public_key_pem
from tests.support.isolation import fresh_process_state, resolve_mocked_backends


def pytest_configure(config: pytest.Config) -> None:
    os.environ["MONOQL_JWT__PUBLIC_KEY"] = public_key_pem()


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    """Closed circuits, full retry budgets, no session, DNS memory or HTTP cache, no verified JWT, no admitted
    operation name, no "already logged" flag, the real clock, and new apps (empty document and
    persisted-query caches): whatever another test tripped, and whichever modules it imported. The
    mocked backends' host resolves to loopback without asking the system resolver."""
    fresh_process_state()
    HOOKS.resolver = resolve_mocked_backends
    yield
    fresh_process_state()


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """JSON logs at DEBUG into a fresh file (its folder made by `configure`); the root logger restored after."""
    path = tmp_path / "logs" / "titan.log"
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    configure("DEBUG", str(path))
    yield path
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)
