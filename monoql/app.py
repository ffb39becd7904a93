"""The application factory: config → logging → schema → web."""

from __future__ import annotations

from collections.abc import Callable
from inspect import CO_COROUTINE
from types import FunctionType, MethodType
from typing import Any

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


class MonoqlFlask(Flask):
    """Flask, telling a plain function from a coroutine function by its code flags alone.

    Flask asks `ensure_sync` about every hook and view it calls, each request (nine on a `/graphql`
    request), and `inspect.iscoroutinefunction` answers through generic unwrapping. A plain function
    or a method of one is answered here from its code object, as inspect would; anything else
    (partials, callable objects, coroutine functions) goes to Flask as before.
    """

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        target = func.__func__ if type(func) is MethodType else func
        if type(target) is FunctionType and not target.__code__.co_flags & CO_COROUTINE:
            return func
        return super().ensure_sync(func)


def create_app(settings: Settings | None = None, *, configure_logs: bool = True) -> Flask:
    """A ready WSGI app. Nothing here opens sockets: backend sessions open lazily in each worker."""
    settings = settings or load_settings()
    if configure_logs:
        configure_logging(settings.logging.level, settings.logging.file)
    app = MonoqlFlask("monoql", static_folder=None, template_folder="web/templates")
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
