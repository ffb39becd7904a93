"""A reader of fluentd's configuration syntax (sections, parameters, comments) and its match patterns.

No fluentd package is reachable offline, so the deployment tests read the rendered fluent.conf with
this and assert on its directives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPEN = re.compile(r"^<([a-zA-Z_][\w-]*)(?:\s+(.+?))?\s*>$")
_CLOSE = re.compile(r"^</([a-zA-Z_][\w-]*)\s*>$")
_PARAM = re.compile(r"^(@?[\w.-]+)(?:\s+(.*))?$")
_SIZE = re.compile(r"^(\d+)([kmgt])?b?$", re.IGNORECASE)
_UNITS = {None: 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


@dataclass
class Section:
    """One `<name arg>` block (the file itself is the root section named `ROOT`)."""

    name: str
    arg: str = ""
    params: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)

    def all(self, name: str) -> list[Section]:
        return [s for s in self.sections if s.name == name]

    def one(self, name: str) -> Section:
        found = self.all(name)
        assert len(found) == 1, f"<{self.name} {self.arg}> has {len(found)} <{name}> sections"
        return found[0]

    @property
    def type(self) -> str:
        return self.params.get("@type", "")


def parse(text: str) -> Section:
    """Parse fluentd configuration; raises ValueError on unbalanced sections or unreadable lines."""
    root = Section("ROOT")
    stack = [root]
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if opened := _OPEN.match(line):
            section = Section(opened.group(1), (opened.group(2) or "").strip())
            stack[-1].sections.append(section)
            stack.append(section)
        elif closed := _CLOSE.match(line):
            if len(stack) == 1 or stack[-1].name != closed.group(1):
                raise ValueError(f"line {number}: </{closed.group(1)}> closes <{stack[-1].name}>")
            stack.pop()
        elif param := _PARAM.match(line):
            key, value = param.group(1), (param.group(2) or "").strip()
            if key in stack[-1].params:
                raise ValueError(f"line {number}: {key} set twice in <{stack[-1].name}>")
            stack[-1].params[key] = value
        else:
            raise ValueError(f"line {number}: cannot read {raw!r}")
    if len(stack) != 1:
        raise ValueError(f"<{stack[-1].name}> is never closed")
    return root


def tag_matches(pattern: str, tag: str) -> bool:
    """fluentd's match patterns: `*` one tag part, `**` zero or more parts, `{a,b}`, space = or."""
    return any(_pattern_regex(p).fullmatch(tag) for p in pattern.split())


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith(".**", i):
            out, i = out + r"(?:\.[^.]+)*", i + 3
        elif pattern.startswith("**", i):
            out, i = out + r"(?:[^.]+(?:\.[^.]+)*)?", i + 2
        elif pattern[i] == "*":
            out, i = out + r"[^.]+", i + 1
        elif pattern[i] == "{":
            end = pattern.index("}", i)
            out += "(?:" + "|".join(re.escape(a) for a in pattern[i + 1 : end].split(",")) + ")"
            i = end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def size_bytes(value: str) -> int:
    """fluentd's size parameters: 8m, 8MB, 512k, 1g (binary units)."""
    found = _SIZE.match(value.strip())
    if not found:
        raise ValueError(f"not a fluentd size: {value!r}")
    return int(found.group(1)) * _UNITS[found.group(2).lower() if found.group(2) else None]


def seconds(value: str) -> float:
    """fluentd's time parameters: 1s, 1m, 2h, 1d (a plain number is seconds)."""
    found = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd])?", value.strip())
    if not found:
        raise ValueError(f"not a fluentd time: {value!r}")
    return float(found.group(1)) * {None: 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[found.group(2)]
