"""entries stand-in: counts, eligibility maths, transfer, tags, verdicts, bulk scoring and stats."""

import pytest

from monoql_sandbox import seed_ids as ids

CID = ids.OPEN_CAMPAIGN_ID


@pytest.fixture
def records(app):
    return [r["scoring"] for r in app.extensions["sandbox"].store.entries[CID].values()]


def test_counts_match_rankings(client, supreme, records):
    counts = client.get(f"/entries/{CID}/entries/counts", headers=supreme).json
    assert [c["id"] for c in counts] == ids.OPEN_CAMPAIGN_MARKET_IDS
    first = counts[0]
    expected = [
        sum(1 for r in records if len(r["marketIds"]) > i and r["marketIds"][i] == first["id"])
        for i in range(4)
    ]
    assert first["counts"] == expected and sum(expected) > 0


def test_eligibility_figures(client, supreme, records):
    m1 = ids.OPEN_CAMPAIGN_MARKET_IDS[0]
    answer = client.get(
        f"/entries/{CID}/entries/eligibility?marketIds={m1}&minScore=0.5", headers=supreme
    ).json
    # Eligible (docs/services.md §3): verified, scored at least minScore, not selected already.
    eligible = [
        r for r in records
        if r["verdict"] is True and r["score"] is not None and r["score"] >= 0.5 and not r["codes"]
        and m1 in r["marketIds"]
    ]
    assert answer["count"] == len(eligible) == 218  # the seed's figure
    ranks = answer["byMarket"][0]["countsByPreferenceRank"]
    assert [(x["rank"], x["count"]) for x in ranks] == [(1, 128), (2, 37), (3, 38), (4, 15)]
    wider = client.get(
        f"/entries/{CID}/entries/eligibility?marketIds={m1}&minScore=0.5&reassign=true", headers=supreme
    ).json
    assert wider["count"] == 227
    bad = client.get(f"/entries/{CID}/entries/eligibility?minScore=0.9&maxScore=0.1", headers=supreme)
    assert bad.status_code == 400 and bad.json["code"] == "INVALID_SCORE_RANGE"
    breakdown = client.get(f"/entries/{CID}/entries/eligibility/breakdown?minScore=0.5", headers=supreme).json
    assert breakdown[0]["counts"] == [x["count"] for x in ranks]
    verified = client.get(f"/entries/{CID}/entries/eligibility/verifiedCount", headers=supreme).json
    assert verified[0]["count"] == sum(1 for r in records if r["verdict"] is True and r["marketIds"][0] == m1)
    selected = client.get(f"/entries/{CID}/entries/eligibility/totalSelected", headers=supreme).json
    assert sum(s["count"] for s in selected) == sum(1 for r in records if r["codes"])


def test_aggregates_are_supreme_only(client, manager, fan):
    for path in (
        "entries/counts",
        "entries/eligibility",
        "entries/eligibility/breakdown",
        "entries/eligibility/verifiedCount",
        "entries/eligibility/totalSelected",
    ):
        assert client.get(f"/entries/{CID}/{path}", headers=manager).json["code"] == "SUPREME_USER_REQUIRED"
    assert client.get(f"/entries/{CID}/entries/counts").json["code"] == "NOT_LOGGED_IN"


def test_tags_and_flip_verdicts(client, supreme, records):
    emails = [r["email"] for r in records if r["verdict"] is True][:2]
    url = f"/entries/{CID}/scoring/tags"
    tagged = client.post(
        url, headers=supreme, json={"records": emails, "targetField": "email", "tagName": "vip"}
    )
    assert tagged.json["count"] == 2
    assert (
        client.post(
            url, headers=supreme, json={"records": emails, "targetField": "email", "tagName": "vip"}
        ).json["count"]
        == 0
    )
    for body, code in (
        ({"targetField": "email", "tagName": "x"}, "MISSING_RECORDS"),
        ({"records": ["a"], "targetField": "zip", "tagName": "x"}, "INVALID_TARGET_FIELD"),
        ({"records": ["a"], "targetField": "email"}, "MISSING_TAG_NAME"),
    ):
        assert client.post(url, headers=supreme, json=body).json["code"] == code
    before = sum(
        v["count"]
        for v in client.get(f"/entries/{CID}/entries/eligibility/verifiedCount", headers=supreme).json
    )
    flip = f"/entries/{CID}/scoring/flipVerdicts"
    assert (
        client.post(flip, headers=supreme, json={"tagName": "vip", "filterType": "block"}).json["count"] == 2
    )
    after = sum(
        v["count"]
        for v in client.get(f"/entries/{CID}/entries/eligibility/verifiedCount", headers=supreme).json
    )
    assert after == before - 2
    assert client.post(flip, headers=supreme, json={"tagName": "vip", "filterType": "x"}).json["code"] == (
        "INVALID_FILTER_TYPE"
    )
    assert client.post(flip, headers=supreme, json={"filterType": "allow"}).json["code"] == "MISSING_TAG_NAME"


