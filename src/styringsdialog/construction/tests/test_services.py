"""Construction services: milestones in order, who may do what, checks, guarantees, rates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.construction import services
from styringsdialog.construction.models import CaseChange, MaximumRate, RateChange
from styringsdialog.construction.queries import case_checks, guarantee_register, kommune_overview

pytestmark = pytest.mark.django_db


def _approve(case, kind, when, by, **kw):
    return services.record_milestone(case=case, kind=kind, date=when, by=by, **kw)


def test_milestones_in_order_no_skema_c_before_b(world, new_build):
    torben = world.users["caseworker_ballerup"]
    today = timezone.localdate()
    _approve(new_build, "skema_a", today - timedelta(days=30), torben, anskaffelsessum=90_000_000)
    with pytest.raises(ValidationError, match="først godkendes efter"):
        _approve(new_build, "skema_c", today, torben, anskaffelsessum=91_000_000)
    b = _approve(
        new_build, "skema_b", today - timedelta(days=10), torben, anskaffelsessum=91_000_000
    )
    assert (b.approved_by, b.approved_by_name) == (torben, "Torben")
    with pytest.raises(ValidationError, match="allerede godkendt"):
        _approve(new_build, "skema_b", today, torben, anskaffelsessum=1)
    with pytest.raises(ValidationError, match="Datoen ligger før"):
        _approve(new_build, "ibrugtagning", today - timedelta(days=20), torben)
    _approve(new_build, "ibrugtagning", today - timedelta(days=5), torben)
    with pytest.raises(ValidationError, match="Angiv anskaffelsessummen"):
        _approve(new_build, "skema_c", today, torben)
    assert CaseChange.objects.filter(case=new_build, label__contains="godkendt").count() == 3


def test_organisation_staff_add_events_but_never_approve(world, new_build):
    claus = world.users["almenbo_staff"]
    with pytest.raises(PermissionDenied):
        _approve(new_build, "skema_a", date(2025, 1, 1), claus, anskaffelsessum=1)
    with pytest.raises(PermissionDenied):
        services.update_construction_case(case=new_build, by=claus, title="Andet")
    event = services.add_event(
        case=new_build, kind="mangel", date=date(2025, 1, 1), text="Kogeplader", by=claus
    )
    assert event.status == "aaben"
    services.update_event(event=event, by=claus, version=0, status="udbedret")
    with pytest.raises(services.Conflict):
        services.update_event(event=event, by=claus, version=0, status="aaben")
    with pytest.raises(PermissionDenied):
        services.add_event(
            case=new_build,
            kind="andet",
            date=date(2025, 1, 1),
            text="x",
            by=world.users["other_org_staff"],
        )


def test_compensation_event_figures(world, new_build):
    e = services.add_event(
        case=new_build,
        kind="kompensation",
        date=date(2020, 10, 1),
        text="Boligerne ikke færdige",
        months_of_rent=Decimal(3),
        amount=Decimal(1_080_000),
        paid_by="Byggeriet (entreprenørerne)",
        decided_on=date(2020, 9, 15),
        by=world.users["caseworker_ballerup"],
    )
    assert (e.months_of_rent, e.amount, e.paid_by) == (
        Decimal(3),
        Decimal(1_080_000),
        "Byggeriet (entreprenørerne)",
    )


def test_case_edit_optimistic_lock_and_history(world, new_build):
    torben = world.users["caseworker_ballerup"]
    services.update_construction_case(case=new_build, by=torben, version=0, dwellings=42)
    with pytest.raises(services.Conflict):
        services.update_construction_case(case=new_build, by=torben, version=0, dwellings=43)
    new_build.refresh_from_db()
    assert (new_build.dwellings, new_build.version) == (42, 1)
    assert CaseChange.objects.filter(case=new_build, old_value="40", new_value="42").exists()


def test_checks_maximum_financing_and_overrun(world, new_build):
    torben = world.users["caseworker_ballerup"]
    today = timezone.localdate()
    _approve(new_build, "skema_a", today - timedelta(days=5), torben, anskaffelsessum=90_000_000)
    _approve(new_build, "skema_b", today, torben, anskaffelsessum=93_000_000, annual_rent=4_000_000)
    checks = case_checks(new_build)
    # 500.000 × 40 + 20.000 × 3.600 = 92.000.000 (test rate); B is 1 mio. over
    assert checks.maximum is not None
    assert checks.maximum.amount == Decimal(92_000_000)
    assert [c.over for c in checks.against_maximum] == [False, True]
    assert checks.overrun
    f = checks.financing
    assert f is not None
    # 3.600 m² / 40 dwellings = 90 m² average: the 10 % band
    assert f.grundkapital.pct == Decimal(10)
    assert sum(s.amount for s in f.shares) == Decimal(93_000_000)
    assert checks.next_milestone == "ibrugtagning"
    assert checks.rents  # Kirstinelund is a family department in Ballerup with rent
    assert checks.as_dict()["overrun"] is True


def test_missing_rate_is_explained(world, new_build):
    MaximumRate.objects.all().delete()
    checks = case_checks(new_build)
    assert checks.maximum is None
    assert "Ingen sats" in checks.maximum_problem


def test_guarantee_frozen_and_registered(world, renovation):
    torben = world.users["caseworker_ballerup"]
    for kind, day in (("lbf_ansoegning", 1), ("anbefaling", 2), ("garanti", 3)):
        m = _approve(renovation, kind, date(2021, 6, day), torben)
    assert (m.guarantee_amount, m.lbf_share) == (Decimal(20_000_000), Decimal(10_000_000))
    rows, totals = guarantee_register(scope_for(torben), world.ballerup)
    assert [r["organisation"] for r in rows] == ["0151"]
    assert totals == {
        "guaranteed": Decimal(20_000_000),
        "lbf_share": Decimal(10_000_000),
        "kommune_net": Decimal(10_000_000),
    }
    assert guarantee_register(scope_for(world.users["other_org_staff"]), world.ballerup)[0] == []
    groups = kommune_overview(scope_for(torben), world.ballerup)
    assert [key for key, _, _ in groups] == ["skema_a"]


def test_garanti_not_on_new_construction(world, new_build):
    with pytest.raises(ValidationError, match="hører ikke til"):
        _approve(new_build, "garanti", date(2025, 1, 1), world.users["caseworker_ballerup"])


def test_rates_admin_only_with_history_and_lock(world):
    ada = world.users["admin"]
    with pytest.raises(PermissionDenied):
        services.save_rate(
            by=world.users["caseworker_ballerup"],
            year=2030,
            housing_type="aeldre",
            per_m2=1,
            source="x",
        )
    rate = services.save_rate(
        by=ada, year=2030, housing_type="aeldre", per_m2=30_000, source="test"
    )
    with pytest.raises(ValidationError, match="Kr. pr. bolig"):
        services.save_rate(by=ada, rate=rate, version=0, per_dwelling=1)
    services.save_rate(by=ada, rate=rate, version=0, per_m2=31_000)
    with pytest.raises(services.Conflict):
        services.save_rate(by=ada, rate=rate, version=0, per_m2=32_000)
    with pytest.raises(ValidationError, match="regionale"):
        services.save_rate(by=ada, year=2020, housing_type="familie", per_m2=1, source="x")
    assert list(RateChange.objects.filter(rate=rate).values_list("action", flat=True)) == [
        "ændret",
        "oprettet",
    ]


def test_seed_rates_are_in_the_table(db):
    assert MaximumRate.objects.filter(
        year=2011, housing_type="familie", region="hovedstaden", per_m2=21_160
    ).exists()
    assert services.ensure_seed_rates() == 0


def test_link_to_meetings_case_of_the_same_organisation(world, new_build):
    from styringsdialog.meetings import services as meetings

    case = meetings.open_case(
        department=world.lundebjerg,
        category="byggeri_mangler",
        title="Mangler",
        opened_on=date(2020, 8, 1),
        by=None,
    )
    other = meetings.open_case(
        department=world.noerrebro,
        category="andet",
        title="Andet",
        opened_on=date(2020, 8, 1),
        by=None,
    )
    services.link(case=new_build, by=world.users["caseworker_ballerup"], case_ids=[case.pk])
    assert list(new_build.cases.all()) == [case]
    with pytest.raises(ValidationError):
        services.link(case=new_build, by=world.users["caseworker_ballerup"], case_ids=[other.pk])
