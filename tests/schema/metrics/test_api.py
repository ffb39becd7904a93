"""Metrics and eligible counts through the real /graphql view: query strings, mapping and batching."""

from __future__ import annotations

import responses

from tests.support.backends import failure, path_of, query_of, url
from tests.support.operations import CID, gql, only_error
from tests.support.tokens import SUPREME

ALL = f"""{{ metrics {{
  entriesByMarketPreference(campaignId: "{CID}") {{ id counts }}
  eligibleByMarketPreference(campaignId: "{CID}", includePrevSelected: false, minScore: 0.5) {{ id counts }}
  verifiedCountByMarket(campaignId: "{CID}", minScore: 0.25, maxScore: 1) {{ id count }}
  totalSelectedByMarket(campaignId: "{CID}") {{ id count }}
}} }}"""


@responses.activate
def test_the_four_metrics_map_directly_and_pass_their_filters() -> None:
    base = f"/{CID}/entries"
    responses.get(url("entries", f"{base}/counts"), json=[{"id": "m1", "counts": [5, 3, 1, 0]}])
    responses.get(
        url("entries", f"{base}/eligibility/breakdown"), json=[{"id": "m1", "counts": [4, 2, 0, 0]}]
    )
    responses.get(url("entries", f"{base}/eligibility/verifiedCount"), json=[{"id": "m1", "count": 7}])
    responses.get(url("entries", f"{base}/eligibility/totalSelected"), json=[{"id": "m1", "count": 2}])
    body = gql(ALL, jwt=SUPREME)
    assert body == {
        "data": {
            "metrics": {
                "entriesByMarketPreference": [{"id": "m1", "counts": [5, 3, 1, 0]}],
                "eligibleByMarketPreference": [{"id": "m1", "counts": [4, 2, 0, 0]}],
                "verifiedCountByMarket": [{"id": "m1", "count": 7}],
                "totalSelectedByMarket": [{"id": "m1", "count": 2}],
            }
        }
    }
    by_path = {path_of(c): query_of(c) for c in responses.calls}
    assert len(responses.calls) == 4
    assert by_path == {
        f"/entries{base}/counts": {},
        f"/entries{base}/eligibility/breakdown": {"includePrevSelected": "false", "minScore": "0.5"},
        f"/entries{base}/eligibility/verifiedCount": {"minScore": "0.25", "maxScore": "1.0"},
        f"/entries{base}/eligibility/totalSelected": {},
    }


@responses.activate
def test_identical_metric_fields_call_once() -> None:
    responses.get(url("entries", f"/{CID}/entries/counts"), json=[{"id": "m1", "counts": [1]}])
    body = gql(
        f'{{ metrics {{ a: entriesByMarketPreference(campaignId: "{CID}") {{ id }} '
        f'b: entriesByMarketPreference(campaignId: "{CID}") {{ counts }} }} }}',
        jwt=SUPREME,
    )
    assert body["data"]["metrics"] == {"a": [{"id": "m1"}], "b": [{"counts": [1]}]}
    assert len(responses.calls) == 1


@responses.activate
def test_a_failing_metric_nulls_only_its_field() -> None:
    responses.get(url("entries", f"/{CID}/entries/counts"), json=[{"id": "m1", "counts": [1]}])
    responses.get(
        url("entries", f"/{CID}/entries/eligibility/totalSelected"),
        json={"status": 403, "code": "SUPREME_USER_REQUIRED", "message": "No."},
        status=403,
    )
    body = gql(
        f'{{ metrics {{ entriesByMarketPreference(campaignId: "{CID}") {{ id }} '
        f'totalSelectedByMarket(campaignId: "{CID}") {{ id }} }} }}',
        jwt=SUPREME,
    )
    assert body["data"]["metrics"] == {
        "entriesByMarketPreference": [{"id": "m1"}],
        "totalSelectedByMarket": None,
    }
    error = only_error(body)
    assert (error["code"], error["reason"], error["path"]) == (
        "FORBIDDEN",
        "SUPREME_USER_REQUIRED",
        ["metrics", "totalSelectedByMarket"],
    )


@responses.activate
def test_metrics_need_a_login() -> None:
    body = gql(f'{{ metrics {{ entriesByMarketPreference(campaignId: "{CID}") {{ id }} }} }}')
    assert body["data"]["metrics"] == {"entriesByMarketPreference": None}
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("UNAUTHENTICATED", "NOT_LOGGED_IN")
    assert len(responses.calls) == 0


@responses.activate
def test_invalid_score_range_is_bad_user_input() -> None:
    responses.get(
        url("entries", f"/{CID}/entries/eligibility/verifiedCount"),
        json=failure(400, "INVALID_SCORE_RANGE")["error"],
        status=400,
    )
    body = gql(
        f'{{ metrics {{ verifiedCountByMarket(campaignId: "{CID}", minScore: 2, maxScore: 1) {{ id }} }} }}',
        jwt=SUPREME,
    )
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", "INVALID_SCORE_RANGE")
