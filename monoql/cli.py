"""The `monoql` command: `schema` (print the SDL), `check-config` (validate the settings of `MONOQL_ENV`)."""

from __future__ import annotations

import argparse
import sys

from monoql.config import ConfigError, load_settings
from monoql.config.sites import same_site_warning


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="monoql", description="monoql GraphQL gateway")
    parser.add_argument("command", choices=["schema", "check-config"])
    parsed = parser.parse_args(args)
    if parsed.command == "schema":
        # The schema is the same in every environment: printing it needs no settings.
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
