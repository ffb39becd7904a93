"""Stats, addTags and flipVerdicts through the real /graphql view."""

from __future__ import annotations

import responses

from tests.support.backends import failure, json_of, path_of, query_of, url
from tests.support.operations import CID, gql, only_error
from tests.support.tokens import SUPREME

STAT = {
    "_id": {"campaignId": CID, "marketId": None, "dateId": "20300101", "type": "filterList"},
    "count": {"in": 10},
    "status": "PROCESSING",
    "meta": {"file": "a.csv"},
    "errors": [],
    "date": {"created": "C", "updated": "U"},
}
FIELDS = "campaignId marketId dateId type status meta count errors { message } date { created updated }"
UPSERT = f"""mutation($c: ID!, $m: ID, $s: String, $count: JSON) {{
  upsertStat(campaignId: $c, marketId: $m, dateId: "20300101", type: filterList, status: $s, count: $count)
  {{ {FIELDS} }} }}"""


@responses.activate
def test_stats_are_flattened_and_filters_passed() -> None:
    selection = {**STAT, "_id": {**STAT["_id"], "marketId": "m1", "type": "selection"}, "status": "FINISHED"}
    responses.get(url("entries", f"/{CID}/stats/selection"), json=[selection])
    body = gql(
        f'{{ stats(campaignId: "{CID}", marketId: "m1", dateId: "20300101", type: selection) '
        f"{{ {FIELDS} }} }}",
        jwt=SUPREME,
    )
    assert body["data"]["stats"] == [
        {
            "campaignId": CID,
            "marketId": "m1",
            "dateId": "20300101",
            "type": "selection",
            "status": "FINISHED",
            "meta": {"file": "a.csv"},
            "count": {"in": 10},
            "errors": [],
            "date": {"created": "C", "updated": "U"},
        }
    ]
    assert query_of(responses.calls[0]) == {"marketId": "m1", "dateId": "20300101"}


@responses.activate
def test_stats_without_filters() -> None:
    responses.get(url("entries", f"/{CID}/stats/filterList"), json=[])
    body = gql(f'{{ stats(campaignId: "{CID}", type: filterList) {{ dateId }} }}', jwt=SUPREME)
    assert body == {"data": {"stats": []}}
    assert query_of(responses.calls[0]) == {}


@responses.activate
def test_upsert_stat_returns_the_stored_document() -> None:
    responses.post(url("entries", f"/{CID}/stats/filterList"), json=STAT, status=201)
    body = gql(UPSERT, {"c": CID, "s": "PROCESSING", "count": {"in": 10}}, jwt=SUPREME)
    assert body["data"]["upsertStat"]["status"] == "PROCESSING"
    assert body["data"]["upsertStat"]["count"] == {"in": 10}
    assert len(responses.calls) == 1
    assert json_of(responses.calls[0]) == {"dateId": "20300101", "status": "PROCESSING", "count": {"in": 10}}


@responses.activate
def test_upsert_stat_reads_back_when_the_answer_is_not_a_stat() -> None:
    responses.post(url("entries", f"/{CID}/stats/filterList"), json={"ok": True})
    other_market = {**STAT, "_id": {**STAT["_id"], "marketId": "m9"}}
    responses.get(
        url("entries", f"/{CID}/stats/filterList"), json=[other_market, {**STAT, "status": "FINISHED"}]
    )
    body = gql(UPSERT, {"c": CID, "s": "FINISHED"}, jwt=SUPREME)
    assert body["data"]["upsertStat"]["status"] == "FINISHED"
    assert body["data"]["upsertStat"]["marketId"] is None
    assert [(c.request.method, path_of(c)) for c in responses.calls] == [
        ("POST", f"/entries/{CID}/stats/filterList"),
        ("GET", f"/entries/{CID}/stats/filterList"),
    ]
    assert query_of(responses.calls[1]) == {"dateId": "20300101"}


@responses.activate
def test_upsert_stat_read_back_with_market() -> None:
    responses.post(url("entries", f"/{CID}/stats/filterList"), body="", status=204)
    responses.get(
        url("entries", f"/{CID}/stats/filterList"), json=[{**STAT, "_id": {**STAT["_id"], "marketId": "m1"}}]
    )
    body = gql(UPSERT, {"c": CID, "m": "m1"}, jwt=SUPREME)
    assert body["data"]["upsertStat"]["marketId"] == "m1"
    assert json_of(responses.calls[0]) == {"marketId": "m1", "dateId": "20300101"}
    assert query_of(responses.calls[1]) == {"marketId": "m1", "dateId": "20300101"}


@responses.activate
def test_upsert_stat_invalid_status() -> None:
    responses.post(
        url("entries", f"/{CID}/stats/filterList"),
        json=failure(400, "INVALID_STATS_STATUS")["error"],
        status=400,
    )
    body = gql(UPSERT, {"c": CID, "s": "DONE"}, jwt=SUPREME)
    assert (only_error(body)["code"], only_error(body)["reason"]) == (
        "BAD_USER_INPUT",
        "INVALID_STATS_STATUS",
    )
    assert len(responses.calls) == 1


@responses.activate
def test_add_tags_and_flip_verdicts() -> None:
    responses.post(url("entries", f"/{CID}/scoring/tags"), json={"count": 2})
    responses.post(url("entries", f"/{CID}/scoring/flipVerdicts"), json={"count": 1})
    body = gql(
        """mutation($c: String!) {
          addTags(campaignId: $c, fileRecords: ["a@x.com", null, "b@x.com"], targetField: "email",
                  tagName: "vip") { count }
          flipVerdicts(campaignId: $c, tagName: "vip", filterType: block) { count } }""",
        {"c": CID},
        jwt=SUPREME,
    )
    assert body == {"data": {"addTags": {"count": 2}, "flipVerdicts": {"count": 1}}}
    assert [path_of(c) for c in responses.calls] == [
        f"/entries/{CID}/scoring/tags",
        f"/entries/{CID}/scoring/flipVerdicts",
    ]
    assert json_of(responses.calls[0]) == {
        "records": ["a@x.com", "b@x.com"],
        "targetField": "email",
        "tagName": "vip",
    }
    assert json_of(responses.calls[1]) == {"tagName": "vip", "filterType": "block"}


@responses.activate
def test_stats_mutations_need_a_login() -> None:
    body = gql(
        f'mutation {{ flipVerdicts(campaignId: "{CID}", tagName: "vip", filterType: allow) {{ count }} }}'
    )
    assert only_error(body)["reason"] == "NOT_LOGGED_IN"
    body = gql(f'{{ stats(campaignId: "{CID}", type: selection) {{ dateId }} }}')
    assert only_error(body)["reason"] == "NOT_LOGGED_IN"
    assert len(responses.calls) == 0
