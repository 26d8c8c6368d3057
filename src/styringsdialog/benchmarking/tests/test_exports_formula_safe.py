"""Efficiency exports with an organisation and a department named like a spreadsheet formula:
the text arrives as text (``'`` in front), never as a live formula; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from styringsdialog.registry.models import Department, Organisation

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://x")'
EXPORTS = {
    "kommune": reverse("benchmarking:kommune", args=["151"]),
    "organisation": reverse("benchmarking:organisation", args=["0151"]),
}


@pytest.fixture
def evil_names(bm_run, bm_world):
    Organisation.objects.filter(pk=bm_world.world.almenbo.pk).update(name=EVIL)
    Department.objects.filter(pk=bm_world.almenbo["010"].pk).update(name="@SUM(1+1)")
    return bm_world


@pytest.mark.parametrize("page", list(EXPORTS))
def test_csv_export_neutralises_formula_names(evil_names, client_for, page):
    response = client_for(evil_names.users["caseworker_ballerup"]).get(
        EXPORTS[page] + "?format=csv"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows and {r["Organisationsnavn"] for r in rows} == {"'" + EVIL}
    row = next(r for r in rows if r["Afdelingsnummer"] == "010")
    assert row["Afdelingsnavn"] == "'@SUM(1+1)"
    assert row["Beregnet effektivitetstal"] == "90" and row["Potentiale (%)"] == "10,0"


@pytest.mark.parametrize("page", list(EXPORTS))
def test_xlsx_export_has_no_formulas(evil_names, client_for, page):
    response = client_for(evil_names.users["caseworker_ballerup"]).get(
        EXPORTS[page] + "?format=xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    cells = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert cells["Organisationsnavn"].value == "'" + EVIL
    assert cells["Organisationsnavn"].data_type == "s"
    assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
    assert isinstance(cells["Beregnet effektivitetstal"].value, int)
