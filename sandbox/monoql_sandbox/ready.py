"""Waiting for servers to answer: `make run` starts the gateway only once the sandbox is serving."""

import time
import urllib.error
import urllib.request

POLL_SECONDS = 0.2


def wait_until_ready(urls: list[str], timeout: float) -> str | None:
    """Poll each URL until it answers 200; None when all did, else what was still failing at `timeout`."""
    deadline = time.monotonic() + timeout
    for url in urls:
        while not _answers(url):
            if time.monotonic() >= deadline:
                return f"{url} did not answer 200 within {timeout:g} s"
            time.sleep(POLL_SECONDS)
    return None


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  # loopback URLs from make run
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False
