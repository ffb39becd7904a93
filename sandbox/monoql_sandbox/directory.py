"""campaigns stand-in: promoters, campaign contacts and artist/venue/contact search (3.5, 3.6)."""

import copy
from typing import Any

from flask import request

from monoql_sandbox.auth import require_campaign, require_login, require_supreme
from monoql_sandbox.campaigns import bp
from monoql_sandbox.clock import iso
from monoql_sandbox.envelope import bad, json_body, not_found, reply
from monoql_sandbox.lifecycle import load_campaign
from monoql_sandbox.paging import by_name_then_id, page_args, paginate
from monoql_sandbox.state import current, new_id


def _validate_promoter(doc: dict[str, Any]) -> None:
    if not isinstance(doc.get("name"), str) or not doc["name"].strip():
        raise bad("INVALID_PROMOTER_SCHEMA", "name is required.", field="name")
    urls = doc.get("privacyUrls") or []
    if not isinstance(urls, list) or any(
        not isinstance(u, dict) or not u.get("locale") or not u.get("url") for u in urls
    ):
        raise bad("INVALID_PROMOTER_SCHEMA", "Every privacy URL needs locale and url.", field="privacyUrls")
    if urls and sum(1 for u in urls if u.get("is_default") is True) != 1:
        raise bad(
            "INVALID_PROMOTER_SCHEMA", "Exactly one privacy URL must be the default.", field="privacyUrls"
        )


def _promoter(promoter_id: str) -> dict[str, Any]:
    promoter = current().store.promoters.get(promoter_id)
    if promoter is None:
        raise not_found("PROMOTER_NOT_FOUND", "Promoter not found.", "promoterId")
    result: dict[str, Any] = promoter
    return result


@bp.get("/promoters")
def list_promoters():
    require_supreme()
    return reply(by_name_then_id(list(current().store.promoters.values())))


@bp.post("/promoters")
def create_promoter():
    require_supreme()
    body = {k: v for k, v in json_body().items() if k not in ("id", "_id", "date")}
    body.setdefault("privacyUrls", [])
    _validate_promoter(body)
    now = iso(current().now())
    promoter = {"id": new_id(), **copy.deepcopy(body), "date": {"created": now, "updated": now}}
    current().store.promoters[promoter["id"]] = promoter
    return reply(promoter, 201)


@bp.post("/promoters/<promoter_id>")
def update_promoter(promoter_id: str):
    require_supreme()
    promoter = copy.deepcopy(_promoter(promoter_id))
    for key, value in json_body().items():
        if key not in ("id", "_id", "date"):
            promoter[key] = copy.deepcopy(value)
    _validate_promoter(promoter)
    promoter["date"]["updated"] = iso(current().now())
    current().store.promoters[promoter_id] = promoter
    return reply(promoter)


@bp.delete("/promoters/<promoter_id>")
def delete_promoter(promoter_id: str):
    require_supreme()
    _promoter(promoter_id)
    store = current().store
    del store.promoters[promoter_id]
    for market in store.markets.values():
        if promoter_id in (market.get("promoterIds") or []):
            market["promoterIds"] = [p for p in market["promoterIds"] if p != promoter_id]
    return reply({"id": promoter_id, "deleted": True})


@bp.get("/campaigns/<campaign_id>/contacts")
def get_contacts(campaign_id: str):
    require_campaign(campaign_id, "VIEW", "EDIT")
    load_campaign(current(), campaign_id)
    return reply(current().store.contacts.get(campaign_id, []))


@bp.post("/campaigns/<campaign_id>/contacts")
def save_contacts(campaign_id: str):
    require_campaign(campaign_id, "EDIT")
    load_campaign(current(), campaign_id)
    contacts = json_body().get("contacts")
    if not isinstance(contacts, list) or any(not isinstance(c, dict) for c in contacts):
        raise bad("INVALID_CONTACTS", "contacts must be an array of objects.", field="contacts")
    saved = [{**copy.deepcopy(c), "id": c.get("id") or new_id()} for c in contacts]
    current().store.contacts[campaign_id] = saved
    return reply([c["id"] for c in saved])


def _search(items: list[dict[str, Any]], fields: tuple[str, ...]):
    q = (request.args.get("q") or "").lower()
    page, size = page_args()
    found = [i for i in items if not q or any(q in str(i.get(f) or "").lower() for f in fields)]
    chunk, meta = paginate(by_name_then_id(found), page, size)
    return reply(chunk, meta=meta)


@bp.get("/contacts")
def search_contacts():
    require_supreme()
    return _search(current().store.directory, ("name", "email"))


@bp.get("/artists")
def search_artists():
    require_login()
    return _search(current().store.artists, ("name",))


@bp.get("/venues")
def search_venues():
    require_login()
    return _search(current().store.venues, ("name", "city"))
