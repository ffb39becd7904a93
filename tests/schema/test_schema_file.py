"""The committed schema.graphql is exactly what the gateway serves (regenerate with `make schema`)."""

from pathlib import Path

from monoql.schema.sdl import print_sdl


def test_schema_file_is_current() -> None:
    committed = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text()
    assert committed == print_sdl(), "schema.graphql is stale: run `make schema`"
