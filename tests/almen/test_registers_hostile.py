"""Register parsers on bad input: one tiny fixture per failure mode, each refused with a
``RegisterFormatError`` carrying a Danish message — never a UnicodeDecodeError, RecursionError,
JSONDecodeError or csv.Error. The command line (``styringsdialog import-…``) prints these
messages; ``registers/tests/test_commands_bad_input.py`` checks that and that nothing is stored.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from almen import registers as R
from almen.registers.inputs import MAX_JSON_DEPTH, json_depth, load_json, shown
from almen.tabular import Limits, MoreErrors

FIXTURES = Path(__file__).parent / "fixtures" / "registers"
NOT_UTF8 = "er ikke gyldig UTF-8. Gem eller hent filen som UTF-8."

CASES = [
    (
        R.parse_units,
        "bbr_not_utf8.json",
        [(None, "", f"Filen er ikke UTF-8-kodet: byte nr. 64 (linje 1) {NOT_UTF8}")],
    ),
    (
        R.parse_units,
        "bbr_binary.json",
        [(None, "", "Filen indeholder binære data (nul-tegn) og er ikke JSON i UTF-8.")],
    ),
    (
        R.parse_units,
        "bbr_deep_nesting.json",
        [
            (
                None,
                "",
                "Filen er indlejret mere end 64 niveauer dybt (lister og objekter i hinanden); "
                "det har et registerudtræk aldrig. Den indlæses ikke.",
            )
        ],
    ),
    (
        R.parse_units,
        "bbr_huge_number.json",
        [(None, "", "Filen er ikke gyldig JSON (et tal har for mange cifre).")],
    ),
    (
        R.parse_units,
        "bbr_wrong_format.json",
        [(None, "", "Filen er ikke gyldig JSON (forventede en værdi, linje 1, tegn 1).")],
    ),
    (
        R.parse_csv,
        "dst_not_utf8.csv",
        [(None, "", f"Filen er ikke UTF-8-kodet: byte nr. 4 (linje 1) {NOT_UTF8}")],
    ),
    (
        R.parse_csv,
        "dst_binary.csv",
        [(None, "", "Filen indeholder binære data (nul-tegn) og er ikke CSV.")],
    ),
    (
        R.parse_csv,
        "dst_not_finite.csv",
        [(2, "INDHOLD", "'nan' er ikke et tal."), (3, "INDHOLD", "'1e999' er ikke et tal.")],
    ),
    (
        R.parse_csv,
        "dst_bad_time.csv",
        [(2, "TID", "Tidskoden 'sidste år' begynder ikke med et årstal.")],
    ),
    (
        R.parse_jsonstat,
        "dst_jsonstat_too_large.json",
        [(None, "", "JSON-stat-tabellen har 10.000.000.000 celler; højst 1.000.000 kan indlæses.")],
    ),
    (
        R.parse_stamdata,
        "lbf_not_utf8.csv",
        [
            (
                2,
                "",
                "Filen er ikke UTF-8-kodet: byte nr. 154 i række 2 er ikke gyldig UTF-8. "
                "Gem filen som 'CSV UTF-8 (kommasepareret)' og prøv igen.",
            )
        ],
    ),
    (
        R.parse_stamdata,
        "lbf_binary.xlsx",
        [(None, "", "Filen kan ikke læses som en Excel-fil (.xlsx).")],
    ),
    (
        R.parse_resident_rows,
        "beboerdata_excel_named_csv.csv",
        [(None, "", "Filen er en Excel-fil, men navnet ender på .csv. Omdøb den til .xlsx.")],
    ),
]


@pytest.mark.parametrize(("parse", "name", "expected"), CASES, ids=[c[1] for c in CASES])
def test_each_bad_file_is_one_danish_format_error(parse, name, expected):
    with pytest.raises(R.RegisterFormatError) as info:
        parse((FIXTURES / name).read_bytes(), file=name)
    assert [(e.file, e.row, e.column, e.message) for e in info.value.errors] == [
        (name, *e) for e in expected
    ]


def test_json_depth_counts_brackets_outside_strings_only():
    assert json_depth(b'{"a": [1, {"b": "[[[{"}]}') == 3
    assert json_depth(b'["\\"[[", "\\\\", [[]]]') == 3  # an escaped quote, an escaped backslash
    assert json_depth(b"[]" * 1000) == 1
    assert json_depth(b"[" * 5000, stop_above=MAX_JSON_DEPTH) > MAX_JSON_DEPTH


def test_load_json_refuses_a_file_over_the_size_limit():
    with pytest.raises(R.RegisterFormatError, match=r"Filen fylder 0 MB; der kan højst indlæses"):
        load_json(b"[1, 2, 3]", file="x.json", max_bytes=4)


def test_values_quoted_in_messages_are_cut_short():
    assert len(shown("x" * 10_000)) < 100
    assert shown([[[[1]]]]) == "[[[...]]]"


def test_bbr_values_that_do_not_fit_are_errors_not_exceptions():
    fields = {
        "id_lokalId": "u" * 41,
        "kommunekode": "²",
        "status": "6",
        "enh020EnhedensAnvendelse": "14000",
        "enh023Boligtype": "x!",
        "enh026EnhedensSamledeAreal": "99999999999999999999",
        "virkningFra": {"a": 1},
        "ejendomsnummer": "0151-²",
    }
    with pytest.raises(R.RegisterFormatError) as info:
        R.parse_units(json.dumps([fields]).encode())
    assert [(e.column, e.message) for e in info.value.errors] == [
        ("kommunekode", "Koden '²' er ikke en BBR-kode (tal eller bogstaver)."),
        ("id_lokalId", "Værdien er for lang (41 tegn; højst 40)."),
        ("enh020EnhedensAnvendelse", "Koden '14000' er for lang (højst 4 tegn)."),
        ("enh023Boligtype", "Koden 'x!' er ikke en BBR-kode (tal eller bogstaver)."),
        ("enh026EnhedensSamledeAreal", "Forventede et helt tal, fik '99999999999999999999'."),
        ("ejendomsnummer", "BBR-ejendomsnummeret '0151-²' skal have formen KKKK-NNNNNN."),
        ("virkningFra", "Forventede et tidspunkt i ISO 8601-format, fik {'a': 1}."),
    ]


def test_a_graphql_answer_of_the_wrong_types_is_a_format_error():
    for answer in (b'{"data": [1]}', b'{"errors": 5}', b'{"data": {"BBR_Enhed": {"nodes": 1}}}'):
        with pytest.raises(R.RegisterFormatError):
            R.parse_units(answer)
    page = R.bbr.graphql_page({"data": {"BBR_Enhed": {"nodes": [], "pageInfo": [1]}}}, "BBR_Enhed")
    assert (page.has_next_page, page.end_cursor) == (False, None)


def test_a_bbr_file_full_of_errors_keeps_the_first_thousand_and_counts_the_rest():
    units = [{"id_lokalId": f"u{i}", "status": "6"} for i in range(1500)]
    with pytest.raises(R.RegisterFormatError) as info:
        R.parse_units(json.dumps(units).encode())
    errors = info.value.errors
    assert len(errors) == 1001 and isinstance(errors[-1], MoreErrors)
    assert errors[-1].count == 500  # every unit lacks its kommunekode


def test_tableinfo_of_the_wrong_shape_is_a_format_error():
    for info in (b'{"id": "X", "variables": 5}', b'{"id": "X", "variables": [{"values": [1]}]}'):
        with pytest.raises(R.RegisterFormatError):
            R.parse_tableinfo(info)


def test_register_files_are_read_with_their_own_larger_limits():
    text = (FIXTURES / "lbf_stamdata_ok.csv").read_text()
    assert R.parse_stamdata(text).sections
    with pytest.raises(R.RegisterFormatError, match="for mange rækker"):
        R.parse_stamdata(text, limits=Limits(max_rows=2))
