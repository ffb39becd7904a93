"""monoql/gunicorn_worker.py's QuietAccessLogger: gunicorn gathers no access-line fields while its access
logger is silenced, and does when gunicorn's access log is turned on."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from gunicorn.config import Config

from monoql.gunicorn_worker import QuietAccessLogger
from tests.support.gunicorn_conf import load_conf

LOGGERS = ("", "gunicorn.error", "gunicorn.access")


@pytest.fixture(autouse=True)
def logging_restored() -> Iterator[None]:
    """gunicorn's logger configures the process's logging: put every logger it touches back afterwards."""
    saved = [(logging.getLogger(name), list(logging.getLogger(name).handlers), logging.getLogger(name).level,
              logging.getLogger(name).propagate) for name in LOGGERS]
    yield
    for logger, handlers, level, propagate in saved:
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


@pytest.fixture(scope="module")
def conf(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return load_conf("prod", tmp_path_factory.mktemp("logs") / "titan.log")


def test_gunicorn_conf_uses_the_quiet_access_logger(conf: ModuleType) -> None:
    assert conf.logger_class == "monoql.gunicorn_worker.QuietAccessLogger"


def test_with_the_shipped_logging_no_access_fields_are_gathered(conf: ModuleType) -> None:
    cfg = Config()
    cfg.set("logconfig_dict", conf.logconfig_dict)
    logger = QuietAccessLogger(cfg)
    assert logger.access_log_enabled is False
    # gunicorn reads the response, request and environ only to build the line: none is touched.
    logger.access(None, None, {}, datetime.timedelta(milliseconds=3))


def test_with_gunicorns_access_log_on_the_fields_are_gathered(tmp_path: Path) -> None:
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    logger = QuietAccessLogger(cfg)
    assert logger.access_log_enabled is True
    with pytest.raises(AttributeError):  # it reads the (missing) response's status to build the line
        logger.access(None, None, {}, datetime.timedelta(milliseconds=3))
