"""The calls a request made, as a remembered answer records them (monoql/clients/call_trace.py)."""

from __future__ import annotations

from typing import Any

from monoql.clients.call_trace import CallTrace, call_spec, fingerprint, waves
from monoql.clients.campaigns import CampaignsClient
from monoql.clients.envelope import Reply


def spec(route: str = "/campaigns/:campaignId", **overrides: Any) -> Any:
    arguments: dict[str, Any] = {"path": {"campaignId": "c1"}, "params": None, "json": None, "data": None,
                                 "content_type": None, "auth": True, "long_read": False, "cacheable": False}
    arguments.update(overrides)
    return call_spec(CampaignsClient, "GET", route, **arguments)


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


def test_the_per_call_stamps_of_the_envelope_are_not_part_of_an_answer() -> None:
    first = Reply({"id": "c1"}, {"timestamp": "2030-01-05T15:00:00.000Z", "correlationId": "a"})
    second = Reply({"id": "c1"}, {"timestamp": "2030-01-05T15:00:09.000Z", "correlationId": "b"})
    paged = Reply({"id": "c1"}, {"timestamp": "2030-01-05T15:00:00.000Z", "pagination": {"page": 2}})
    assert fingerprint(first) == fingerprint(second) == b'[{"id":"c1"},null]'
    assert fingerprint(paged) == b'[{"id":"c1"},{"pagination":{"page":2}}]'


def test_an_answer_orjson_cannot_write_makes_the_trace_incomplete() -> None:
    trace = CallTrace()
    trace.record(spec(), Reply(nested(300), None))
    assert fingerprint(Reply(nested(300), None)) is None
    assert trace.complete is False and trace.calls == []


def test_a_call_with_a_form_body_cannot_be_made_again() -> None:
    assert spec(data={"field": "value"}) is None
    trace = CallTrace()
    trace.record(None, Reply({}, None))
    assert trace.complete is False


def test_calls_of_one_batch_share_a_wave_and_calls_on_their_own_do_not() -> None:
    trace = CallTrace()
    trace.record(spec(path={"campaignId": "a"}), Reply({"id": "a"}, None))
    trace.record(spec(path={"campaignId": "b"}), Reply({"id": "b"}, None))
    trace.begin_batch()
    trace.record(spec(path={"campaignId": "c"}), Reply({"id": "c"}, None))
    trace.record(spec(path={"campaignId": "d"}), Reply({"id": "d"}, None))
    trace.end_batch()
    trace.record(spec(path={"campaignId": "e"}), Reply({"id": "e"}, None))
    grouped = [[dict(t.spec.path)["campaignId"] for t in wave] for wave in waves(tuple(trace.calls))]
    assert grouped == [["a"], ["b"], ["c", "d"], ["e"]]


def test_two_calls_are_the_same_call_only_when_everything_sent_is_the_same() -> None:
    assert spec(json={"a": 1, "b": [1, 2]}) == spec(json={"a": 1, "b": [1, 2]})
    assert spec(json={"a": 1}) != spec(json={"a": 2})
    assert spec(params=[("locale", "en-US")]) != spec(params=[("locale", "fr-CA")])
    assert spec(auth=False) != spec()
    assert spec(path={"campaignId": "c2"}) != spec()
    assert spec().arguments() == {"path": {"campaignId": "c1"}, "params": None, "json": None, "data": None,
                                  "content_type": None, "auth": True, "long_read": False, "cacheable": False}
