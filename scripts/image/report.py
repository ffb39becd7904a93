"""The image test's results: every check's detail to the log, one summary line at the end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import requests
from checks import CheckFailed
from podman import PodmanError


class Report:
    """Check results in order; the log gets every detail, the summary one line."""

    def __init__(self, log: TextIO) -> None:
        self.log = log
        self.results: list[tuple[str, bool, str]] = []

    def check(self, name: str, run: Callable[[], str]) -> bool:
        try:
            detail, ok = run(), True
        except (CheckFailed, PodmanError, requests.RequestException, OSError, KeyError, ValueError) as error:
            detail, ok = f"{type(error).__name__}: {error}", False
        self.results.append((name, ok, detail))
        self.log.write(f"[{'PASS' if ok else 'FAIL'}] {name}: {detail}\n")
        self.log.flush()
        return ok

    def passed(self) -> bool:
        return bool(self.results) and all(ok for _, ok, _ in self.results)

    def summary(self, seconds: float, image: str, log_path: Path) -> str:
        failed = [name for name, ok, _ in self.results if not ok]
        total = len(self.results)
        if not failed:
            return f"image-test: PASS {total}/{total} checks of {image} in {seconds:.0f} s (log: {log_path})"
        first = " ".join(next(detail for _, ok, detail in self.results if not ok).split())
        return (
            f"image-test: FAIL {len(failed)}/{total} checks of {image} in {seconds:.0f} s: "
            f"{', '.join(failed)} (first: {first[:200]}; log: {log_path})"
        )
