"""Demo content has the known answers of the seed referat (item 7.a) and classified areas."""

from __future__ import annotations

import pytest

from almen import synth
from styringsdialog.registers import demo
from styringsdialog.registers.models import (
    AreaClassification,
    Difference,
    ReconciliationRun,
    RegisterSnapshot,
)
from styringsdialog.registry.services import load_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def small_world():
    return synth.generate(seed=2021, scale="small")


def test_demo_reconciliation_has_the_seed_referats_answers(small_world):
    load_world(small_world, source_name="test")
    stages: list[tuple[str, int, int]] = []
    demo.load_demo(world=small_world, progress=lambda *a: stages.append(a))
    assert stages[-1] == ("Registre (BBR, DST, LBF)", 4, 4)
    run = ReconciliationRun.objects.get()
    almenbo = Difference.objects.filter(run=run, department__organisation__number="0151")
    assert set(almenbo.values_list("measure", flat=True)) == {"area_m2"}  # dwelling counts match
    assert sorted(almenbo.values_list("department__number", "amount")) == [
        ("003", -572),
        ("004", 627),
        ("007", -89),
    ]
    ballerup_dst = Difference.objects.filter(
        run=run, level="kommune", kommune__code="151", source_b="dst"
    )
    assert {d.reason for d in ballerup_dst} == {"ownership_code", "reference_date"}
    assert RegisterSnapshot.objects.get(source="bbr").units_complete is False
    assert set(RegisterSnapshot.objects.values_list("source", flat=True)) == {
        "lbf",
        "bbr",
        "dst",
        "beboerdata",
    }
    labels = dict(
        AreaClassification.objects.filter(list_year=2024).values_list("area__name", "label")
    )
    assert labels == {
        "Nordvestparken": "Omdannelsesområde",
        "Sundbyvang": "Forebyggelsesområde",
        "Ballerup Vest": "Ingen kategori",
    }
