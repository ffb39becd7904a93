"""The proxy's timeout marks become monoql_proxy_request_timeouts_total at each scrape."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from monoql.web import proxy_timeouts
from tests.support.gateway import app_for, gateway_settings

METRIC = "monoql_proxy_request_timeouts_total"


def counted() -> float:
    return REGISTRY.get_sample_value(METRIC) or 0.0


def test_drain_counts_the_marks_and_empties_the_file(tmp_path: Path) -> None:
    marks = tmp_path / "timeouts.marks"
    marks.write_bytes(b"1\n" * 3)
    before = counted()
    assert proxy_timeouts.drain(str(marks)) == 3
    assert marks.read_bytes() == b""
    assert counted() == before + 3
    # Marks nginx appends after the scrape are counted by the next one, not twice.
    with marks.open("ab") as appended:
        appended.write(b"1\n")
    assert proxy_timeouts.drain(str(marks)) == 1
    assert proxy_timeouts.drain(str(marks)) == 0
    assert counted() == before + 4


def test_no_file_or_no_proxy_counts_nothing(tmp_path: Path) -> None:
    before = counted()
    assert proxy_timeouts.drain(None) == 0
    assert proxy_timeouts.drain(str(tmp_path / "never-written.marks")) == 0
    assert counted() == before


def test_an_unreadable_file_is_logged_once_and_never_raises(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="monoql.web.proxy_timeouts"):
        assert proxy_timeouts.drain(str(tmp_path)) == 0  # a directory: open() fails
        assert proxy_timeouts.drain(str(tmp_path)) == 0
    assert [r.getMessage() for r in caplog.records] == ["proxy timeout marks unreadable"]


def test_metrics_scrape_reports_the_marks(tmp_path: Path) -> None:
    marks = tmp_path / "timeouts.marks"
    marks.write_bytes(b"1\n" * 2)
    before = counted()
    client = app_for(gateway_settings(proxy={"timeoutMarks": str(marks)})).test_client()
    text = client.get("/metrics").get_data(as_text=True)
    assert f"{METRIC} {before + 2}" in text
    assert marks.read_bytes() == b""
