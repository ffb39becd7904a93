"""The fluentd sidecar's configuration per environment, and the gateway's log lines it has to read."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from .fluentconf import Section, parse, seconds, size_bytes, tag_matches

pytestmark = pytest.mark.deploy

REPO = Path(__file__).resolve().parents[2]
DEV_ES = "http://verifiedfan-logs.dev1.us-east-1.nonprod-tmaws.io"
PROD_ES = "http://verifiedfan-logs.prod1.us-east-1.prod-tmaws.io"
# environment_tag, region and Elasticsearch endpoint from the operations document.
SEED = {
    "dev": ("kube-dev", "us-east-1", DEV_ES),
    "qa": ("kube-dev", "us-east-1", DEV_ES),
    "preprod": ("kube-prod", "us-east-1", PROD_ES),
    "prod": ("kube-prod", "us-east-1", PROD_ES),
    "prodw": ("kube-prod", "us-west-2", PROD_ES),
}


def fluent_conf(manifests) -> Section:
    return parse(manifests.get("ConfigMap", "monoql-fluentd")["data"]["fluent.conf"])


def test_config_has_one_pipeline_source_filter_match(rendered, env):
    conf = fluent_conf(rendered[env])
    assert [s.name for s in conf.sections] == ["source", "filter", "match"]


def test_source_tails_the_gateway_log_as_json(rendered, env):
    source = fluent_conf(rendered[env]).one("source")
    assert source.type == "tail"
    assert source.params["path"] == "/logs/titan.log"
    assert source.params["pos_file"] == "/logs/application.log.pos"
    assert source.params["tag"] == "titan.logs"
    parser = source.one("parse")
    assert parser.type == "json"
    assert parser.params["time_key"] == "timestamp" and parser.params["keep_time_key"] == "true"


def test_record_transformer_adds_the_seed_metadata(rendered, env):
    environment_tag, region, _ = SEED[env]
    record_filter = fluent_conf(rendered[env]).one("filter")
    assert tag_matches(record_filter.arg, "titan.logs")
    assert record_filter.type == "record_transformer"
    assert record_filter.one("record").params == {
        "product_code": "PRD1541",
        "environment_tag": environment_tag,
        "region": region,
        "container_name": "/monoql",
    }


def test_output_ships_to_the_environments_elasticsearch(rendered, env):
    _, region, endpoint = SEED[env]
    match = fluent_conf(rendered[env]).one("match")
    assert tag_matches(match.arg, "titan.logs")
    assert match.type == "aws-elasticsearch-service"
    assert match.params["logstash_format"] == "true"
    # logstash_format names indices <prefix>-YYYY.MM.DD: Kibana's pattern logstash-application_log-*.
    assert match.params["logstash_prefix"] + "-*" == "logstash-application_log-*"
    assert match.params["include_tag_key"] == "true" and match.params["tag_key"] == "@log_name"
    assert match.params["reload_connections"] == "false"
    assert match.one("endpoint").params == {"url": endpoint, "region": region}


def test_buffer_flushes_every_second_in_8mb_chunks_64_deep(rendered, env):
    buffer = fluent_conf(rendered[env]).one("match").one("buffer")
    assert seconds(buffer.params["flush_interval"]) == 1
    assert buffer.params["flush_mode"] == "interval"
    assert size_bytes(buffer.params["chunk_limit_size"]) == 8 * 1024 * 1024
    assert int(buffer.params["queue_limit_length"]) == 64


def test_every_event_reaches_an_output(rendered, env):
    conf = fluent_conf(rendered[env])
    for source in conf.all("source"):
        assert any(tag_matches(m.arg, source.params["tag"]) for m in conf.all("match"))


def test_sidecar_region_matches_the_records(rendered, env):
    _, region, _ = SEED[env]
    sidecar = rendered[env].container("fluentd")
    assert {"name": "AWS_REGION", "value": region} in sidecar["env"]


def test_gateway_writes_the_file_fluentd_tails(rendered, env):
    source = fluent_conf(rendered[env]).one("source")
    config_dir = REPO / "monoql" / "config"
    layers = [yaml.safe_load((config_dir / name).read_text()) for name in ("default.yaml", f"{env}.yaml")]
    log_file = next(
        layer["logging"]["file"] for layer in reversed(layers) if "file" in layer.get("logging", {})
    )
    assert log_file == source.params["path"]


def test_gateway_log_lines_parse_with_the_sources_settings(rendered, tmp_path):
    """A line as monoql.logging writes it is one JSON object whose time fluentd's format reads."""
    from monoql import logging as monoql_logging

    parser = fluent_conf(rendered["prod"]).one("source").one("parse")
    log_file = tmp_path / "titan.log"
    logger = logging.getLogger("monoql.deploy-test")
    handler = next(h for h in monoql_logging.handlers(str(log_file)) if isinstance(h, logging.FileHandler))
    logger.addHandler(handler)
    try:
        logger.warning("upstream slow", extra={"service": "campaigns", "seconds": 2.5})
    finally:
        logger.removeHandler(handler)
        handler.close()
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["level"] == "WARN" and record["message"] == "upstream slow"
    stamp = record[parser.params["time_key"]]
    # Ruby's %L is exactly three digits of milliseconds; Python's %f would accept more.
    python_format = parser.params["time_format"].replace("%L", "%f")
    datetime.strptime(stamp, python_format)
    assert len(stamp.rsplit(".", 1)[1].rstrip("Z")) == 3


