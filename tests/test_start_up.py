"""Start-up fails closed: without MONOQL_ENV no entry point serves or validates anything (one line, exit ≠ 0)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NO_ENV = "monoql: MONOQL_ENV is not set: name the environment to run (local, dev, qa, preprod, prod, prodw)\n"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`args` in a process whose environment has no MONOQL_* variable except those in `env`."""
    clean = {name: value for name, value in os.environ.items() if not name.startswith("MONOQL_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_config_refuses_without_an_environment() -> None:
    completed = run("-m", "monoql", "check-config")
    assert (completed.returncode, completed.stderr, completed.stdout) == (2, NO_ENV, "")


def test_the_wsgi_module_refuses_without_an_environment() -> None:
    completed = run("-c", "import monoql.wsgi")
    assert (completed.returncode, completed.stderr) == (4, NO_ENV)


def test_gunicorn_refuses_without_an_environment() -> None:
    completed = run("-m", "gunicorn", "-c", "gunicorn.conf.py", "monoql.wsgi:app")
    assert completed.returncode == 2
    assert completed.stderr.splitlines() == [NO_ENV.rstrip("\n")]


def test_gunicorn_without_the_settings_file_stops_instead_of_restarting_workers() -> None:
    completed = run("-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", "1", "monoql.wsgi:app")
    assert completed.returncode != 0
    assert NO_ENV.rstrip("\n") in completed.stderr.splitlines()


def test_local_without_the_development_key_refuses_to_start() -> None:
    completed = run("-m", "monoql", "check-config", env={"MONOQL_ENV": "local"})
    assert completed.returncode == 2
    assert completed.stderr == "monoql: invalid configuration: jwt: Field required\n"


@pytest.mark.parametrize("env", ["local", "prod"])
def test_an_environment_with_its_secrets_is_valid(env: str) -> None:
    key = run("-m", "monoql_sandbox", "keys").stdout
    secrets = {"MONOQL_ENV": env, "MONOQL_JWT__PUBLIC_KEY": key, "MONOQL_SESSION__SECRET": "s" * 32}
    completed = run("-m", "monoql", "check-config", env=secrets)
    assert (completed.returncode, completed.stdout) == (0, f"configuration {env} is valid\n")


def test_printing_the_schema_needs_no_environment() -> None:
    completed = run("-m", "monoql", "schema")
    assert completed.returncode == 0, completed.stderr
    assert "type Query {" in completed.stdout


def test_the_command_has_no_sandbox_sub_command() -> None:
    completed = run("-m", "monoql", "sandbox")
    assert completed.returncode == 2
    assert "invalid choice: 'sandbox'" in completed.stderr
