"""gunicorn.conf.py: worker count from the container's CPU limit, and the settings operators rely on."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_conf(env: str, log_file: Path) -> ModuleType:
    """gunicorn.conf.py as gunicorn reads it, with `MONOQL_ENV=env` and the secrets a deployment has."""
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    saved = dict(os.environ)
    os.environ.update(
        {"MONOQL_ENV": env, "MONOQL_SESSION__SECRET": "s" * 32, "MONOQL_LOGGING__FILE": str(log_file)}
    )
    try:
        spec.loader.exec_module(module)  # sets PROMETHEUS_MULTIPROC_DIR: keep it out of this process
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return module


@pytest.fixture(scope="module")
def conf(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return load_conf("prod", tmp_path_factory.mktemp("logs") / "titan.log")


def test_cgroup_v2_quota_rounds_up(conf: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    assert conf.cpu_limit(str(tmp_path)) == 2


def test_cgroup_v2_without_limit_falls_back_to_the_machine(conf: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert conf.cpu_limit(str(tmp_path)) == (os.cpu_count() or 1)


def test_cgroup_v1_quota(conf: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("50000\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert conf.cpu_limit(str(tmp_path)) == 1


def test_operational_settings(conf: ModuleType) -> None:
    assert conf.worker_class == "sync"
    assert conf.bind == "0.0.0.0:8080"
    assert conf.timeout > 55  # above the longest request deadline
    assert conf.graceful_timeout < 30  # inside the pod's termination grace
    assert conf.control_socket_disable is True
    assert conf.max_requests > 0 and conf.max_requests_jitter > 0
    assert "root" in conf.logconfig_dict
    assert conf.logconfig_dict["formatters"]["json"]["()"] == "monoql.logging.formatter"


def test_local_listens_on_loopback_only(tmp_path: Path) -> None:
    assert load_conf("local", tmp_path / "titan.log").bind == "127.0.0.1:8080"
