"""GraphiQL at `/graphiql` and for browsers opening `/graphql` (when enabled), with every asset
served by monoql itself: the page graphql-server ships loads its scripts from a CDN."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, abort, render_template, send_from_directory, url_for

from monoql.config import Settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
OWN_ASSETS = {"graphiql-init.js"}


def init_app(app: Flask, settings: Settings) -> None:
    if not settings.graphiql:
        return

    def asset(name: str) -> Response:
        folder = STATIC_DIR if name in OWN_ASSETS else VENDOR_DIR
        if not (folder / name).is_file():
            abort(404)
        response = send_from_directory(folder, name, max_age=3600)
        return response

    app.add_url_rule("/graphiql", "graphiql", page, methods=["GET"])
    app.add_url_rule("/graphiql/assets/<path:name>", "graphiql_asset", asset, methods=["GET"])


def page() -> str:
    """The GraphiQL page, pointed at `/graphql`."""
    return render_template("graphiql.html", endpoint=url_for("graphql"), static=_asset_url)


def _asset_url(name: str) -> str:
    return url_for("graphiql_asset", name=name)
