"""monoql.app.MonoqlFlask: plain functions and their methods are called as they are; anything that could
be a coroutine still goes through Flask's own check."""

from __future__ import annotations

import functools

import pytest

from monoql.app import MonoqlFlask, create_app
from tests.support.gateway import gateway_settings


def plain(value: int) -> int:
    return value + 1


async def coroutine(value: int) -> int:
    return value + 1


class Holder:
    def method(self, value: int) -> int:
        return value + 2

    async def async_method(self, value: int) -> int:
        return value + 2


def test_the_gateway_is_built_on_it() -> None:
    assert isinstance(create_app(gateway_settings(), configure_logs=False), MonoqlFlask)


def test_plain_functions_and_methods_are_returned_as_they_are() -> None:
    app = MonoqlFlask("probe")
    holder = Holder()
    assert app.ensure_sync(plain) is plain
    method = holder.method
    assert app.ensure_sync(method) is method
    assert app.ensure_sync(method)(1) == 3


def test_a_partial_of_a_plain_function_is_callable_as_before() -> None:
    app = MonoqlFlask("probe")
    partial = functools.partial(plain, 4)
    assert app.ensure_sync(partial) is partial
    assert app.ensure_sync(partial)() == 5


@pytest.mark.parametrize("func", [coroutine, Holder().async_method, functools.partial(coroutine, 1)])
def test_coroutine_functions_still_go_through_flask(func: object) -> None:
    # Flask runs a coroutine view only with its `async` extra, which the gateway does not install:
    # it refuses it, rather than the view returning an unawaited coroutine.
    with pytest.raises(RuntimeError, match="async"):
        MonoqlFlask("probe").ensure_sync(func)  # type: ignore[arg-type]
