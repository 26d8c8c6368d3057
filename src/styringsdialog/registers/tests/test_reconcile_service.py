"""run_reconciliation over stored snapshots: known answers for the conftest world."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from almen import registers as R
from styringsdialog.registers import services
from styringsdialog.registers.models import Difference, RegisterFigure, RegisterSnapshot, Source
from styringsdialog.registers.services.reconcile import ReconcileError, run_reconciliation
from styringsdialog.registers.tests.factories import fixture, load_registers

pytestmark = pytest.mark.django_db


def parts(run, **filters) -> set[tuple[str, str, int]]:
    return {(d.measure, d.reason, d.amount) for d in Difference.objects.filter(run=run, **filters)}


def test_known_answers_per_department_and_kommune(world):
    run = load_registers()
    assert parts(run, department=world.lundebjerg) == {
        ("dwellings", "reference_date", -3),
        ("area_m2", "reference_date", -270),
    }
    assert parts(run, department=world.kirstinelund) == {("area_m2", "area_definition", -190)}
    assert parts(run, department=world.noerrebro) == set()
    assert parts(run, level="kommune", kommune=world.ballerup, source_b="bbr") == {
        ("dwellings", "reference_date", -3),
        ("area_m2", "reference_date", -270),
        ("area_m2", "area_definition", -190),
        ("dwellings", "unmatched_address", 2),
        ("area_m2", "unmatched_address", 160),
    }
    # DST 176 vs LBF 180: the 3 dwellings under construction; the rest is unit_definition
    assert parts(run, level="kommune", kommune=world.ballerup, source_b="dst") == {
        ("dwellings", "reference_date", -3),
        ("dwellings", "unmatched_address", 2),
        ("dwellings", "unit_definition", -3),
    }
    figures = {
        (f.source, f.kommune.code): (f.dwellings, f.area_m2)
        for f in RegisterFigure.objects.filter(run=run, level="kommune")
    }
    assert (
        figures[("lbf", "151")] == (180, 14400)
        and figures[("bbr", "151")] == (179, 14100)
        and figures[("dst", "151")] == (176, None)
    )
    assert run.criteria["mode"] == "either" and run.coverage == ["101", "151"]


def test_a_stricter_marker_mode_is_recorded_with_the_run(world):
    load_registers()
    run = run_reconciliation(criteria=R.AlmenCriteria(mode="ownership"))
    assert run.criteria["mode"] == "ownership"


def test_it_needs_lbf_and_bbr(world):
    with pytest.raises(ReconcileError, match="ikke indlæst LBF-stamdata"):
        run_reconciliation()
    services.import_lbf_stamdata(data=fixture("lbf_stamdata_ok.csv"), file_name="lbf.csv")
    with pytest.raises(ReconcileError, match="ikke indlæst BBR-data"):
        run_reconciliation()


def test_a_demo_snapshot_with_selected_units_cannot_be_reconciled_again(world):
    services.import_lbf_stamdata(data=fixture("lbf_stamdata_ok.csv"), file_name="lbf.csv")
    RegisterSnapshot.objects.create(
        source=Source.BBR,
        reference_date="2025-03-01",
        file_name="demo",
        sha256="x" * 64,
        units_complete=False,
    )
    with pytest.raises(ReconcileError, match="kun udvalgte enheder"):
        run_reconciliation()


def test_the_command_reports_the_run(world, capsys):
    load_registers()
    call_command("reconcile", "--markoer", "either")
    assert "forskelle i 2 afdelinger" in capsys.readouterr().out


def test_the_command_fails_clearly(world):
    with pytest.raises(CommandError, match="ikke indlæst LBF-stamdata"):
        call_command("reconcile")
    with pytest.raises(CommandError, match="Der er intet BBR-udtræk med id 999"):
        call_command("reconcile", "--bbr", "999")
