"""campaigns stand-in, markets (docs/services.md §2): list[Any], read, create, update, delete, clone."""

import copy
from typing import Any

from monoql_sandbox.auth import require_campaign
from monoql_sandbox.campaigns import bp
from monoql_sandbox.clock import iso
from monoql_sandbox.envelope import bad, json_body, not_found, reply
from monoql_sandbox.lifecycle import load_campaign
from monoql_sandbox.state import current, new_id

REQUIRED = ("name", "city", "state", "timezone")


def _schema_error(field: str, message: str):
    return bad("INVALID_MARKET_SCHEMA", message, field=field)


def validate_market(market: dict[str, Any], *, creating: bool) -> None:
    for key in REQUIRED:
        if (creating or key in market) and (not isinstance(market.get(key), str) or not market[key]):
            raise _schema_error(key, f"{key} is required.")
    point = market.get("point")
    if point is not None:
        coords = point.get("coordinates") if isinstance(point, dict) else None
        if (
            not isinstance(point, dict)
            or point.get("type") != "Point"
            or not isinstance(coords, list)
            or len(coords) != 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
        ):
            raise _schema_error("point", "point must be {type: Point, coordinates: [number, number]}.")
    split = (
        ((market.get("event") or {}).get("splitAllocation") or {})
        if isinstance(market.get("event"), dict)
        else {}
    )
    if isinstance(split, dict) and split.get("type") not in (None, "concurrent", "sequential"):
        raise _schema_error("event.splitAllocation.type", "splitAllocation.type is concurrent or sequential.")
    population = market.get("population")
    if population is not None and (
        not isinstance(population, int) or isinstance(population, bool) or population < 0
    ):
        raise _schema_error("population", "population must be a non-negative integer.")


def _check_name(campaign_id: str, name: str, market_id: str | None) -> None:
    for other in current().store.campaign_markets(campaign_id):
        if other["name"] == name and other["id"] != market_id:
            raise bad("MARKET_NAME_EXISTS", "A market with this name exists.", field="name", payload=name)


def find_market(campaign_id: str, market_id: str) -> dict[str, Any]:
    market = current().store.markets.get(market_id)
    if market is None or market["campaign_id"] != campaign_id:
        raise not_found("MARKET_NOT_FOUND", "Market not found.", "marketId")
    result: dict[str, Any] = market
    return result


@bp.get("/campaigns/<campaign_id>/markets")
def list_markets(campaign_id: str):
    load_campaign(current(), campaign_id)
    return reply(current().store.campaign_markets(campaign_id))


@bp.get("/campaigns/<campaign_id>/markets/<market_id>")
def get_market(campaign_id: str, market_id: str):
    load_campaign(current(), campaign_id)
    return reply(find_market(campaign_id, market_id))


def new_market(campaign_id: str, body: dict[str, Any]) -> dict[str, Any]:
    now = iso(current().now())
    market = {key: copy.deepcopy(value) for key, value in body.items() if key not in ("id", "_id")}
    market.update(id=new_id(), campaign_id=campaign_id, date={"created": now, "updated": now})
    market.setdefault("promoterIds", [])
    market.setdefault("isAddedShow", False)
    return market


@bp.post("/campaigns/<campaign_id>/markets")
def create_market(campaign_id: str):
    require_campaign(campaign_id, "EDIT")
    load_campaign(current(), campaign_id)
    body = json_body()
    validate_market(body, creating=True)
    _check_name(campaign_id, body["name"], None)
    market = new_market(campaign_id, body)
    current().store.markets[market["id"]] = market
    return reply(market, 201)


@bp.post("/campaigns/<campaign_id>/markets/<market_id>")
def update_market(campaign_id: str, market_id: str):
    require_campaign(campaign_id, "EDIT")
    load_campaign(current(), campaign_id)
    market = copy.deepcopy(find_market(campaign_id, market_id))
    for key, value in json_body().items():
        if key in ("id", "_id", "campaign_id", "date"):
            continue
        if value is None:
            market.pop(key, None)
        else:
            market[key] = copy.deepcopy(value)
    validate_market(market, creating=True)
    _check_name(campaign_id, market["name"], market_id)
    market["date"]["updated"] = iso(current().now())
    current().store.markets[market_id] = market
    return reply(market)


@bp.delete("/campaigns/<campaign_id>/markets/<market_id>")
def delete_market(campaign_id: str, market_id: str):
    require_campaign(campaign_id, "EDIT")
    load_campaign(current(), campaign_id)
    find_market(campaign_id, market_id)
    del current().store.markets[market_id]
    return reply({"id": market_id, "deleted": True})


@bp.post("/campaigns/<campaign_id>/markets/clones")
def clone_markets(campaign_id: str):
    require_campaign(campaign_id, "EDIT")
    sb = current()
    load_campaign(sb, campaign_id)
    source_id = json_body().get("fromCampaignId")
    if not isinstance(source_id, str):
        raise not_found("CAMPAIGN_NOT_FOUND", "Campaign not found.", "fromCampaignId")
    load_campaign(sb, source_id)
    names = {m["name"] for m in sb.store.campaign_markets(campaign_id)}
    created = []
    for source in sb.store.campaign_markets(source_id):
        if source["name"] in names:
            continue
        market = new_market(campaign_id, source)
        sb.store.markets[market["id"]] = market
        names.add(market["name"])
        created.append(market)
    return reply(created, 201)
