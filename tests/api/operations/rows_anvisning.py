"""Kommunal anvisning: agreements, the ledger, its import, comments and the figures
(anvisning.api)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from styringsdialog.anvisning.tests.conftest import make_anvisning
from tests.api.operations import Ctx, Op

OWNER, OUTSIDER, READER = "caseworker_ballerup", "caseworker_kbh", "almenbo_staff"

LEDGER_CSV = (
    b"organisation;afdeling;lejemaal;tilbudt;husleje;udfald;udfaldsdato\n"
    b"0151;003;0415;01.03.2024;6.100,00;anvist;15.03.2024\n"
)


def _anv(c: Ctx) -> None:
    a = make_anvisning(c.world)
    c.extra["agreement"], c.extra["entry"] = a.agreement, a.entry


def _commented(c: Ctx) -> None:
    """Agreement and row each with a comment by the organisation's staff (almenbo_staff)."""
    from styringsdialog.anvisning import services

    _anv(c)
    staff = c.world.users[READER]
    c.extra["agreement_comment"] = services.add_comment(
        agreement=c.extra["agreement"], text="Vi er enige.", by=staff
    )
    c.extra["entry_comment"] = services.add_comment(
        entry=c.extra["entry"], text="Boligen er klar.", by=staff
    )


OPERATIONS: list[Op] = [
    Op(
        "get",
        "/api/v1/anvisning/agreements",
        OWNER,
        None,
        prepare=_anv,
        note="scope-filtered list: outsiders get an empty page",
    ),
    Op(
        "get",
        "/api/v1/anvisning/agreements/{agreement_id}",
        READER,
        OUTSIDER,
        prepare=_anv,
        params=lambda c: {"agreement_id": c.extra["agreement"].pk},
    ),
    Op(
        "post",
        "/api/v1/anvisning/agreements",
        OWNER,
        OUTSIDER,
        READER,
        body=lambda c: {
            "kommune": "151",
            "organisation": "0151",
            "title": "Anvisningsaftale",
            "legal_basis": "frivillig",
            "trappemodel": True,
            "valid_from": "2024-01-01",
            "valid_to": "2027-12-31",
            "departments": [{"department": "0151-003", "share": "25", "step": 2}],
        },
        expect=201,
    ),
    Op(
        "post",
        "/api/v1/anvisning/agreements/{agreement_id}/comments",
        READER,
        "other_org_staff",
        prepare=_anv,
        params=lambda c: {"agreement_id": c.extra["agreement"].pk},
        body=lambda c: {"text": "Vi er enige i trinnet."},
        expect=201,
        note="the organisation's staff may comment; nobody reads without being able to comment",
    ),
    Op(
        "post",
        "/api/v1/anvisning/agreements/{agreement_id}/reviews",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_anv,
        params=lambda c: {"agreement_id": c.extra["agreement"].pk},
        body=lambda c: {"department": "0151-003", "year": 2025, "share": 30, "step": 3},
        expect=201,
    ),
    Op(
        "get",
        "/api/v1/anvisning/ledger",
        READER,
        None,
        prepare=_anv,
        note="scope-filtered list: outsiders get an empty page",
    ),
    Op(
        "post",
        "/api/v1/anvisning/ledger",
        OWNER,
        OUTSIDER,
        READER,
        body=lambda c: {
            "kommune": "151",
            "department": "0151-003",
            "dwelling": "0415",
            "offered_on": "2024-03-01",
            "rent": "6100.00",
            "household_ref": "H-2024-003",
        },
        expect=201,
    ),
    Op(
        "patch",
        "/api/v1/anvisning/ledger/{entry_id}",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_anv,
        params=lambda c: {"entry_id": c.extra["entry"].pk},
        body=lambda c: {"version": 0, "rent": "6300.00"},
    ),
    Op(
        "post",
        "/api/v1/anvisning/imports",
        OWNER,
        OUTSIDER,
        READER,
        files=lambda c: {"kommune": "151", "file": SimpleUploadedFile("liste.csv", LEDGER_CSV)},
        expect=201,
    ),
    Op(
        "put",
        "/api/v1/anvisning/vacancies",
        OWNER,
        OUTSIDER,
        READER,
        body=lambda c: {"kommune": "151", "department": "0151-003", "year": 2024, "vacancies": 9},
        note="an upsert: the same body again changes nothing",
    ),
    Op(
        "get",
        "/api/v1/anvisning/figures",
        READER,
        OUTSIDER,
        prepare=_anv,
        params=lambda c: {"kommune": "151"},
    ),
    # --- comments on ledger rows, listing and editing (w2) ---
    Op(
        "get",
        "/api/v1/anvisning/agreements/{agreement_id}/comments",
        READER,
        OUTSIDER,
        prepare=_commented,
        params=lambda c: {"agreement_id": c.extra["agreement"].pk},
    ),
    Op(
        "patch",
        "/api/v1/anvisning/agreements/{agreement_id}/comments/{comment_id}",
        READER,
        OUTSIDER,
        OWNER,
        prepare=_commented,
        params=lambda c: {
            "agreement_id": c.extra["agreement"].pk,
            "comment_id": c.extra["agreement_comment"].pk,
        },
        body=lambda c: {"text": "Vi er enige i trinnet.", "version": 0},
        note="only the author edits; the kommune's caseworker may not rewrite it (403)",
    ),
    Op(
        "get",
        "/api/v1/anvisning/ledger/{entry_id}/comments",
        READER,
        OUTSIDER,
        prepare=_commented,
        params=lambda c: {"entry_id": c.extra["entry"].pk},
    ),
    Op(
        "post",
        "/api/v1/anvisning/ledger/{entry_id}/comments",
        READER,
        "other_org_staff",
        prepare=_anv,
        params=lambda c: {"entry_id": c.extra["entry"].pk},
        body=lambda c: {"text": "Boligen er klar til indflytning."},
        expect=201,
        note="the kommune and the organisation's staff comment; nobody reads without commenting",
    ),
    Op(
        "patch",
        "/api/v1/anvisning/ledger/{entry_id}/comments/{comment_id}",
        READER,
        OUTSIDER,
        OWNER,
        prepare=_commented,
        params=lambda c: {
            "entry_id": c.extra["entry"].pk,
            "comment_id": c.extra["entry_comment"].pk,
        },
        body=lambda c: {"text": "Boligen er klar 1. marts.", "version": 0},
        note="only the author edits; the kommune's caseworker may not rewrite it (403)",
    ),
]
