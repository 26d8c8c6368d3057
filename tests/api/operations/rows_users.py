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


# --- w1a: the SSO claim rules: the administrator writes, the analyst reads (403 on writes),
# a caseworker gets 404.

CLAIM_OWNER = "admin"
CLAIM_READ_ONLY = "analyst"
CLAIM_OUTSIDER = "caseworker_kbh"


def _make_rule(c: Ctx) -> None:
    from styringsdialog.registry.models import Kommune
    from styringsdialog.users.models import ClaimRule

    kommune = Kommune.objects.get(code="151")
    c.extra["rule"] = ClaimRule.objects.create(
        claim="groups", value="sd-ballerup", role="caseworker", kommune=kommune
    )


def _rule(c: Ctx) -> dict[str, Any]:
    return {"rule_id": c.extra["rule"].pk}


OPERATIONS += [
    Op("get", "/api/v1/claim-rules", CLAIM_OWNER, CLAIM_OUTSIDER, prepare=_make_rule),
    Op("get", "/api/v1/claim-rules/history", CLAIM_OWNER, CLAIM_OUTSIDER),
    Op(
        "post",
        "/api/v1/claim-rules",
        CLAIM_OWNER,
        CLAIM_OUTSIDER,
        read_only=CLAIM_READ_ONLY,
        body=lambda c: {
            "claim": "groups",
            "value": "sd-ballerup-admin",
            "role": "kommune_admin",
            "kommune": "151",
        },
        expect=201,
    ),
    Op(
        "patch",
        "/api/v1/claim-rules/{rule_id}",
        CLAIM_OWNER,
        CLAIM_OUTSIDER,
        read_only=CLAIM_READ_ONLY,
        prepare=_make_rule,
        params=_rule,
        body=lambda c: {"version": 0, "value": "sd-ballerup-2"},
    ),
    Op(
        "delete",
        "/api/v1/claim-rules/{rule_id}",
        CLAIM_OWNER,
        CLAIM_OUTSIDER,
        read_only=CLAIM_READ_ONLY,
        prepare=_make_rule,
        params=_rule,
        expect=204,
    ),
]
