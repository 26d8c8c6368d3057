"""import_file: one fixture file per failure mode, exact errors, and nothing written on failure."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from styringsdialog.intake.models import Answer, ImportBatch, PackageStatus
from styringsdialog.intake.services.imports import import_file
from styringsdialog.intake.tests.helpers import FIXTURES, fixture_file, snapshot, xlsx_file
from styringsdialog.registry.models import AccountLine, DataSource, DepartmentFact

pytestmark = pytest.mark.django_db


def run(package, name, kind="accounts", file=None, **kw):
    return import_file(
        package=package, kind=kind, uploaded_file=file or fixture_file(name), by=None, **kw
    )


def errors_of(outcome) -> list[tuple]:
    return [(e["file"], e["row"], e["column"], e["message"]) for e in outcome.errors]


FAILURES: dict[str, list[tuple[str, int | None, str, str]]] = {
    "wrong_header.csv": [
        (
            "wrong_header.csv",
            1,
            "kto",
            "Ukendt kolonne 'kto' (kolonne C). Kolonnerne hedder: organisation, afdeling, år, konto, beløb.",
        ),
        ("wrong_header.csv", 1, "beløb", "Kolonnen 'beløb' står to gange (kolonne D og E)."),
        ("wrong_header.csv", 1, "konto", "Kolonnen 'konto' mangler i overskriftsrækken."),
    ],
    "bad_number.csv": [
        (
            "bad_number.csv",
            2,
            "beløb",
            "'1.5OO.000,00' er ikke et tal. Skriv fx 1.234,50 eller 1234.50.",
        ),
        (
            "bad_number.csv",
            3,
            "beløb",
            "'12.500' er tvetydigt: punktummet kan være tusindtalsseparator eller decimaltegn. Skriv 12500 eller 12,500.",
        ),
    ],
    "unknown_department.csv": [
        ("unknown_department.csv", 3, "afdeling", "Afdeling 009 findes ikke i 0151 Almenbo."),
    ],
    "duplicate_row.csv": [
        (
            "duplicate_row.csv",
            4,
            "afdeling, år, konto",
            "Rækken gentager række 2 (samme afdeling, år og konto: 003, 2024, 120).",
        ),
    ],
    "wrong_year_and_konto.csv": [
        (
            "wrong_year_and_konto.csv",
            2,
            "år",
            "Året skal være 2024 (regnskabsåret for styringsår 2025), ikke 2023.",
        ),
        (
            "wrong_year_and_konto.csv",
            2,
            "konto",
            "Konto 999 ligger uden for kontoplanens intervaller (udgifter 101–199, indtægter 201–299, balance 301–599).",
        ),
    ],
    "wrong_encoding.csv": [
        (
            "wrong_encoding.csv",
            1,
            "",
            "Filen er ikke UTF-8-kodet: byte nr. 10 i række 1 er ikke gyldig UTF-8. "
            "Gem filen som 'CSV UTF-8 (kommasepareret)' og prøv igen.",
        ),
    ],
    "empty.csv": [("empty.csv", None, "", "Filen er tom.")],
}


@pytest.mark.parametrize("name", FAILURES)
def test_a_bad_file_is_rejected_with_every_error_and_changes_nothing(package, name):
    before = snapshot()
    outcome = run(package, name)
    assert errors_of(outcome) == FAILURES[name]
    assert not outcome.ok and outcome.batch.status == ImportBatch.Status.REJECTED
    assert snapshot() == before
    assert (
        outcome.message
        == f"Filen {name} blev afvist med {len(FAILURES[name])} fejl. Intet er gemt. Ret fejlene, og indlæs filen igen."
    )


def test_an_xlsx_with_merged_cells_is_rejected_naming_the_range(package):
    before = snapshot()
    file = xlsx_file(
        "flettet.xlsx",
        [["afdeling", "år", "konto", "beløb"], ["003", 2024, "120", 5], [None, 2024, "121", 6]],
        merge="A2:A3",
    )
    outcome = run(package, "", file=file)
    assert errors_of(outcome) == [
        (
            "flettet.xlsx",
            2,
            "",
            "Cellerne A2:A3 er flettede. Ophæv fletningen, og indlæs filen igen.",
        )
    ]
    assert snapshot() == before


def test_a_rejected_file_is_kept_unchanged_under_its_sha256(package, media_root):
    outcome = run(package, "duplicate_row.csv")
    data = (FIXTURES / "duplicate_row.csv").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    assert outcome.batch.sha256 == sha and outcome.batch.size == len(data)
    assert outcome.batch.file.name == f"imports/{sha}.csv"
    assert (media_root / "imports" / f"{sha}.csv").read_bytes() == data


def test_a_good_accounts_file_upserts_every_line_with_its_source(package, world):
    outcome = run(package, "good_accounts.csv")
    assert outcome.ok, outcome.errors
    assert outcome.batch.counts == {"rows": 4, "created": 1, "updated": 3, "unchanged": 0}
    assert (
        outcome.message
        == "Filen good_accounts.csv er indlæst: 4 rækker (1 nye, 3 ændrede, 0 uændrede)."
    )
    line = AccountLine.objects.get(department=world.kirstinelund, year=2024, konto="112.1")
    assert line.amount == Decimal("180000.50")
    assert AccountLine.objects.get(
        department=world.lundebjerg, year=2024, konto="116"
    ).amount == Decimal("95000.75")
    source = line.source
    assert source.kind == DataSource.Kind.IMPORT and source.sha256 == outcome.batch.sha256
    assert (
        source.name == "Regnskab (kontolinjer): good_accounts.csv (0151 Almenbo, styringsår 2025)"
    )
    assert outcome.batch.data_source == source
    # other years and other departments are untouched
    assert (
        AccountLine.objects.get(department=world.kirstinelund, year=2023, konto="120").source
        != source
    )


def test_the_same_file_twice_changes_nothing_and_says_so(package):
    first = run(package, "good_accounts.csv")
    before = snapshot()
    second = run(package, "good_accounts.csv")
    assert second.duplicate and second.batch == first.batch
    assert second.message.startswith(
        "Filen good_accounts.csv er allerede indlæst ("
    ) and second.message.endswith("intet er ændret.")
    assert snapshot() == before
    assert ImportBatch.objects.count() == 1


def test_the_same_content_after_another_file_is_imported_again(package):
    run(package, "good_accounts.csv")
    run(
        package,
        "",
        file=xlsx_file("ny.xlsx", [["afdeling", "år", "konto", "beløb"], ["003", 2024, "120", 1]]),
    )
    again = run(package, "good_accounts.csv")
    assert not again.duplicate and again.batch.counts == {
        "rows": 4,
        "created": 0,
        "updated": 1,
        "unchanged": 3,
    }


def test_facts_are_upserted_with_the_units_of_their_codes(package, world):
    outcome = run(package, "good_facts.csv", kind="facts")
    assert outcome.ok, outcome.errors
    fact = DepartmentFact.objects.get(
        department=world.lundebjerg, year=2024, code="moveout_rate_pct"
    )
    assert (fact.value, fact.unit) == (Decimal("11.5"), "%")


def test_a_fact_with_a_wrong_unit_or_negative_value_is_rejected(package):
    file = xlsx_file(
        "f.xlsx",
        [
            ["afdeling", "år", "nøgle", "værdi", "enhed"],
            ["003", 2024, "vacant_dwellings", 2, "m²"],
            ["003", 2024, "rent_per_m2", -1, None],
        ],
    )
    before = snapshot()
    assert errors_of(run(package, "", kind="facts", file=file)) == [
        ("f.xlsx", 2, "enhed", "Enheden for vacant_dwellings er 'stk.', ikke 'm²'."),
        ("f.xlsx", 3, "værdi", "Værdien skal være mindst 0 (står: -1)."),
    ]
    assert snapshot() == before


def test_answers_are_normalised_by_answer_type(package, world):
    outcome = run(package, "good_answers.csv", kind="answers")
    assert outcome.ok, outcome.errors
    got = {
        (a.question.code, a.department.number if a.department else None): a.value
        for a in Answer.objects.filter(package=package)
    }
    assert got == {
        ("OEK1", None): "ja",
        ("OEK3", "003"): "nej",
        ("OEK4", "008"): "4",
        ("UDL2", None): "Fleksibel udlejning",
        ("LED2", None): "Vi har gennemført egenkontrol.",
    }


def test_bad_answers_are_rejected_with_every_error(package):
    before = snapshot()
    assert errors_of(run(package, "bad_answers.csv", kind="answers")) == [
        ("bad_answers.csv", 2, "svar", "Svaret på OEK1 skal være 'ja' eller 'nej', ikke 'måske'."),
        (
            "bad_answers.csv",
            3,
            "afdeling",
            "Spørgsmål OEK3 besvares pr. afdeling; angiv afdelingen.",
        ),
        (
            "bad_answers.csv",
            4,
            "afdeling",
            "Spørgsmål LED1 besvares for hele boligorganisationen; lad afdeling være tom.",
        ),
        (
            "bad_answers.csv",
            5,
            "spørgsmål",
            "Spørgsmål XYZ9 findes ikke i spørgerammen 2021-eksempel.",
        ),
        ("bad_answers.csv", 6, "svar", "'mange' er ikke et tal. Skriv fx 1.234,50 eller 1234.50."),
    ]
    assert snapshot() == before


def test_a_file_for_another_organisation_is_rejected(package):
    file = xlsx_file(
        "anden.xlsx",
        [["organisation", "afdeling", "år", "konto", "beløb"], [101, "003", 2024, "120", 5]],
    )
    assert errors_of(run(package, "", file=file)) == [
        (
            "anden.xlsx",
            2,
            "organisation",
            "Filen gælder organisation 0101, men pakken er for 0151 Almenbo.",
        )
    ]


def test_a_reviewed_package_accepts_no_files(package):
    package.status = PackageStatus.REVIEWED
    package.save()
    with pytest.raises(
        ValidationError,
        match="Der kan ikke indlæses filer i pakken, når den har status 'Gennemgået'.",
    ):
        run(package, "good_accounts.csv")
    assert ImportBatch.objects.count() == 0
