"""The example files in docs/reference/data-formats/ import cleanly into Almenbo (0151)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from styringsdialog.intake.services.imports import import_file
from styringsdialog.testing import make_department

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "reference" / "data-formats"


@pytest.fixture
def almenbo_departments(world):
    for number in ("001", "002", "004", "005", "006", "007"):
        make_department(world.almenbo, number, f"Afdeling {number}", world.ballerup)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("accounts-example.csv", "accounts"),
        ("accounts-example.xlsx", "accounts"),
        ("facts-example.csv", "facts"),
        ("answers-example.csv", "answers"),
    ],
)
def test_example_file_imports_cleanly(package, almenbo_departments, name, kind):
    upload = SimpleUploadedFile(name, (EXAMPLES / name).read_bytes())
    outcome = import_file(package=package, kind=kind, uploaded_file=upload, by=None)
    assert outcome.ok, outcome.errors
    assert outcome.batch.counts["rows"] > 0


def test_the_xlsx_example_has_the_same_rows_as_the_csv_example():
    from almen.tabular import read_table
    from styringsdialog.intake.schemas import ACCOUNTS

    csv_rows = read_table(
        (EXAMPLES / "accounts-example.csv").read_bytes(), filename="a.csv", schema=ACCOUNTS
    ).rows
    xlsx_rows = read_table(
        (EXAMPLES / "accounts-example.xlsx").read_bytes(), filename="a.xlsx", schema=ACCOUNTS
    ).rows
    assert [dict(r.values) for r in csv_rows] == [dict(r.values) for r in xlsx_rows]
