"""Fixtures for the construction tests: a rate for the current year and a new-construction
case in Ballerup about Almenbo's Lundebjerg; a renovation with LBF support in Kirstinelund."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from styringsdialog.construction import services
from styringsdialog.construction.models import ConstructionCase, MaximumRate


@pytest.fixture
def rate(db) -> MaximumRate:
    """A test rate (not an official figure) for this year's skema B."""
    return MaximumRate.objects.create(
        year=timezone.localdate().year,
        housing_type="familie",
        region="" if timezone.localdate().year >= 2024 else "hovedstaden",
        per_dwelling=Decimal(500_000),
        per_m2=Decimal(20_000),
        source="test",
    )


@pytest.fixture
def new_build(world, rate) -> ConstructionCase:
    return services.open_construction_case(
        kommune=world.ballerup,
        organisation=world.almenbo,
        department=world.lundebjerg,
        kind="nybyggeri",
        title="Nye boliger i Lundebjerg",
        housing_type="familie",
        dwellings=40,
        area_m2=Decimal(3_600),
        by=world.users["caseworker_ballerup"],
    )


@pytest.fixture
def renovation(world) -> ConstructionCase:
    return services.open_construction_case(
        kommune=world.ballerup,
        organisation=world.almenbo,
        department=world.kirstinelund,
        kind="renovering_lbf",
        title="Altaner og elevatorer i Kirstinelund",
        dwellings=120,
        area_m2=Decimal(9_000),
        loan_amount=Decimal(50_000_000),
        property_value=Decimal(100_000_000),
        prior_debt=Decimal(30_000_000),
        opened_on=date(2021, 5, 27),
        by=world.users["caseworker_ballerup"],
    )