def test_bulk_scoring(client, supreme, records):
    target = records[0]
    body = {"records": [{"email": target["email"], "score": 0.123, "verdict": True}, {"email": "nobody@x"}]}
    answer = client.post(f"/entries/{CID}/entries/scoring", headers=supreme, json=body).json
    assert answer == {"in": 2, "found": 1, "updated": 1}
    assert target["score"] == 0.123 and target["verdict"] is True


def test_transfer(client, supreme, app):
    cid = ids.OPEN_CAMPAIGN_2_ID
    m1, m2 = ids.OPEN_CAMPAIGN_2_MARKET_IDS[:2]
    before = {
        c["id"]: c["counts"] for c in client.get(f"/entries/{cid}/entries/counts", headers=supreme).json
    }
    answer = client.post(
        f"/entries/{cid}/entries/transfer", headers=supreme, json={"fromMarketId": m1, "toMarketId": m2}
    ).json
    assert answer["fromMarketId"] == m1 and answer["transferred"] == sum(before[m1]) > 0
    after = {c["id"]: c["counts"] for c in client.get(f"/entries/{cid}/entries/counts", headers=supreme).json}
    assert after[m1] == [0, 0, 0, 0]
    assert after[m2][0] == before[m2][0] + before[m1][0]
    record = next(iter(app.extensions["sandbox"].store.entries[cid].values()))
    assert record["entry"]["fields"]["market"] == record["scoring"]["marketIds"][0]
    assert (
        client.post(
            f"/entries/{cid}/entries/transfer", headers=supreme, json={"fromMarketId": m2, "toMarketId": m2}
        ).json["code"]
        == "INVALID_TRANSFER"
    )
    assert (
        client.post(
            f"/entries/{cid}/entries/transfer",
            headers=supreme,
            json={"fromMarketId": "nope", "toMarketId": m2},
        ).json["code"]
        == "MARKET_NOT_FOUND"
    )


def test_stats(client, supreme):
    url = f"/entries/{CID}/stats/filterList"
    created = client.post(
        url, headers=supreme, json={"dateId": "20300101", "status": "PROCESSING", "count": {"in": 10}}
    )
    assert created.status_code == 201 and created.json["_id"]["dateId"] == "20300101"
    updated = client.post(url, headers=supreme, json={"dateId": "20300101", "status": "FINISHED"})
    assert updated.status_code == 200 and updated.json["count"] == {"in": 10}
    mine = client.get(url + "?dateId=20300101", headers=supreme).json
    assert len(mine) == 1 and mine[0]["status"] == "FINISHED"
    listed = client.get(url, headers=supreme).json
    stamps = [s["date"]["updated"] for s in listed]
    assert stamps == sorted(stamps, reverse=True) and len(listed) > 1
    m1 = ids.OPEN_CAMPAIGN_MARKET_IDS[0]
    assert all(
        s["_id"]["marketId"] == m1
        for s in client.get(f"/entries/{CID}/stats/selection?marketId={m1}", headers=supreme).json
    )
    for body, code in (({"status": "X", "dateId": "1"}, "INVALID_STATS_STATUS"), ({}, "MISSING_DATE_ID")):
        assert client.post(url, headers=supreme, json=body).json["code"] == code
    assert client.get(f"/entries/{CID}/stats/other", headers=supreme).json["code"] == "INVALID_STATS_TYPE"
