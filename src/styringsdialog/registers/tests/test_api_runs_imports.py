"""The reconciliation through the API (reason labels, departments, Danish CSV/XLSX) and register
imports by upload (201 with counts, 422 with every row error and nothing stored, admins only)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from almen import registers as R
from styringsdialog.registers.models import RegisterSnapshot
from styringsdialog.registers.queries import EXPORT_HEADER
from styringsdialog.registers.tests.factories import DST_CSV, fixture, load_registers

pytestmark = pytest.mark.django_db

BASE = "/api/v1/registre/kommuner/151/afstemning"


@pytest.fixture
def registers(world):
    return load_registers()


def test_differences_carry_the_danish_reason_label(registers, world, client_for):
    body = client_for(world.users["caseworker_ballerup"]).get(BASE).json()
    labels = {d["reason"]: d["reason_label"] for d in body["differences"]}
    assert labels["area_definition"] == "Arealdefinition"
    assert all(label == R.REASONS[code] for code, label in labels.items())


def test_departments_page_has_figures_and_reasons(registers, world, client_for):
    page = client_for(world.users["caseworker_ballerup"]).get(f"{BASE}/afdelinger").json()
    rows = {r["name"]: r for r in page["items"]}
    assert page["count"] == len(rows) and "Nørrebroparken" not in rows  # matches: no row
    kirstinelund = rows["Kirstinelund"]
    assert kirstinelund["figures"]["lbf"] == {"dwellings": 120, "area_m2": 9000}
    assert kirstinelund["area_gap"] == -190
    assert [(p["reason"], p["reason_label"]) for p in kirstinelund["parts"]] == [
        ("area_definition", "Arealdefinition")
    ]


def test_departments_are_scoped_and_need_a_run(world, client_for):
    assert client_for(world.users["admin"]).get(f"{BASE}/afdelinger").status_code == 404
    load_registers()
    assert client_for(world.users["other_org_staff"]).get(f"{BASE}/afdelinger").status_code == 404
    assert client_for(world.users["admin"]).get(f"{BASE}/afdelinger?aar=1999").status_code == 404


def test_csv_has_danish_headers_and_labels_no_codes(registers, world, client_for):
    response = client_for(world.users["caseworker_ballerup"]).get(f"{BASE}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(EXPORT_HEADER) and "Værdi A" in lines[0]
    assert (
        "afdeling;151;0151;003;Kirstinelund;m²;LBF stamdata;9000;BBR;8810;-190;Arealdefinition;"
        in ("\n".join(lines))
    )
    assert "area_definition" not in response.content.decode("utf-8-sig")


def test_xlsx_has_sources_and_differences(registers, world, client_for):
    response = client_for(world.users["analyst"]).get(f"{BASE}.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["Kilder"][1]] == ["Kilde", "Opgørelsesdato", "Boliger", "m²"]
    assert [c.value for c in book["Uoverensstemmelser"][1]] == EXPORT_HEADER


def test_the_page_shows_labels_not_reason_codes(registers, world, client_for):
    html = client_for(world.users["caseworker_ballerup"]).get("/kommune/151/afstemning/").content
    text = html.decode()
    assert "Arealdefinition" in text
    for code in ("reference_date", "ownership_code", "area_definition"):
        assert code not in text


def upload(client, kind: str, name: str, data: bytes, **fields):
    return client.post(
        f"/api/v1/registre/imports/{kind}", {"file": SimpleUploadedFile(name, data), **fields}
    )


def test_an_import_answers_201_with_the_snapshot(world, client_for):
    response = upload(client_for(world.users["admin"]), "dst", "bol101.csv", DST_CSV.encode())
    assert response.status_code == 201, response.content
    body = response.json()
    snapshot = RegisterSnapshot.objects.get()
    assert body["snapshot"] == snapshot.pk and body["source"] == "dst" and body["rows"] == 2
    again = upload(client_for(world.users["admin"]), "dst", "igen.csv", DST_CSV.encode())
    assert (
        again.status_code == 422
        and "allerede indlæst" in again.json()["error"]["details"][0]["message"]
    )


def test_a_bad_file_is_422_with_its_row_errors_and_nothing_stored(world, client_for):
    response = upload(
        client_for(world.users["admin"]),
        "lbf-stamdata",
        "lbf_bad_values.csv",
        fixture("lbf_bad_values.csv"),
    )
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and "intet er gemt" in error["message"]
    assert "file.2.antal_boliger" in {d["location"] for d in error["details"]}
    assert any("række 2" in d["message"] for d in error["details"])
    assert not RegisterSnapshot.objects.exists()


def test_bbr_with_buildings_and_official_areas_with_year(world, client_for):
    from styringsdialog.registers.tests.factories import bbr_json, buildings_json

    client = client_for(world.users["admin"])
    response = client.post(
        "/api/v1/registre/imports/bbr",
        {
            "file": SimpleUploadedFile("enheder.json", bbr_json()),
            "bygninger": SimpleUploadedFile("bygninger.json", buildings_json()),
        },
    )
    assert response.status_code == 201, response.content
    missing_year = upload(client, "official-areas", "l.csv", b"x")
    assert (
        missing_year.status_code == 422 and "listeåret" in missing_year.json()["error"]["message"]
    )
    wrong = upload(client, "dst", "d.csv", DST_CSV.encode(), year="2024")
    assert wrong.status_code == 422


@pytest.mark.parametrize("persona", ["caseworker_ballerup", "analyst", "almenbo_staff"])
def test_only_administrators_import(world, client_for, persona):
    response = upload(client_for(world.users[persona]), "dst", "d.csv", DST_CSV.encode())
    assert response.status_code == 403 and not RegisterSnapshot.objects.exists()


def test_an_unknown_kind_is_422(world, client_for):
    response = upload(client_for(world.users["admin"]), "excel", "d.csv", DST_CSV.encode())
    assert response.status_code == 422


def test_starting_a_reconciliation_twice_is_one_job(world, client_for, settings):
    from styringsdialog.jobs.models import Job

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for(world.users["caseworker_ballerup"])
    first = client.post(f"{BASE}/start", {"year": 2024}, content_type="application/json")
    assert first.status_code == 202 and first["Location"] == f"/api/v1/jobs/{first.json()['job']}"
    again = client.post(f"{BASE}/start", {"year": 2024}, content_type="application/json")
    assert again.json()["job"] == first.json()["job"] and Job.objects.count() == 1
    newest = client.post(f"{BASE}/start", {}, content_type="application/json")
    assert newest.json()["job"] != first.json()["job"] and Job.objects.count() == 2
    refused = client_for(world.users["analyst"]).post(
        f"{BASE}/start", {}, content_type="application/json"
    )
    assert refused.status_code == 403 and Job.objects.count() == 2
