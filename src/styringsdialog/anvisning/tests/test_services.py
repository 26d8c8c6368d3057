"""Agreements, the ledger, comments: validation, versions, history and who may write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styringsdialog.anvisning import services
from styringsdialog.anvisning.models import LedgerEntry
from styringsdialog.anvisning.queries import department_figures, organisation_figures


def test_cpr_shaped_household_reference_is_refused(world, anv) -> None:
    with pytest.raises(ValidationError) as exc:
        services.add_entry(
            kommune=world.ballerup,
            department=world.kirstinelund,
            dwelling="0999",
            offered_on=date(2024, 5, 1),
            household_ref="010190-1234",
            by=world.users["caseworker_ballerup"],
        )
    assert "CPR" in str(exc.value)
    with pytest.raises(ValidationError):
        services.update_entry(entry=anv.entry, household_ref="0101901234", by=None)
    assert not LedgerEntry.objects.filter(dwelling="0999").exists()


def test_only_the_kommune_writes(world, anv) -> None:
    with pytest.raises(PermissionDenied):
        services.update_entry(entry=anv.entry, rent=1, by=world.users["almenbo_staff"])
    with pytest.raises(PermissionDenied):
        services.set_vacancies(
            department=world.kirstinelund,
            kommune=world.ballerup,
            year=2024,
            vacancies=3,
            by=world.users["caseworker_kbh"],
        )


def test_optimistic_locking_and_history(world, anv) -> None:
    by = world.users["caseworker_ballerup"]
    services.update_entry(entry=anv.entry, version=0, rent=Decimal("6300"), by=by)
    with pytest.raises(services.Conflict):
        services.update_entry(entry=anv.entry, version=0, rent=Decimal("6400"), by=by)
    anv.entry.refresh_from_db()
    assert anv.entry.rent == Decimal("6300") and anv.entry.version == 1
    ev = anv.entry.events.filter(field="rent").get()
    assert (ev.old_value, ev.new_value) == ("6200.00", "6300")


def test_renewal_keeps_the_old_version(world, anv) -> None:
    by = world.users["caseworker_ballerup"]
    new = services.create_agreement(
        kommune=world.ballerup,
        organisation=world.almenbo,
        title="Anvisningsaftale 2027–2030",
        legal_basis="frivillig",
        valid_from=date(2027, 1, 1),
        valid_to=date(2030, 12, 31),
        departments=[services.DepartmentTerms(world.kirstinelund, Decimal(30))],
        supersedes=anv.agreement,
        by=by,
    )
    anv.agreement.refresh_from_db()
    assert new.number == 2 and anv.agreement.title == "Anvisningsaftale Ballerup–Almenbo"
    assert anv.agreement.departments.count() == 2
    with pytest.raises(ValidationError):
        services.create_agreement(
            kommune=world.ballerup,
            organisation=world.almenbo,
            title="Igen",
            legal_basis="frivillig",
            valid_from=date(2027, 1, 1),
            valid_to=date(2030, 12, 31),
            departments=[services.DepartmentTerms(world.kirstinelund, Decimal(30))],
            supersedes=anv.agreement,
            by=by,
        )


def test_department_outside_the_organisation_is_refused(world) -> None:
    with pytest.raises(ValidationError):
        services.create_agreement(
            kommune=world.ballerup,
            organisation=world.almenbo,
            title="Forkert",
            legal_basis="fjerdedel",
            valid_from=date(2024, 1, 1),
            valid_to=date(2024, 12, 31),
            departments=[services.DepartmentTerms(world.noerrebro, Decimal(25))],
            by=None,
        )


def test_step_review_history(world, anv) -> None:
    covered = anv.agreement.departments.get(department=world.kirstinelund)
    services.review_step(covered=covered, year=2025, share=Decimal(30), step=3, by=None)
    with pytest.raises(ValidationError):
        services.review_step(covered=covered, year=2025, share=Decimal(20), by=None)
    covered.refresh_from_db()
    assert (covered.share, covered.step) == (Decimal(30), 3)
    assert list(covered.reviews.values_list("year", flat=True)) == [2025]


def test_comment_by_the_organisation_with_history(world, anv) -> None:
    staff = world.users["almenbo_staff"]
    c = services.add_comment(agreement=anv.agreement, text="Vi er enige.", by=staff)
    c = services.edit_comment(comment=c, text="Vi er enige i trinnet.", version=0, by=staff)
    assert c.version == 1 and c.revisions.get().text == "Vi er enige."
    with pytest.raises(PermissionDenied):
        services.add_comment(agreement=anv.agreement, text="x", by=world.users["other_org_staff"])
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment=c, text="y", by=world.users["caseworker_ballerup"])


def test_figures_from_the_ledger(world, anv) -> None:
    from styringsdialog.anvisning.models import LedgerEntry as L

    (row,) = department_figures(world.ballerup, L.objects.all())
    by_year = {y.year: y for y in row.years}
    assert by_year[2023].offered == 1 and by_year[2023].vacancy_days == 12
    assert by_year[2023].vacancy_amount == Decimal("1200.00")
    assert by_year[2024].allocated == 2 and by_year[2024].vacancies == 12
    assert by_year[2024].achieved_share == Decimal("16.7")
    assert by_year[2024].agreed_share == Decimal(25) and by_year[2024].below_agreed
    assert by_year[2024].guarantee_claimed == Decimal(15000)
    assert by_year[2025].guarantee_paid == Decimal(12000)
    (org,) = organisation_figures(world.ballerup, L.objects.all())
    assert org.key == "0151" and {y.year for y in org.years} == {2023, 2024, 2025}


def test_departments_in_a_forebyggelsesomraade_are_flagged(world, anv) -> None:
    from styringsdialog.anvisning.briefing import anvisning_points
    from styringsdialog.anvisning.queries import today
    from styringsdialog.registers.models import AreaClassification, ResidentialArea

    area = ResidentialArea.objects.create(code="151-K", name="Kirstinelund", kommune=world.ballerup)
    area.departments.add(world.kirstinelund)
    AreaClassification.objects.create(
        area=area,
        list_year=today().year,
        ruleset="2021",
        category="forebyggelse",
        label="Forebyggelsesområde",
    )
    (row,) = department_figures(world.ballerup, LedgerEntry.objects.all())
    assert row.prevention
    (point,) = anvisning_points(world.almenbo, 2025)
    assert "forebyggelsesområde" in point.text
