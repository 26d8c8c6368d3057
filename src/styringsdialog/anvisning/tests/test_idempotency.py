"""Idempotency-Key on the anvisning create endpoints (lib/idempotency.py, as the rest of the API):
a retry with the same key is answered from the first answer and nothing is created twice."""

from __future__ import annotations

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.api.conftest import make_token

from styringsdialog.anvisning.models import (
    AnvisningAgreement,
    AnvisningComment,
    LedgerEntry,
    StepReview,
)
from styringsdialog.registry.models import DataSource


def _auth(user, key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(user)}", "Idempotency-Key": key}


def _twice(c: Client, url: str, body: dict, headers: dict[str, str]):
    first = c.post(url, body, content_type="application/json", headers=headers)
    again = c.post(url, body, content_type="application/json", headers=headers)
    return first, again


AGREEMENT = {
    "kommune": "151",
    "organisation": "0151",
    "title": "Ny anvisningsaftale",
    "legal_basis": "frivillig",
    "valid_from": "2025-01-01",
    "valid_to": "2028-12-31",
    "departments": [{"department": "0151-003", "share": 25, "step": 2}],
}


def test_agreement_create_is_done_once(world) -> None:
    c, h = Client(), _auth(world.users["caseworker_ballerup"], f"a-{uuid.uuid4()}")
    first, again = _twice(c, "/api/v1/anvisning/agreements", AGREEMENT, h)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true" and again.content == first.content
    assert AnvisningAgreement.objects.count() == 1
    other = c.post(
        "/api/v1/anvisning/agreements",
        {**AGREEMENT, "title": "En anden"},
        content_type="application/json",
        headers=h,
    )
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"


def test_comments_and_reviews_are_created_once(world, anv) -> None:
    claus = world.users["almenbo_staff"]
    for url in (
        f"/api/v1/anvisning/ledger/{anv.entry.pk}/comments",
        f"/api/v1/anvisning/agreements/{anv.agreement.pk}/comments",
    ):
        first, again = _twice(Client(), url, {"text": "Enig."}, _auth(claus, f"c-{uuid.uuid4()}"))
        assert (first.status_code, again.status_code) == (201, 201)
        assert again["Idempotent-Replayed"] == "true"
    assert AnvisningComment.objects.count() == 2
    reviews = StepReview.objects.count()
    first, again = _twice(
        Client(),
        f"/api/v1/anvisning/agreements/{anv.agreement.pk}/reviews",
        {"department": "0151-003", "year": 2025, "share": 30, "step": 3},
        _auth(world.users["caseworker_ballerup"], f"r-{uuid.uuid4()}"),
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert StepReview.objects.count() == reviews + 1


def test_ledger_create_and_import_are_replayed(world) -> None:
    torben = world.users["caseworker_ballerup"]
    row = {
        "kommune": "151",
        "department": "0151-003",
        "dwelling": "0415",
        "offered_on": "2024-03-01",
    }
    first, again = _twice(
        Client(), "/api/v1/anvisning/ledger", row, _auth(torben, f"l-{uuid.uuid4()}")
    )
    assert (first.status_code, again.status_code) == (201, 201)  # the first answer, not 200
    assert again["Idempotent-Replayed"] == "true" and LedgerEntry.objects.count() == 1
    data = (
        b"organisation;afdeling;lejemaal;tilbudt;husleje;udfald;udfaldsdato\n"
        b"0151;003;0416;01.03.2024;6.100,00;anvist;15.03.2024\n"
    )
    h = _auth(torben, f"i-{uuid.uuid4()}")
    c = Client()
    answers = [
        c.post(
            "/api/v1/anvisning/imports",
            {"kommune": "151", "file": SimpleUploadedFile("liste.csv", data)},
            headers=h,
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert DataSource.objects.filter(name__contains="liste.csv").count() == 1
    assert LedgerEntry.objects.count() == 2
