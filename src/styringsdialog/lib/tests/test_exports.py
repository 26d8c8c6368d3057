"""CSV and XLSX writing: text a spreadsheet would run as a formula is neutralised, numbers
(negative ones too) stay numbers (no database needed)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from styringsdialog.lib.exports import Sheet, csv_bytes, safe_cell, xlsx_bytes

EVIL = '=HYPERLINK("http://x")'


@pytest.mark.parametrize("text", [EVIL, "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "-12"])
def test_text_that_starts_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Almenbo", "0151", "a=b", "", None, -12, -1.5, Decimal("-3")])
def test_other_values_are_unchanged(value):
    assert safe_cell(value) == value


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_neutralises_text_and_keeps_negative_numbers():
    rows = [[EVIL, -12, -1.5, None, date(2024, 1, 31), "-", "Kirstinelund"]]
    body = _csv(csv_bytes(["navn", "a", "b", "c", "d", "e", "f"], rows, number=str))
    assert body[1] == [
        "'" + EVIL,
        "-12",
        "-1.5",
        "",
        "2024-01-31",
        "'-",
        "Kirstinelund",
    ]


def test_csv_number_formatter_is_used_for_numbers_only():
    body = _csv(csv_bytes(["x", "y"], [[-1.5, "-1,5"]], number=lambda v: "tal"))
    assert body[1] == ["tal", "'-1,5"]


def test_xlsx_stores_such_text_as_text_and_numbers_as_numbers():
    data = xlsx_bytes(
        [
            Sheet("Ark med et meget langt navn over 31 tegn", ["navn", "forskel"], [[EVIL, -3]]),
            Sheet("Andet", ["d"], [[Decimal("-2.5")]]),
        ]
    )
    book = load_workbook(io.BytesIO(data))
    first, second = book.worksheets
    assert first.title == "Ark med et meget langt navn ove"
    assert first["A2"].value == "'" + EVIL and first["A2"].data_type == "s"
    assert first["B2"].value == -3 and first["B2"].data_type == "n"
    assert second["A2"].value == -2.5 and second.freeze_panes == "A2"
    formulas = [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_every_export_writes_through_lib_exports():
    """A ``csv.writer`` or an openpyxl ``Workbook`` elsewhere could skip ``safe_cell``."""
    src = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if "tests" not in path.parts
        and path != src / "lib" / "exports.py"
        and re.search(r"csv\.(writer|DictWriter)\(|\bWorkbook\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
