"""The image scripts' offline logic: the pod they run is the chart's, and the file-list check finds
what must never ship. (`make image-test` runs the real thing under podman.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "image"))

import chartpod  # noqa: E402
import checks  # noqa: E402
from podman import security_args, volume_args  # noqa: E402

pytestmark = pytest.mark.deploy


@pytest.fixture(scope="module")
def spec(chart) -> chartpod.PodSpec:
    chart.render(chart.values("dev"))  # skips (or fails in CI) when the Helm SDK is missing
    return chartpod.pod_spec("dev", "localhost/monoql", "1.0.0")


def test_the_pod_is_the_charts_gateway_with_its_environment(spec):
    gateway = spec.containers["monoql"]
    assert gateway.image == "localhost/monoql:1.0.0"
    # nginx owns the pod's port; gunicorn listens on the pod's loopback behind it.
    assert spec.containers["nginx"].port == 8080 and gateway.port is None
    assert (gateway.env["MONOQL_HOST"], gateway.env["MONOQL_PORT"]) == ("127.0.0.1", "8081")
    assert spec.containers["nginx"].pre_stop[0] == "sh" and gateway.pre_stop == ["sleep", "5"]
    assert gateway.env["MONOQL_ENV"] == "dev"
    assert gateway.env["MONOQL_CONFIG_FILE"] == "/etc/monoql/config.yaml"
    assert gateway.env["PROMETHEUS_MULTIPROC_DIR"] == "/run/monoql/metrics"
    assert gateway.env["WEB_CONCURRENCY"] == "3"  # 500m CPU limit: 2 x 1 + 1
    assert gateway.secret_refs == ["monoql-dev-secrets"]
    assert spec.grace_seconds == 30 and spec.fs_group == 10001


def test_only_the_charts_volumes_are_writable(spec):
    mounts = {m.path: m for m in spec.containers["monoql"].mounts}
    assert sorted(p for p, m in mounts.items() if not m.read_only) == ["/logs", "/run/monoql/metrics", "/tmp"]
    assert mounts["/run/monoql/metrics"].kind == "memory"
    assert mounts["/etc/monoql"].read_only and list(mounts["/etc/monoql"].files) == ["config.yaml"]


def test_security_context_becomes_podman_flags(spec):
    args = security_args(spec.containers["monoql"], spec.fs_group)
    joined = " ".join(args)
    assert "--user 10001:10001" in joined and "--group-add 10001" in joined
    # --read-only alone would let podman put tmpfs on /tmp, /var/tmp and /run.
    assert "--read-only --read-only-tmpfs=false" in joined
    assert "--cap-drop ALL" in joined and "--security-opt no-new-privileges" in joined
    assert "--privileged" not in args and "--cap-add" not in args


def test_volumes_become_mounts(spec, tmp_path):
    mounts = {m.path: m for m in spec.containers["monoql"].mounts}
    memory = volume_args(mounts["/run/monoql/metrics"], tmp_path, 10001)
    assert memory == ["--mount", "type=tmpfs,destination=/run/monoql/metrics,U=true,tmpfs-size=128m"]
    logs = volume_args(mounts["/logs"], tmp_path, 10001)
    assert logs == ["-v", f"{tmp_path / 'logs'}:/logs:rw"]
    if os.geteuid() == 0:  # group-owned by fsGroup, as the kubelet leaves it (root may chown)
        assert (tmp_path / "logs").stat().st_gid == 10001
    config = volume_args(mounts["/etc/monoql"], tmp_path, 10001)
    assert config[-1].endswith(":/etc/monoql:ro")


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        path = root / name.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


SITE = "opt/venv/lib/python3.11/site-packages"
KEY = b"-----BEGIN PRIVATE KEY-----\n" + b"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" * 2 + b"\n"


def test_file_list_accepts_a_clean_image(tmp_path):
    root = _tree(
        tmp_path,
        {
            f"{SITE}/monoql/app.py": b"",
            f"{SITE}/jinja2/sandbox.py": b"",  # Jinja's own sandbox is not ours
            "usr/lib/x86_64-linux-gnu/libgnutls.so.30": b"\x7fELF" + KEY,  # a PEM template in a library
            "usr/bin/python3.11": b"",
        },
    )
    assert checks.image_files(root).startswith("4 files scanned")


@pytest.mark.parametrize(
    ("path", "content"),
    [
        (f"{SITE}/monoql/sandbox/app.py", b""),
        (f"{SITE}/monoql_sandbox/app.py", b""),
        ("app/devkeys/public.pem", b""),
        ("app/keys/signing.pem", KEY),
        ("usr/bin/gcc-12", b""),
        ("usr/local/bin/npm", b""),
        ("usr/lib/node_modules/npm/index.js", b""),
    ],
)
def test_file_list_refuses(tmp_path, path, content):
    root = _tree(tmp_path, {f"{SITE}/monoql/app.py": b"", path: content})
    with pytest.raises(checks.CheckFailed) as failed:
        checks.image_files(root)
    assert "1 unwanted" in str(failed.value)


def test_metrics_check_counts_workers_and_heartbeats():
    text = "\n".join(
        [
            'monoql_process_cpu_seconds_total{pid="1",role="master"} 1.0',
            'monoql_process_cpu_seconds_total{pid="7",role="worker"} 1.0',
            'monoql_process_cpu_seconds_total{pid="8",role="worker"} 1.0',
            'monoql_http_request_duration_seconds_count{method="GET",route="/heartbeat",status="200"} 5.0',
        ]
    )
    assert [labels["pid"] for labels, _ in checks._samples(text, "monoql_process_cpu_seconds")] == [
        "1",
        "7",
        "8",
    ]
    assert checks._samples(text, "monoql_http_request_duration_seconds_count")[0][1] == 5.0


def test_containers_conf_caps_rlimits_at_the_hard_limit_and_picks_runc(tmp_path):
    script = (
        f"MONOQL_IMAGE_STATE={tmp_path} source scripts/image/env.sh && echo $CONTAINERS_CONF && ulimit -Hn"
    )
    result = subprocess.run(["bash", "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    conf_path, hard = result.stdout.split()
    conf = Path(conf_path).read_text()
    expected = hard if hard != "unlimited" else "1048576"
    assert f'"nofile={expected}:{expected}"' in conf and '"nproc=32768:32768"' in conf
    assert 'runtime = "runc"' in conf


def test_ci_runs_the_image_test_after_the_tests():
    lines = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    makes = [line.split("make ", 1)[1].split()[-1] for line in lines if line.startswith(("make ", "MONOQL"))]
    assert makes == ["test", "image-test"]
    install = " ".join(lines)
    for package in ("buildah", "podman", "runc", "mmdebstrap", "uidmap", "slirp4netns", "catatonit"):
        assert f" {package} " in f" {install} "


def test_build_keeps_the_healthcheck_and_uses_runc_on_the_host_network():
    build = (REPO / "scripts" / "image" / "build.sh").read_text()
    assert "buildah build --runtime runc --network host --pull=never --format docker" in build
    assert "ca_bundle=/etc/ssl/certs/ca-certificates.crt" in build
    assert '-v "$ca_bundle:$ca_bundle:ro"' in build
