"""campaigns stand-in (docs/services.md §2): campaign reads, lists, create, update, refresh."""

from typing import Any

from flask import Blueprint, request

from monoql_sandbox import campaign_rules as rules
from monoql_sandbox.auth import caller, require_campaign, require_login, require_supreme
from monoql_sandbox.clock import iso, parse_iso
from monoql_sandbox.envelope import ApiError, bad, json_body, not_found, reply
from monoql_sandbox.lifecycle import advance, load_campaign, refresh_all
from monoql_sandbox.paging import page_args, paginate
from monoql_sandbox.state import current, new_id

bp = Blueprint("campaigns", __name__)
SORT_FIELDS = ("date.created", "date.updated", "date.open", "name", "status", "type")


def defaults() -> dict[str, Any]:
    return {
        "type": "registration",
        "subType": None,
        "status": "DRAFT",
        "name": None,
        "identifier": "memberId",
        "categoryId": None,
        "artist": None,
        "tour": None,
        "domain": {"site": None, "share": None, "preview": None},
        "referenceTimezone": None,
        "date": {},
        "options": {},
        "style": {},
        "image": {},
        "content": {},
        "faqs": {},
        "preferences": [],
        "locales": [],
        "trackers": [],
        "slack": {"channels": {"stats": []}, "noAlert": False},
        "login_types": [],
        "eventIds": [],
        "scoring": None,
        "schema": {"version": "1"},
        "entry": None,
    }


def _flag(name: str) -> bool:
    return request.args.get(name, "false").lower() == "true"


@bp.get("/heartbeat")
def heartbeat():
    return {"status": "ok"}


@bp.get("/campaigns/<campaign_id>")
def get_by_id(campaign_id: str):
    who = caller()
    campaign = load_campaign(current(), campaign_id)
    return reply(rules.present(campaign, who, request.args.get("locale"), _flag("showAllLocales")))


@bp.get("/campaigns")
def get_by_domain():
    who = caller()
    domain = (request.args.get("domain") or "").strip().lower()
    if not domain:
        raise bad("MISSING_DOMAIN", "domain is required.", field="domain")
    sb = current()
    refresh_all(sb)
    live = [c for c in sb.store.campaigns.values() if c.get("status") != "INACTIVE"]
    site = next((c for c in live if (c.get("domain") or {}).get("site") == domain), None)
    preview = next(
        (c for c in sb.store.campaigns.values() if (c.get("domain") or {}).get("preview") == domain), None
    )
    campaign = site or preview
    if campaign is None:
        raise not_found("CAMPAIGN_NOT_FOUND", "Campaign not found.", "domain")
    doc = rules.present(campaign, who, request.args.get("locale"), _flag("showAllLocales"))
    options = campaign.get("options") or {}
    privileged = who is not None and (who.is_supreme or bool(who.actions(campaign["id"])))
    if site is not None and options.get("requirePassword") and not privileged:
        password = request.args.get("password")
        if password is None or password == "":
            return reply(rules.locked_view(doc))
        if password != options.get("passwordValue"):
            raise ApiError(
                401, "INVALID_CAMPAIGN_PASSWORD", "The campaign password is wrong.", payload="password"
            )
    return reply(doc)


def _sort_key(field: str):
    def key(campaign: dict[str, Any]):
        value: object = campaign
        for part in field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return (value is not None, str(value).lower() if value is not None else "")

    return key


def _matches(campaign: dict[str, Any], args) -> bool:
    q = (args.get("q") or "").lower()
    if q:
        hay = [
            campaign.get("name"),
            (campaign.get("artist") or {}).get("name"),
            (campaign.get("domain") or {}).get("site"),
        ]
        if campaign["id"] != q and not any(isinstance(h, str) and q in h.lower() for h in hay):
            return False
    if args.get("type") and campaign.get("type") != args["type"]:
        return False
    if args.get("version") and str((campaign.get("schema") or {}).get("version")) != args["version"]:
        return False
    return not (args.get("artistId") and (campaign.get("artist") or {}).get("id") != args["artistId"])


