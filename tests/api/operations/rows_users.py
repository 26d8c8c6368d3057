"""User and role administration (users.api): a kommune's rights, history, invite/grant, remove.

The owner is the superuser (``admin``); Ballerup's caseworkers read the list (403 on writes);
a caseworker of another kommune gets 404. The kommune administrator's own rights are tested in
``src/styringsdialog/users/tests/test_user_admin.py``."""

from __future__ import annotations

from typing import Any

from tests.api.operations import Ctx, Op

OWNER = "admin"
READ_ONLY = "caseworker_ballerup"
OUTSIDER = "caseworker_kbh"


def _code(c: Ctx) -> dict[str, Any]:
    return {"code": "151"}


def _membership(c: Ctx) -> dict[str, Any]:
    return {"code": "151", "membership_id": c.user("almenbo_staff").memberships.get().pk}


OPERATIONS: list[Op] = [
    Op("get", "/api/v1/kommuner/{code}/users", OWNER, OUTSIDER, params=_code),
    Op("get", "/api/v1/kommuner/{code}/users/history", OWNER, OUTSIDER, params=_code),
    Op(
        "post",
        "/api/v1/kommuner/{code}/users",
        OWNER,
        OUTSIDER,
        read_only=READ_ONLY,
        params=_code,
        body=lambda c: {"user": "ny@ballerup.dk", "role": "caseworker"},
        expect=201,
    ),
    Op(
        "delete",
        "/api/v1/kommuner/{code}/users/{membership_id}",
        OWNER,
        OUTSIDER,
        read_only=READ_ONLY,
        params=_membership,
        expect=204,
    ),
]
