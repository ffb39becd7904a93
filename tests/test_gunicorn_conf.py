"""gunicorn.conf.py: worker count from the container's CPU limit, and the settings operators rely on."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def conf(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    saved = dict(os.environ)
    try:
        spec.loader.exec_module(module)  # sets PROMETHEUS_MULTIPROC_DIR: keep it out of this process
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return module


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
