"""The application factory: config → logging → schema → web."""

from __future__ import annotations

from flask import Flask

from monoql.config import Settings, load_settings
from monoql.logging import configure as configure_logging
from monoql.schema.root import build_schema
from monoql.web import (
    graphiql,
    heartbeat,
    hooks,
    http_metrics,
    metrics_endpoint,
    request_guard,
    upload_check,
)
from monoql.web.documents import DocumentCache
from monoql.web.graphql_view import register
from monoql.web.operation import Gateway
from monoql.web.persisted import PersistedQueries


def create_app(settings: Settings | None = None, *, configure_logs: bool = True) -> Flask:
    """A ready WSGI app. Nothing here opens sockets: backend sessions open lazily in each worker."""
    settings = settings or load_settings()
    if configure_logs:
        configure_logging(settings.logging.level, settings.logging.file)
    app = Flask("monoql", static_folder=None, template_folder="web/templates")
    app.config.update(MAX_CONTENT_LENGTH=None, JSON_SORT_KEYS=False)
    schema = build_schema()
    gateway = Gateway(
        settings=settings,
        schema=schema,
        documents=DocumentCache(schema.graphql_schema, settings),
        persisted=PersistedQueries(settings),
    )
    _warm(gateway)
    http_metrics.init_app(app)  # first: its timer starts before any other hook runs
    hooks.init_app(app, settings)
    request_guard.init_app(app, settings)
    register(app, gateway)
    upload_check.init_app(app, settings)
    heartbeat.init_app(app, settings)
    metrics_endpoint.init_app(app, settings)
    graphiql.init_app(app, settings)
    return app


def _warm(gateway: Gateway) -> None:
    """Parse and validate the trusted documents now, so their first request skips that work."""
    for text in gateway.persisted.manifest.values():
        gateway.documents.get(text)
