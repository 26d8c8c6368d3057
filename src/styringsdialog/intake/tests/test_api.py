"""The intake API: scope per persona, the import endpoint (all or nothing) and status changes."""

from __future__ import annotations

import pytest

from styringsdialog.intake.tests.helpers import fixture_file, snapshot

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organisations/0151/packages/2025"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("almenbo_staff", 200), ("analyst", 200), ("caseworker_kbh", 404), ("other_org_staff", 404)],
)
def test_package_scope(package, world, client_for, persona, status):
    response = client_for(world.users[persona]).get(BASE)
    assert response.status_code == status
    if status == 404:
        assert response.json()["error"]["code"] == "not_found"


def test_package_detail(package, world, client_for):
    body = client_for(world.users["caseworker_ballerup"]).get(BASE).json()
    assert (
        body["status"] == "oprettet"
        and body["accounting_year"] == 2024
        and body["deadline_formal"] == "2025-06-30"
    )


def test_a_rejected_import_is_created_with_every_error_and_writes_nothing(
    package, world, client_for
):
    before = snapshot()
    response = client_for(world.users["almenbo_staff"]).post(
        f"{BASE}/imports", {"kind": "accounts", "file": fixture_file("unknown_department.csv")}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "afvist"
    assert body["errors"] == [
        {
            "file": "unknown_department.csv",
            "row": 3,
            "column": "afdeling",
            "message": "Afdeling 009 findes ikke i 0151 Almenbo.",
        }
    ]
    assert snapshot() == before


def test_analysts_cannot_import(package, world, client_for):
    response = client_for(world.users["analyst"]).post(
        f"{BASE}/imports", {"kind": "accounts", "file": fixture_file("good_accounts.csv")}
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


def test_an_illegal_status_change_is_a_422_in_danish(package, world, client_for):
    response = client_for(world.users["caseworker_ballerup"]).post(
        f"{BASE}/status", {"action": "review"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "fordi den har status 'Oprettet'" in response.json()["error"]["message"]


def test_kommune_overview(package, world, client_for):
    rows = (
        client_for(world.users["caseworker_ballerup"])
        .get("/api/v1/kommuner/151/packages?aar=2025")
        .json()["items"]
    )
    assert [(r["organisation"], r["status"], r["late"]) for r in rows] == [
        ("0151", "oprettet", True)
    ]
