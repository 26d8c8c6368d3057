"""styringsdialog import-package-file: prints every error and exits 1; imports a good file."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styringsdialog.intake.tests.helpers import FIXTURES, snapshot

pytestmark = pytest.mark.django_db


def call(*args: str) -> str:
    out = io.StringIO()
    call_command("import_package_file", *args, stdout=out)
    return out.getvalue()


def test_it_imports_a_good_file(package):
    out = call(
        "--organisation",
        "0151",
        "--year",
        "2025",
        "--kind",
        "accounts",
        str(FIXTURES / "good_accounts.csv"),
    )
    assert out == "Filen good_accounts.csv er indlæst: 4 rækker (1 nye, 3 ændrede, 0 uændrede).\n"


def test_it_prints_every_error_and_fails_without_writing(package):
    before = snapshot()
    out = io.StringIO()
    with pytest.raises(CommandError, match="blev afvist med 2 fejl") as exc:
        call_command(
            "import_package_file",
            "--organisation",
            "0151",
            "--year",
            "2025",
            "--kind",
            "accounts",
            str(FIXTURES / "wrong_year_and_konto.csv"),
            stdout=out,
        )
    assert exc.value.returncode == 1
    assert out.getvalue().splitlines() == [
        "wrong_year_and_konto.csv, række 2, kolonne år: Året skal være 2024 (regnskabsåret for styringsår 2025), ikke 2023.",
        "wrong_year_and_konto.csv, række 2, kolonne konto: Konto 999 ligger uden for kontoplanens intervaller (udgifter 101–199, indtægter 201–299, balance 301–599).",
    ]
    assert snapshot() == before


def test_it_explains_a_missing_package(world):
    with pytest.raises(
        CommandError,
        match="Der findes ingen dokumentationspakke for organisation 0151 og styringsår 2030.",
    ):
        call(
            "--organisation",
            "0151",
            "--year",
            "2030",
            "--kind",
            "accounts",
            str(FIXTURES / "good_accounts.csv"),
        )
