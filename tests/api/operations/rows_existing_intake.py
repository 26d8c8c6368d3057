"""Documentation packages that existed before the table."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.operations import Ctx, Op

CW = "caseworker_ballerup"
ORG = "almenbo_staff"
KBH = "caseworker_kbh"
ACCOUNTS_CSV = b"afdeling;aar;konto;beloeb\n008;2024;109;1000\n"


def _pkg(c: Ctx) -> dict:
    return {"number": c.data.package.organisation.number, "year": c.data.package.styringsaar}


def _import(c: Ctx) -> None:
    from django.test import Client

    from tests.api.conftest import make_token

    url = "/api/v1/organisations/{number}/packages/{year}/imports".format(**_pkg(c))
    r = Client().post(
        url,
        {"kind": "accounts", "file": SimpleUploadedFile("r.csv", ACCOUNTS_CSV)},
        HTTP_AUTHORIZATION=f"Bearer {make_token(c.user(ORG))}",
    )
    c.extra["import"] = r.json().get("id", 1)


OPERATIONS: list[Op] = [
    Op(
        "get",
        "/api/v1/kommuner/{code}/packages",
        owner=CW,
        outsider="other_org_staff",
        params=lambda c: {"code": "151"},
    ),
    Op(
        "get", "/api/v1/organisations/{number}/packages/{year}", owner=CW, outsider=KBH, params=_pkg
    ),
    Op(
        "get",
        "/api/v1/organisations/{number}/packages/{year}/imports",
        owner=ORG,
        outsider=KBH,
        params=_pkg,
    ),
    Op(
        "post",
        "/api/v1/organisations/{number}/packages/{year}/imports",
        owner=ORG,
        outsider=KBH,
        read_only="analyst",
        params=_pkg,
        files=lambda c: {"kind": "accounts", "file": SimpleUploadedFile("r.csv", ACCOUNTS_CSV)},
        expect=201,
    ),
    Op(
        "get",
        "/api/v1/organisations/{number}/packages/{year}/imports/{import_id}/errors",
        owner=ORG,
        outsider=KBH,
        prepare=_import,
        params=lambda c: {**_pkg(c), "import_id": c.extra["import"]},
    ),
    Op(
        "post",
        "/api/v1/organisations/{number}/packages/{year}/status",
        owner=ORG,
        outsider=KBH,
        read_only="analyst",
        params=_pkg,
        body=lambda c: {"action": "submit"},
    ),
    Op(
        "get",
        "/api/v1/organisations/{number}/packages/{year}/answers",
        owner=ORG,
        outsider=KBH,
        params=_pkg,
    ),
    Op(
        "put",
        "/api/v1/organisations/{number}/packages/{year}/answers",
        owner=ORG,
        outsider=KBH,
        read_only="analyst",
        params=_pkg,
        body=lambda c: {
            "answers": [{"question": "LED2", "value": "En ny beskrivelse.", "version": 1}]
        },
    ),
    Op(
        "post",
        "/api/v1/kommuner/{code}/packages/remind-late",
        owner=CW,
        outsider="other_org_staff",
        read_only="analyst",
        params=lambda c: {"code": "151", "dry_run": "true"},
    ),
]