def test_reader_rejects_unbalanced_configuration():
    with pytest.raises(ValueError, match="never closed"):
        parse("<source>\n  @type tail\n")
    with pytest.raises(ValueError, match="closes"):
        parse("<match a>\n</source>\n")
    assert tag_matches("titan.**", "titan.logs") and not tag_matches("titan.*", "other.logs")
    assert size_bytes("8MB") == size_bytes("8m") == 8 * 1024 * 1024


def test_nginx_writes_its_access_log_into_the_file_fluentd_tails(rendered, env):
    source = fluent_conf(rendered[env]).one("source")
    conf = rendered[env].get("ConfigMap", "monoql-nginx")["data"]["nginx.conf"]
    assert f"access_log {source.params['path']}$monoql_log_reopen monoql_json" in conf


def test_nginx_access_lines_parse_with_the_sources_settings(rendered, tools, tmp_path):
    """A real nginx, started with the prod configuration, writes lines fluentd's parser reads."""
    nginx = tools.path("nginx", "apt-get install nginx")
    parser = fluent_conf(rendered["prod"]).one("source").one("parse")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_file = tmp_path / "titan.log"
    conf = rendered["prod"].get("ConfigMap", "monoql-nginx")["data"]["nginx.conf"]
    conf = (
        conf.replace("/tmp", str(tmp_path))
        .replace("/logs/titan.log", str(log_file))
        .replace("/logs/", f"{tmp_path}/")
        .replace("listen 8080 ", f"listen 127.0.0.1:{port} ")
    )
    if os.geteuid() == 0:
        conf = "user root;\n" + conf  # workers would otherwise run as nobody, who cannot write tmp_path
    (tmp_path / "nginx.conf").write_text(conf, encoding="utf-8")
    server = subprocess.Popen(
        [nginx, "-e", "stderr", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )
    try:
        status = 0
        for _ in range(100):
            try:
                # No gunicorn behind it: nginx answers 502 itself and logs the request.
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/graphql?password=x", timeout=2):
                    pass
            except urllib.error.HTTPError as error:
                status = error.code
                break
            except OSError:
                time.sleep(0.05)
        assert status == 502
        for _ in range(100):
            if log_file.exists() and log_file.read_text(encoding="utf-8").strip():
                break
            time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(timeout=10)
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["logger"] == "nginx.access" and record["level"] == "INFO"
    assert (record["method"], record["path"], record["status"]) == ("GET", "/graphql", 502)
    assert "password" not in lines[0]  # the query string is never logged
    stamp = record[parser.params["time_key"]]
    datetime.strptime(stamp, parser.params["time_format"].replace("%L", "%f"))
    assert len(stamp.rsplit(".", 1)[1].rstrip("Z")) == 3
