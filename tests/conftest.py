"""Root of the tests: the gateway under test trusts the sandbox's development key, as under `make run`.

`local.yaml` names no JWT key (the development pair is made at set-up and never committed), so the key
is given the way `make run` gives it: `MONOQL_JWT__PUBLIC_KEY`, which every in-process `load_settings`
and every gateway process the tests start (they inherit the environment) read.
"""

from __future__ import annotations

import os

import pytest

from monoql_sandbox.keys import public_key_pem


def pytest_configure(config: pytest.Config) -> None:
    os.environ["MONOQL_JWT__PUBLIC_KEY"] = public_key_pem()
