"""The users client's calls: login without Authorization, profile read and update (docs/services.md §1)."""

from __future__ import annotations

from typing import Any

USER = {"id": "64b7f0c2a1e4d3b2c1a09f11", "firstName": "Sam", "auth": {"token": "new.jwt.token"}}

CASES: list[dict[str, Any]] = [
    {
        "client": "users",
        "method": "login",
        "args": ("tm-token", "tmuo-value"),
        "http": "POST",
        "path": "/users/auth",
        "json": {"tm_token": "tm-token", "tmuo": "tmuo-value", "version": "v2"},
        "answer": USER,
        "auth": False,
    },
    {
        "id": "login-no-tmuo",
        "client": "users",
        "method": "login",
        "args": ("tm-token", None),
        "http": "POST",
        "path": "/users/auth",
        "json": {"tm_token": "tm-token", "tmuo": None, "version": "v2"},
        "answer": USER,
        "auth": False,
    },
    {"client": "users", "method": "get_me", "http": "GET", "path": "/users/me", "answer": USER},
    {
        "client": "users",
        "method": "update_me",
        "args": ({"first_name": "Sam", "zip": None},),
        "http": "POST",
        "path": "/users/me",
        "json": {"first_name": "Sam", "zip": None},
        "answer": USER,
    },
]
