"""Import of the kommune's allocation-system export: all or nothing, every error with row and
column in Danish, CPR-shaped references refused, the original archived."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import transaction

from styringsdialog.anvisning.imports import import_ledger
from styringsdialog.anvisning.models import LedgerEntry
from styringsdialog.registry.models import DataSource

HEADER = "organisation;afdeling;lejemaal;tilbudt;husleje;udfald;udfaldsdato;husstand\n"


def _run(world, text: str, name: str = "liste.csv"):
    return import_ledger(
        kommune=world.ballerup,
        data=text.encode(),
        filename=name,
        by=world.users["caseworker_ballerup"],
    )


def test_a_good_file_is_imported_and_archived(world, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = _run(
            world,
            HEADER
            + "0151;003;0312;01.03.2024;6.250,00;anvist;20.03.2024;H-2024-017\n"
            + "151;8;0101;2024-04-01;5900;afventer;;\n",
        )
    assert report.ok, report.errors
    assert (report.created, report.updated) == (2, 0)
    e = LedgerEntry.objects.get(dwelling="0312")
    assert e.rent == Decimal("6250.00") and e.outcome == "anvist" and e.source is not None
    assert default_storage.exists(f"anvisning/{report.sha256}.csv")
    again = _run(world, HEADER + "0151;003;0312;01.03.2024;6.300,00;anvist;20.03.2024;H-2024-017\n")
    assert (again.created, again.updated) == (0, 1)
    assert LedgerEntry.objects.get(dwelling="0312").events.filter(field="rent").exists()


def test_every_error_is_reported_and_nothing_is_written(world) -> None:
    sources = DataSource.objects.count()
    report = _run(
        world,
        HEADER
        + "0151;003;0312;01.03.2024;6250;anvist;20.03.2024;010190-1234\n"  # CPR
        + "0151;999;0313;01.03.2024;6250;anvist;20.03.2024;\n"  # unknown department
        + "0151;003;0314;31.02.2024;6250;;;\n"  # no date
        + "0151;003;0315;01.03.2024;6250;anvist;;\n"  # outcome without a date
        + "0151;003;0316;01.03.2024;-5;måske;;\n"  # negative rent, unknown outcome
        + "0101;001;0317;01.03.2024;6250;;;\n",  # København's department
    )
    assert not report.ok
    where = {(e.row, e.column) for e in report.errors}
    assert (2, "husstand") in where
    assert (3, "afdeling") in where
    assert (4, "tilbudt") in where
    assert (5, "udfaldsdato") in where
    assert {(6, "husleje"), (6, "udfald")} <= where
    assert (7, "afdeling") in where
    assert all(e.file == "liste.csv" and e.message for e in report.errors)
    cpr = next(e for e in report.errors if e.column == "husstand")
    assert "CPR" in cpr.message
    assert LedgerEntry.objects.count() == 0 and DataSource.objects.count() == sources


def test_header_and_file_level_errors(world) -> None:
    missing = _run(world, "organisation;afdeling\n0151;003\n")
    assert not missing.ok and any("lejemaal" in e.message for e in missing.errors)
    wrong = _run(world, "x", name="liste.pdf")
    assert not wrong.ok and wrong.errors[0].row is None
    empty = _run(world, HEADER)
    assert not empty.ok
    dup = _run(
        world,
        HEADER + "0151;003;0312;01.03.2024;1;;;\n" + "0151;003;0312;01.03.2024;1;;;\n",
    )
    assert not dup.ok and dup.errors[0].row == 3
    assert LedgerEntry.objects.count() == 0


def test_too_large_a_file_is_refused(world) -> None:
    report = _run(world, HEADER + "x" * (5 * 1024 * 1024 + 1))
    assert not report.ok and "5 MB" in report.errors[0].message


ROLLBACK_ROWS = HEADER + "0151;003;0777;01.05.2024;6.000,00;anvist;20.05.2024;H-2024-077\n"


def test_a_rolled_back_import_leaves_no_archived_file(
    world, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from styringsdialog.anvisning import services

    def broken(**kwargs):
        raise RuntimeError("databasen faldt ud")

    monkeypatch.setattr(services, "add_entry", broken)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            _run(world, ROLLBACK_ROWS)
    assert callbacks == [] and LedgerEntry.objects.count() == 0
    assert DataSource.objects.filter(name__contains="liste.csv").count() == 0
    from styringsdialog.lib.storage import content_name

    name, _ = content_name(ROLLBACK_ROWS.encode(), folder="anvisning", ext="csv")
    assert not default_storage.exists(name)


def test_an_import_inside_a_transaction_that_rolls_back_archives_nothing(
    world, django_capture_on_commit_callbacks
) -> None:
    text = ROLLBACK_ROWS.replace("0777", "0778")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            assert _run(world, text).ok
            raise RuntimeError("the caller gives up")
    assert callbacks == [] and LedgerEntry.objects.count() == 0
    from styringsdialog.lib.storage import content_name

    name, _ = content_name(text.encode(), folder="anvisning", ext="csv")
    assert not default_storage.exists(name)
