"""BBR parsing: the real REST sample, the same units in the GraphQL shape, and each failure mode."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from almen import registers as R
from almen.registers.bbr import graphql_page

FIXTURES = Path(__file__).parent / "fixtures" / "registers"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def errors_of(call) -> list[tuple[int | None, str, str]]:
    with pytest.raises(R.RegisterFormatError) as info:
        call()
    return [(e.row, e.column, e.message) for e in info.value.errors]


def test_it_reads_the_real_rest_sample_with_danish_field_names():
    units = R.parse_units(read("bbr_sample_enhed.json"))
    assert len(units) == 5
    first = units[0]
    assert first.unit_id == "01c86214-07b4-4630-b606-d164ead82adb"
    assert first.kommune_code == "461"
    assert (first.status, first.usage_code, first.housing_type_code, first.support_code) == (
        "6",
        "140",
        "1",
        "10",
    )
    assert (first.total_area, first.residential_area, first.commercial_area, first.rooms) == (
        109,
        109,
        0,
        4,
    )
    assert first.address_id == "6c2dfd24-9ada-4eaf-a460-a0710cc8fd24"
    assert first.valid_from == datetime(2018, 9, 14, 17, 37, 33, 90000, tzinfo=UTC)
    assert first.source_row == 1
    assert [u.total_area for u in units] == [109, 113, 113, 83, 49]


def test_rest_and_graphql_shapes_give_identical_units():
    rest = R.parse_units(read("bbr_sample_enhed.json"))
    pages = [json.loads(read(f"bbr_graphql_enhed_page{i}.json")) for i in (1, 2)]
    graphql = [u for p in pages for u in R.parse_units(p)]
    strip = [(u.unit_id, u.usage_code, u.support_code, u.rooms, u.total_area) for u in rest]
    assert strip == [
        (u.unit_id, u.usage_code, u.support_code, u.rooms, u.total_area) for u in graphql
    ]
    assert graphql[0].support_code == "10"  # read from enh046OffentligStoette


def test_graphql_page_exposes_the_cursor():
    page = graphql_page(json.loads(read("bbr_graphql_enhed_page1.json")), "BBR_Enhed")
    assert (len(page.nodes), page.has_next_page, page.end_cursor) == (3, True, "Y3Vyc29yMw==")


def test_graphql_errors_are_reported_in_danish():
    assert errors_of(lambda: R.parse_units(read("bbr_graphql_errors.json"), file="svar.json")) == [
        (
            None,
            "",
            "Datafordeleren svarede med fejl: The field `enh999` does not exist on the type `BBR_Enhed`.",
        ),
    ]


def test_it_reports_every_bad_value_with_row_and_the_files_column_name():
    assert errors_of(lambda: R.parse_units(read("bbr_bad_values.json"), file="enheder.json")) == [
        (1, "enh026EnhedensSamledeAreal", "Må ikke være negativ (-5)."),
        (2, "id_lokalId", "Feltet mangler eller er tomt."),
        (3, "enh031AntalVærelser", "Forventede et helt tal, fik 'fire'."),
    ]


def test_it_refuses_a_file_that_is_not_json():
    [(row, column, message)] = errors_of(lambda: R.parse_units(read("bbr_not_json.json")))
    assert (row, column) == (None, "")
    assert message.startswith("Filen er ikke gyldig JSON")


def test_only_current_versions_are_kept_and_the_latest_registration_wins():
    base = json.loads(read("bbr_sample_enhed.json"))[0]
    old = {**base, "enh026EnhedensSamledeAreal": 100, "registreringFra": "2017-01-01T00:00:00Z"}
    historic = {**base, "enh026EnhedensSamledeAreal": 90, "registreringTil": "2018-01-01T00:00:00Z"}
    new = {**base, "enh026EnhedensSamledeAreal": 111, "registreringFra": "2020-01-01T00:00:00Z"}
    units = R.parse_units([old, historic, new])
    assert [u.total_area for u in units] == [111]
    assert [u.total_area for u in R.parse_units([new, old])] == [111]


def test_buildings_supply_ownership_and_property_number():
    unit = {**json.loads(read("bbr_sample_enhed.json"))[0], "bygning": "b-1"}
    building = {
        **json.loads(read("bbr_sample_bygning.json"))[0],
        "id_lokalId": "b-1",
        "byg066Ejerforhold": "20",
        "ejendomsnummer": "1234",
    }
    [u] = R.attach_buildings(R.parse_units([unit]), R.parse_buildings([building]))
    assert (u.ownership_code, u.property_number) == ("20", "0461-001234")


def test_the_real_building_sample_parses():
    [b] = R.parse_buildings(read("bbr_sample_bygning.json"))
    assert (b.usage_code, b.year_built, b.total_area, b.residential_area, b.ownership_code) == (
        "140",
        2012,
        6587,
        6333,
        None,
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [("0151-900030", 151_0900030), ("0101-000100", 101_0000100), ("0461-1234567", 461_1234567)],
)
def test_property_numbers_become_integer_keys(text, key):
    assert R.property_key(text) == key


@pytest.mark.parametrize("text", ["151-900030", "0151900030", "0151-12345678", "abcd-123456"])
def test_malformed_property_numbers_are_refused(text):
    with pytest.raises(ValueError, match="BBR-ejendomsnummeret"):
        R.property_key(text)


def test_field_names_fold_to_ascii():
    assert R.fold("enh046OffentligStøtte") == "enh046OffentligStoette"
    assert R.fold("byg026Opførelsesår") == "byg026Opfoerelsesaar"
