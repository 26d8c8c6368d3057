"""The user's own API tokens (accounts.api): every user manages only their own."""

from __future__ import annotations

from typing import Any

from tests.api.operations import Ctx, Op

CW = "caseworker_ballerup"


def _token(c: Ctx) -> None:
    from styringsdialog.accounts.services import create_api_token

    token, _raw = create_api_token(user=c.user(CW), name="Sagssystem")
    c.extra["token"] = token.pk


def _token_id(c: Ctx) -> dict[str, Any]:
    return {"token_id": c.extra["token"]}


OPERATIONS: list[Op] = [
    Op(
        "get",
        "/api/v1/me/tokens",
        CW,
        None,
        note="everyone sees only their own tokens: no outsider, no read-only persona",
    ),
    Op(
        "post",
        "/api/v1/me/tokens",
        CW,
        None,
        body=lambda c: {"name": "Økonomisystem"},
        expect=201,
        note="every signed-in user may create their own",
    ),
    Op(
        "delete",
        "/api/v1/me/tokens/{token_id}",
        CW,
        "caseworker_kbh",
        params=_token_id,
        prepare=_token,
        expect=204,
        note="another user's token is 404, as if it did not exist",
    ),
]
