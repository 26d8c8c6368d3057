"""almen.tabular on hostile and malformed files: every one is refused with one Danish file-level
error (or read within the limits), and no exception ever leaves ``read_table``.

The files are tiny: each limit is tested with ``Limits`` set low, so a 1 KB file stands for a
1 GB one. ``benchmarks/bench_hostile_import.py`` runs the full-size files through the import.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from almen.tabular import (
    MAX_ERRORS,
    Column,
    Limits,
    MoreErrors,
    ParseResult,
    RowError,
    Schema,
    cap_errors,
    count_errors,
    read_table,
)

SCHEMA = Schema((Column("afdeling", zfill=3), Column("år", type="int"), Column("beløb", "decimal")))
HEADER = ["afdeling", "år", "beløb"]


def xlsx(rows: list[list], *, title: str = "Ark1") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rezip(data: bytes, change: dict[str, bytes | None] | None = None, **extra: bytes) -> bytes:
    """``data`` (an XLSX) with parts replaced (``None``: removed) or added."""
    change = change or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            if item.filename in change:
                if change[item.filename] is not None:
                    zout.writestr(item, change[item.filename])
            else:
                zout.writestr(item, zin.read(item.filename))
        for name, body in extra.items():
            zout.writestr(name.replace("__", "/"), body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml")


def only_error(result: ParseResult) -> RowError:
    assert result.rows == [] and len(result.errors) == 1 and result.errors_omitted == 0
    return result.errors[0]


def message(data: bytes, name: str = "f.xlsx", **kw) -> str:
    return only_error(read_table(data, filename=name, schema=SCHEMA, **kw)).message


GOOD = xlsx([HEADER, ["001", 2024, 5]])
NOT_XLSX = "Filen kan ikke læses som en Excel-fil (.xlsx)."


# --- sheets whose size or shape cannot come from a spreadsheet ---------------------------------


def test_a_cell_below_excels_last_row_is_refused_as_damaged_without_reading_a_million_rows():
    xml = sheet_xml(GOOD).replace(
        b"</sheetData>",
        b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    assert message(rezip(GOOD, {"xl/worksheets/sheet1.xml": xml})) == (
        "Filen kan ikke læses som en Excel-fil (.xlsx): arket 'Ark1' bruger række 1.048.577, men et "
        "Excel-ark har højst 1.048.576 rækker og 16.384 kolonner. Filen er beskadiget eller ikke "
        "gemt af et regneark."
    )


def test_a_file_with_more_rows_than_the_limit_is_refused_naming_the_limit():
    data = xlsx([HEADER] + [["001", 2024, i] for i in range(5)])
    error = only_error(
        read_table(data, filename="f.xlsx", schema=SCHEMA, limits=Limits(max_rows=4))
    )
    assert error == RowError(
        "f.xlsx",
        5,
        "",
        "Filen har for mange rækker: der kan højst indlæses 4 rækker (overskriften medregnet), men "
        "filen fortsætter til række 5 eller længere. Del filen op i flere filer.",
    )
    csv = "afdeling;år;beløb\n" + "001;2024;1\n" * 5
    assert read_table(
        csv.encode(), filename="f.csv", schema=SCHEMA, limits=Limits(max_rows=4)
    ).errors == [RowError("f.csv", 5, "", error.message)]


def test_empty_rows_after_the_limit_are_ignored_but_a_row_with_data_is_not():
    xml = sheet_xml(GOOD).replace(b"</sheetData>", b'<row r="900"/></sheetData>')
    result = read_table(
        rezip(GOOD, {"xl/worksheets/sheet1.xml": xml}),
        filename="f.xlsx",
        schema=SCHEMA,
        limits=Limits(max_rows=10),
    )
    assert result.ok and len(result.rows) == 1
    csv = "afdeling;år;beløb\n001;2024;1\n;;\n;;\n\n"
    assert read_table(csv.encode(), filename="f.csv", schema=SCHEMA, limits=Limits(max_rows=3)).ok


def test_data_beyond_the_column_limit_is_refused_and_empty_cells_there_are_ignored():
    wide = xlsx([[*HEADER, None, None, None], ["001", 2024, 5, None, None, "x"]])
    assert message(wide, limits=Limits(max_columns=4)) == (
        "Række 2 har data i kolonne F (nr. 6); der kan højst indlæses 4 kolonner."
    )
    csv = "afdeling;år;beløb;;;;\n001;2024;1;;;;\n"
    assert read_table(
        csv.encode(), filename="f.csv", schema=SCHEMA, limits=Limits(max_columns=4)
    ).ok


def test_a_cell_longer_than_the_limit_is_refused_naming_the_cell():
    data = xlsx([HEADER, ["001", 2024, 5], ["x" * 11, 2024, 5]])
    assert message(data, limits=Limits(max_cell_chars=10)) == (
        "Cellen A3 har 11 tegn; en celle må højst have 10 tegn."
    )
    csv = "afdeling;år;beløb\n001;2024;" + "9" * 11 + "\n"
    result = read_table(
        csv.encode(), filename="f.csv", schema=SCHEMA, limits=Limits(max_cell_chars=10)
    )
    assert result.errors == [
        RowError("f.csv", 2, "", "Cellen C2 har 11 tegn; en celle må højst have 10 tegn.")
    ]


def test_a_quote_that_never_closes_is_one_error_not_a_csv_exception():
    data = b'afdeling;\xc3\xa5r;bel\xc3\xb8b\n001;2024;"' + b"x" * 140_000
    assert read_table(data, filename="f.csv", schema=SCHEMA).errors == [
        RowError(
            "f.csv",
            2,
            "",
            "En celle i række 2 har over 32.767 tegn (måske et citationstegn, der ikke lukkes).",
        )
    ]


def test_binary_data_named_csv_is_refused():
    assert message(b"afdeling;\x00\x01;2\n", "f.csv") == (
        "Filen indeholder binære data (et nul-tegn i række 1) og er ikke en CSV-fil."
    )


# --- the zip around an XLSX, checked before any XML is parsed ---------------------------------


def test_a_compression_bomb_is_refused_before_it_is_unpacked():
    bomb = rezip(GOOD, xl__media__image1="0" * (4 * 1024 * 1024))  # 4 MiB packs to ~4 KB
    assert message(bomb).startswith("Filen er pakket usædvanligt tæt (delen xl/media/image1 fylder")
    assert message(bomb).endswith(
        "gange mere udpakket), som en såkaldt zip-bombe. Den indlæses ikke."
    )


def test_a_file_that_unpacks_beyond_the_limit_is_refused():
    big = rezip(GOOD, xl__media__image1=bytes(range(256)) * 2048)  # 0,5 MiB, packs poorly
    assert message(big, limits=Limits(max_unpacked_bytes=300 * 1024)) == (
        "Filen fylder 0,5 MB udpakket; højst 0,3 MB kan indlæses. Del filen op i flere filer."
    )


def test_too_many_parts_or_xml_elements_are_refused():
    assert message(GOOD, limits=Limits(max_zip_entries=3)) == (
        "Filen består af flere end 3 dele; så mange kan der ikke indlæses (Excel selv skriver et "
        "par dusin)."
    )
    assert message(GOOD, limits=Limits(max_xml_elements=20)).startswith("Filen indeholder ")
    assert message(GOOD, limits=Limits(max_xml_elements=20)).endswith(
        "XML-elementer; højst 20 kan indlæses. Del filen op i flere filer."
    )


def test_a_zip_whose_end_record_understates_its_entries_is_still_refused():
    data = bytearray(GOOD)
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = b"\x01\x00\x01\x00"  # "1 entry" (on this disk and in all)
    assert message(bytes(data), limits=Limits(max_zip_entries=5)).startswith(
        "Filen består af flere end 5 dele"
    )


def test_an_encrypted_zip_entry_is_refused():
    data = bytearray(GOOD)
    position = data.find(b"PK\x01\x02")  # the first central directory entry
    data[position + 8] |= 0x1  # general purpose flag bit 0: encrypted
    assert message(bytes(data)) == (
        "Filen er krypteret. Gem den uden adgangskode som Excel-projektmappe (.xlsx), og indlæs den igen."
    )


def test_a_password_protected_or_old_xls_file_is_refused_with_what_to_do():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert message(ole) == (
        "Filen er beskyttet med en adgangskode eller gemt i det gamle Excel-format (.xls). "
        "Gem den som Excel-projektmappe (.xlsx) uden adgangskode, og indlæs den igen."
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04" + bytes(range(256)) * 4, NOT_XLSX),  # a zip's first bytes, then noise
        (rezip(GOOD, {"xl/workbook.xml": None}), NOT_XLSX),  # a zip without a workbook
        (
            rezip(GOOD, {"xl/_rels/workbook.xml.rels": None}),  # sheets that lead nowhere
            "Filen har ingen regneark med celler (arkene: Ark1).",
        ),
        (
            rezip(GOOD, {"xl/workbook.xml": b"<workbook><sheets><sheet"}),
            NOT_XLSX,
        ),
    ],
)
def test_a_zip_that_is_not_a_workbook_is_refused(data, expected):
    assert message(data) == expected


def test_a_sheet_whose_xml_is_broken_is_refused_naming_the_sheet():
    broken = sheet_xml(GOOD).replace(b"</sheetData>", b"<row><c><v>1</c></row></sheetData>")
    assert message(rezip(GOOD, {"xl/worksheets/sheet1.xml": broken})) == (
        "Filen kan ikke læses som en Excel-fil (.xlsx): arket 'Ark1' er beskadiget."
    )


def test_an_entity_expansion_bomb_in_the_sheet_is_refused():
    entities = b"".join(
        b'<!ENTITY e%d "%s">' % (i, (b"&e%d;" % (i - 1) if i > 1 else b"lol") * 10)
        for i in range(1, 10)
    )
    xml = (
        b"<!DOCTYPE worksheet ["
        + entities
        + b"]>"
        + sheet_xml(GOOD).replace(
            b"</sheetData>",
            b'<row r="3"><c r="A3" t="inlineStr"><is><t>&e9;</t></is></c></row></sheetData>',
        )
    )
    assert message(rezip(GOOD, {"xl/worksheets/sheet1.xml": xml})) == (
        "Filen kan ikke læses som en Excel-fil (.xlsx): arket 'Ark1' er beskadiget."
    )


def test_a_shared_string_that_does_not_exist_is_refused_as_damaged():
    xml = sheet_xml(GOOD).replace(
        b"</sheetData>", b'<row r="3"><c r="A3" t="s"><v>99999</v></c></row></sheetData>'
    )
    assert message(rezip(GOOD, {"xl/worksheets/sheet1.xml": xml})).endswith("er beskadiget.")


# --- sheets ------------------------------------------------------------------------------------


def _with_chartsheet() -> bytes:
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(HEADER)
    ws.append(["001", 2024, 5])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=2))
    wb.create_chartsheet("Diagram").add_chart(chart)
    wb.move_sheet("Diagram", offset=-1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_chartsheet_is_skipped_by_default_and_refused_when_asked_for():
    data = _with_chartsheet()
    assert [r["afdeling"] for r in read_table(data, filename="f.xlsx", schema=SCHEMA).rows] == [
        "001"
    ]
    assert message(data, sheet="Diagram") == (
        "Arket 'Diagram' er et diagramark og har ingen celler. Vælg et af regnearkene: Data."
    )


def test_a_workbook_of_only_chartsheets_and_a_sheet_that_is_missing():
    data = _with_chartsheet()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        workbook = z.read("xl/workbook.xml")
    only_charts = workbook.replace(b'name="Data"', b'name="X"').replace(b'"rId2"', b'"rIdX"')
    assert message(rezip(data, {"xl/workbook.xml": only_charts})) == (
        "Filen har ingen regneark med celler (arkene: Diagram, X)."
    )
    assert message(rezip(data, {"xl/worksheets/sheet1.xml": None}), sheet="Data") == (
        "Filen kan ikke læses som en Excel-fil (.xlsx): arket 'Data' mangler i filen."
    )


def test_inline_and_rich_text_cells_are_read_as_their_text():
    xml = sheet_xml(GOOD).replace(
        b"</sheetData>",
        b'<row r="3"><c r="A3" t="inlineStr"><is><r><t>0</t></r><r><rPr><b/></rPr><t>02</t></r>'
        b'<rPh sb="0" eb="1"><t>x</t></rPh></is></c><c r="B3"><v>2024</v></c><c r="C3" t="str">'
        b"<f>1+1</f><v>2</v></c></row></sheetData>",
    )
    result = read_table(
        rezip(GOOD, {"xl/worksheets/sheet1.xml": xml}), filename="f.xlsx", schema=SCHEMA
    )
    assert result.errors == []
    assert [(r["afdeling"], r["år"], str(r["beløb"])) for r in result.rows] == [
        ("001", 2024, "5"),
        ("002", 2024, "2"),
    ]


# --- errors: the first N kept, the rest counted ------------------------------------------------


def test_only_the_first_errors_are_kept_and_the_rest_are_counted():
    csv = "afdeling;år;beløb\n" + "".join(f"001;20x{i};1\n" for i in range(30))
    result = read_table(csv.encode(), filename="f.csv", schema=SCHEMA, limits=Limits(max_errors=5))
    assert [e.row for e in result.errors] == [2, 3, 4, 5, 6]
    assert (result.errors_omitted, result.error_count, result.ok) == (25, 30, False)
    assert MAX_ERRORS == 1_000


def test_cap_errors_ends_with_one_line_for_the_rest_and_count_errors_counts_it():
    errors = [RowError("f.csv", n, "år", "x") for n in range(2, 10)]
    capped = cap_errors(errors, file="f.csv", omitted=100, limit=3)
    assert capped[:3] == errors[:3]
    assert capped[3] == MoreErrors(
        "f.csv", None, "", "… og 105 fejl mere, som ikke vises (kun de første 3 vises).", 105
    )
    assert count_errors(capped) == 108
    assert cap_errors(errors, file="f.csv") == errors


@pytest.mark.parametrize("text", ["²", "9" * 40, "٣٣"])
def test_odd_digits_in_a_whole_number_are_a_cell_error(text):
    data = f"afdeling;år;beløb\n001;{text};1\n".encode()
    assert read_table(data, filename="f.csv", schema=SCHEMA).errors == [
        RowError("f.csv", 2, "år", f"'{text}' er ikke et helt tal.")
    ]


def test_an_infinite_number_in_an_xlsx_is_not_a_number():
    xml = sheet_xml(GOOD).replace(
        b"</sheetData>",
        b'<row r="3"><c r="A3"><v>1</v></c><c r="B3"><v>2024</v></c><c r="C3"><v>1E999</v></c></row></sheetData>',
    )
    result = read_table(
        rezip(GOOD, {"xl/worksheets/sheet1.xml": xml}), filename="f.xlsx", schema=SCHEMA
    )
    assert result.errors == [RowError("f.xlsx", 3, "beløb", "'inf' er ikke et tal.")]


# --- no input makes read_table raise -----------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(["f.csv", "f.xlsx", "f.txt"]))
def test_random_bytes_never_raise(data, name):
    assert isinstance(read_table(data, filename=name, schema=SCHEMA), ParseResult)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), max_size=8))
def test_a_damaged_xlsx_never_raises(changes):
    data = bytearray(GOOD)
    for position, value in changes:
        data[position] = value
    assert isinstance(read_table(bytes(data), filename="f.xlsx", schema=SCHEMA), ParseResult)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_any_text_in_the_sheet_xml_never_raises(junk):
    xml = sheet_xml(GOOD).replace(b"</sheetData>", junk.encode() + b"</sheetData>")
    result = read_table(
        rezip(GOOD, {"xl/worksheets/sheet1.xml": xml}), filename="f.xlsx", schema=SCHEMA
    )
    assert isinstance(result, ParseResult)
