"""Build accounts-example.xlsx from accounts-example.csv (amounts as numbers, one sheet "Regnskab").

Run from the repository root:  .venv/bin/python docs/reference/data-formats/make_accounts_xlsx.py
The test ``intake/tests/test_examples.py`` checks that both files hold the same rows.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from almen.tabular import parse_decimal

HERE = Path(__file__).parent


def build(source: Path = HERE / "accounts-example.csv", target: Path = HERE / "accounts-example.xlsx") -> None:
    with source.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh, delimiter=";"))
    wb = Workbook()
    ws = wb.active
    ws.title = "Regnskab"
    ws.append(header)
    for organisation, department, year, konto, amount in rows:
        # text cells keep the leading zeros and the konto "112.1" as written; amounts are numbers
        ws.append([organisation, department, int(year), konto, float(parse_decimal(amount))])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        row[0].number_format = "#,##0.00"
    for letter, width in zip("ABCDE", (14, 10, 8, 8, 16), strict=True):
        ws.column_dimensions[letter].width = width
    wb.properties.creator = "Styringsdialog"
    wb.save(target)
    assert all(Decimal(str(float(parse_decimal(r[4])))) == parse_decimal(r[4]) for r in rows)


if __name__ == "__main__":
    build()
    print(f"Skrev {HERE / 'accounts-example.xlsx'}")
