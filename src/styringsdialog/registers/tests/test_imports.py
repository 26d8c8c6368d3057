"""Imports are all-or-nothing: the valid file is stored with its sha256; each failure mode lists
every error (file, row, column, Danish message) and changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styringsdialog.registers import services
from styringsdialog.registers.models import (
    BbrUnitRecord,
    DstFigure,
    ImmutableError,
    LbfSectionRecord,
    RegisterSnapshot,
    ResidentialArea,
    ResidentIndicator,
)
from styringsdialog.registers.services import ImportFailed
from styringsdialog.registers.services.residents import import_beboerdata
from styringsdialog.registers.tests.factories import (
    DST_CSV,
    FIXTURES,
    bbr_json,
    buildings_json,
    fixture,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (
            RegisterSnapshot,
            BbrUnitRecord,
            LbfSectionRecord,
            DstFigure,
            ResidentIndicator,
            ResidentialArea,
        )
    )


def failure(call) -> list[tuple[str, int | None, str, str]]:
    before = counts()
    with pytest.raises(ImportFailed) as info:
        call()
    assert counts() == before
    return [(e.file, e.row, e.column, e.message) for e in info.value.errors]


def test_lbf_stamdata_is_stored_per_byggeafsnit(world):
    snapshot = services.import_lbf_stamdata(
        data=fixture("lbf_stamdata_ok.csv"), file_name="lbf.csv"
    )
    assert (snapshot.source, snapshot.rows, str(snapshot.reference_date), snapshot.coverage) == (
        "lbf",
        4,
        "2024-12-31",
        ["101", "151"],
    )
    assert len(snapshot.sha256) == 64
    assert LbfSectionRecord.objects.filter(department=world.kirstinelund).count() == 2


LBF_FAILURES = dict(
    [
        (
            "lbf_missing_column.csv",
            [(1, "antal_boliger", "Kolonnen 'antal_boliger' mangler i overskriftsrækken.")],
        ),
        (
            "lbf_bad_values.csv",
            [
                (2, "antal_boliger", "'tres' er ikke et helt tal."),
                (
                    3,
                    "boligtype",
                    "'rækkehus' er ikke en tilladt værdi. Tilladte værdier: familie, ungdom, aeldre, pleje.",
                ),
            ],
        ),
        (
            "lbf_duplicate_row.csv",
            [
                (
                    3,
                    "org_nr, afd_nr, byggeafsnit, boligtype",
                    "Rækken gentager række 2 (samme org_nr, afd_nr, byggeafsnit og boligtype: 0151, 008, 1, familie).",
                )
            ],
        ),
        (
            "lbf_property_twice.csv",
            [
                (
                    3,
                    "bbr_ejendomsnummer",
                    "Ejendommen 0151-900080 hører allerede til afdeling 0151-008.",
                )
            ],
        ),
        (
            "lbf_mixed_dates.csv",
            [(3, "opgoerelsesdato", "Alle rækker skal have samme opgørelsesdato (2024-12-31).")],
        ),
        (
            "lbf_unknown_department.csv",
            [
                (3, "afd_nr", "Afdeling 0151-099 findes ikke i registret."),
                (4, "kommunekode", "Afdeling 0101-001 ligger i kommune 101 i registret."),
            ],
        ),
    ]
)


def test_lbf_failure_modes(world):
    for name, expected in LBF_FAILURES.items():
        assert failure(
            lambda n=name: services.import_lbf_stamdata(data=fixture(n), file_name=n)
        ) == [(name, *e) for e in expected]


def test_the_same_file_is_not_imported_twice(world):
    services.import_lbf_stamdata(data=fixture("lbf_stamdata_ok.csv"), file_name="a.csv")
    [(file, row, column, message)] = failure(
        lambda: services.import_lbf_stamdata(data=fixture("lbf_stamdata_ok.csv"), file_name="b.csv")
    )
    assert (file, row, column) == ("b.csv", None, "")
    assert message.startswith("Filen er allerede indlæst (udtræk #")


def test_bbr_units_get_ownership_and_property_from_their_buildings(world):
    snapshot = services.import_bbr(
        data=bbr_json(), file_name="enheder.json", buildings=buildings_json()
    )
    assert (snapshot.rows, snapshot.coverage, snapshot.units_complete) == (
        382,
        ["101", "151"],
        True,
    )
    unit = BbrUnitRecord.objects.get(unit_id="0151-900030-0000")
    assert (unit.property_number, unit.ownership_code, unit.support_code, unit.total_area) == (
        "0151-900030",
        "20",
        "10",
        73,
    )


def test_the_real_sample_imports(world):
    snapshot = services.import_bbr(
        data=fixture("bbr_sample_enhed.json"), file_name="bbr_sample_enhed.json"
    )
    assert snapshot.rows == 5 and snapshot.coverage == ["461"]
    assert str(snapshot.reference_date) == "2019-12-21"  # the newest registreringFra in the file


# file name → expected (row, column, message) errors
Failures = dict[str, list[tuple[int | None, str, str]]]

BBR_FAILURES: Failures = dict(
    [
        (
            "bbr_bad_values.json",
            [
                (1, "enh026EnhedensSamledeAreal", "Må ikke være negativ (-5)."),
                (2, "id_lokalId", "Feltet mangler eller er tomt."),
                (3, "enh031AntalVærelser", "Forventede et helt tal, fik 'fire'."),
            ],
        ),
        ("bbr_unknown_kommune.json", [(1, "kommunekode", "Ukendt kommunekode '999'.")]),
        (
            "bbr_graphql_errors.json",
            [
                (
                    None,
                    "",
                    "Datafordeleren svarede med fejl: The field `enh999` does not exist on the type `BBR_Enhed`.",
                )
            ],
        ),
    ]
)


def test_bbr_failure_modes(world):
    for name, expected in BBR_FAILURES.items():
        assert failure(lambda n=name: services.import_bbr(data=fixture(n), file_name=n)) == [
            (name, *e) for e in expected
        ]


def test_dst_bol101_is_stored_per_kommune(world):
    snapshot = services.import_dst(data=fixture("dst_bol101_codes.csv"), file_name="bol101.csv")
    assert (snapshot.rows, str(snapshot.reference_date)) == (3, "2025-01-01")
    assert dict(DstFigure.objects.values_list("kommune__code", "dwellings")) == {
        "101": 56200,
        "147": 8195,
        "151": 7480,
    }


def test_dst_json_stat_is_accepted(world):
    services.import_dst(data=fixture("dst_bol101_jsonstat.json"), file_name="bol101.json")
    assert DstFigure.objects.filter(kommune__code="151", year=2025).get().dwellings == 7480


DST_FAILURES: Failures = dict(
    [
        (
            "dst_bad_value.csv",
            [(2, "INDHOLD", "'mange' er ikke et tal."), (3, "", "Forventede 5 kolonner, fandt 3.")],
        ),
        (
            "dst_labels_not_codes.csv",
            [
                (
                    None,
                    "OMRÅDE",
                    "Fandt ingen kommuner med EJER=20; hent tabellen med valuePresentation=Code.",
                )
            ],
        ),
        ("dst_unknown_kommune.csv", [(3, "OMRÅDE", "Ukendt kommunekode '998'.")]),
    ]
)


def test_dst_failure_modes(world):
    for name, expected in DST_FAILURES.items():
        assert failure(lambda n=name: services.import_dst(data=fixture(n), file_name=n)) == [
            (name, *e) for e in expected
        ]


def test_beboerdata_creates_the_area_and_classifies_it(world):
    import_beboerdata(data=fixture("beboerdata_ok.csv"), file_name="beboerdata_ok.csv")
    area = ResidentialArea.objects.get(code="151-09")
    assert list(area.departments.all()) == [world.kirstinelund]
    assert [
        (c.list_year, c.ruleset, c.label, c.criteria_met)
        for c in area.classifications.order_by("list_year")
    ] == [(2023, "2021", "Forebyggelsesområde", 3), (2024, "2021", "Forebyggelsesområde", 3)]
    assert ResidentIndicator.objects.filter(department=world.lundebjerg).count() == 2


def test_beboerdata_replaces_the_same_year_when_a_newer_file_arrives(world):
    import_beboerdata(data=fixture("beboerdata_ok.csv"), file_name="a.csv")
    newer = fixture("beboerdata_ok.csv").decode().replace("262;119;32,5", "262;119;12,5").encode()
    import_beboerdata(data=newer, file_name="b.csv")
    assert (
        ResidentIndicator.objects.get(department=world.kirstinelund, year=2024).non_western_pct
        == 12.5
    )
    assert ResidentIndicator.objects.filter(department=world.kirstinelund).count() == 2


BEBOERDATA_FAILURES = dict(
    [
        (
            "beboerdata_bad_values.csv",
            [
                (2, "afd_nr", "Feltet skal udfyldes, når niveau er 'afdeling'."),
                (3, "husstande", "Der kan ikke være flere husstande end beboere."),
                (3, "ikke_vestlige_pct", "En andel kan ikke være over 100 % (står: 101.0)."),
                (4, "omraade_kode", "Feltet skal udfyldes, når niveau er 'omraade'."),
            ],
        ),
        (
            "beboerdata_unknown_department.csv",
            [(2, "afd_nr", "Afdeling 0151-099 findes ikke i registret.")],
        ),
    ]
)


def test_beboerdata_failure_modes(world):
    for name, expected in BEBOERDATA_FAILURES.items():
        assert failure(lambda n=name: import_beboerdata(data=fixture(n), file_name=n)) == [
            (name, *e) for e in expected
        ]


def test_snapshots_are_immutable(world):
    snapshot = services.import_dst(data=DST_CSV.encode(), file_name="bol101.csv")
    snapshot.note = "ændret"
    with pytest.raises(ImmutableError):
        snapshot.save()


def test_import_commands_print_a_summary(world, capsys):
    call_command("import_lbf_stamdata", str(FIXTURES / "lbf_stamdata_ok.csv"))
    call_command(
        "import_dst", str(FIXTURES / "dst_bol101_codes.csv"), note="BOL101 hentet 2025-03-01"
    )
    out = capsys.readouterr().out
    assert (
        "Indlæst LBF stamdata fra lbf_stamdata_ok.csv: 4 rækker, opgørelsesdato 31.12.2024" in out
    )
    assert "Indlæst Danmarks Statistik fra dst_bol101_codes.csv: 3 rækker" in out
    assert RegisterSnapshot.objects.get(source="dst").note == "BOL101 hentet 2025-03-01"


def test_import_commands_list_every_error_and_store_nothing(world):
    with pytest.raises(CommandError) as info:
        call_command("import_lbf_stamdata", str(FIXTURES / "lbf_bad_values.csv"))
    assert str(info.value).splitlines() == [
        "Filen blev ikke indlæst (2 fejl; intet er gemt):",
        "- lbf_bad_values.csv, række 2, kolonne antal_boliger: 'tres' er ikke et helt tal.",
        "- lbf_bad_values.csv, række 3, kolonne boligtype: 'rækkehus' er ikke en tilladt værdi. Tilladte værdier: familie, ungdom, aeldre, pleje.",
    ]
    assert RegisterSnapshot.objects.count() == 0


def test_commands_for_bbr_and_beboerdata(world, tmp_path, capsys):
    units, buildings = tmp_path / "enheder.json", tmp_path / "bygninger.json"
    units.write_bytes(bbr_json())
    buildings.write_bytes(buildings_json())
    call_command("import_bbr", str(units), "--bygninger", str(buildings), "--dato", "2025-03-01")
    call_command("import_beboerdata", str(FIXTURES / "beboerdata_ok.csv"))
    out = capsys.readouterr().out
    assert "Indlæst BBR fra enheder.json: 382 rækker, opgørelsesdato 01.03.2025" in out
    assert "Indlæst Beboerdata fra beboerdata_ok.csv: 6 rækker" in out


def test_a_missing_file_is_a_clear_error(world):
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("import_bbr", "/findes/ikke.json")
