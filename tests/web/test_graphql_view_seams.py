"""The seams between graphql-server's Flask view and the gateway: the running app's view class,
every refusal the library would answer as text (or as a 500) answered with coded JSON, and the
library's logger silent about client errors.

The library's own refusals are mostly pre-empted by the request guard, so these tests also call
the view directly, past the guard, to reach each of them.
"""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
from flask import Flask, g
from graphql_server.flask.views import GraphQLView
from graphql_server.http.exceptions import HTTPException as LibraryHTTPException

from monoql.web import operation
from monoql.web.graphql_view import GatewayGraphQLView
from monoql.web.refusals import LIBRARY_TEXTS, library_refusal
from tests.support.gateway import app_for, gateway_settings
from tests.support.tokens import make_jwt

SETTINGS = gateway_settings(showDeveloperMessage=False, introspection=False, graphiql=False)
ADMIN = f"Bearer {make_jwt(is_supreme=True)}"


@pytest.fixture(scope="module")
def app() -> Flask:
    return app_for(SETTINGS)


def test_the_running_apps_graphql_view_is_the_library_view_subclass(app: Flask) -> None:
    view_class = app.view_functions["graphql"].view_class  # type: ignore[attr-defined]
    assert view_class is GatewayGraphQLView
    assert issubclass(view_class, GraphQLView)
    assert view_class.__module__ == "monoql.web.graphql_view"


def past_the_guard(app: Flask, method: str = "POST", **request: Any) -> Any:
    """Call the view itself as Flask would, without the request guard in front of it."""
    with app.test_request_context("/graphql", method=method, **request):
        g.request_id = "seam-test"
        g.graphql_media = "application/json"
        view = app.view_functions["graphql"]
        return app.make_response(view())


def coded(response: Any, status: int, reason: str | None, code: str = "BAD_REQUEST") -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    extensions: dict[str, Any] = response.get_json()["errors"][0]["extensions"]
    assert extensions["code"] == code
    assert extensions.get("reason") == reason
    assert extensions["requestId"] == "seam-test"
    return extensions


LIBRARY_PATHS: dict[str, tuple[dict[str, Any], int, str]] = {
    "method other than GET/POST": ({"method": "PUT", "json": {"query": "{ __typename }"}}, 405, "METHOD_NOT_ALLOWED"),
    "unsupported content type": ({"data": "{}", "content_type": "text/plain"}, 415, "UNSUPPORTED_MEDIA_TYPE"),
    "multipart subscription": (
        {"data": "{}", "content_type": "multipart/mixed; boundary=graphql; subscriptionSpec=1.0"}, 415,
        "UNSUPPORTED_MEDIA_TYPE"),
    "body not JSON": ({"data": "{nope", "content_type": "application/json"}, 400, "MALFORMED_JSON"),
    "body not UTF-8": ({"data": b'{"query": "\xff"}', "content_type": "application/json"}, 400, "MALFORMED_JSON"),
    "list body": ({"data": "[{}]", "content_type": "application/json"}, 400, "BATCHING_NOT_SUPPORTED"),
    "string body": ({"data": '"x"', "content_type": "application/json"}, 400, "BODY_NOT_OBJECT"),
    "numeric query": ({"json": {"query": 5}}, 400, "INVALID_QUERY"),
    "list variables": ({"json": {"query": "{ __typename }", "variables": [1]}}, 400, "INVALID_VARIABLES"),
    "string extensions": ({"json": {"query": "{ __typename }", "extensions": "x"}}, 400, "INVALID_EXTENSIONS"),
    "GET variables not JSON": (
        {"method": "GET", "query_string": {"query": "{ __typename }", "variables": "{x"}}, 400, "INVALID_VARIABLES"),
    "GET extensions not JSON": (
        {"method": "GET", "query_string": {"query": "{ __typename }", "extensions": "{x"}}, 400,
        "INVALID_EXTENSIONS"),
    "GET mutation": ({"method": "GET", "query_string": {"query": "mutation { logout }"}}, 405, "METHOD_NOT_ALLOWED"),
    "no query": ({"json": {}}, 400, "MISSING_QUERY"),
}


@pytest.mark.parametrize("case", LIBRARY_PATHS.values(), ids=LIBRARY_PATHS.keys())
def test_the_library_views_refusals_are_coded_json(app: Flask, case: tuple[dict[str, Any], int, str]) -> None:
    request, status, reason = case
    method = request.pop("method", "POST") if "method" in request else "POST"
    response = past_the_guard(app, method, **dict(request))
    coded(response, status, reason)
    if status == 405:
        assert response.headers["Allow"]


def test_a_multipart_file_the_map_names_but_was_not_sent_is_invalid_map(app: Flask) -> None:
    data = {"operations": json.dumps({"query": "mutation ($f: Upload!) { uploadBlacklist(file: $f, fileSize: 1) "
                                               "{ url } }", "variables": {"f": None}}),
            "map": json.dumps({"0": ["variables.f"]})}
    response = past_the_guard(app, data=data, content_type="multipart/form-data", headers={"Authorization": ADMIN})
    coded(response, 400, "INVALID_MAP")


