"""Linking a construction case to the department's cases, agreements and agenda items from the
case page, and removing a link (w3): choices limited to the case's kommune and department,
every change in the case's history, scope per persona, CSRF."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from styringsdialog.construction import services
from styringsdialog.construction.models import CaseChange
from styringsdialog.construction.queries import link_choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_cases(world):
    from styringsdialog.meetings import services as meetings

    def open_case(department, title):
        return meetings.open_case(
            department=department,
            category="andet",
            title=title,
            opened_on=date(2020, 8, 1),
            by=None,
        )

    return {
        "own": open_case(world.lundebjerg, "Mangler i Lundebjerg"),
        "sibling": open_case(world.kirstinelund, "Altaner i Kirstinelund"),
        "other": open_case(world.noerrebro, "Andet sted"),
    }


@pytest.fixture
def agenda_item(world):
    from styringsdialog.meetings import services as meetings

    meeting = meetings.create_meeting(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2024,
        date=date(2024, 9, 1),
        by=None,
    )
    return meetings.add_agenda_item(meeting=meeting, title="Byggeriet i Lundebjerg", by=None)


def test_choices_are_the_departments_own(world, new_build, meeting_cases, agenda_item):
    choices = link_choices(new_build)
    assert [pk for pk, _ in choices["sag"]] == [meeting_cases["own"].pk]
    assert [pk for pk, _ in choices["punkt"]] == [agenda_item.pk]
    services.link(case=new_build, by=None, case_ids=[meeting_cases["own"].pk])
    assert link_choices(new_build)["sag"] == []


def test_unlink_is_recorded_and_refuses_unknown_links(world, new_build, meeting_cases):
    by = world.users["caseworker_ballerup"]
    own = meeting_cases["own"]
    services.link(case=new_build, by=by, case_ids=[own.pk])
    services.unlink(case=new_build, by=by, case_ids=[own.pk])
    assert not new_build.cases.exists()
    assert CaseChange.objects.filter(
        case=new_build, label=f"Ikke længere knyttet til sag nr. {own.pk}"
    ).exists()
    with pytest.raises(ValidationError, match="ikke knyttet"):
        services.unlink(case=new_build, by=by, case_ids=[own.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 302),
        ("admin", 302),
        ("almenbo_staff", 403),
        ("caseworker_kbh", 404),
        ("other_org_staff", 404),
        ("analyst", 404),
        ("no_role", 404),
    ],
)
def test_link_and_unlink_on_the_page_per_persona(
    world, client_for, new_build, meeting_cases, agenda_item, persona, status
):
    client = client_for(world.users[persona])
    own = meeting_cases["own"]
    add = client.post(
        reverse("construction:link_add", args=[new_build.pk]), {"link-target": f"sag-{own.pk}"}
    )
    assert add.status_code == status
    assert new_build.cases.filter(pk=own.pk).exists() == (status == 302)
    services.link(case=new_build, by=None, agenda_item_ids=[agenda_item.pk])
    remove = client.post(
        reverse("construction:link_remove", args=[new_build.pk]),
        {"target": f"punkt-{agenda_item.pk}"},
    )
    assert remove.status_code == status
    assert new_build.agenda_items.exists() == (status != 302)


def test_page_offers_only_the_departments_choices(world, client_for, new_build, meeting_cases):
    client = client_for(world.users["caseworker_ballerup"])
    body = client.get(reverse("construction:case", args=[new_build.pk])).content.decode()
    assert "Mangler i Lundebjerg" in body
    assert "Altaner i Kirstinelund" not in body and "Andet sted" not in body
    # a case outside the choices is refused even when posted by hand
    other = meeting_cases["other"]
    response = client.post(
        reverse("construction:link_add", args=[new_build.pk]),
        {"link-target": f"sag-{other.pk}"},
        follow=True,
    )
    assert "Vælg en sag" in response.content.decode()
    assert not new_build.cases.exists()
    staff = client_for(world.users["almenbo_staff"])
    staff_body = staff.get(reverse("construction:case", args=[new_build.pk])).content.decode()
    assert "Knyt til en sag" not in staff_body


def test_link_forms_need_csrf(world, new_build, meeting_cases):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker_ballerup"])
    own = meeting_cases["own"]
    for url, data in (
        (reverse("construction:link_add", args=[new_build.pk]), {"link-target": f"sag-{own.pk}"}),
        (reverse("construction:link_remove", args=[new_build.pk]), {"target": f"sag-{own.pk}"}),
    ):
        assert client.post(url, data).status_code == 403
    assert not new_build.cases.exists()


def test_api_and_cli_remove_a_link(world, client_for, new_build, meeting_cases):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    own = meeting_cases["own"]
    owner = world.users["caseworker_ballerup"]
    out = io.StringIO()
    call_command(
        "byggesag",
        "link",
        str(new_build.pk),
        "--case",
        str(own.pk),
        "--as",
        owner.username,
        stdout=out,
    )
    assert "knyttet til" in out.getvalue() and new_build.cases.exists()
    with pytest.raises(CommandError, match="læseadgang"):
        call_command(
            "byggesag",
            "unlink",
            str(new_build.pk),
            "--case",
            str(own.pk),
            "--as",
            world.users["almenbo_staff"].username,
            stdout=io.StringIO(),
        )
    call_command(
        "byggesag",
        "unlink",
        str(new_build.pk),
        "--case",
        str(own.pk),
        "--as",
        owner.username,
        stdout=out,
    )
    assert not new_build.cases.exists()
    services.link(case=new_build, by=None, case_ids=[own.pk])
    client = client_for(owner)
    url = f"/api/v1/construction/cases/{new_build.pk}/links/remove"
    response = client.post(url, {"case_ids": [own.pk]}, content_type="application/json")
    assert response.status_code == 200 and response.json()["case_ids"] == []
    again = client.post(url, {"case_ids": [own.pk]}, content_type="application/json")
    assert again.status_code == 422
