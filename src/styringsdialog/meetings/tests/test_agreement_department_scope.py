"""The departments a caseworker can name in an agreement: all of an organisation's departments in
its home kommune; elsewhere only those in the caseworker's own kommune (the rule of
``accounts.permissions.package_department_filter``). Almenbo (hjemsted Ballerup) gets afd. 020
Amagerhus in København here, in this test only."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from styringsdialog.meetings import services
from styringsdialog.meetings.models import Agreement
from styringsdialog.testing import make_department

pytestmark = pytest.mark.django_db

BALLERUP_DEPARTMENTS = ("Kirstinelund", "Lundebjerg")


@pytest.fixture
def amagerhus(world):
    return make_department(world.almenbo, "020", "Amagerhus", world.kbh)


def _meeting(world, kommune, persona):
    return services.create_meeting_from_template(
        kommune=kommune,
        organisation=world.almenbo,
        styringsaar=2025,
        date=date(2025, 5, 27),
        by=world.users[persona],
    )


def _choices(html: str) -> str:
    start = html.index('name="aftale-departments"')
    return html[start : html.index("</select>", start)]


def test_a_caseworker_elsewhere_is_offered_only_the_department_in_their_kommune(
    world, amagerhus, client_for
):
    meeting = _meeting(world, world.kbh, "caseworker_kbh")
    html = client_for(world.users["caseworker_kbh"]).get(
        reverse("meetings:meeting", args=[meeting.pk])
    )
    choices = _choices(html.content.decode())
    assert "020 Amagerhus" in choices
    assert [name for name in BALLERUP_DEPARTMENTS if name in choices] == []


def test_the_home_kommune_is_offered_every_department(world, amagerhus, client_for):
    meeting = _meeting(world, world.ballerup, "caseworker_ballerup")
    html = client_for(world.users["caseworker_ballerup"]).get(
        reverse("meetings:meeting", args=[meeting.pk])
    )
    choices = _choices(html.content.decode())
    assert all(name in choices for name in (*BALLERUP_DEPARTMENTS, "Amagerhus"))


def _post(client, meeting, departments):
    return client.post(
        reverse("meetings:agreement_add", args=[meeting.pk]),
        {
            "aftale-text": "Afdelingen udarbejder en vedligeholdelsesplan.",
            "aftale-responsible_side": "organisation",
            "aftale-departments": [d.pk for d in departments],
        },
        follow=True,
    )


def test_a_posted_department_outside_the_caseworkers_kommune_is_refused(
    world, amagerhus, client_for
):
    meeting = _meeting(world, world.kbh, "caseworker_kbh")
    client = client_for(world.users["caseworker_kbh"])
    response = _post(client, meeting, [world.lundebjerg])
    assert response.status_code == 200 and not Agreement.objects.exists()
    html = response.content.decode()
    assert "Afdelinger: Marker en gyldig valgmulighed." in html  # a Danish error, no 500
    _post(client, meeting, [amagerhus])
    assert list(Agreement.objects.get().departments.all()) == [amagerhus]


@pytest.mark.parametrize(
    ("persona", "status"), [("almenbo_staff", 404), ("other_org_staff", 404), ("analyst", 404)]
)
def test_others_cannot_add_agreements(world, amagerhus, client_for, persona, status):
    meeting = _meeting(world, world.kbh, "caseworker_kbh")
    response = client_for(world.users[persona]).post(
        reverse("meetings:agreement_add", args=[meeting.pk]),
        {"aftale-text": "x", "aftale-responsible_side": "kommune"},
    )
    assert response.status_code == status and not Agreement.objects.exists()
