"""The execution fast paths answer exactly like the general path.

Every client operation (tests/hardening/operations) runs through the real view, its backends
answered by one catch-all mock, once as shipped (sub-selections collected once per cached document,
plain fields read in line) and once through graphql-sync-dataloaders' and graphql-core's general
path: the bodies must be equal byte for byte, and so must the headers that matter.
"""

from __future__ import annotations

import gc
import importlib
import re
from typing import Any

import graphene
import pytest
import responses
from graphql import (
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    TypeNode,
    execute,
    parse,
)
from graphql_sync_dataloaders import DeferredExecutionContext

from monoql.clients.hooks import HOOKS
from monoql.per_process import reset_all
from monoql.schema.core import selections
from monoql.schema.core.execution_context import BatchingExecutionContext
from tests.hardening.client_operations import ClientOperation, client_operations
from tests.perf.test_call_counts import CAMPAIGN_ID, campaign_doc, market_docs, wrapped
from tests.perf.test_plain_fields import context
from tests.support.gateway import BACKEND, post_graphql
from tests.support.isolation import resolve_mocked_backends
from tests.support.tokens import make_jwt

execute_module = importlib.import_module("graphql.execution.execute")
ADMIN = make_jwt(is_supreme=True)
SCALAR_VALUES: dict[str, Any] = {"String": CAMPAIGN_ID, "ID": CAMPAIGN_ID, "Int": 2, "Float": 1.5, "Boolean": True}


def backend_answer(request: Any) -> tuple[int, dict[str, str], str]:
    """Campaign-shaped answers for every backend route: enough for every field to have a value."""
    import json

    path = request.path_url.split("?")[0]
    if path.endswith("/markets"):
        body: Any = wrapped(market_docs(CAMPAIGN_ID, 3))
    elif path.endswith("/list") or path.endswith("/contacts"):
        body = wrapped([campaign_doc(), campaign_doc("64b7f0c2a1e4d3b2c1a0aa02")])
    else:
        body = wrapped(campaign_doc())
    return 200, {"Content-Type": "application/json"}, json.dumps(body)


@pytest.fixture(autouse=True)
def mocked() -> Any:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in (responses.GET, responses.POST, responses.PUT, responses.DELETE, responses.PATCH):
            mock.add_callback(method, re.compile(re.escape(BACKEND) + ".*"), backend_answer)
        yield mock


def value_for(node: TypeNode) -> Any:
    if isinstance(node, NamedTypeNode):
        return SCALAR_VALUES.get(node.name.value)
    assert isinstance(node, NonNullTypeNode | ListTypeNode)
    value = value_for(node.type)
    return [value] if isinstance(node, ListTypeNode) and value is not None else value


def variables_for(operation: ClientOperation) -> dict[str, Any]:
    """A value for every variable of a scalar type (inputs and uploads stay unset)."""
    (definition,) = [d for d in parse(operation.text).definitions if isinstance(d, OperationDefinitionNode)]
    values = {v.variable.name.value: value_for(v.type) for v in definition.variable_definitions}
    return {name: value for name, value in values.items() if value is not None}


def runnable(operation: ClientOperation) -> bool:
    """Whether every required variable has a value here (input objects and uploads do not)."""
    (definition,) = [d for d in parse(operation.text).definitions if isinstance(d, OperationDefinitionNode)]
    required = {v.variable.name.value for v in definition.variable_definitions if isinstance(v.type, NonNullTypeNode)}
    return required <= set(variables_for(operation))


OPERATIONS = [op for op in client_operations() if runnable(op)]


def test_every_client_query_runs_here() -> None:
    queries = {op.name for op in client_operations() if op.kind == "query"}
    assert queries <= {op.name for op in OPERATIONS}
    assert len(OPERATIONS) >= 20


