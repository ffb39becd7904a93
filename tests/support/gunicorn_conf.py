"""gunicorn.conf.py loaded as gunicorn loads it, for the tests of its settings and of the chart's fit."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


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
