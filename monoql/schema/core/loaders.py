"""Per-request loaders: batch and de-duplicate backend lookups, and run independent ones concurrently.

A loader queues the keys asked for while the executor walks one level of the query. When the
executor runs out of synchronous work, the scheduler makes every queued batch at once, their
requests written before any answer is read (`monoql.clients.send_ahead`), then resolves the
futures. So a page that needs k independent backend calls of latency L takes about L, not k·L.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import partial
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from graphql_sync_dataloaders import SyncFuture

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.clients.send_ahead import run_sent_ahead
from monoql.errors import MonoqlError

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: A backend call as a key: the bound client method, its positional and its (sorted) keyword arguments.
Call = tuple[Callable[..., Any], tuple[Any, ...], tuple[tuple[str, Any], ...]]

class LoaderHost(Protocol):
    """What a loader needs of its request: the clients, the batch scheduler, and whether to batch at all."""

    @property
    def clients(self) -> Clients: ...

    @property
    def scheduler(self) -> BatchScheduler: ...

    @property
    def batching(self) -> bool: ...


class Loader(Generic[K, V]):
    """Base loader; subclasses implement `batch_load` (client I/O and pure computation only)."""

    #: Each key is its own backend call: run the keys of one batch concurrently.
    per_key: ClassVar[bool] = False

    def __init__(self, host: LoaderHost) -> None:
        self.host = host
        self._cache: dict[K, SyncFuture] = {}
        self._queue: list[tuple[K, SyncFuture]] = []

    def batch_load(self, keys: list[K]) -> Sequence[V | Exception]:
        raise NotImplementedError

    def load(self, key: K) -> SyncFuture:
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        future = SyncFuture()
        if not self.host.batching:
            _settle([future], _run_batch(self, [key]))
            return future
        self._cache[key] = future
        self._queue.append((key, future))
        self.host.scheduler.enqueue(self)
        return future

    def prime(self, key: K, value: V) -> None:
        future = SyncFuture()
        future.set_result(value)
        self._cache[key] = future

    def clear(self, key: K) -> None:
        self._cache.pop(key, None)

    def take_queue(self) -> list[tuple[K, SyncFuture]]:
        queue, self._queue = self._queue, []
        return queue


    @property
    def clients(self) -> Clients:
        return self.host.clients


class KeyLoader(Loader[K, V]):
    """A loader whose backend call takes one key: the keys of a batch are separate calls, run concurrently.

    Subclasses implement `load_key`; a gateway error it raises fails only that key's field.
    """

    per_key = True

    def load_key(self, key: K) -> V:
        raise NotImplementedError

    def batch_load(self, keys: list[K]) -> list[V | Exception]:
        results: list[V | Exception] = []
        for key in keys:
            try:
                results.append(self.load_key(key))
            except MonoqlError as exc:
                results.append(exc)
        return results


class AnswerByCallLoader(KeyLoader[Call, Any]):
    """Any client method call as a key: identical calls in one request are made once."""

    def load_key(self, key: Call) -> Any:
        method, args, kwargs = key
        return method(*args, **dict(kwargs))


class BatchScheduler:
    """Runs the queued batches of one request; concurrently when allowed."""

    def __init__(self, *, concurrency: bool, pool_size: int, call: CallContext | None = None) -> None:
        self._concurrency = concurrency
        self._pool_size = pool_size
        self._pending: dict[int, Loader[Any, Any]] = {}
        self._call = call  # whose call trace learns where each batch begins and ends

    def enqueue(self, loader: Loader[Any, Any]) -> None:
        self._pending.setdefault(id(loader), loader)

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> None:
        loaders, self._pending = list(self._pending.values()), {}
        jobs: list[tuple[Loader[Any, Any], list[Any], list[SyncFuture]]] = []
        for loader in loaders:
            queue = loader.take_queue()
            if not queue:
                continue
            if loader.per_key:
                jobs.extend((loader, [key], [future]) for key, future in queue)
            else:
                jobs.append((loader, [key for key, _ in queue], [future for _, future in queue]))
        trace = self._call.trace if self._call is not None else None
        if trace is not None:
            trace.begin_batch()
        try:
            outcomes = self._run(jobs)
        finally:
            if trace is not None:
                trace.end_batch()
        for (_, _, futures), outcome in zip(jobs, outcomes, strict=True):
            _settle(futures, outcome)

    def _run(self, jobs: list[tuple[Loader[Any, Any], list[Any], list[SyncFuture]]]) -> list[Any]:
        return run_at_once([partial(_run_batch, loader, keys) for loader, keys, _ in jobs],
                           concurrency=self._concurrency, pool_size=self._pool_size)


def run_at_once(work: Sequence[Callable[[], V]], *, concurrency: bool, pool_size: int) -> list[V]:
    """Each piece of work's value, in order: at once when there are several and concurrency is on
    (at most ``pool_size`` requests in flight, each piece in a copy of this context), else one after
    the other."""
    if len(work) <= 1 or not concurrency:
        return [item() for item in work]
    return run_sent_ahead(work, pool_size)


def _run_batch(loader: Loader[Any, Any], keys: list[Any]) -> Sequence[Any] | Exception:
    """The batch's values, or the exception that failed the whole batch."""
    try:
        values = loader.batch_load(keys)
    except Exception as exc:
        return exc
    if len(values) != len(keys):
        return RuntimeError(f"{type(loader).__name__} returned {len(values)} values for {len(keys)} keys")
    return values


def _settle(futures: list[SyncFuture], outcome: Sequence[Any] | Exception) -> None:
    if isinstance(outcome, Exception):
        for future in futures:
            future.set_exception(outcome)
        return
    for future, value in zip(futures, outcome, strict=True):
        if isinstance(value, Exception):
            future.set_exception(value)
        else:
            future.set_result(value)