def answer(operation: ClientOperation) -> tuple[bytes, dict[str, str]]:
    reset_all()  # every run starts from cold client caches and closed breakers
    HOOKS.resolver = resolve_mocked_backends  # as the root fixture: no system resolver for backend.test
    response = post_graphql(operation.text, variables_for(operation), jwt=ADMIN, operation_name=operation.name,
                            headers={"X-Request-ID": "same-request"})
    headers = {name: response.headers.get(name, "") for name in ("Content-Type", "Cache-Control", "Vary")}
    return response.get_data(), {**headers, "status": str(response.status_code)}


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_every_client_operation_answers_like_the_general_path(
    operation: ClientOperation, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(operation)  # the document's collections are made here
    shipped = answer(operation)  # and used here
    monkeypatch.setattr("monoql.schema.core.execution_context.shared_subfields", _per_request)
    monkeypatch.setattr(BatchingExecutionContext, "execute_fields", DeferredExecutionContext.execute_fields)
    monkeypatch.setattr(BatchingExecutionContext, "execute_field", DeferredExecutionContext.execute_field)
    general = answer(operation)
    assert shipped == general
    assert b'"data"' in shipped[0]


def _per_request(*_: Any) -> None:
    return None


def test_the_bench_fan_landing_executes_fields_with_values() -> None:
    """The comparison above is worth something only if the operations resolve real data."""
    (landing,) = [op for op in OPERATIONS if op.name == "FanLanding"]
    body, headers = answer(landing)
    assert headers["status"] == "200"
    assert b'"markets":[{' in body and b'"name":"Campaign 64b7f0c2a1e4d3b2c1a0aa01"' in body


class Pet(graphene.ObjectType):
    name = graphene.String()
    age = graphene.Int()


class Animal(graphene.Interface):
    name = graphene.String()

    @classmethod
    def resolve_type(cls, instance: dict[str, Any], info: Any) -> type[graphene.ObjectType]:
        return Dog if "barks" in instance else Cat


class Dog(graphene.ObjectType):
    class Meta:
        interfaces = (Animal,)

    barks = graphene.Boolean()


class Cat(graphene.ObjectType):
    class Meta:
        interfaces = (Animal,)

    lives = graphene.Int()


class Query(graphene.ObjectType):
    pets = graphene.List(Pet)
    animals = graphene.List(Animal)

    def resolve_pets(root: Any, info: Any) -> list[dict[str, Any]]:
        return [{"name": "Rex", "age": 3}, {"name": "Tom", "age": 5}]

    def resolve_animals(root: Any, info: Any) -> list[dict[str, Any]]:
        return [{"name": "Rex", "barks": True}, {"name": "Tom", "lives": 9}]


SCHEMA = graphene.Schema(query=Query, types=[Dog, Cat]).graphql_schema
WITH_VARIABLE = "query Pets($withAge: Boolean!) { pets { name age @include(if: $withAge) } }"


def run(document: Any, variables: dict[str, Any] | None = None) -> Any:
    return execute(SCHEMA, document, context_value=context(), variable_values=variables,
                   execution_context_class=BatchingExecutionContext)


def test_a_cached_document_collects_its_selections_on_its_first_run_only(monkeypatch: pytest.MonkeyPatch) -> None:
    collected: list[str] = []
    original = execute_module.collect_sub_fields

    def counting(*args: Any) -> Any:
        collected.append(args[3].name)  # the object type
        return original(*args)

    monkeypatch.setattr(execute_module, "collect_sub_fields", counting)
    document = parse("{ pets { name age } }")
    first, second = run(document), run(document)
    assert first.data == second.data == {"pets": [{"name": "Rex", "age": 3}, {"name": "Tom", "age": 5}]}
    assert collected == ["Pet"]  # the second run, and the second pet, reuse the first collection


def test_selections_that_read_variables_follow_each_requests_variables() -> None:
    document = parse(WITH_VARIABLE)
    assert run(document, {"withAge": True}).data == {"pets": [{"name": "Rex", "age": 3}, {"name": "Tom", "age": 5}]}
    assert run(document, {"withAge": False}).data == {"pets": [{"name": "Rex"}, {"name": "Tom"}]}
    assert run(document, {"withAge": True}).data["pets"][0] == {"name": "Rex", "age": 3}


def test_a_literal_directive_still_shares_and_answers_by_its_literal() -> None:
    document = parse("{ pets { name age @skip(if: true) } }")
    (operation,) = document.definitions
    assert run(document).data == run(document).data == {"pets": [{"name": "Rex"}, {"name": "Tom"}]}
    assert selections.shared_subfields(operation, ()) is not None  # kept: no variable involved


def test_collections_go_with_their_document() -> None:
    gc.collect()
    before = len(selections._by_operation)
    for index in range(50):
        run(parse(f"query Q{index} {{ pets {{ name }} }}"))  # uncached documents, freed after each run
    gc.collect()
    assert len(selections._by_operation) == before


def test_the_same_selection_is_collected_per_object_type() -> None:
    document = parse("{ animals { name ... on Dog { barks } ...CatFields } } fragment CatFields on Cat { lives }")
    expected = {"animals": [{"name": "Rex", "barks": True}, {"name": "Tom", "lives": 9}]}
    assert run(document).data == run(document).data == expected