@bp.get("/campaigns/list")
def list_campaigns():
    who = require_login()
    sort_by = request.args.get("sortBy") or "date.created"
    direction = (request.args.get("sortDirection") or "desc").lower()
    if sort_by not in SORT_FIELDS or direction not in ("asc", "desc"):
        raise bad("INVALID_SORT_FIELD", "Unknown sort field or direction.", field="sortBy")
    page, size = page_args()
    sb = current()
    refresh_all(sb)
    found = [
        c
        for c in sb.store.campaigns.values()
        if (who.is_supreme or c["id"] in who.permissions) and _matches(c, request.args)
    ]
    found.sort(key=lambda c: c["id"])
    found.sort(key=_sort_key(sort_by), reverse=direction == "desc")
    items, meta = paginate(found, page, size)
    return reply([rules.present(c, who, None, False) for c in items], meta=meta)


@bp.get("/campaigns/categoryIds")
def category_ids():
    require_login()
    start = parse_iso(request.args.get("presaleQueryStartDate"))
    end = parse_iso(request.args.get("presaleQueryEndDate"))
    if start is None or end is None or start > end:
        raise bad(
            "INVALID_DATE_RANGE",
            "A valid presale query date range is required.",
            field="presaleQueryStartDate",
        )
    sb = current()
    refresh_all(sb)
    found: set[str] = set()
    for campaign in sb.store.campaigns.values():
        dates = campaign.get("date") or {}
        w_start, w_end = parse_iso(dates.get("presaleWindowStart")), parse_iso(dates.get("presaleWindowEnd"))
        if (
            campaign.get("categoryId") is None
            or campaign.get("status") in ("DRAFT", "PREVIEW", "INACTIVE")
            or w_start is None
            or w_end is None
        ):
            continue
        if w_start <= end and w_end >= start:
            found.add(str(campaign["categoryId"]))
    return reply(sorted(found))


def _check_domain(doc: dict[str, Any]) -> None:
    site = (doc.get("domain") or {}).get("site")
    if not site:
        return
    for other in current().store.campaigns.values():
        if (
            other["id"] != doc.get("id")
            and other.get("status") != "INACTIVE"
            and (other.get("domain") or {}).get("site") == site
        ):
            raise bad(
                "CAMPAIGN_WITH_DOMAIN_EXISTS",
                "A live campaign already uses this domain.",
                field="domain.site",
                payload=site,
            )


def _finish_write(doc: dict[str, Any], body: dict[str, Any]) -> None:
    sb = current()
    now = sb.now()
    if body.get("status"):
        doc["status"] = body["status"]
        if doc["status"] == "OPEN" and not doc["date"].get("opened"):
            doc["date"]["opened"] = iso(now)
    doc["date"]["updated"] = iso(now)
    advance(doc, now)


@bp.post("/campaigns")
def create_campaign():
    who = require_supreme()
    body = json_body()
    rules.check_status(body)
    doc = rules.merge(defaults(), body)
    locales = doc.get("locales") or [{"id": "en-US", "is_default": True}]
    if (
        isinstance(locales, list)
        and locales
        and not any(isinstance(lo, dict) and lo.get("is_default") for lo in locales)
    ):
        locales[0] = {**locales[0], "is_default": True}
    doc["locales"] = locales
    if not (doc.get("schema") or {}).get("version"):
        doc["schema"] = {**(doc.get("schema") or {}), "version": "1"}
    rules.validate(doc)
    _check_domain(doc)
    doc["id"] = new_id()
    doc["date"] = {**doc.get("date", {}), "created": iso(current().now())}
    doc["status"] = "DRAFT"
    _finish_write(doc, body)
    current().store.campaigns[doc["id"]] = doc
    return reply(rules.present(doc, who, None, True), 201)


@bp.post("/campaigns/<campaign_id>")
def update_campaign(campaign_id: str):
    who = require_campaign(campaign_id, "EDIT")
    stored = load_campaign(current(), campaign_id)
    body = json_body()
    rules.check_status(body)
    doc = rules.merge(stored, body)
    doc["date"] = doc.get("date") or {}
    rules.validate(doc)
    _check_domain(doc)
    _finish_write(doc, body)
    current().store.campaigns[campaign_id] = doc
    return reply(rules.present(doc, who, None, True))


@bp.post("/campaigns/refresh")
def refresh():
    require_supreme()
    return reply(refresh_all(current()))