def test_a_body_over_the_read_limit_is_413_not_an_escaped_werkzeug_error(app: Flask) -> None:
    with app.test_request_context("/graphql", method="POST", data=json.dumps({"query": "{ __typename }"}),
                                  content_type="application/json"):
        from flask import request

        g.request_id = "seam-test"
        request.max_content_length = 5
        response = app.make_response(app.view_functions["graphql"]())
    coded(response, 413, "BODY_TOO_LARGE")


@pytest.mark.parametrize("text", sorted(LIBRARY_TEXTS))
def test_every_fixed_library_text_has_a_reason(app: Flask, text: str) -> None:
    with app.test_request_context("/graphql"):
        g.request_id = "seam-test"
        refused = library_refusal(LibraryHTTPException(400, text))
        body = refused.body()
    assert refused.error.reason
    assert text not in json.dumps(body)


def test_an_exception_the_library_would_answer_with_its_text_is_a_masked_500(
    app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*_: Any, **__: Any) -> Any:
        raise ValueError("secret detail /srv/app/internal.py")

    view = app.view_functions["graphql"].view_class  # type: ignore[attr-defined]
    # Past the gateway's own wrapper: the library's `run()` catches it and would answer 400 + str(e).
    monkeypatch.setattr(view, "execute_operation", explode)
    with caplog.at_level(logging.ERROR):
        response = past_the_guard(app, json={"query": "{ __typename }"})
    coded(response, 500, None, code="INTERNAL_SERVER_ERROR")
    assert "secret" not in response.get_data(as_text=True)
    assert any(record.exc_info for record in caplog.records if record.name == "monoql.web.refusals")


def test_an_unexpected_error_while_running_an_operation_is_a_masked_500(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: Any, **__: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr("monoql.web.graphql_view.run_operation", explode)
    response = app.test_client().post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 500
    assert response.get_json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret" not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_options_reaching_the_library_is_an_empty_204(app: Flask) -> None:
    response = past_the_guard(app, "OPTIONS")
    assert response.status_code == 204
    assert response.get_data() == b""


def test_the_library_logger_writes_nothing_for_client_errors(caplog: pytest.LogCaptureFixture) -> None:
    client = app_for(SETTINGS).test_client()
    coercion = {"query": "query ($b: Boolean!) { __typename @include(if: $b) }",
                "variables": {"b": "secret-variable-value"}}
    upload = {"query": "mutation ($f: Upload!) { uploadBlacklist(file: $f, fileSize: 3) { url } }",
              "variables": {"f": "secret-variable-value"}}
    anonymous_field = {"query": "{ promoters { id } }", "variables": {"unused": "secret-variable-value"}}
    with caplog.at_level(logging.DEBUG):
        answers = [client.post("/graphql", json=body) for body in (coercion, upload, anonymous_field)]
        multipart = client.post(
            "/graphql",
            data={"operations": json.dumps(upload), "map": "{}", "x": (io.BytesIO(b"abc"), "a.csv")},
            content_type="multipart/form-data", headers={"Authorization": ADMIN, "Apollo-Require-Preflight": "1"},
        )
    assert all(answer.get_json()["errors"] for answer in [*answers, multipart])
    assert not [record for record in caplog.records if record.name.startswith("graphql_server")]
    assert "secret-variable-value" not in caplog.text
    assert logging.getLogger("graphql_server.execution").isEnabledFor(logging.CRITICAL) is False


def test_errors_reach_the_library_error_path_the_logger_sits_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's `process_errors` does run for these errors: the silence above is the logger's."""
    seen: list[Any] = []
    monkeypatch.setattr("graphql_server.runtime.process_errors", seen.extend)
    client = app_for(SETTINGS).test_client()
    client.post("/graphql", json={"query": "query ($b: Boolean!) { __typename @include(if: $b) }",
                                  "variables": {"b": "x"}})
    assert seen


def test_operations_run_through_the_librarys_execution(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    real = operation.execute_sync

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(operation, "execute_sync", spy)
    response = app_for(SETTINGS).test_client().post("/graphql", json={"query": "{ __typename }"})
    assert response.get_json() == {"data": {"__typename": "Query"}}
    (call,) = calls
    assert call["validate_document"] is False
    assert call["execution_context_class"].__name__ == "HiddenTypesExecutionContext"


def test_a_browser_opening_graphql_gets_graphiql_with_monoqls_assets_where_it_is_on() -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    page = app_for(gateway_settings(graphiql=True)).test_client().get("/graphql", headers=browser)
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "/graphiql/assets/graphiql.min.js" in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    off = app_for(SETTINGS).test_client().get("/graphql", headers=browser)
    assert off.status_code == 400  # no IDE in production: a GET is a query, refused without a preflight header
    assert off.get_json()["errors"][0]["extensions"]["reason"] == "CSRF_PREFLIGHT_REQUIRED"
