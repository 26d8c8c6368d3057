"""LBF stamdata and beboerdata files: the valid fixture and one tiny file per failure mode."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from almen import registers as R

FIXTURES = Path(__file__).parent / "fixtures" / "registers"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def errors(parse, name: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(R.RegisterFormatError) as info:
        parse(read(name), file=name)
    return [(e.row, e.column, e.message) for e in info.value.errors]


def test_lbf_stamdata_gives_departments_with_their_properties():
    stamdata = R.parse_stamdata(read("lbf_stamdata_ok.csv"))
    assert stamdata.reference_date == date(2024, 12, 31)
    depts = {(d.org_number, d.dept_number): d for d in stamdata.departments()}
    kirstinelund = depts[("0151", "003")]
    assert (kirstinelund.dwellings, kirstinelund.area_m2, kirstinelund.property_numbers) == (
        120,
        9000,
        ("0151-900030", "0151-900031"),
    )
    assert depts[("0101", "001")].name == "Nørrebroparken"
    assert stamdata.sections[0].row == 2


def test_lbf_stamdata_round_trips_through_its_own_format():
    stamdata = R.parse_stamdata(read("lbf_stamdata_ok.csv"))
    again = R.parse_stamdata(R.format_stamdata(stamdata))
    fields = (
        "org_number",
        "dept_number",
        "name",
        "kommune_code",
        "section",
        "property_number",
        "housing_type",
        "dwellings",
        "area_m2",
    )

    def key(section: R.LbfSection) -> tuple:
        return tuple(getattr(section, f) for f in fields)

    assert [key(s) for s in again.sections] == [key(s) for s in stamdata.sections]
    assert again.reference_date == stamdata.reference_date


def test_lbf_missing_column():
    assert errors(R.parse_stamdata, "lbf_missing_column.csv") == [
        (1, "antal_boliger", "Kolonnen 'antal_boliger' mangler i overskriftsrækken."),
    ]


def test_lbf_bad_values_are_all_reported():
    assert errors(R.parse_stamdata, "lbf_bad_values.csv") == [
        (2, "antal_boliger", "'tres' er ikke et helt tal."),
        (
            3,
            "boligtype",
            "'rækkehus' er ikke en tilladt værdi. Tilladte værdier: familie, ungdom, aeldre, pleje.",
        ),
    ]


def test_lbf_bad_property_number():
    text = read("lbf_stamdata_ok.csv").decode().replace("0151-900080", "151-900080").encode()
    with pytest.raises(R.RegisterFormatError) as info:
        R.parse_stamdata(text, file="x.csv")
    assert [(e.row, e.column, e.message) for e in info.value.errors] == [
        (
            2,
            "bbr_ejendomsnummer",
            "BBR-ejendomsnummeret '151-900080' skal have formen KKKK-NNNNNN.",
        ),
    ]


def test_lbf_duplicate_row():
    assert errors(R.parse_stamdata, "lbf_duplicate_row.csv") == [
        (
            3,
            "org_nr, afd_nr, byggeafsnit, boligtype",
            "Rækken gentager række 2 (samme org_nr, afd_nr, byggeafsnit og boligtype: 0151, 008, 1, familie).",
        ),
    ]


def test_lbf_property_in_two_departments():
    assert errors(R.parse_stamdata, "lbf_property_twice.csv") == [
        (3, "bbr_ejendomsnummer", "Ejendommen 0151-900080 hører allerede til afdeling 0151-008."),
    ]


def test_lbf_mixed_reference_dates():
    assert errors(R.parse_stamdata, "lbf_mixed_dates.csv") == [
        (3, "opgoerelsesdato", "Alle rækker skal have samme opgørelsesdato (2024-12-31)."),
    ]


def test_beboerdata_rows_are_typed():
    rows = R.parse_resident_rows(read("beboerdata_ok.csv"))
    assert len(rows) == 6
    first = rows[0]
    assert (first.year, first.level, first.org_number, first.dept_number, first.area_code) == (
        2023,
        "afdeling",
        "0151",
        "003",
        "151-09",
    )
    assert first.values["non_western_pct"] == 31.0 and first.values["convicted_pct"] is None
    assert rows[4].level == "omraade" and rows[4].residents == 1200


def test_beboerdata_bad_values_are_all_reported():
    assert errors(R.parse_resident_rows, "beboerdata_bad_values.csv") == [
        (2, "afd_nr", "Feltet skal udfyldes, når niveau er 'afdeling'."),
        (3, "husstande", "Der kan ikke være flere husstande end beboere."),
        (3, "ikke_vestlige_pct", "En andel kan ikke være over 100 % (står: 101.0)."),
        (4, "omraade_kode", "Feltet skal udfyldes, når niveau er 'omraade'."),
    ]
