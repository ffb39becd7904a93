"""Reading the gateway's JSON log lines in tests."""

from __future__ import annotations

import json
from typing import Any


def json_lines(text: str) -> list[dict[str, Any]]:
    """Every JSON object line of a log; gunicorn's captured output can hold a few plain lines too."""
    found = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            found.append(entry)
    return found


def error_lines(text: str) -> list[dict[str, Any]]:
    return [entry for entry in json_lines(text) if entry.get("level") == "ERROR"]
