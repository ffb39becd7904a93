"""users client: a refused login token and a field error (its calls are in `tables/users.py`)."""

from __future__ import annotations

from typing import Any

import pytest

from monoql.clients import Clients
from monoql.errors import BadUserInput, Unauthenticated
from tests.clients.tables.users import CASES


def test_login_rejected_token(fail: Any) -> None:
    err = fail(CASES[0], 401, form="bare")
    assert isinstance(err, Unauthenticated)


def test_update_me_field_error_names_the_field(mocked: Any, settings: Any, call: Any, wire: Any) -> None:
    mocked.add(
        "POST",
        wire.base + "/users/me",
        status=400,
        json={
            "status": 400,
            "message": "Invalid email.",
            "payload": "",
            "code": "INVALID_USER_FIELD",
            "field": "email",
        },
    )
    with pytest.raises(BadUserInput) as info:
        Clients(settings, call).users.update_me({"email": "nope"})
    assert (info.value.reason, info.value.field) == ("INVALID_USER_FIELD", "email")
