"""StatBank: tableinfo, data requests, CSV/BULK and JSON-stat answers, BOL101 almene per kommune."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from almen import registers as R

FIXTURES = Path(__file__).parent / "fixtures" / "registers"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_it_reads_the_real_bol106_tableinfo():
    info = R.parse_tableinfo(read("dst_tableinfo_BOL106_en.json"))
    assert (info.id, info.unit, info.active) == ("BOL106", "-", True)
    assert [v.id for v in info.variables] == ["OMRÅDE", "ENHED", "ANVENDELSE", "Tid"]
    area = info.variable("område")
    assert area.map == "denmark_municipality_07" and area.elimination
    assert ("101", "Copenhagen") in area.values
    assert info.variable("Tid").time and not info.variable("ENHED").elimination


def test_it_reads_the_real_metrox1_tableinfo():
    info = R.parse_tableinfo(json.loads(read("dst_tableinfo_METROX1_en_sample.json")))
    assert info.id == "METROX1" and info.variable("SÆSON").codes() == ["10", "11"]


def test_it_reads_the_real_bulk_answer_with_decimal_comma():
    table = R.parse_csv(read("dst_data_METROX1_BULK_da_sample.csv"), table="METROX1")
    assert table.columns == ("SÆSON", "TID")
    assert table.rows[0] == (("Sæsonkorrigeret", "2020U01"), 37.7)
    assert [v for _, v in table.rows] == [37.7, 105.0, 95.2, 93.0, 63.0, 17.9]


def test_almene_dwellings_per_kommune_sums_bebo_and_skips_other_owners_and_regions():
    table = R.parse_csv(read("dst_bol101_codes.csv"))
    assert R.almene_dwellings_per_kommune(table) == {
        ("101", 2025): 56200,
        ("147", 2025): 8195,
        ("151", 2025): 7480,
    }


def test_a_total_code_is_used_instead_of_summing():
    text = "OMRÅDE;BEBO;EJER;TID;INDHOLD\n151;TOT;20;2025;7500\n151;BEBOET;20;2025;7480\n151;UBEBOET;20;2025;20\n"
    assert R.almene_dwellings_per_kommune(R.parse_csv(text)) == {("151", 2025): 7500}


def test_json_stat_answers_give_the_same_rows():
    table = R.parse_jsonstat(read("dst_bol101_jsonstat.json"))
    assert table.columns == ("OMRÅDE", "EJER", "TID")
    assert R.almene_dwellings_per_kommune(table) == {
        ("101", 2024): 56000,
        ("101", 2025): 56200,
        ("151", 2024): 7450,
        ("151", 2025): 7480,
    }


def test_json_stat_version_2_is_read_too():
    v2 = {
        "class": "dataset",
        "id": ["OMRÅDE", "TID"],
        "size": [1, 2],
        "value": [1, 2],
        "dimension": {
            "OMRÅDE": {"category": {"index": ["151"]}},
            "TID": {"category": {"index": {"2024": 0, "2025": 1}}},
        },
    }
    assert R.parse_jsonstat(v2).rows == ((("151", "2024"), 1.0), (("151", "2025"), 2.0))


def test_a_bad_value_and_a_short_row_are_both_reported():
    with pytest.raises(R.RegisterFormatError) as info:
        R.parse_csv(read("dst_bad_value.csv"), file="bol101.csv")
    assert [(e.row, e.column, e.message) for e in info.value.errors] == [
        (2, "INDHOLD", "'mange' er ikke et tal."),
        (3, "", "Forventede 5 kolonner, fandt 3."),
    ]


def test_missing_values_are_none():
    assert R.parse_csv("OMRÅDE;TID;INDHOLD\n151;2025;..\n").rows[0][1] is None


def test_bol101_request_is_built_from_tableinfo():
    info = R.parse_tableinfo(read("dst_tableinfo_BOL101_synthetic.json"))
    body = R.bol101_request(info)
    variables = {v["code"]: v["values"] for v in body["variables"]}
    assert (
        body["table"] == "BOL101"
        and body["format"] == "CSV"
        and body["valuePresentation"] == "Code"
    )
    assert (
        variables["EJER"] == ["20"] and variables["BEBO"] == ["*"] and variables["Tid"] == ["(1)"]
    )
    assert (
        "101" in variables["OMRÅDE"]
        and "000" not in variables["OMRÅDE"]
        and "084" not in variables["OMRÅDE"]
    )
    assert "411" not in variables["OMRÅDE"] and len(variables["OMRÅDE"]) == 98


def test_bol101_request_refuses_a_table_without_ejer_20():
    info = R.parse_tableinfo(read("dst_tableinfo_BOL101_synthetic.json"))
    broken = R.TableInfo(
        info.id,
        info.text,
        info.description,
        info.unit,
        info.updated,
        info.active,
        tuple(
            v if v.id != "EJER" else type(v)(v.id, v.text, v.elimination, v.time, (("10", "x"),))
            for v in info.variables
        ),
    )
    with pytest.raises(R.RegisterFormatError, match="ingen kode 20"):
        R.bol101_request(broken)


def test_data_request_rejects_unknown_formats():
    with pytest.raises(ValueError, match="format"):
        R.data_request("BOL101", {}, format="PNG")
