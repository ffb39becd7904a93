"""The `monoql` command: `sandbox` (stand-in backends), `schema` (print the SDL), `check-config`."""

from __future__ import annotations

import argparse
import sys

from monoql.config import ConfigError, load_settings
from monoql.config.sites import same_site_warning


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="monoql", description="monoql GraphQL gateway")
    parser.add_argument("command", choices=["sandbox", "schema", "check-config"])
    parsed, rest = parser.parse_known_args(args)
    if parsed.command == "sandbox":
        from monoql.sandbox.cli import main as sandbox_main

        return int(sandbox_main(rest))
    if parsed.command == "schema":
        from monoql.schema.sdl import print_sdl

        sys.stdout.write(print_sdl())
        return 0
    try:
        settings = load_settings()
    except ConfigError as error:
        sys.stderr.write(f"monoql: {error}\n")
        return 2
    warning = same_site_warning(settings)
    if warning:
        sys.stderr.write(f"monoql: warning: {warning}\n")
    sys.stdout.write(f"configuration {settings.env} is valid\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
