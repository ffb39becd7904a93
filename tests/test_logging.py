"""JSON log lines: fields, level names, request context, and a file that survives rotation."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from monoql.logging import MonoqlJsonFormatter, configure, formatter, gunicorn_logconfig, request_fields


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_lines_carry_the_standard_fields_and_the_request_context(log_file: Path) -> None:
    token = request_fields.set({"request_id": "r-1"})
    try:
        logging.getLogger("monoql.test").warning("backend slow", extra={"service": "entries"})
    finally:
        request_fields.reset(token)
    (line,) = lines(log_file)
    assert line["message"] == "backend slow"
    assert line["level"] == "WARN"  # Python's WARNING is written WARN
    assert line["logger"] == "monoql.test"
    assert line["request_id"] == "r-1" and line["service"] == "entries"
    assert isinstance(line["pid"], int)
    assert line["timestamp"].endswith("Z") and "T" in line["timestamp"]


def test_level_from_config_filters(tmp_path: Path, log_file: Path) -> None:
    configure("ERROR", str(log_file))
    logging.getLogger("monoql.test").info("hidden")
    logging.getLogger("monoql.test").error("shown")
    assert [line["message"] for line in lines(log_file)] == ["shown"]


def test_the_file_is_reopened_after_the_shipper_rotates_it(log_file: Path) -> None:
    logger = logging.getLogger("monoql.test")
    logger.info("before rotation")
    log_file.rename(log_file.with_suffix(".log.1"))
    logger.info("after rotation")
    assert [line["message"] for line in lines(log_file)] == ["after rotation"]
    assert [line["message"] for line in lines(log_file.with_suffix(".log.1"))] == ["before rotation"]


def test_gunicorn_logconfig_writes_json_through_the_root_logger(tmp_path: Path) -> None:
    config = gunicorn_logconfig("INFO", str(tmp_path / "titan.log"))
    assert config["root"]["handlers"] == ["stdout", "file"]
    assert config["handlers"]["file"]["class"] == "logging.handlers.WatchedFileHandler"
    assert config["loggers"]["gunicorn.error"]["propagate"] is True
    # gunicorn's own access line would double the app's and carry the query string: it is discarded.
    assert config["loggers"]["gunicorn.access"] == {"level": "CRITICAL", "handlers": ["discard"], "propagate": False}
    assert config["formatters"]["json"]["()"] == "monoql.logging.formatter"


def test_a_large_file_is_rotated_and_writers_follow(log_file: Path) -> None:
    from monoql.logging import rotate_if_large

    logger = logging.getLogger("monoql.test")
    logger.info("x" * 200)
    assert rotate_if_large(str(log_file), max_bytes=10_000) is False  # still small
    assert rotate_if_large(str(log_file), max_bytes=100) is True
    logger.info("after")
    assert [line["message"] for line in lines(log_file)][-1] == "after"
    assert lines(log_file.with_suffix(".log.1"))[0]["message"] == "x" * 200
    logger.info("y" * 200)
    assert rotate_if_large(str(log_file), max_bytes=100) is True  # the old backup is replaced
    assert [line["message"] for line in lines(log_file.with_suffix(".log.1"))][-1] == "y" * 200


def test_rotation_is_off_without_a_file_or_a_limit() -> None:
    from monoql.logging import start_rotation

    assert start_rotation(None, 100, 1) is None
    assert start_rotation("/tmp/x.log", 0, 1) is None


def test_a_log_file_that_cannot_be_written_stops_the_start_with_one_line(tmp_path: Path) -> None:
    from monoql.logging import LogFileError

    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    target = blocker / "logs" / "titan.log"  # its parent can never be created
    with pytest.raises(LogFileError) as raised:
        gunicorn_logconfig("INFO", str(target))
    message = str(raised.value)
    assert message.startswith(f"logging.file: cannot write {target} (")
    assert "\n" not in message and "/logs" in message
    with pytest.raises(LogFileError):
        configure("INFO", str(target))


def test_gunicorn_config_exits_with_that_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    root = Path(__file__).resolve().parent.parent
    env = {
        "PATH": "/usr/bin:/bin",
        "MONOQL_ENV": "local",
        "MONOQL_JWT__PUBLIC_KEY": os.environ["MONOQL_JWT__PUBLIC_KEY"],
        "MONOQL_LOGGING__FILE": str(blocker / "logs" / "titan.log"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import runpy; runpy.run_path('gunicorn.conf.py')"],
        cwd=root, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"monoql: logging.file: cannot write {blocker / 'logs' / 'titan.log'} (Not a directory); mount a "
        "writable directory there or point logging.file (MONOQL_LOGGING__FILE) at one, such as /logs"
    ]


def test_gunicorn_access_lines_are_discarded(log_file: Path) -> None:
    logging.getLogger("gunicorn.access").info('127.0.0.1 "GET /graphql?variables=secret HTTP/1.1" 200')
    logging.getLogger("gunicorn.error").info("Booting worker with pid: 1")
    assert [line["message"] for line in lines(log_file)] == ["Booting worker with pid: 1"]


def test_stdout_and_the_file_get_the_same_line_formatted_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    formatted: list[str] = []
    original = MonoqlJsonFormatter.add_fields

    def counting(self: MonoqlJsonFormatter, log_record: dict, record: logging.LogRecord, message: dict) -> None:
        formatted.append(record.getMessage())
        original(self, log_record, record, message)

    monkeypatch.setattr(MonoqlJsonFormatter, "add_fields", counting)
    path = tmp_path / "titan.log"
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    try:
        configure("INFO", str(path))  # its stdout handler writes to the captured stdout
        logging.getLogger("monoql.test").info("request served", extra={"status": 200})
        logging.getLogger("monoql.test").info("request served", extra={"status": 200})
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)
    file_lines = path.read_text().splitlines()
    stdout_lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert formatted == ["request served", "request served"]  # once per record, not once per handler
    assert stdout_lines == file_lines
    assert [json.loads(line)["status"] for line in file_lines] == [200, 200]


def test_a_record_is_formatted_anew_after_another_one() -> None:
    shared = formatter()
    first = logging.LogRecord("monoql.test", logging.INFO, __file__, 1, "first", None, None)
    second = logging.LogRecord("monoql.test", logging.INFO, __file__, 2, "second", None, None)
    assert json.loads(shared.format(first))["message"] == "first"
    assert json.loads(shared.format(second))["message"] == "second"
    assert json.loads(shared.format(first))["message"] == "first"


def test_a_line_holds_its_fields_and_the_pid_and_nothing_the_record_did_not_need(log_file: Path) -> None:
    logger = logging.getLogger("monoql.test")
    logger.info("probe", extra={"service": "users"})
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("failed")
    probe, failed = lines(log_file)
    assert set(probe) == {"message", "timestamp", "level", "logger", "pid", "service"}
    assert probe["pid"] == failed["pid"] == os.getpid()
    # No caller location, thread or process name is looked up for a record (no line writes them) ...
    assert (logging._srcfile, logging.logThreads, logging.logMultiprocessing) == (None, False, False)  # type: ignore[attr-defined]
    assert logging.logProcesses is True
    # ... and a traceback still names its files and lines.
    assert set(failed) == {"message", "timestamp", "level", "logger", "pid", "exc_info"}
    assert 'test_logging.py", line' in failed["exc_info"] and failed["exc_info"].endswith("ValueError: boom")
