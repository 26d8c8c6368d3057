"""API details beyond the operations table: natural key on create, CPR refused, import errors
with row and column, figures."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.api.conftest import make_token

from styringsdialog.anvisning.models import LedgerEntry


def _client(user) -> tuple[Client, dict[str, str]]:
    return Client(), {"Authorization": f"Bearer {make_token(user)}"}


def test_ledger_create_is_idempotent_and_refuses_cpr(world) -> None:
    c, auth = _client(world.users["caseworker_ballerup"])
    body = {
        "kommune": "151",
        "department": "0151-003",
        "dwelling": "0415",
        "offered_on": "2024-03-01",
        "rent": 6100.5,
    }
    r1 = c.post("/api/v1/anvisning/ledger", body, content_type="application/json", headers=auth)
    r2 = c.post("/api/v1/anvisning/ledger", body, content_type="application/json", headers=auth)
    assert (r1.status_code, r2.status_code) == (201, 200)
    assert r1.json()["id"] == r2.json()["id"] and LedgerEntry.objects.count() == 1
    assert r1.json()["rent"] in ("6100.50", "6100.5")
    r = c.post(
        "/api/v1/anvisning/ledger",
        {**body, "dwelling": "0416", "household_ref": "010190-1234"},
        content_type="application/json",
        headers=auth,
    )
    assert r.status_code == 422 and "CPR" in r.json()["error"]["message"]


def test_import_errors_carry_row_and_column(world) -> None:
    c, auth = _client(world.users["caseworker_ballerup"])
    data = b"organisation;afdeling;lejemaal;tilbudt;husstand\n0151;003;1;01.03.2024;0101901234\n"
    r = c.post(
        "/api/v1/anvisning/imports",
        {"kommune": "151", "file": SimpleUploadedFile("liste.csv", data)},
        headers=auth,
    )
    assert r.status_code == 422
    (detail,) = r.json()["error"]["details"]
    assert detail["location"] == "liste.csv.række 2.husstand" and "CPR" in detail["message"]
    assert LedgerEntry.objects.count() == 0
