"""Stand-in for the phone-confirmation (PPC) widget the gateway's `ppc` answer points fans at.

The real widget confirms a fan's phone by SMS and hands the fan site a `phoneJwt`, which the fan
passes to `submitConfirm` (entries `POST /:campaignId/entries/confirm`). Here the widget is asked
directly: `POST /ppc/confirm` with the client id and token that `ppc { id token }` answers, and a
phone, gives a `phoneJwt` carrying that phone, signed with the development key. No SMS is sent.
Bare JSON answers; errors use the common error object.
"""

from typing import Any

from flask import Blueprint, request

from monoql_sandbox import accounts
from monoql_sandbox.auth import mint
from monoql_sandbox.envelope import ApiError, bad, json_body, reply
from monoql_sandbox.state import current

bp = Blueprint("ppc", __name__)
#: A phoneJwt is short-lived: the fan passes it on at once.
PHONE_JWT_TTL_SECONDS = 600


def _client() -> dict[str, Any]:
    client: dict[str, Any] = current().settings["ppc"]
    return client


def _check_client(client_id: object, token: object) -> None:
    client = _client()
    if client_id != client["id"] or token != client["token"]:
        raise ApiError(401, "INVALID_PPC_CLIENT", "Unknown phone-confirmation client id or token.")


@bp.get("/heartbeat")
def heartbeat():
    return {"status": "ok"}


@bp.get("")
@bp.get("/")
def widget():
    """What a fan site loads: `?id=<client id>`; answers where to confirm a phone."""
    client_id = request.args.get("id")
    if client_id != _client()["id"]:
        raise ApiError(401, "INVALID_PPC_CLIENT", "Unknown phone-confirmation client id.", payload="id")
    confirm_url = f"{request.base_url.rstrip('/')}/confirm"
    return reply({"widget": "phone-confirmation", "id": client_id, "confirm": confirm_url})


@bp.post("/confirm")
def confirm():
    """Body `{id, token, phone}` → `{phoneJwt}` for that E.164 phone."""
    body = json_body()
    _check_client(body.get("id"), body.get("token"))
    phone = body.get("phone")
    if not isinstance(phone, str) or not accounts.E164.match(phone):
        raise bad("INVALID_PHONE", "phone must be an E.164 number.", field="phone")
    return reply({"phoneJwt": mint({"phone": phone, "iss": "sandbox-ppc"}, PHONE_JWT_TTL_SECONDS)})
