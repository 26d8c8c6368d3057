"""Fixtures for the anvisning tests: a framework agreement for Almenbo's departments in
Ballerup and a few ledger rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from styringsdialog.anvisning import services
from styringsdialog.anvisning.models import AnvisningAgreement, LedgerEntry


@dataclass
class Anv:
    agreement: AnvisningAgreement
    entry: LedgerEntry


def make_anvisning(world) -> Anv:
    by = world.users["caseworker_ballerup"]
    agreement = services.create_agreement(
        kommune=world.ballerup,
        organisation=world.almenbo,
        title="Anvisningsaftale Ballerup–Almenbo",
        legal_basis="frivillig",
        trappemodel=True,
        valid_from=date(2023, 1, 1),
        valid_to=date(2026, 12, 31),
        departments=[
            services.DepartmentTerms(world.kirstinelund, Decimal(25), 2, "Unge under uddannelse"),
            services.DepartmentTerms(world.lundebjerg, Decimal(20), 1),
        ],
        by=by,
    )
    entry = services.add_entry(
        kommune=world.ballerup,
        department=world.kirstinelund,
        dwelling="0312",
        offered_on=date(2023, 12, 1),
        address="Kirstinelund 12, st. tv.",
        rent=Decimal("6200"),
        outcome="anvist",
        outcome_on=date(2024, 1, 5),
        household_ref="H-2023-017",
        vacancy_from=date(2023, 12, 20),
        vacancy_to=date(2024, 1, 10),
        vacancy_amount=Decimal("2200.00"),
        by=by,
    )
    services.add_entry(
        kommune=world.ballerup,
        department=world.kirstinelund,
        dwelling="0101",
        offered_on=date(2024, 2, 1),
        outcome="anvist",
        outcome_on=date(2024, 2, 20),
        guarantee_claimed=Decimal(15000),
        guarantee_claimed_on=date(2024, 11, 1),
        guarantee_approved=Decimal(12000),
        guarantee_paid=Decimal(12000),
        guarantee_paid_on=date(2025, 1, 15),
        by=by,
    )
    services.set_vacancies(
        department=world.kirstinelund, kommune=world.ballerup, year=2024, vacancies=12, by=by
    )
    return Anv(agreement, entry)


@pytest.fixture
def anv(world) -> Anv:
    return make_anvisning(world)
