"""styringsdialog anvisning: Danish messages, no tracebacks, the same rules as the pages."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styringsdialog.anvisning.models import AnvisningAgreement, LedgerEntry


def _run(*args: str) -> str:
    out = StringIO()
    call_command("anvisning", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_add_figures_and_import(world, tmp_path) -> None:
    out = _run(
        "create-agreement",
        "--kommune",
        "151",
        "--organisation",
        "0151",
        "--title",
        "Aftale",
        "--legal-basis",
        "frivillig",
        "--from",
        "2024-01-01",
        "--to",
        "2027-12-31",
        "--department",
        "0151-003:25:2:Unge",
        "--as",
        "torben",
        "--json",
    )
    assert json.loads(out)["number"] == 1 and AnvisningAgreement.objects.count() == 1
    _run(
        "add",
        "--kommune",
        "151",
        "--department",
        "0151-003",
        "--dwelling",
        "0312",
        "--offered",
        "2024-03-01",
        "--outcome",
        "anvist",
        "--outcome-on",
        "2024-03-10",
        "--as",
        "torben",
    )
    _run(
        "vacancies",
        "--kommune",
        "151",
        "--department",
        "0151-003",
        "--year",
        "2024",
        "--count",
        "4",
        "--as",
        "torben",
    )
    figures = json.loads(_run("figures", "--kommune", "151", "--as", "claus", "--json"))
    (dept,) = figures["departments"]
    assert dept["years"][0]["achieved_share"] == "25.0"
    agreement_id = str(AnvisningAgreement.objects.get().pk)
    _run(
        "review",
        agreement_id,
        "--department",
        "0151-003",
        "--year",
        "2025",
        "--share",
        "30",
        "--step",
        "3",
        "--as",
        "torben",
    )
    with pytest.raises(CommandError, match="allerede revurderet"):
        _run(
            "review",
            agreement_id,
            "--department",
            "0151-003",
            "--year",
            "2025",
            "--share",
            "20",
            "--as",
            "torben",
        )
    bad = tmp_path / "liste.csv"
    bad.write_text(
        "organisation;afdeling;lejemaal;tilbudt;husstand\n0151;003;9;01.03.2024;010190-1234\n"
    )
    with pytest.raises(CommandError, match="ikke indlæst"):
        _run("import", "--kommune", "151", str(bad), "--as", "torben")
    assert LedgerEntry.objects.count() == 1


def test_refusals_are_danish(world) -> None:
    with pytest.raises(CommandError, match="CPR"):
        _run(
            "add",
            "--kommune",
            "151",
            "--department",
            "0151-003",
            "--dwelling",
            "1",
            "--offered",
            "2024-03-01",
            "--household",
            "0101901234",
            "--as",
            "torben",
        )
    with pytest.raises(CommandError, match="Kun kommunens"):
        _run(
            "add",
            "--kommune",
            "151",
            "--department",
            "0151-003",
            "--dwelling",
            "1",
            "--offered",
            "2024-03-01",
            "--as",
            "claus",
        )
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        _run(
            "add",
            "--kommune",
            "151",
            "--department",
            "0151-003",
            "--dwelling",
            "1",
            "--offered",
            "1. marts",
            "--as",
            "torben",
        )
    with pytest.raises(CommandError):
        _run("figures", "--kommune", "151", "--as", "anna")
