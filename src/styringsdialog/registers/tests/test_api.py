"""API endpoints for the reconciliation and the kvarterprofil, scoped like the pages."""

from __future__ import annotations

import pytest

from styringsdialog.registers.tests.factories import load_registers, load_residents

pytestmark = pytest.mark.django_db
API = "/api/v1/registre"


def test_reconciliation_endpoint(world, client_for):
    load_registers()
    body = (
        client_for(world.users["caseworker_ballerup"]).get(f"{API}/kommuner/151/afstemning").json()
    )
    assert body["kommune"] == "151" and [s["source"] for s in body["sources"]] == [
        "lbf",
        "bbr",
        "dst",
    ]
    assert {
        "level": "department",
        "organisation": "0151",
        "department": "003",
        "measure": "area_m2",
        "source_a": "lbf",
        "source_b": "bbr",
        "value_a": 9000,
        "value_b": 8810,
        "amount": -190,
        "reason": "area_definition",
        "reason_label": "Arealdefinition",
        "note": "190 m² færre: arealdefinition",
    } in body["differences"]
    assert (
        client_for(world.users["caseworker_kbh"]).get(f"{API}/kommuner/151/afstemning").status_code
        == 404
    )


def test_kvarterprofil_endpoint_applies_discretion(world, client_for):
    load_residents()
    body = (
        client_for(world.users["almenbo_staff"])
        .get(f"{API}/afdelinger/0151/008/kvarterprofil")
        .json()
    )
    assert body["indicators"][0] == {
        "year": 2023,
        "suppressed": True,
        "residents": None,
        "households": None,
        "non_western_pct": None,
        "unemployed_pct": None,
        "convicted_ratio": None,
        "low_education_pct": None,
        "income_pct": None,
    }
    assert body["indicators"][1]["non_western_pct"] == 21.0
    assert (
        client_for(world.users["other_org_staff"])
        .get(f"{API}/afdelinger/0151/008/kvarterprofil")
        .status_code
        == 404
    )
