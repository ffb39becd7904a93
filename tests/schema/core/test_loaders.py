"""Loaders batch and de-duplicate per request, run independent batches concurrently, keep mutations in order."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import graphene
import pytest
from graphql import execute, parse
from werkzeug.datastructures import Headers

from monoql.clients.http_session import get_session
from monoql.clients.transport import Outgoing, send_once
from monoql.schema.core.context import RequestContext
from monoql.schema.core.execution_context import BatchingExecutionContext
from monoql.schema.core.futures import gather, then
from monoql.schema.core.http import HttpFacts
from monoql.schema.core.loaders import KeyLoader, Loader
from tests.support.gateway import gateway_settings
from tests.support.loopback import Server, echoes_target, gated

CALLS: list[tuple[str, tuple[Any, ...]]] = []
LOG: list[str] = []


class SquareByNumberLoader(Loader[int, int]):
    def batch_load(self, keys: list[int]) -> list[int]:
        CALLS.append(("square", tuple(keys)))
        return [k * k for k in keys]


class EchoLoader(Loader[str, str]):
    per_key = True

    def batch_load(self, keys: list[str]) -> list[str]:
        CALLS.append(("echo", tuple(keys)))
        LOG.append(f"start {keys[0]}")
        return keys


BACKEND: list[Server] = []  # the loopback backend of the test that runs


class FetchLoader(KeyLoader[str, str]):
    """A backend call per key, through the shared session, to the loopback backend."""

    def load_key(self, key: str) -> str:
        port = BACKEND[0].port
        out = Outgoing(service="things", method="GET", route="things", url=f"http://127.0.0.1:{port}/{key}",
                       headers={}, timeout=(2.0, 20.0), request_id="t")
        answer: str = send_once(get_session(self.clients.settings), out, out.timeout).json()["data"]
        return answer


class FailingLoader(Loader[int, int]):
    def batch_load(self, keys: list[int]) -> list[Any]:
        return [ValueError(f"bad {k}") if k % 2 else k for k in keys]


class Item(graphene.ObjectType):
    n = graphene.Int()
    square = graphene.Int()
    echo = graphene.String()

    def resolve_square(parent: int, info: Any) -> Any:
        return info.context.loader(SquareByNumberLoader).load(parent)

    def resolve_n(parent: int, info: Any) -> int:
        return parent

    def resolve_echo(parent: int, info: Any) -> Any:
        return then(info.context.loader(EchoLoader).load(f"e{parent}"), str.upper)


class Query(graphene.ObjectType):
    items = graphene.List(Item, count=graphene.Int())
    a = graphene.String()
    b = graphene.String()
    odd = graphene.Int(n=graphene.Int())
    pair = graphene.List(graphene.Int)

    def resolve_items(root: Any, info: Any, count: int) -> list[int]:
        return list(range(count)) + list(range(count))  # duplicates on purpose

    def resolve_a(root: Any, info: Any) -> Any:
        return info.context.loader(FetchLoader).load("a")

    def resolve_b(root: Any, info: Any) -> Any:
        return info.context.loader(FetchLoader).load("b")

    def resolve_odd(root: Any, info: Any, n: int) -> Any:
        return info.context.loader(FailingLoader).load(n)

    def resolve_pair(root: Any, info: Any) -> Any:
        loader = info.context.loader(SquareByNumberLoader)
        return gather([loader.load(2), loader.load(3)])


class Write(graphene.Mutation):
    class Arguments:
        name = graphene.String()

    value = graphene.String()

    def mutate(root: Any, info: Any, name: str) -> Any:
        LOG.append(f"mutate {name}")
        return then(info.context.loader(EchoLoader).load(name), lambda v: Write(value=v))


class Mutation(graphene.ObjectType):
    write = Write.Field()


SCHEMA = graphene.Schema(query=Query, mutation=Mutation)


def run(query: str, **performance: bool) -> dict[str, Any]:
    settings = gateway_settings(performance=performance) if performance else gateway_settings()
    ctx = RequestContext(
        settings, request_id="t", deadline=time.monotonic() + 10, http=HttpFacts(Headers(), {}, None, "localhost")
    )
    result = execute(
        SCHEMA.graphql_schema,
        parse(query),
        context_value=ctx,
        execution_context_class=BatchingExecutionContext,
    )
    return {"data": result.data, "errors": [e.message for e in result.errors or []]}


@pytest.fixture(autouse=True)
def _reset() -> None:
    CALLS.clear()
    LOG.clear()


@pytest.fixture
def backend() -> Iterator[Server]:
    server = Server()
    BACKEND.append(server)
    yield server
    BACKEND.clear()
    server.close()


@pytest.mark.parametrize("count", [3, 30])
def test_one_batch_per_level_whatever_the_list_length(count: int) -> None:
    result = run(f"{{ items(count: {count}) {{ n square }} }}")
    assert [item["square"] for item in result["data"]["items"]] == [n * n for n in range(count)] * 2
    assert [("square", tuple(range(count)))] == CALLS  # one call, each key once


def test_independent_calls_run_concurrently(backend: Server) -> None:
    backend.reply = gated(2)  # answers only once both requests wait together
    result = run("{ a b }")
    assert result == {"data": {"a": "/a", "b": "/b"}, "errors": []}
    assert backend.connections == 2


def test_concurrency_off_makes_the_calls_one_after_the_other(backend: Server) -> None:
    backend.reply = echoes_target
    result = run("{ a b }", concurrency=False)
    assert result == {"data": {"a": "/a", "b": "/b"}, "errors": []}
    assert backend.connections == 1  # the second call took the first one's connection back


def test_batching_off_makes_one_call_per_key() -> None:
    run("{ items(count: 3) { square } }", batching=False)
    assert len(CALLS) == 6  # no batching and no de-duplication: the stock behaviour


def test_errors_fail_only_their_own_keys() -> None:
    result = run("{ even: odd(n: 2) odd: odd(n: 3) }")
    assert result["data"] == {"even": 2, "odd": None}
    assert result["errors"] == ["bad 3"]


def test_gather_and_then_compose_futures() -> None:
    assert run("{ pair items(count: 1) { echo } }")["data"] == {"pair": [4, 9], "items": [{"echo": "E0"}] * 2}


def test_mutations_finish_in_order_with_their_selections() -> None:
    result = run('mutation { one: write(name: "1") { value } two: write(name: "2") { value } }')
    assert result["data"] == {"one": {"value": "1"}, "two": {"value": "2"}}
    order = [line.split()[0] + line.split()[1] for line in LOG]
    assert order == ["mutate1", "start1", "mutate2", "start2"]
