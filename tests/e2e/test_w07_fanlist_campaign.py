"""W7: a fanlist campaign: create it, upload a fan list, see the processed upload, export it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.flows import logged_in, ok

pytestmark = pytest.mark.e2e

CREATE = """mutation { upsertCampaign(campaign: {type: fanlist, name: "W7 Fan List", eventIds: ["G5vYZ9000701"],
  scoring: raw, identifier: email}) { __typename id type name ... on FanlistCampaign { scoring identifier eventIds } } }"""
UPLOAD = """mutation($f: Upload!, $s: Int!, $c: String!) {
  uploadFanlist(file: $f, fileSize: $s, campaignId: $c) { url name contentType } }"""
READ = """query($c: String) { viewer { campaign(id: $c) { __typename ... on FanlistCampaign {
  uploads { date rows rowsIn status } exports { id exportType status } } } } }"""
FANS = b"fan1@example.com\nfan2@example.com\nfan3@example.com\n"


def test_w07_fanlist_campaign(stack: Stack) -> None:
    stack.reset()
    admin = logged_in(stack, "sandbox-supreme")

    # 1. Creating a fanlist campaign answers the concrete FanlistCampaign type.
    created = ok(admin.gql(CREATE))["upsertCampaign"]
    assert created["__typename"] == "FanlistCampaign"
    assert (created["type"], created["scoring"], created["identifier"]) == ("fanlist", "raw", "email")
    assert created["eventIds"] == ["G5vYZ9000701"]
    campaign_id = created["id"]
    assert ok(admin.gql(READ, {"c": campaign_id}))["viewer"]["campaign"]["uploads"] == []

    # 2. A three-line fan list (no header row) is stored under its own name.
    stored = ok(
        admin.gql(UPLOAD, {"s": len(FANS), "c": campaign_id}, files={"f": ("fans w7.csv", FANS, "text/csv")})
    )["uploadFanlist"]
    assert stored["name"] == "fans_w7.csv"
    assert stored["contentType"] == "text/csv"
    assert stored["url"].endswith(f"fanlist/uploaded/{campaign_id}/fans_w7.csv")

    # 3. The processed upload appears with its row counts.
    uploads = ok(admin.gql(READ, {"c": campaign_id}))["viewer"]["campaign"]["uploads"]
    assert len(uploads) == 1
    assert (uploads[0]["rows"], uploads[0]["rowsIn"], uploads[0]["status"]) == (3, 3, "FINISHED")
    assert uploads[0]["date"]

    # 4. A fanlist export is listed on the campaign.
    export = ok(
        admin.gql(
            'mutation($c: String!) { scheduleExport(campaignId: $c, type: "fanlist") { id status } }',
            {"c": campaign_id},
        )
    )["scheduleExport"]
    assert export["status"] == "PENDING"
    exports = ok(admin.gql(READ, {"c": campaign_id}))["viewer"]["campaign"]["exports"]
    assert [(e["id"], e["exportType"]) for e in exports] == [(export["id"], "fanlist")]
