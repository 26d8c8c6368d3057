"""The anvisning demo: years from the world, deterministic, idempotent, and consistent with the
seed referat for Almenbo ("Samarbejdet … fungerer fint": no share below the agreed)."""

from __future__ import annotations

from types import SimpleNamespace

from styringsdialog.anvisning.demo import load_demo
from styringsdialog.anvisning.models import AnvisningAgreement, LedgerEntry
from styringsdialog.anvisning.queries import department_figures


def test_demo_follows_the_world_and_loads_once(world) -> None:
    fake = SimpleNamespace(seed=7, years=(2031, 2032, 2033))
    load_demo(world=fake)
    ballerup = AnvisningAgreement.objects.get(kommune=world.ballerup, organisation=world.almenbo)
    assert ballerup.valid_from.year == 2031 and ballerup.legal_basis == "frivillig"
    years = set(LedgerEntry.objects.values_list("offered_on__year", flat=True))
    assert years <= {2031, 2032, 2033} and years
    rows = department_figures(world.ballerup, LedgerEntry.objects.all())
    assert rows and not any(y.below_agreed for r in rows for y in r.years)
    count = LedgerEntry.objects.count()
    load_demo(world=fake)
    assert LedgerEntry.objects.count() == count
    framework = AnvisningAgreement.objects.filter(organisation__isnull=True)
    assert all(a.trappemodel for a in framework)
