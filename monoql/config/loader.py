"""Loads the layered configuration: default.yaml, <env>.yaml, a mounted file, then MONOQL_* variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from monoql.config.settings import Settings
from monoql.errors import ConfigError

CONFIG_DIR = Path(__file__).resolve().parent
ENVIRONMENTS = ("local", "dev", "qa", "preprod", "prod", "prodw")
ENV_PREFIX = "MONOQL_"
# Variables that select files rather than set keys.
RESERVED_VARIABLES = {"MONOQL_ENV", "MONOQL_CONFIG_FILE"}


def load_settings(
    env: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build and validate the settings for `env` (default `MONOQL_ENV`).

    There is no default environment: `local` trusts the sandbox's development key, so a process that
    was not told where it runs must stop rather than guess.
    """
    environ = os.environ if environ is None else environ
    env = env or environ.get("MONOQL_ENV")
    if not env:
        raise ConfigError(f"MONOQL_ENV is not set: name the environment to run ({', '.join(ENVIRONMENTS)})")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"MONOQL_ENV: unknown environment {env!r} (one of {', '.join(ENVIRONMENTS)})")
    layers = [_read_yaml(CONFIG_DIR / "default.yaml"), _read_yaml(CONFIG_DIR / f"{env}.yaml")]
    extra_file = environ.get("MONOQL_CONFIG_FILE")
    if extra_file:
        layers.append(_read_yaml(Path(extra_file)))
    layers.append(_from_environment(environ))
    if overrides:
        layers.append(dict(overrides))
    merged: dict[str, Any] = {"env": env}
    for layer in layers:
        merged = deep_merge(merged, layer)
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None


def deep_merge(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `update` into a copy of `base`; nested mappings merge key by key, anything else replaces."""
    result = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = deep_merge(result[key], value)
        else:
            result[key] = value
    return result


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise ConfigError(f"{path}: the top level must be a mapping")
    return content


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """`MONOQL_SESSION__SECRET=x` sets `session.secret`; values are read as YAML scalars (true, 3, [a, b])."""
    layer: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or name in RESERVED_VARIABLES:
            continue
        path = [_camel(part) for part in name[len(ENV_PREFIX) :].split("__") if part]
        if not path:
            continue
        node = layer
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = _scalar(raw)
    return layer


# Keys whose spelling is not plain camelCase of their variable name.
IRREGULAR_KEYS = {"dnsCacheTtl": "dnsCacheTTL"}


def _camel(snake: str) -> str:
    head, *rest = snake.lower().split("_")
    camel = head + "".join(word.capitalize() for word in rest)
    return IRREGULAR_KEYS.get(camel, camel)


def _scalar(raw: str) -> Any:
    if "\n" in raw:  # multi-line values (PEM keys) are always strings
        return raw
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(root)"
    more = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
    return f"invalid configuration: {key}: {first['msg']}{more}"
