"""Fixtures for the sandbox tests: one seeded app per test module and token helpers."""

import pytest

from monoql_sandbox.app import create_sandbox_app


@pytest.fixture(scope="module")
def app():
    return create_sandbox_app()


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def login(client):
    """login(token) -> Authorization headers for a sandbox account."""
    cache: dict[str, dict] = {}

    def _login(tm_token: str) -> dict:
        if tm_token not in cache:
            answer = client.post("/users/auth", json={"tm_token": tm_token, "tmuo": None, "version": "v2"})
            assert answer.status_code == 200, answer.json
            cache[tm_token] = {"Authorization": f"Bearer {answer.json['auth']['token']}"}
        return cache[tm_token]

    return _login


@pytest.fixture(scope="module")
def supreme(login):
    return login("sandbox-supreme")


@pytest.fixture(scope="module")
def manager(login):
    return login("sandbox-manager")


@pytest.fixture(scope="module")
def fan(login):
    return login("sandbox-fan")
