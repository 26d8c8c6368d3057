"""Registry services: bad input gives every error in Danish and writes nothing."""

from __future__ import annotations

import dataclasses

import pytest

from almen.synth.model import SynthAccountLine, SynthDepartment, SynthOrganisation, SynthWorld
from styringsdialog.registry.models import AccountLine, Department, Organisation
from styringsdialog.registry.services import (
    RegistryError,
    create_organisation,
    ensure_kommuner,
    load_world,
)

pytestmark = pytest.mark.django_db


def tiny_world() -> SynthWorld:
    org = SynthOrganisation(
        number="0151", cvr="20151005", name="Almenbo", home_kommune="151", administrator="Almenbo"
    )
    dept = SynthDepartment(
        org_number="0151",
        number="008",
        name="Lundebjerg",
        kommune_code="151",
        address="Lundebjergvej 1",
        year_built=2020,
        taken_into_use=None,
        building_type="taet-lav",
        dwellings={"familie": 60},
        area_m2={"familie": 5400},
        lease_units=60.0,
        rent_per_m2=1200,
        bbr_property_numbers=(),
        dar_address_ids=(),
    )
    line = SynthAccountLine(
        org_number="0151", dept_number="008", year=2020, konto="112.1", amount_ore=123456
    )
    return SynthWorld(
        seed=1,
        scale="small",
        years=(2020,),
        organisations=[org],
        departments=[dept],
        account_lines=[line],
    )


def test_load_world_writes_everything(db):
    summary = load_world(tiny_world(), source_name="test")
    assert (summary.organisations, summary.departments, summary.account_lines) == (1, 1, 1)
    line = AccountLine.objects.get()
    assert str(line.amount) == "1234.56" and line.konto == "112.1"
    source = Department.objects.get().source
    assert source is not None
    assert source.name == "test"


def test_load_world_reports_every_error_and_writes_nothing(db):
    world = tiny_world()
    bad_dept = dataclasses.replace(
        world.departments[0], kommune_code="999", area_m2={"familie": -10}
    )
    world.departments = [world.departments[0], bad_dept]
    world.organisations.append(
        dataclasses.replace(world.organisations[0], number="0152", home_kommune="000")
    )
    with pytest.raises(RegistryError) as exc:
        load_world(world, source_name="test")
    text = "\n".join(exc.value.errors)
    assert "ukendt kommunekode '000'" in text
    assert "ukendt kommunekode '999'" in text
    assert "afdelingsnummeret 008 findes to gange i organisation 0151" in text
    assert "negativ værdi for m² familie (-10)" in text
    assert (
        not Organisation.objects.exists()
        and not Department.objects.exists()
        and not AccountLine.objects.exists()
    )


def test_second_load_is_refused_without_changes(db):
    load_world(tiny_world(), source_name="first")
    with pytest.raises(RegistryError, match="allerede"):
        load_world(tiny_world(), source_name="second")
    assert Organisation.objects.count() == 1 and AccountLine.objects.count() == 1


def test_create_organisation_validates(db):
    ensure_kommuner()
    create_organisation(number="0045", name="Test", home_kommune_code="151")
    with pytest.raises(RegistryError) as exc:
        create_organisation(number="0045", name="Test igen", home_kommune_code="998")
    assert any("ukendt kommunekode" in e for e in exc.value.errors)
    assert any("findes to gange" in e for e in exc.value.errors)
    assert Organisation.objects.count() == 1


def test_ensure_kommuner_loads_98_real_kommuner(db):
    assert ensure_kommuner() == 98
    assert ensure_kommuner() == 98  # idempotent
    from styringsdialog.registry.models import Kommune

    ballerup = Kommune.objects.get(code="151")
    assert (
        ballerup.official_name == "Ballerup Kommune"
        and ballerup.region.name == "Region Hovedstaden"
    )
