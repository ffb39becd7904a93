"""The WSGI entry point gunicorn loads (`monoql.wsgi:app`); the only module-level app."""

import sys

from monoql.app import create_app
from monoql.config import ConfigError

# gunicorn's "application failed to load" status: its master stops instead of restarting the worker.
APP_LOAD_ERROR = 4

try:
    app = create_app()
except ConfigError as error:
    sys.stderr.write(f"monoql: {error}\n")
    raise SystemExit(APP_LOAD_ERROR) from None
