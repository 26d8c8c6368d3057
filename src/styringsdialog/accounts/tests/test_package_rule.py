"""The rule for what of a documentation package a reader sees, per persona: the whole package in
the home kommune, the organisation and nationally; elsewhere only the departments in the reader's
kommune. Almenbo (hjemsted Ballerup) gets afd. 020 Amagerhus in København here only."""

from __future__ import annotations

import pytest

from styringsdialog.accounts.permissions import (
    package_department_filter,
    scope_for,
    sees_whole_package,
)
from styringsdialog.registry.models import Department
from styringsdialog.testing import make_department

pytestmark = pytest.mark.django_db

# persona → (sees the whole package, Almenbo's departments whose lines they see)
EXPECTED = {
    "caseworker_ballerup": (True, ["003", "008", "020"]),  # the home kommune
    "caseworker_kbh": (False, ["020"]),  # one department in København
    "almenbo_staff": (True, ["003", "008", "020"]),
    "analyst": (True, ["003", "008", "020"]),
    "admin": (True, ["003", "008", "020"]),
    "other_org_staff": (False, []),  # outsider
    "no_role": (False, []),
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_what_of_almenbos_package_each_persona_sees(world, persona):
    make_department(world.almenbo, "020", "Amagerhus", world.kbh)
    scope = scope_for(world.users[persona])
    departments = Department.objects.filter(organisation=world.almenbo).filter(
        package_department_filter(scope)
    )
    seen = (sees_whole_package(scope, world.almenbo), sorted(d.number for d in departments))
    assert seen == EXPECTED[persona]


def test_a_caseworker_sees_the_whole_package_of_an_organisation_at_home(world):
    assert sees_whole_package(scope_for(world.users["caseworker_kbh"]), world.kbhbolig)
    assert not sees_whole_package(scope_for(world.users["caseworker_ballerup"]), world.kbhbolig)
