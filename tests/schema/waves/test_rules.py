"""Pure wave rules: names, notify dates, config → Wave mapping, listing order and wave-prep assembly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monoql.errors import BadUserInput
from monoql.schema.waves import prep, rules
from monoql.schema.waves.mutations import build_config, wave_prep_data

NOW = datetime(2030, 1, 5, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("file_name", "name"),
    [
        ("spring.csv", "spring"),
        ("Spring-1.CSV", "Spring-1"),
        ("a", "a"),
        ("w.v_1", "w.v_1"),
        ("x" * 128, "x" * 128),
    ],
)
def test_wave_name(file_name: str, name: str) -> None:
    assert rules.wave_name(file_name) == name


@pytest.mark.parametrize("file_name", [".csv", "-spring.csv", "sp ring.csv", "a/b.csv", "x" * 129, "", "_a"])
def test_wave_name_refusals(file_name: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        rules.wave_name(file_name)
    assert caught.value.reason == "INVALID_FILE_NAME"


@pytest.mark.parametrize(
    ("file_name", "name"),
    [
        ("spring.csv", "spring"),
        ("spring_csv.json", "spring"),
        ("spring_CSV.JSON", "spring"),
        ("spring", "spring"),
    ],
)
def test_cancel_name(file_name: str, name: str) -> None:
    assert rules.cancel_name(file_name) == name


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("2030-01-07T10:00:00Z", "2030-01-07T10:00:00.000Z"),
        ("2030-01-07T12:30:15.250+02:00", "2030-01-07T10:30:15.250Z"),
        ("2030-01-07", "2030-01-07T00:00:00.000Z"),
        ("2030-01-05T15:00:00Z", "2030-01-05T15:00:00.000Z"),
    ],
)
def test_notify_date_is_stored_in_utc(value: str, stored: str) -> None:
    assert rules.parse_notify_date(value, NOW) == stored


@pytest.mark.parametrize(
    "value", ["2030-01-05T14:59:59Z", "2030-01-04", "2030-01-07T10:00:00", "next week", "", "2030-13-01"]
)
def test_notify_date_refusals(value: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        rules.parse_notify_date(value, NOW)
    assert caught.value.reason == "INVALID_NOTIFY_DATE"


def test_build_config() -> None:
    config = {"categoryId": 10001, "campaignId": "c1", "totalLimit": 50, "generateOfferCode": True}
    doc = build_config("spring", config, "2030-01-07T10:00:00.000Z", "uploaded", "2030-01-05T15:00:00.000Z")
    assert doc == {
        "waveName": "spring",
        "fileKey": "smsWaves/csv/spring.csv",
        "categoryId": 10001,
        "campaignId": "c1",
        "totalLimit": 50,
        "generateOfferCode": True,
        "tiedToAccount": None,
        "notifyDate": "2030-01-07T10:00:00.000Z",
        "dateScheduled": "2030-01-05T15:00:00.000Z",
        "key": "smsWaves/uploaded/spring_csv.json",
    }


def test_to_wave_maps_every_field() -> None:
    config = {
        "waveName": "spring",
        "campaignId": "c1",
        "categoryId": 10001,
        "totalLimit": 5,
        "generateOfferCode": True,
        "tiedToAccount": False,
        "singleUse": True,
        "notifyDate": "N",
        "dateScheduled": "S",
        "beginDate": "B",
        "endDate": "E",
    }
    assert rules.to_wave("scheduled", "smsWaves/scheduled/spring_csv.json", config) == {
        "name": "spring",
        "status": "scheduled",
        "date": {"scheduled": "S", "notify": "N", "begin": "B", "end": "E"},
        "totalLimit": 5,
        "generateOfferCode": True,
        "tiedToAccount": False,
        "singleUse": True,
        "categoryId": "10001",
        "campaignId": "c1",
    }


@pytest.mark.parametrize(
    ("folder", "config", "status"),
    [
        ("uploaded", {}, "processing"),
        ("scheduled", {}, "scheduled"),
        ("triggered", {}, "triggered"),
        ("triggered", {"result": {"count": {"total": 1}}}, "completed"),
        ("failed", {"error": {"message": "x"}}, "failed"),
    ],
)
def test_wave_status_by_folder(folder: str, config: dict[str, object], status: str) -> None:
    assert rules.to_wave(folder, f"smsWaves/{folder}/w_csv.json", config)["status"] == status


def test_to_wave_name_falls_back_to_the_key_and_missing_values_are_null() -> None:
    wave = rules.to_wave("failed", "smsWaves/failed/autumn_csv.json", {})
    assert wave["name"] == "autumn"
    assert wave["date"] == {"scheduled": None, "notify": None, "begin": None, "end": None}
    assert wave["categoryId"] is None and wave["singleUse"] is None


def obj(folder: str, name: str, **config: object) -> dict[str, object]:
    return {"key": f"smsWaves/{folder}/{name}_csv.json", "content": {"waveName": name, **config}}


def test_to_waves_filters_and_orders() -> None:
    listings = [
        ("uploaded", [obj("uploaded", "b", campaignId="c1", notifyDate="2030-02-01T00:00:00.000Z")]),
        (
            "scheduled",
            [
                obj("scheduled", "a", campaignId="c1", notifyDate="2030-02-01T00:00:00.000Z"),
                obj("scheduled", "other", campaignId="c2", notifyDate="2030-03-01T00:00:00.000Z"),
                {"key": "smsWaves/scheduled/broken_csv.json", "error": {"message": "too big"}},
                {"key": "smsWaves/scheduled/readme.txt", "content": {"waveName": "x"}},
            ],
        ),
        ("triggered", [obj("triggered", "old", campaignId="c1", notifyDate="2029-01-01T00:00:00.000Z")]),
        ("failed", [obj("failed", "undated", campaignId="c1")]),
    ]
    assert [w["name"] for w in rules.to_waves(listings, "c1")] == ["a", "b", "old", "undated"]
    assert [w["name"] for w in rules.to_waves(listings, None)] == ["other", "a", "b", "old", "undated"]


def test_wave_prep_data_defaults_booleans_and_leaves_out_min_score() -> None:
    assert wave_prep_data("c1", "20300101", {"orderByPreference": True, "minScore": None}) == {
        "campaignId": "c1",
        "dateKey": "20300101",
        "reassign": False,
        "orderByPreference": True,
        "singleMarket": False,
        "randomSelection": False,
    }
    assert wave_prep_data("c1", "1", {"minScore": 0.0})["minScore"] == 0.0


def test_to_wave_preps_assembles_status_uploaded_and_unreadable_runs() -> None:
    status = [
        {
            "key": "wavePrep/c1/status/20300101.json",
            "content": {
                "dateKey": "20300101",
                "status": "FINISHED",
                "date": {"started": "S", "finished": "F"},
                "error": None,
                "count": {
                    "name": "total",
                    "eligible": 9,
                    "selected": 6,
                    "waitlisted": 3,
                    "markets": [{"name": "NY", "eligible": 9, "selected": 6, "waitlisted": 3}],
                },
            },
        },
        {
            "key": "wavePrep/c1/status/20300102.json",
            "content": {"status": "FAILED", "error": {"message": "no"}},
        },
        {"key": "wavePrep/c1/status/9.json", "error": {"message": "Unexpected token"}},
    ]
    data = [{"key": "wavePrep/c1/data/20300101.csv"}, {"key": "wavePrep/c1/data/20300201.csv"}]
    prepped = [{"key": "wavePrep/c1/prepped/prepped.20300101.zip"}]
    preps = prep.to_wave_preps("c1", status, data, prepped)
    assert [(p["dateKey"], p["status"]) for p in preps] == [
        ("20300201", "UPLOADED"),
        ("20300102", "FAILED"),
        ("20300101", "FINISHED"),
        ("9", "FAILED"),
    ]
    uploaded, failed, finished, unreadable = preps
    assert uploaded == {
        "dateKey": "20300201",
        "status": "UPLOADED",
        "date": None,
        "error": None,
        "path": None,
        "count": None,
    }
    assert failed["error"] == {"message": "no"} and failed["path"] is None
    assert finished["path"] == "wavePrep/c1/prepped/prepped.20300101.zip"
    assert finished["date"] == {"started": "S", "finished": "F"}
    assert finished["count"]["markets"] == [
        {"name": "NY", "eligible": 9, "selected": 6, "waitlisted": 3, "markets": None}
    ]
    assert unreadable["error"] == {"message": "Status unreadable"}


def test_wave_prep_path_from_the_status_wins() -> None:
    status = [
        {"key": "wavePrep/c1/status/1.json", "content": {"status": "FINISHED", "path": "elsewhere.zip"}}
    ]
    prepped = [{"key": "wavePrep/c1/prepped/prepped.1.zip"}]
    assert prep.to_wave_preps("c1", status, [], prepped)[0]["path"] == "elsewhere.zip"
