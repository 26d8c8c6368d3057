"""The kontoplan as versioned data: the shipped plan, the loader, and imports against it."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from almen.kontoplan import KontoplanError, konto_problem, parse_plan, shipped_plan
from styringsdialog.intake.services.imports import import_file
from styringsdialog.intake.tests.helpers import fixture_file, snapshot
from styringsdialog.registry.models import AccountLine, ChartOfAccounts
from styringsdialog.registry.services import load_chart_of_accounts

pytestmark = pytest.mark.django_db
REAL_KONTI = ("101", "105", "106", "112", "113", "118", "201", "117.1")  # refused by the old demo


def csv_file(text: str, name: str = "regnskab.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def accounts(package, upload):
    return import_file(package=package, kind="accounts", uploaded_file=upload, by=None)


def plan_json(**over) -> bytes:
    raw = {
        "version": "test-1",
        "gyldig_fra": "2024-01-01",
        "kilde": "Test",
        "konti": [{"konto": "101", "navn": "Ydelser", "gruppe": "faste", "belaeg": "C"}],
    }
    raw.update(over)
    return json.dumps(raw).encode()


def test_migrate_loads_the_shipped_plan_with_its_source_and_groups():
    chart = ChartOfAccounts.objects.get(version=shipped_plan().version)
    konti = dict(chart.accounts.values_list("konto", "group"))
    assert set(REAL_KONTI) <= set(konti)
    assert {
        "faste",
        "variable",
        "henlaeggelser",
        "ekstraordinaere",
        "indtaegter",
        "balance",
    } == set(konti.values())
    assert "driftsbekendtgørelsen" in chart.source and chart.loaded_at is not None


def test_a_realistic_afdelingsregnskab_with_every_group_imports(package):
    outcome = accounts(package, fixture_file("afdelingsregnskab_2024.csv"))
    assert outcome.ok, outcome.errors
    assert outcome.batch.warnings == []
    lines = AccountLine.objects.filter(department__organisation=package.organisation, year=2024)
    assert lines.filter(source=outcome.batch.data_source).count() == 106
    assert set(REAL_KONTI) <= set(lines.values_list("konto", flat=True))
    assert {line.chart.version for line in lines} == {shipped_plan().version}


def test_a_well_formed_konto_the_plan_does_not_name_is_imported_with_a_warning(package):
    outcome = accounts(package, csv_file("afdeling;år;konto;beløb\n003;2024;119.7;100\n"))
    assert outcome.ok
    assert outcome.batch.warnings == [
        {
            "file": "regnskab.csv",
            "row": 2,
            "column": "konto",
            "message": f"Konto 119.7 står ikke i kontoplanen ({shipped_plan().version}); linjen er indlæst.",
        }
    ]
    assert "1 advarsler" in outcome.message
    assert AccountLine.objects.filter(konto="119.7").count() == 1


@pytest.mark.parametrize(
    ("konto", "message"),
    [
        ("12", "'12' er ikke et kontonummer. Skriv fx 112 eller 112.1."),
        ("112.123", "'112.123' er ikke et kontonummer. Skriv fx 112 eller 112.1."),
        (
            "099",
            "Konto 099 ligger uden for kontoplanens intervaller (udgifter 101–199, indtægter 201–299, balance 301–599).",
        ),
        (
            "650",
            "Konto 650 ligger uden for kontoplanens intervaller (udgifter 101–199, indtægter 201–299, balance 301–599).",
        ),
    ],
)
def test_a_malformed_konto_is_an_error_with_row_and_column(package, konto, message):
    before = snapshot()
    outcome = accounts(
        package, csv_file(f"afdeling;år;konto;beløb\n003;2024;120;5\n003;2024;{konto};5\n")
    )
    assert not outcome.ok and snapshot() == before
    assert outcome.errors == [
        {"file": "regnskab.csv", "row": 3, "column": "konto", "message": message}
    ]


def test_a_row_reports_a_bad_amount_and_an_unknown_department_together(package):
    outcome = accounts(package, csv_file("afdeling;år;konto;beløb\n009;2024;120;12,3x\n"))
    assert [(e["row"], e["column"], e["message"]) for e in outcome.errors] == [
        (2, "beløb", "'12,3x' er ikke et tal. Skriv fx 1.234,50 eller 1234.50."),
        (2, "afdeling", "Afdeling 009 findes ikke i 0151 Almenbo."),
    ]


def test_a_row_reports_a_bad_year_a_bad_konto_and_a_foreign_organisation(package):
    outcome = accounts(
        package, csv_file("organisation;afdeling;år;konto;beløb\n0101;003;20x4;12;5\n")
    )
    assert sorted(e["column"] for e in outcome.errors) == ["konto", "organisation", "år"]


def test_the_plan_file_reports_every_problem_in_danish():
    bad = plan_json(
        gyldig_fra="i går",
        konti=[
            {"konto": 112.1, "navn": "Float", "gruppe": "faste"},
            {"konto": "099", "navn": "Uden for", "gruppe": "faste"},
            {"konto": "201", "navn": "Leje", "gruppe": "faste"},
            {"konto": "120", "navn": "", "gruppe": "henlaeggelser", "belaeg": "X"},
            {"konto": "120", "navn": "Igen", "gruppe": "ukendt"},
        ],
    )
    with pytest.raises(KontoplanError) as exc:
        parse_plan(bad, filename="plan.json")
    assert exc.value.errors == [
        "plan.json: 'gyldig_fra' skal være en dato som 2024-01-01.",
        "plan.json, konto nr. 1: 'konto' skal være en tekst som \"112.1\" (ikke et tal).",
        "plan.json, konto nr. 2: Konto 099 ligger uden for kontoplanens intervaller (udgifter 101–199, indtægter 201–299, balance 301–599).",
        "plan.json, konto 201: kontoen ligger ikke i intervallet for gruppen 'faste'.",
        "plan.json, konto 120: 'navn' mangler eller er tom.",
        "plan.json, konto 120: 'belaeg' skal være C, I eller U.",
        "plan.json, konto 120: kontoen står mere end én gang.",
        "plan.json, konto 120: ukendt gruppe 'ukendt'; brug en af faste, variable, henlaeggelser, ekstraordinaere, indtaegter, balance.",
    ]
    with pytest.raises(KontoplanError, match="ikke gyldig JSON"):
        parse_plan(b"{", filename="plan.json")
    with pytest.raises(KontoplanError, match="ikke UTF-8"):
        parse_plan(b"\xff\xfe{", filename="plan.json")


def test_konto_problem_accepts_sub_accounts_in_every_range():
    assert [konto_problem(k) for k in ("101", "117.1", "201.12", "401", "599.9")] == [None] * 5


def test_load_kontoplan_stores_a_new_version_and_never_changes_a_stored_one(tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(plan_json())
    out = io.StringIO()
    call_command("load_kontoplan", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"version": "test-1", "created": True, "accounts": 1}
    out = io.StringIO()
    call_command("load_kontoplan", str(path), stdout=out)
    assert "allerede indlæst; intet er ændret" in out.getvalue()
    from styringsdialog.registry.models import NationalSettingChange

    change = NationalSettingChange.objects.get()  # the load, once (the no-op is not recorded)
    assert change.kind == "kontoplan" and change.new and change.new["version"] == "test-1"
    path.write_bytes(
        plan_json(konti=[{"konto": "101", "navn": "Andet navn", "gruppe": "faste", "belaeg": "C"}])
    )
    with pytest.raises(CommandError, match="findes allerede med et andet indhold") as exc:
        call_command("load_kontoplan", str(path))
    assert exc.value.returncode == 1
    assert ChartOfAccounts.objects.get(version="test-1").accounts.get().name == "Ydelser"


def test_load_kontoplan_prints_every_error_and_stores_nothing(tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(plan_json(version="", kilde=""))
    err = io.StringIO()
    with pytest.raises(CommandError, match="afvist med 2 fejl. Intet er gemt"):
        call_command("load_kontoplan", str(path), stderr=err)
    assert "'version' mangler eller er tom" in err.getvalue()
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("load_kontoplan", str(tmp_path / "nej.json"))


def test_a_newer_plan_applies_to_the_years_it_is_valid_from(package):
    plan = parse_plan(plan_json(version="ny-2024", gyldig_fra="2024-01-01"))
    load_chart_of_accounts(plan=plan)
    outcome = accounts(package, csv_file("afdeling;år;konto;beløb\n003;2024;120;5\n"))
    assert outcome.ok
    assert outcome.batch.warnings[0]["message"].endswith("(ny-2024); linjen er indlæst.")
    line = AccountLine.objects.get(konto="120", year=2024, department__number="003")
    assert line.chart.version == "ny-2024"


def test_the_same_version_with_other_accounts_is_refused_by_the_service():
    load_chart_of_accounts(plan=parse_plan(plan_json()))
    other = parse_plan(plan_json(konti=[{"konto": "102", "navn": "X", "gruppe": "faste"}]))
    with pytest.raises(ValidationError, match="nyt versionsnummer"):
        load_chart_of_accounts(plan=other)


def test_the_page_and_the_api_show_the_warnings_of_an_imported_file(package, world, client_for):
    from django.urls import reverse

    c = client_for(world.users["almenbo_staff"])
    upload = csv_file("afdeling;år;konto;beløb\n003;2024;119.7;100\n008;2024;120;5\n")
    r = c.post(
        reverse("intake:package_import", args=["0151", 2025]), {"kind": "accounts", "file": upload}
    )
    assert r.status_code == 302 and "indlaesning=" in r["Location"]
    html = c.get(r["Location"]).content.decode()
    assert (
        "Filen er indlæst med 1 advarsler" in html and "Konto 119.7 står ikke i kontoplanen" in html
    )
    body = c.get("/api/v1/organisations/0151/packages/2025/imports").json()["items"]
    assert body[0]["status"] == "indlaest" and body[0]["warnings"][0]["row"] == 2
