"""Composition helpers for the synchronous futures that loaders return."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from graphql_sync_dataloaders import SyncFuture


def then(value: Any, fn: Callable[[Any], Any]) -> Any:
    """Apply `fn` to a value now, or to a future's result once it resolves.

    The new future keeps the dispatch hook of the original so the execution context still
    knows to run the pending batch.
    """
    if not isinstance(value, SyncFuture):
        return fn(value)
    if value.done():
        return _chain_done(value, fn)
    chained = SyncFuture()
    chained.deferred_callback = value.deferred_callback

    def _settle(_: Any = None) -> None:
        try:
            result = fn(value.result())
        except Exception as exc:
            chained.set_exception(exc)
            return
        if isinstance(result, SyncFuture):
            _forward(result, chained)
        else:
            chained.set_result(result)

    value.add_done_callback(_settle)
    return chained


def gather(items: Iterable[Any]) -> Any:
    """A future (or plain list, when nothing is pending) of every item's result, in order."""
    values = list(items)
    pending = [item for item in values if isinstance(item, SyncFuture) and not item.done()]
    if not pending:
        return [item.result() if isinstance(item, SyncFuture) else item for item in values]
    combined = SyncFuture()
    combined.deferred_callback = _first_hook(pending)
    remaining = len(pending)

    def _one_done(_: Any = None) -> None:
        nonlocal remaining
        remaining -= 1
        if remaining == 0 and not combined.done():
            try:
                combined.set_result([v.result() if isinstance(v, SyncFuture) else v for v in values])
            except Exception as exc:
                combined.set_exception(exc)

    for item in pending:
        item.add_done_callback(_one_done)
    return combined


def _first_hook(futures: list[SyncFuture]) -> Callable[[], None] | None:
    hooks = [f.deferred_callback for f in futures if f.deferred_callback]
    if not hooks:
        return None

    def _run_all() -> None:
        for hook in hooks:
            hook()

    return _run_all


def _chain_done(value: SyncFuture, fn: Callable[[Any], Any]) -> Any:
    try:
        result = value.result()
    except Exception as exc:
        failed = SyncFuture()
        failed.set_exception(exc)
        return failed
    return fn(result)


def _forward(source: SyncFuture, target: SyncFuture) -> None:
    if target.deferred_callback is None:
        target.deferred_callback = source.deferred_callback

    def _copy(_: Any = None) -> None:
        try:
            target.set_result(source.result())
        except Exception as exc:
            target.set_exception(exc)

    if source.done():
        _copy()
    else:
        source.add_done_callback(_copy)
