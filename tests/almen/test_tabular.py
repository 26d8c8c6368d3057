"""almen.tabular: CSV/XLSX → typed rows and every RowError, exactly as the user will read them.

Each failure mode has one tiny file (inline bytes, or an XLSX built with openpyxl) and asserts
the exact errors: file, row (header = row 1), column and the Danish message.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from almen.formatting import format_number
from almen.tabular import (
    Column,
    Row,
    RowError,
    Schema,
    TabularValueError,
    find_duplicates,
    parse_date,
    parse_decimal,
    read_table,
)

SCHEMA = Schema(
    (
        Column("afdeling", zfill=3, aliases=("afd",)),
        Column("år", type="int", aliases=("aar",)),
        Column("konto", type="konto"),
        Column("beløb", type="decimal", aliases=("beloeb",)),
        Column("dato", type="date", required=False),
        Column("type", required=False, allowed=("familie", "ungdom")),
        Column("antal", type="int", required=False, min=0),
    )
)
CSV_HEADER = "afdeling;år;konto;beløb\n"


def read_csv(text: str | bytes, name: str = "f.csv") -> tuple[list[dict], list[RowError]]:
    data = text.encode() if isinstance(text, str) else text
    result = read_table(data, filename=name, schema=SCHEMA)
    return [dict(r.values) for r in result.rows], result.errors


def xlsx(
    rows: list[list],
    *,
    title: str = "Ark1",
    merge: str | None = None,
    extra_sheet: str | None = None,
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    if extra_sheet:
        other = wb.create_sheet(extra_sheet)
        other.append(["afdeling", "år", "konto", "beløb"])
        other.append(["002", 2024, "115", 7])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- reading good files ------------------------------------------------------------------------


def test_it_reads_semicolon_csv_with_danish_numbers_into_typed_rows():
    rows, errors = read_csv(CSV_HEADER + "001;2024;112.1;1.234,50\n2;2024;120;-17\n")
    assert errors == []
    assert rows[0] == {
        "afdeling": "001",
        "år": 2024,
        "konto": "112.1",
        "beløb": Decimal("1234.50"),
        "dato": None,
        "type": None,
        "antal": None,
    }
    assert rows[1]["afdeling"] == "002" and rows[1]["beløb"] == Decimal(-17)


def test_it_reads_comma_csv_with_bom_crlf_aliases_and_a_decimal_point():
    data = "\ufeffafd,aar,konto,beloeb\r\n001,2024,120,1234.50\r\n".encode()
    result = read_table(data, filename="f.csv", schema=SCHEMA)
    assert result.errors == []
    assert result.rows == [
        Row(
            2,
            {
                "afdeling": "001",
                "år": 2024,
                "konto": "120",
                "beløb": Decimal("1234.50"),
                "dato": None,
                "type": None,
                "antal": None,
            },
        )
    ]


def test_it_skips_blank_rows_but_keeps_the_spreadsheet_row_numbers():
    result = read_table(
        (CSV_HEADER + ";;;\n\n001;2024;x;1\n").encode(), filename="f.csv", schema=SCHEMA
    )
    assert result.errors == [
        RowError("f.csv", 4, "konto", "'x' er ikke et kontonummer. Skriv fx 112 eller 112.1.")
    ]


def test_it_reads_dates_in_danish_and_iso_form_and_checks_allowed_values_and_minimum():
    head = "afdeling;år;konto;beløb;dato;type;antal\n"
    rows, errors = read_csv(
        head + "001;2024;120;1;31-12-2024;Familie;0\n001;2024;121;1;2024-01-05;;\n"
    )
    assert errors == []
    assert (
        rows[0]["dato"] == date(2024, 12, 31)
        and rows[0]["type"] == "familie"
        and rows[0]["antal"] == 0
    )
    assert rows[1]["dato"] == date(2024, 1, 5) and rows[1]["type"] is None
    _, errors = read_csv(head + "001;2024;120;1;31-02-2024;villa;-1\n")
    assert errors == [
        RowError("f.csv", 2, "dato", "'31-02-2024' er ikke en gyldig dato."),
        RowError(
            "f.csv",
            2,
            "type",
            "'villa' er ikke en tilladt værdi. Tilladte værdier: familie, ungdom.",
        ),
        RowError("f.csv", 2, "antal", "Værdien skal være mindst 0 (står: -1)."),
    ]


# --- one failure mode each ---------------------------------------------------------------------


def test_wrong_header_reports_unknown_duplicate_and_missing_columns_and_reads_no_rows():
    rows, errors = read_csv(
        "afdeling;regnskabsår;kto;beløb;beloeb\n001;2024;120;1;1\n", name="hoved.csv"
    )
    assert rows == []
    assert errors == [
        RowError(
            "hoved.csv",
            1,
            "regnskabsår",
            "Ukendt kolonne 'regnskabsår' (kolonne B). Kolonnerne hedder: afdeling, år, konto, beløb, dato, type, antal.",
        ),
        RowError(
            "hoved.csv",
            1,
            "kto",
            "Ukendt kolonne 'kto' (kolonne C). Kolonnerne hedder: afdeling, år, konto, beløb, dato, type, antal.",
        ),
        RowError("hoved.csv", 1, "beløb", "Kolonnen 'beløb' står to gange (kolonne D og E)."),
        RowError("hoved.csv", 1, "år", "Kolonnen 'år' mangler i overskriftsrækken."),
        RowError("hoved.csv", 1, "konto", "Kolonnen 'konto' mangler i overskriftsrækken."),
    ]


def test_data_in_a_column_without_a_header_is_a_header_error():
    _, errors = read_csv(CSV_HEADER + "001;2024;120;1;oops\n")
    assert errors == [
        RowError(
            "f.csv", 1, "E", "Kolonne E har ingen overskrift, men der står data i den (fx række 2)."
        )
    ]


def test_bad_numbers_are_reported_per_cell_and_every_row_is_checked():
    rows, errors = read_csv(
        CSV_HEADER + "001;2024;120;1.2OO,00\n001;2o24;121;12.500\n001;2024;122;;\n001;2024;129;5\n",
        name="tal.csv",
    )
    assert [r["konto"] for r in rows] == ["129"]
    assert errors == [
        RowError(
            "tal.csv", 2, "beløb", "'1.2OO,00' er ikke et tal. Skriv fx 1.234,50 eller 1234.50."
        ),
        RowError("tal.csv", 3, "år", "'2o24' er ikke et helt tal."),
        RowError(
            "tal.csv",
            3,
            "beløb",
            "'12.500' er tvetydigt: punktummet kan være tusindtalsseparator eller decimaltegn. Skriv 12500 eller 12,500.",
        ),
        RowError("tal.csv", 4, "beløb", "Feltet skal udfyldes."),
    ]


def test_a_file_that_is_not_utf8_gives_one_error_with_byte_position_and_row():
    # header 26 bytes (å and ø take two), row 2 15 bytes, then 22 bytes before the latin-1 ø: byte 64
    data = (CSV_HEADER + "001;2024;120;1\n").encode() + "002;2024;120;1 kr. i Køge\n".encode(
        "latin-1"
    )
    assert read_csv(data, name="latin1.csv") == (
        [],
        [
            RowError(
                "latin1.csv",
                3,
                "",
                "Filen er ikke UTF-8-kodet: byte nr. 64 i række 3 er ikke gyldig UTF-8. "
                "Gem filen som 'CSV UTF-8 (kommasepareret)' og prøv igen.",
            ),
        ],
    )


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\r\n", b";;;\n;;\n"])
def test_an_empty_file_gives_one_error(data):
    assert read_csv(data, name="tom.csv") == ([], [RowError("tom.csv", None, "", "Filen er tom.")])


def test_a_header_without_rows_gives_one_error():
    assert read_csv(CSV_HEADER) == (
        [],
        [RowError("f.csv", None, "", "Filen har en overskriftsrække, men ingen datarækker.")],
    )


def test_unknown_file_types_and_excel_files_named_csv_are_refused():
    assert read_table(b"x", filename="regnskab.pdf", schema=SCHEMA).errors == [
        RowError(
            "regnskab.pdf",
            None,
            "",
            "Filtypen '.pdf' kan ikke indlæses. Brug CSV (.csv) eller Excel (.xlsx).",
        )
    ]
    assert read_table(xlsx([["a"]]), filename="r.csv", schema=SCHEMA).errors == [
        RowError(
            "r.csv",
            None,
            "",
            "Filen er en Excel-fil, men navnet ender på .csv. Omdøb den til .xlsx.",
        )
    ]
    assert read_table(b"not a zip", filename="r.xlsx", schema=SCHEMA).errors == [
        RowError("r.xlsx", None, "", "Filen kan ikke læses som en Excel-fil (.xlsx).")
    ]


# --- XLSX --------------------------------------------------------------------------------------


def test_it_reads_the_first_sheet_of_an_xlsx_with_native_numbers_and_dates():
    from datetime import datetime

    data = xlsx(
        [
            ["Afdeling", "År", "Konto", "Beløb", "Dato"],
            [1, 2024, 112.1, 1234.5, datetime(2024, 12, 31)],
            [None] * 5,
            ["003", 2024.0, "120", 0.1 + 0.2, "31-12-2024"],
        ]
    )
    result = read_table(data, filename="r.xlsx", schema=SCHEMA)
    assert result.errors == []
    assert [
        (r.number, r["afdeling"], r["år"], r["konto"], r["beløb"], r["dato"]) for r in result.rows
    ] == [
        (2, "001", 2024, "112.1", Decimal("1234.5"), date(2024, 12, 31)),
        (4, "003", 2024, "120", Decimal("0.3"), date(2024, 12, 31)),
    ]


def test_it_reads_a_named_sheet_and_names_the_sheets_when_one_is_missing():
    data = xlsx([["noget andet"]], extra_sheet="Regnskab")
    assert [
        r["konto"]
        for r in read_table(data, filename="r.xlsx", schema=SCHEMA, sheet="Regnskab").rows
    ] == ["115"]
    assert read_table(data, filename="r.xlsx", schema=SCHEMA, sheet="Ark9").errors == [
        RowError(
            "r.xlsx",
            None,
            "",
            "Arket 'Ark9' findes ikke i filen. Filen har arkene: Ark1, Regnskab.",
        )
    ]


def test_merged_cells_are_an_error_naming_the_range():
    data = xlsx(
        [["afdeling", "år", "konto", "beløb"], ["001", 2024, "120", 5], ["001", 2024, "121", 6]],
        merge="A2:A3",
    )
    assert read_table(data, filename="flettet.xlsx", schema=SCHEMA).errors == [
        RowError(
            "flettet.xlsx",
            2,
            "",
            "Cellerne A2:A3 er flettede. Ophæv fletningen, og indlæs filen igen.",
        )
    ]


def _with_formula(cached: str | None) -> bytes:
    """An XLSX whose D2 holds =2+3, with or without the result Excel saves next to it."""
    source = xlsx([["afdeling", "år", "konto", "beløb"], ["001", 2024, "120", 999]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                value = f"<v>{cached}</v>" if cached is not None else ""
                data = data.replace(
                    b'<c r="D2" t="n"><v>999</v></c>', f'<c r="D2"><f>2+3</f>{value}</c>'.encode()
                )
                assert b"<f>2+3</f>" in data
            zout.writestr(item, data)
    return out.getvalue()


def test_formulas_are_read_as_their_saved_values():
    result = read_table(_with_formula("5"), filename="formel.xlsx", schema=SCHEMA)
    assert result.errors == [] and result.rows[0]["beløb"] == Decimal(5)


def test_a_formula_without_a_saved_value_is_explained():
    assert read_table(_with_formula(None), filename="formel.xlsx", schema=SCHEMA).errors == [
        RowError(
            "formel.xlsx",
            2,
            "beløb",
            "Cellen indeholder formlen '=2+3', men intet gemt resultat. Åbn filen i Excel, gem den, og indlæs den igen.",
        )
    ]


# --- duplicates and single values ------------------------------------------------------------


def test_duplicate_keys_are_reported_on_the_later_row_naming_the_first():
    rows, _ = read_csv(
        CSV_HEADER + "001;2024;120;1\n001;2024;121;1\n1;2024;120;2\n001;2024;120;3\n"
    )
    assert find_duplicates(
        [Row(i + 2, r) for i, r in enumerate(rows)], ("afdeling", "år", "konto"), file="f.csv"
    ) == [
        RowError(
            "f.csv",
            4,
            "afdeling, år, konto",
            "Rækken gentager række 2 (samme afdeling, år og konto: 001, 2024, 120).",
        ),
        RowError(
            "f.csv",
            5,
            "afdeling, år, konto",
            "Rækken gentager række 2 (samme afdeling, år og konto: 001, 2024, 120).",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,50", "1234.50"),
        ("1234,5", "1234.5"),
        ("1234.50", "1234.50"),
        ("1.234.567", "1234567"),
        ("-1.234,5", "-1234.5"),
        ("−12", "-12"),
        ("1 234,5", "1234.5"),
        ("0.125", "0.125"),
        ("1,234.50", "1234.50"),
        ("7", "7"),
    ],
)
def test_parse_decimal_accepts_danish_and_point_notation(text, expected):
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["", "abc", "1,2,3", "1.23,4", "12,", ".5", "1.2.3", "1e5", "1,234,5"]
)
def test_parse_decimal_refuses_malformed_numbers(text):
    with pytest.raises(TabularValueError):
        parse_decimal(text)


@given(
    st.decimals(
        min_value=-(10**11), max_value=10**11, places=2, allow_nan=False, allow_infinity=False
    )
)
def test_parse_decimal_reads_back_every_danish_formatted_amount(value):
    assert parse_decimal(format_number(value, 2)) == value


def test_parse_date_forms():
    assert (
        parse_date("1.4.2024")
        == parse_date("01/04/2024")
        == parse_date("2024-04-01")
        == date(2024, 4, 1)
    )
    with pytest.raises(TabularValueError, match="er ikke en dato"):
        parse_date("april 2024")
