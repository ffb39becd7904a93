"""The sandbox Flask app: one blueprint per stand-in, shared state, envelopes and faults."""

from typing import Any

from flask import Flask, g, request
from werkzeug.exceptions import HTTPException

# These four only add routes to another module's blueprint: imported for that.
import monoql_sandbox.directory
import monoql_sandbox.markets
import monoql_sandbox.scoring
import monoql_sandbox.stats  # noqa: F401
from monoql_sandbox import campaigns, codes, control, entries, exports, files, ppc, users
from monoql_sandbox.call_log import CallLogMiddleware
from monoql_sandbox.clock import Clock
from monoql_sandbox.envelope import ApiError, correlation_id, error_response, service_of_path
from monoql_sandbox.faults import FaultMiddleware, FaultRegistry
from monoql_sandbox.seed import seed
from monoql_sandbox.state import Sandbox, Store, merge_settings


def create_sandbox_app(options: dict[str, Any] | None = None) -> Flask:
    """Build the sandbox app; ``options`` override the sandbox settings (state.DEFAULT_SETTINGS)."""
    settings = merge_settings(options)
    app = Flask("monoql_sandbox")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config["MAX_CONTENT_LENGTH"] = None
    sandbox = Sandbox(settings, Clock(), Store(), FaultRegistry(settings.get("faults")))
    app.extensions["sandbox"] = sandbox
    if settings.get("seed", True):
        seed(sandbox)
    _register_blueprints(app)
    _install_hooks(app, sandbox)
    app.wsgi_app = FaultMiddleware(app.wsgi_app, sandbox.faults)  # type: ignore[method-assign]
    # Outermost: a call the faults delay, fail or drop was still received.
    app.wsgi_app = CallLogMiddleware(app.wsgi_app, sandbox.calls)  # type: ignore[method-assign]
    return app


BLUEPRINTS = (
    (users.bp, "/users"),
    (campaigns.bp, "/campaigns"),
    (entries.bp, "/entries"),
    (codes.bp, "/codes"),
    (files.uploads_bp, "/uploads"),
    (files.waves_bp, "/waves"),
    (exports.bp, "/exports"),
    (ppc.bp, "/ppc"),
    (control.bp, "/_sandbox"),
)


def _register_blueprints(app: Flask) -> None:
    for blueprint, prefix in BLUEPRINTS:
        app.register_blueprint(blueprint, url_prefix=prefix)


def _install_hooks(app: Flask, sandbox: Sandbox) -> None:
    @app.before_request
    def _lock() -> None:
        # One request at a time touches the shared state; faults act before this point.
        sandbox.store.lock.acquire()
        g.sandbox_locked = True
        correlation_id()

    @app.teardown_request
    def _unlock(_exc: BaseException | None) -> None:
        if g.pop("sandbox_locked", False):
            sandbox.store.lock.release()

    @app.after_request
    def _echo(response):
        response.headers["X-Correlation-ID"] = correlation_id()
        return response

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError):
        return error_response(error, service_of_path(request.path))

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        status = error.code or 500
        codes = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "FILE_TOO_LARGE"}
        code = codes.get(status, "BAD_REQUEST" if status < 500 else "INTERNAL_SERVER_ERROR")
        message = "Route not found." if status == 404 else (error.description or "Request failed.")
        return error_response(
            ApiError(status, code, message, payload=request.path if status == 404 else ""),
            service_of_path(request.path),
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("sandbox handler failed")
        return error_response(
            ApiError(500, "INTERNAL_SERVER_ERROR", "Unexpected failure."), service_of_path(request.path)
        )
