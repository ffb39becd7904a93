"""W11: SMS waves: schedule, generate offer codes, list, cancel, send, and the refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack
from tests.e2e.flows import backend_json, backend_token, error_of, logged_in, ok

pytestmark = pytest.mark.e2e

CID = seed_ids.OPEN_CAMPAIGN_ID
HEADER = "email,firstName,lastName,globalUserId,mobileNumber,doNotText"
CSV = f"{HEADER}\na@example.com,Ann,Lee,G-1,+15555551101,false\nb@example.com,Bo,Ray,G-2,+15555551102,true\n".encode()
UPLOAD = """mutation($f: Upload, $s: Int, $n: String!, $cfg: WaveConfigInput!) {
  uploadWave(file: $f, fileSize: $s, fileName: $n, config: $cfg) }"""
LIST = """query($c: ID) { waveList(campaignId: $c) { name status campaignId categoryId totalLimit generateOfferCode
  date { scheduled notify begin end } } }"""


def config(notify: datetime, *, offer_codes: bool) -> dict[str, Any]:
    return {
        "campaignId": CID,
        "categoryId": 1,
        "totalLimit": 10,
        "generateOfferCode": offer_codes,
        "notifyDate": notify.isoformat().replace("+00:00", "Z"),
    }


def upload(admin: GraphQLClient, name: str, notify: datetime, *, offer_codes: bool, file: bool = True) -> Any:
    variables: dict[str, Any] = {"n": name, "cfg": config(notify, offer_codes=offer_codes)}
    files = None
    if file:
        variables["s"] = len(CSV)
        files = {"f": (name, CSV, "text/csv")}
    return admin.gql(UPLOAD, variables, files=files)


def waves(admin: GraphQLClient) -> dict[str, dict[str, Any]]:
    return {wave["name"]: wave for wave in ok(admin.gql(LIST, {"c": CID}))["waveList"]}


def test_w11_sms_waves(stack: Stack) -> None:
    stack.reset()
    admin = logged_in(stack, "sandbox-supreme")
    token = backend_token(stack, "sandbox-supreme")
    notify = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    try:
        # 1. A wave without offer codes is scheduled at once.
        spring = ok(upload(admin, "spring.csv", notify, offer_codes=False))["uploadWave"]
        assert spring == {
            "name": "spring",
            "status": "scheduled",
            "fileKey": "smsWaves/csv/spring.csv",
            "configKey": "smsWaves/scheduled/spring_csv.json",
        }
        listed = waves(admin)["spring"]
        assert listed["status"] == "scheduled"
        assert listed["date"]["notify"] == notify.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        assert listed["date"]["begin"] is None and listed["date"]["scheduled"]
        assert (listed["campaignId"], listed["categoryId"], listed["totalLimit"]) == (CID, "1", 10)

        # 2. With offer codes the wave is processing until the codes exist, then scheduled.
        autumn = ok(upload(admin, "autumn.csv", notify, offer_codes=True))["uploadWave"]
        assert (autumn["name"], autumn["status"]) == ("autumn", "processing")
        listed = waves(admin)["autumn"]
        assert listed["status"] == "scheduled" and listed["generateOfferCode"] is True
        assert listed["date"]["begin"] and listed["date"]["end"]
        rows = backend_json(stack, "GET", "/waves/files/list/data?prefix=smsWaves/csv/autumn.csv", token)
        assert [bool(row.get("code")) for row in rows[0]["content"]] == [True, True]

        # 3. Cancelling removes the wave.
        cancel = "mutation($n: String!, $c: ID) { cancelWave(fileName: $n, campaignId: $c) }"
        cancelled = ok(admin.gql(cancel, {"n": "spring.csv", "c": CID}))["cancelWave"]
        assert cancelled["cancelled"] is True and cancelled["name"] == "spring"
        assert "smsWaves/csv/spring.csv" in cancelled["deleted"]
        assert "spring" not in waves(admin)

        # 4. Once sent, a wave is completed and can no longer be cancelled.
        stack.sandbox_call("PUT", "/_sandbox/clock", json={"offsetSeconds": 3 * 86400}).raise_for_status()
        sent = backend_json(stack, "POST", "/waves/trigger/process-scheduled", token, json={"data": {}})
        assert sent == {"success": True}
        assert waves(admin)["autumn"]["status"] == "completed"
        assert error_of(admin.gql(cancel, {"n": "autumn", "c": CID})) == (
            "BAD_USER_INPUT",
            "WAVE_NOT_CANCELLABLE",
        )
        assert error_of(upload(admin, "autumn.csv", notify + timedelta(days=5), offer_codes=False)) == (
            "BAD_USER_INPUT",
            "WAVE_ALREADY_SENT",
        )
    finally:
        stack.sandbox_call("DELETE", "/_sandbox/clock")

    # 5. Refusals: a notify date in the past; no file and no stored CSV.
    past = datetime.now(UTC) - timedelta(hours=1)
    assert error_of(upload(admin, "winter.csv", past, offer_codes=False)) == (
        "BAD_USER_INPUT",
        "INVALID_NOTIFY_DATE",
    )
    assert error_of(upload(admin, "winter.csv", notify, offer_codes=False, file=False)) == (
        "NOT_FOUND",
        "WAVE_FILE_NOT_FOUND",
    )
    assert "winter" not in waves(admin)
