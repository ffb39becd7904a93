"""gunicorn.conf.py: worker count from the container's CPU limit, and the settings operators rely on."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from tests.support.gunicorn_conf import load_conf

ROOT = Path(__file__).resolve().parent.parent


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
    assert conf.worker_class == "monoql.gunicorn_worker.JsonErrorWorker"
    assert conf.bind == "0.0.0.0:8080"
    assert conf.timeout > 55  # above the longest request deadline
    assert conf.graceful_timeout < 30  # inside the pod's termination grace
    assert conf.control_socket_disable is True
    assert conf.max_requests > 0 and conf.max_requests_jitter > 0
    assert "root" in conf.logconfig_dict
    assert conf.logconfig_dict["formatters"]["json"]["()"] == "monoql.logging.formatter"


def test_local_listens_on_loopback_only(tmp_path: Path) -> None:
    assert load_conf("local", tmp_path / "titan.log").bind == "127.0.0.1:8080"


@pytest.fixture(autouse=True)
def own_environment() -> Iterator[None]:
    """gunicorn's hooks export the metrics directory to the environment: keep it out of other tests."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def load_instance(tmp_path: Path) -> ModuleType:
    """gunicorn.conf.py as a new gunicorn instance loads it (the hooks run later, in this environment)."""
    spec = importlib.util.spec_from_file_location("gunicorn_conf_instance", ROOT / "gunicorn.conf.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    os.environ.update(
        {"MONOQL_ENV": "prod", "MONOQL_SESSION__SECRET": "s" * 32,
         "MONOQL_LOGGING__FILE": str(tmp_path / "logs" / "titan.log")}
    )
    spec.loader.exec_module(module)
    return module


def test_only_the_app_writes_access_lines(conf: ModuleType) -> None:
    assert conf.accesslog is None  # the app's own line has the request id; gunicorn's was a duplicate


def test_instances_without_a_configured_directory_get_one_each(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    first = load_instance(tmp_path)
    first.on_starting(None)
    first_dir = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    (first_dir / "counter_101.db").write_bytes(b"values of the first instance")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    second = load_instance(tmp_path)
    second.on_starting(None)
    second_dir = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    try:
        assert second_dir != first_dir and second_dir.is_dir()
        assert (first_dir / "counter_101.db").read_bytes() == b"values of the first instance"
    finally:
        second.on_exit(None)
        first.on_exit(None)
    assert not first_dir.exists() and not second_dir.exists()  # each removes only its own


def test_a_configured_directory_is_emptied_at_start_and_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    directory = tmp_path / "metrics"
    directory.mkdir()
    (directory / "counter_7.db").write_bytes(b"previous run")
    (directory / "operation-names.txt").write_text("Old\n")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    instance = load_instance(tmp_path)
    instance.on_starting(None)
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(directory)
    assert list(directory.iterdir()) == []
    assert "PROMETHEUS_MULTIPROC_DIR_UNUSABLE" not in os.environ
    instance.on_exit(None)
    assert directory.is_dir()  # the chart's volume is not ours to remove


def test_an_unusable_directory_does_not_stop_the_master(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "a-file" / "metrics"))
    instance = load_instance(tmp_path)
    instance.on_starting(None)
    assert [r.message for r in caplog.records if r.name == "monoql.metrics_dir"] == [
        "metrics directory unusable: no metrics are recorded"
    ]
    assert os.environ["PROMETHEUS_MULTIPROC_DIR_UNUSABLE"] == "1"  # the workers need not say it again
    instance.child_exit(None, type("Worker", (), {"pid": 4242})())  # nothing to mark, nothing raised


def write_values(path: Path, values: dict[tuple[str, str, tuple[tuple[str, str], ...]], float]) -> None:
    """A multiprocess value file as a worker writes it: {(family, sample, labels): value}."""
    from prometheus_client.mmap_dict import MmapedDict, mmap_key

    file = MmapedDict(str(path))
    for (family, sample, labels), value in values.items():
        key = mmap_key(family, sample, [k for k, _ in labels], [v for _, v in labels], "help")
        file.write_value(key, value, 0.0)
    file.close()


def scraped(directory: Path) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    from prometheus_client.multiprocess import MultiProcessCollector

    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in MultiProcessCollector(None, path=str(directory)).collect()
        for sample in family.samples
    }


def test_an_exited_worker_is_marked_dead_and_folded_into_the_archive(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    directory = tmp_path / "metrics"
    directory.mkdir()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    instance = load_instance(tmp_path)
    ops = ("monoql_graphql_operations", "monoql_graphql_operations_total", (("operation_name", "Landing"),))
    other = ("monoql_graphql_operations", "monoql_graphql_operations_total", (("operation_name", "other"),))
    write_values(directory / "counter_4242.db", {ops: 3.0, other: 1.0})  # the worker that exits
    write_values(directory / "counter_4243.db", {ops: 5.0})  # a live one
    write_values(directory / "counter_archive.db", {ops: 2.0})  # workers that exited before
    write_values(directory / "gauge_livemax_4242.db", {("up", "up", (("service", "users"),)): 1.0})
    write_values(directory / "gauge_max_4242.db", {("info", "info", (("version", "1"),)): 1.0})
    write_values(directory / "gauge_livemax_4243.db", {("up", "up", (("service", "users"),)): 1.0})
    before = scraped(directory)
    instance.child_exit(None, type("Worker", (), {"pid": 4242})())
    assert sorted(p.name for p in directory.iterdir()) == [
        "counter_4243.db", "counter_archive.db", "fold.lock", "gauge_livemax_4243.db"
    ]
    after = scraped(directory)
    landing = ("monoql_graphql_operations_total", (("operation_name", "Landing"),))
    assert before[landing] == after[landing] == 10.0  # nothing counted twice or lost
    assert after[("monoql_graphql_operations_total", (("operation_name", "other"),))] == 1.0


def test_binds_the_address_the_chart_gives_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Behind the pod's nginx sidecar the chart sets MONOQL_HOST/MONOQL_PORT to the loopback."""
    monkeypatch.setenv("MONOQL_HOST", "127.0.0.1")
    monkeypatch.setenv("MONOQL_PORT", "8081")
    assert load_conf("prod", tmp_path / "titan.log").bind == "127.0.0.1:8081"


def test_request_lines_up_to_gunicorns_maximum(conf: ModuleType) -> None:
    # nginx's 8k header buffer passes request lines of at most 8,190 characters: gunicorn takes them all.
    assert conf.limit_request_line == 8190
    # Header lines of 8,190 characters plus CRLF, and more headers than nginx's buffers can carry.
    assert conf.limit_request_field_size == 8192
    assert conf.limit_request_fields == 32768


def test_gunicorn_numbers_the_workers_and_the_ones_past_the_cpus_and_one_are_spares(
    conf: ModuleType, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(conf, "_cpus", 2)
    server = SimpleNamespace(WORKERS={})
    for pid in range(100, 105):  # gunicorn runs pre_fork in the master, then adds the forked worker
        worker = SimpleNamespace()
        conf.pre_fork(server, worker)
        server.WORKERS[pid] = worker
    assert [(w.slot, w.spare) for w in server.WORKERS.values()] == [
        (0, False), (1, False), (2, False), (3, True), (4, True)]
    del server.WORKERS[101]  # a core worker exits; its replacement is a core worker
    replacement = SimpleNamespace()
    conf.pre_fork(server, replacement)
    assert (replacement.slot, replacement.spare) == (1, False)
