"""History import (publication.api: referat file → proposal → confirmed meeting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from styringsdialog.publication import history_import
from tests.api.operations import Ctx, Op

SEED = (
    Path(__file__).resolve().parents[2]
    / "almen"
    / "fixtures"
    / "referater"
    / "seed-ballerup-almenbo-2021.txt"
)
OWNER, OUTSIDER, READER = "caseworker_ballerup", "other_org_staff", "analyst"


def _staged(c: Ctx) -> None:
    data = SEED.read_bytes()
    history_import.stage_upload(data, SEED.name)
    c.extra["proposal"] = history_import.propose(
        kommune=c.world.ballerup, data=data, filename=SEED.name
    )


def _code(c: Ctx) -> dict[str, Any]:
    return {"code": "151"}


OPERATIONS: list[Op] = [
    Op(
        "post",
        "/api/v1/kommuner/{code}/referat-import/proposals",
        OWNER,
        OUTSIDER,
        READER,
        params=_code,
        files=lambda c: {"file": SimpleUploadedFile(SEED.name, SEED.read_bytes())},
    ),
    Op(
        "post",
        "/api/v1/kommuner/{code}/referat-import",
        OWNER,
        OUTSIDER,
        READER,
        params=_code,
        prepare=_staged,
        body=lambda c: {"proposal": c.extra["proposal"]},
        expect=201,
    ),
]
