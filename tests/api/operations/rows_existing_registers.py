"""Reconciliation, kvarterprofil and official lists that existed before the table."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.operations import Op

CW = "caseworker_ballerup"
OFFICIAL = (
    "listeaar;kommunekode;omraade_kode;omraade_navn;kategori;kilde\n"
    "2024;151;151-09;Kirstinelund-området;parallelsamfund;https://www.sm.dk/liste-2024\n"
).encode()

OPERATIONS: list[Op] = [
    Op(
        "get",
        "/api/v1/registre/kommuner/{code}/afstemning",
        owner=CW,
        outsider="other_org_staff",
        params=lambda c: {"code": "151"},
    ),
    Op(
        "get",
        "/api/v1/registre/afdelinger/{org_number}/{number}/kvarterprofil",
        owner=CW,
        outsider="caseworker_kbh",
        params=lambda c: {"org_number": "0151", "number": "008"},
    ),
    Op(
        "post",
        "/api/v1/registre/officielle-lister",
        owner="admin",
        outsider=None,
        read_only="analyst",
        files=lambda c: {"year": "2024", "file": SimpleUploadedFile("l.csv", OFFICIAL)},
        expect=201,
        note="national: no outsider",
    ),
    Op(
        "post",
        "/api/v1/registre/kommuner/{code}/afstemning/start",
        owner=CW,
        outsider="other_org_staff",
        read_only="analyst",
        params=lambda c: {"code": "151"},
        body=lambda c: {"year": 2024},
        expect=202,
    ),
]
