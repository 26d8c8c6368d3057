"""The reconciliation export with an organisation and a department named like a spreadsheet
formula: the text arrives as text (``'`` in front), the negative differences stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from styringsdialog.registers.tests.factories import load_registers
from styringsdialog.registry.models import Department, Organisation

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://x")'


@pytest.fixture
def evil_names(world):
    load_registers()
    Organisation.objects.filter(pk=world.almenbo.pk).update(name=EVIL)
    Department.objects.filter(pk=world.kirstinelund.pk).update(name=EVIL)
    return world


def _export(world, client_for, fmt: str):
    return client_for(world.users["caseworker_ballerup"]).get(
        reverse("registers:afstemning_export", args=["151", fmt])
    )


def test_csv_export_neutralises_formula_names(evil_names, client_for):
    body = _export(evil_names, client_for, "csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    row = next(r for r in rows if r["Afdelingsnummer"] == "003" and r["Mål"] == "m²")
    assert row["Navn"] == "'" + EVIL
    assert row["Forskel"] == "-190"  # a negative number is not text: no apostrophe


def test_xlsx_export_has_no_formulas(evil_names, client_for):
    book = load_workbook(io.BytesIO(_export(evil_names, client_for, "xlsx").content))
    sheet = book["Uoverensstemmelser"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2)]
    row = next(r for r in rows if r["Afdelingsnummer"].value == "003" and r["Mål"].value == "m²")
    assert row["Navn"].value == "'" + EVIL and row["Navn"].data_type == "s"
    assert row["Forskel"].value == -190 and row["Forskel"].data_type == "n"
    formulas = [
        c.coordinate for ws in book for r in ws.iter_rows() for c in r if c.data_type == "f"
    ]
    assert formulas == []
