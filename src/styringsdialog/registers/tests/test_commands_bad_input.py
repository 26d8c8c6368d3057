"""The register commands on bad input: a Danish message, exit code 1, no traceback, nothing stored.

One tiny fixture per failure mode (``tests/almen/fixtures/registers/``; the parsers' own tests are
in ``tests/almen/test_registers_hostile.py``).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styringsdialog import cli
from styringsdialog.registers import commandbase
from styringsdialog.registers.models import (
    BbrUnitRecord,
    DstFigure,
    LbfSectionRecord,
    ReconciliationRun,
    RegisterSnapshot,
    ResidentIndicator,
)
from styringsdialog.registers.tests.factories import FIXTURES

pytestmark = pytest.mark.django_db

NOT_UTF8 = "er ikke gyldig UTF-8. Gem eller hent filen som UTF-8."
DEEP = (
    "Filen er indlejret mere end 64 niveauer dybt (lister og objekter i hinanden); det har et "
    "registerudtræk aldrig. Den indlæses ikke."
)
CASES = [
    (
        "import_bbr",
        "bbr_not_utf8.json",
        f"Filen er ikke UTF-8-kodet: byte nr. 64 (linje 1) {NOT_UTF8}",
    ),
    (
        "import_bbr",
        "bbr_binary.json",
        "Filen indeholder binære data (nul-tegn) og er ikke JSON i UTF-8.",
    ),
    ("import_bbr", "bbr_deep_nesting.json", DEEP),
    (
        "import_bbr",
        "bbr_huge_number.json",
        "Filen er ikke gyldig JSON (et tal har for mange cifre).",
    ),
    (
        "import_bbr",
        "bbr_wrong_format.json",
        "Filen er ikke gyldig JSON (forventede en værdi, linje 1, tegn 1).",
    ),
    (
        "import_dst",
        "dst_not_utf8.csv",
        f"Filen er ikke UTF-8-kodet: byte nr. 4 (linje 1) {NOT_UTF8}",
    ),
    ("import_dst", "dst_binary.csv", "Filen indeholder binære data (nul-tegn) og er ikke CSV."),
    ("import_dst", "dst_bad_time.csv", "Tidskoden 'sidste år' begynder ikke med et årstal."),
    (
        "import_dst",
        "dst_jsonstat_too_large.json",
        "Filen er hverken gyldig CSV eller JSON-stat (dst_jsonstat_too_large.json: "
        "JSON-stat-tabellen har 10.000.000.000 celler; højst 1.000.000 kan indlæses.).",
    ),
    (
        "import_lbf_stamdata",
        "lbf_not_utf8.csv",
        "Filen er ikke UTF-8-kodet: byte nr. 154 i række 2 er ikke gyldig UTF-8. "
        "Gem filen som 'CSV UTF-8 (kommasepareret)' og prøv igen.",
    ),
    ("import_lbf_stamdata", "lbf_binary.xlsx", "Filen kan ikke læses som en Excel-fil (.xlsx)."),
    (
        "import_beboerdata",
        "beboerdata_excel_named_csv.csv",
        "Filen er en Excel-fil, men navnet ender på .csv. Omdøb den til .xlsx.",
    ),
]


def stored() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (
            RegisterSnapshot,
            BbrUnitRecord,
            LbfSectionRecord,
            DstFigure,
            ResidentIndicator,
            ReconciliationRun,
        )
    )


def refused(*args: str) -> str:
    before = stored()
    with pytest.raises(CommandError) as info:
        call_command(*args)
    assert stored() == before
    return str(info.value)


@pytest.mark.parametrize(("command", "name", "message"), CASES, ids=[c[1] for c in CASES])
def test_a_bad_file_is_one_danish_error_and_nothing_is_stored(world, command, name, message):
    text = refused(command, str(FIXTURES / name))
    assert text.splitlines()[0] == "Filen blev ikke indlæst (1 fejl; intet er gemt):"
    assert message in text.splitlines()[1]


def test_a_bad_buildings_file_is_refused_too(world):
    text = refused(
        "import_bbr",
        str(FIXTURES / "bbr_sample_enhed.json"),
        "--bygninger",
        str(FIXTURES / "bbr_deep_nesting.json"),
    )
    assert text.splitlines()[1] == f"- bbr_deep_nesting.json: {DEEP}"


def test_the_real_command_line_exits_with_code_1_and_prints_no_traceback(
    world, capsys, monkeypatch
):
    from django.db import connections

    # run_from_argv closes every connection when it ends; keep the test's transaction open
    monkeypatch.setattr(connections, "close_all", lambda: None)
    before = stored()
    with pytest.raises(SystemExit) as info:
        cli.main(["import-bbr", str(FIXTURES / "bbr_deep_nesting.json")])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "CommandError: Filen blev ikke indlæst (1 fejl; intet er gemt):" in err
    assert "Traceback" not in err
    assert stored() == before


def test_a_file_over_the_size_limit_is_not_even_read(world, monkeypatch):
    monkeypatch.setattr(commandbase.ImportCommand, "max_bytes", 100)
    text = refused("import_lbf_stamdata", str(FIXTURES / "lbf_stamdata_ok.csv"))
    assert text.startswith("Filen ") and text.endswith(
        "lbf_stamdata_ok.csv fylder 0,0 MB; der kan højst indlæses 0,0 MB (intet er indlæst)."
    )


def test_a_directory_is_not_a_file(world, tmp_path):
    assert (
        refused("import_dst", str(tmp_path)) == f"Filen {tmp_path} findes ikke (intet er indlæst)."
    )


def test_only_the_first_errors_are_printed_and_the_rest_counted(world, monkeypatch):
    monkeypatch.setattr(commandbase, "MAX_PRINTED", 1)
    assert refused("import_lbf_stamdata", str(FIXTURES / "lbf_bad_values.csv")).splitlines() == [
        "Filen blev ikke indlæst (2 fejl; intet er gemt):",
        "- lbf_bad_values.csv, række 2, kolonne antal_boliger: 'tres' er ikke et helt tal.",
        "- … og 1 fejl mere, som ikke vises.",
    ]


def test_an_unforeseen_fault_is_still_a_danish_message_without_a_traceback(world, monkeypatch):
    from styringsdialog.registers.management.commands import import_lbf_stamdata

    def broken(**kwargs):
        raise ValueError("noget uventet")

    monkeypatch.setattr(import_lbf_stamdata, "import_lbf_stamdata", broken)
    assert refused("import_lbf_stamdata", str(FIXTURES / "lbf_stamdata_ok.csv")) == (
        "Filen blev ikke indlæst: den udløste en uventet fejl (ValueError); intet er gemt. "
        "Kør kommandoen igen med --traceback for detaljer."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lbf", "99999999999999999999"], "'99999999999999999999' er ikke et udtræks-id"),
        (["--bbr", "-3"], "'-3' er ikke et udtræks-id"),
        (["--tolerance", "nan"], "'nan' er ikke en procentsats fra 0 til 100"),
        (["--tolerance", "1e400"], "'1e400' er ikke en procentsats fra 0 til 100"),
        (["--markoer", "alle"], "'alle' er ikke en af either, ownership, support, both"),
    ],
)
def test_reconcile_refuses_ids_and_tolerances_out_of_range(world, args, message):
    assert message in refused("reconcile", *args)


def test_a_date_that_is_not_a_date_is_refused_in_danish(world):
    text = refused("import_bbr", str(FIXTURES / "bbr_sample_enhed.json"), "--dato", "1. marts")
    assert "'1. marts' er ikke en dato; skriv ÅÅÅÅ-MM-DD, fx 2025-03-01" in text


def test_a_tolerance_with_a_decimal_comma_is_read():
    assert commandbase.percent("0,7") == 0.7
