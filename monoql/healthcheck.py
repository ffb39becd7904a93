"""The image's HEALTHCHECK: `GET /heartbeat` on the port the gateway is configured to listen on.

The address and port come from the same layered configuration gunicorn.conf.py binds from (the
environment's file, `MONOQL_CONFIG_FILE`, then `MONOQL_HOST`/`MONOQL_PORT`), so a container started
on another port is probed where it listens. Exit status 0 is healthy, 1 unhealthy (as `docker` and
`podman healthcheck` expect).
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from collections.abc import Mapping

from monoql.config import ConfigError, load_settings

TIMEOUT_SECONDS = 4.0


WILDCARDS = {"", "0.0.0.0", "::"}  # noqa: S104  # addresses meaning "every interface"


def heartbeat_url(environ: Mapping[str, str] | None = None) -> str:
    """Where gunicorn listens: its own address, or loopback when it listens on every interface."""
    settings = load_settings(environ=environ)
    host = "127.0.0.1" if settings.host in WILDCARDS else settings.host
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.port}/heartbeat"


def probe(url: str, timeout: float = TIMEOUT_SECONDS) -> str | None:
    """None when the heartbeat answers 200, else why not."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310  # fixed http URL
            status = int(response.status)
    except urllib.error.HTTPError as error:
        status = error.code
    except (OSError, ValueError) as error:
        return f"{url}: {error}"
    return None if status == 200 else f"{url}: HTTP {status}"


def main(environ: Mapping[str, str] | None = None) -> int:
    try:
        url = heartbeat_url(environ)
    except ConfigError as error:
        sys.stderr.write(f"monoql healthcheck: {error}\n")
        return 1
    problem = probe(url)
    if problem is not None:
        sys.stderr.write(f"monoql healthcheck: unhealthy: {problem}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
