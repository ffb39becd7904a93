"""The pod-wide set of operation names allowed as metric label values: the first 200, then `other`.

Clients name their operations, so the names are attacker-chosen. A bound per worker is not enough:
gunicorn recycles workers (`max_requests`) and each replacement would admit 200 new names. The set
therefore lives in a small file in the metrics directory, shared by every worker of the pod, appended
under an exclusive `flock`, and emptied with the rest of the directory when gunicorn starts. Each worker
keeps what it read; once the file is full it never needs to read it again.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import threading
from pathlib import Path

log = logging.getLogger(__name__)

MAX_NAMES = 200
FILE_NAME = "operation-names.txt"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class OperationNames:
    """Bounded operation-name labels; the directory defaults to PROMETHEUS_MULTIPROC_DIR (read at first use).

    Without a directory (one process, as in the unit tests) or when its file cannot be used, the bound
    is kept in this process only.
    """

    def __init__(self, directory: str | None = None, limit: int = MAX_NAMES) -> None:
        self._directory = directory
        self._limit = limit
        self._known: set[str] = set()
        self._full = False
        self._shared = True
        self._lock = threading.Lock()

    def forget(self) -> None:
        """Forget the names this process read or admitted (the shared file, if any, is left as it is)."""
        with self._lock:
            self._known = set()
            self._full = False
            self._shared = True

    def label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if not _NAME.match(name):
            return "other"
        if name in self._known:
            return name
        if self._full:
            return "other"
        with self._lock:
            admitted = self._admit(name)
        return name if admitted else "other"

    def _admit(self, name: str) -> bool:
        path = self._path()
        if path is not None and self._shared:
            try:
                names = _admit_in_file(path, name, self._limit)
            except OSError as exc:
                self._shared = False
                log.warning(
                    "operation names bounded per worker",
                    extra={"error": f"{type(exc).__name__}: {exc}", "file": str(path)},
                )
            else:
                self._known = names
                self._full = len(names) >= self._limit
                return name in names
        if len(self._known) < self._limit:
            self._known.add(name)
        self._full = len(self._known) >= self._limit
        return name in self._known

    def _path(self) -> Path | None:
        directory = self._directory or os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        return Path(directory) / FILE_NAME if directory else None


def _admit_in_file(path: Path, name: str, limit: int) -> set[str]:
    """Add `name` to the file if it has room; the names in the file afterwards."""
    with path.open("a+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)  # released when the file is closed
        file.seek(0)
        names = [line for line in file.read().splitlines() if line]
        if name not in names and len(names) < limit:
            file.write(name + "\n")
            file.flush()
            names.append(name)
    return set(names)
