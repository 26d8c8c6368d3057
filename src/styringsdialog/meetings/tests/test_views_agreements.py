"""Agreement pages: add from a meeting, kommune list with filters, detail with history, status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from styringsdialog.meetings import services

from .conftest import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements(meeting, world):
    past = timezone.localdate() - timedelta(days=30)
    overdue = services.add_agreement(
        meeting=meeting,
        text="Oplysningerne sendes til Almenbo",
        responsible_side="kommune",
        deadline=past,
        by=None,
    )
    org = services.add_agreement(
        meeting=meeting,
        text="Almenbo tager det med ved evt. kommende projekter",
        responsible_side="organisation",
        by=None,
    )
    done = services.add_agreement(
        meeting=meeting, text="Afsluttet aftale", responsible_side="kommune", deadline=past, by=None
    )
    services.change_agreement_status(agreement=done, status="opfyldt", by=None)
    return overdue, org, done


def test_caseworker_adds_an_agreement_under_an_item(world, client_for, meeting):
    item = meeting.items.get(key="eventuelt")
    client_for(world.users["caseworker_ballerup"]).post(
        reverse("meetings:agreement_add", args=[meeting.pk]),
        {
            "aftale-text": "Oplysningerne sendes til Almenbo",
            "aftale-item": item.pk,
            "aftale-responsible_side": "kommune",
            "aftale-responsible_person": "Torben",
            "aftale-deadline": "2021-08-01",
            "aftale-departments": [world.lundebjerg.pk],
        },
    )
    agreement = meeting.agreements.get()
    assert agreement.agenda_item == item and list(agreement.departments.all()) == [world.lundebjerg]
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("meetings:meeting", args=[meeting.pk]))
        .content.decode()
    )
    assert "Oplysningerne sendes til Almenbo" in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 200),
        ("almenbo_staff", 200),
        ("caseworker_kbh", 404),
        ("analyst", 404),
        ("other_org_staff", 404),
    ],
)
def test_agreement_list_scope(world, client_for, agreements, persona, status):
    assert (
        client_for(world.users[persona])
        .get(reverse("meetings:kommune_agreements", args=["151"]))
        .status_code
        == status
    )


def test_agreement_list_filters_overdue_and_status(world, client_for, agreements):
    c = client_for(world.users["caseworker_ballerup"])
    url = reverse("meetings:kommune_agreements", args=["151"])
    html = c.get(url, {"overdue": "on"}).content.decode()
    assert (
        "Oplysningerne sendes" in html
        and "Afsluttet aftale" not in html
        and "kommende projekter" not in html
    )
    html = c.get(url, {"status": "opfyldt"}).content.decode()
    assert "Afsluttet aftale" in html and "Oplysningerne" not in html
    html = c.get(url, {"status": "aabne", "organisation": "0151"}).content.decode()
    assert (
        "Oplysningerne" in html and "kommende projekter" in html and "Afsluttet aftale" not in html
    )


def test_organisation_staff_do_not_see_agreements_from_a_draft_referat(
    world, client_for, agreements
):
    html = (
        client_for(world.users["almenbo_staff"])
        .get(reverse("meetings:kommune_agreements", args=["151"]))
        .content.decode()
    )
    assert "Oplysningerne" not in html
    assert (
        client_for(world.users["almenbo_staff"])
        .get(reverse("meetings:agreement", args=[agreements[0].pk]))
        .status_code
        == 404
    )


def test_agreement_list_query_count_is_bounded(
    world, client_for, agreements, django_assert_max_num_queries
):
    c = client_for(world.users["caseworker_ballerup"])
    with django_assert_max_num_queries(8):
        c.get(reverse("meetings:kommune_agreements", args=["151"]))


def test_detail_shows_history_and_the_allowed_statuses(world, client_for, agreements):
    overdue = agreements[0]
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("meetings:agreement", args=[overdue.pk]))
        .content.decode()
    )
    assert "Frist overskredet" in html and "Historik" in html and "Oprettet" in html
    assert (
        '<option value="i_gang">I gang</option>' in html and '<option value="lukket">' not in html
    )


def test_caseworker_changes_status_through_the_form(world, client_for, agreements):
    overdue = agreements[0]
    c = client_for(world.users["caseworker_ballerup"])
    c.post(
        reverse("meetings:agreement_status", args=[overdue.pk]),
        {"status": "i_gang", "note": "Sendt i dag"},
    )
    overdue.refresh_from_db()
    assert overdue.status == "i_gang" and overdue.events.last().note == "Sendt i dag"


def test_status_form_carries_the_version_and_a_stale_one_shows_the_danish_message(
    world, client_for, agreements
):
    overdue = agreements[0]
    c = client_for(world.users["caseworker_ballerup"])
    url = reverse("meetings:agreement_status", args=[overdue.pk])
    html = c.get(reverse("meetings:agreement", args=[overdue.pk])).content.decode()
    assert '<input type="hidden" name="version" value="0"' in html
    c.post(url, {"status": "i_gang", "version": "0"})
    overdue.refresh_from_db()
    assert overdue.status == "i_gang" and overdue.version == 1
    response = c.post(url, {"status": "opfyldt", "version": "0"}, follow=True)
    assert "Aftalen er blevet ændret af en anden" in response.content.decode()
    overdue.refresh_from_db()
    assert overdue.status == "i_gang" and overdue.events.count() == 2


def test_illegal_status_change_shows_the_danish_message(world, client_for, agreements):
    c = client_for(world.users["caseworker_ballerup"])
    response = c.post(
        reverse("meetings:agreement_status", args=[agreements[0].pk]),
        {"status": "lukket"},
        follow=True,
    )
    assert (
        "En aftale kan ikke gå fra &#x27;aftalt&#x27; direkte til &#x27;lukket&#x27;."
        in response.content.decode()
    )


def test_organisation_staff_report_progress_but_cannot_fulfil(
    world, client_for, meeting, agreements
):
    advance(meeting, world, "sent")
    org = agreements[1]
    c = client_for(world.users["almenbo_staff"])
    html = c.get(reverse("meetings:agreement", args=[org.pk])).content.decode()
    assert "Meld status" in html and '<option value="opfyldt">' not in html
    c.post(
        reverse("meetings:agreement_status", args=[org.pk]),
        {"status": "i_gang", "note": "Vi er i gang"},
    )
    org.refresh_from_db()
    assert org.status == "i_gang"
    assert (
        c.post(
            reverse("meetings:agreement_status", args=[org.pk]), {"status": "opfyldt"}
        ).status_code
        == 403
    )
    assert (
        c.post(
            reverse("meetings:agreement_status", args=[agreements[0].pk]), {"status": "i_gang"}
        ).status_code
        == 403
    )


def test_other_kommune_gets_404_on_status_post(world, client_for, agreements):
    assert (
        client_for(world.users["caseworker_kbh"])
        .post(reverse("meetings:agreement_status", args=[agreements[0].pk]), {"status": "i_gang"})
        .status_code
        == 404
    )


def test_kommune_page_panel_lists_overdue_agreements(world, client_for, agreements):
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("registry:kommune", args=["151"]))
        .content.decode()
    )
    assert "Overskredne aftaler" in html and "1</strong> aftale med overskredet frist" in html
    assert "Dialogmøder" in html


def test_analyst_sees_no_meeting_panels(world, client_for, agreements):
    html = (
        client_for(world.users["analyst"])
        .get(reverse("registry:kommune", args=["151"]))
        .content.decode()
    )
    assert "Overskredne aftaler" not in html and "Oplysningerne" not in html


def test_agreement_older_than_deadline_today_is_not_overdue(meeting):
    a = services.add_agreement(
        meeting=meeting,
        text="x",
        responsible_side="kommune",
        deadline=timezone.localdate(),
        by=None,
    )
    assert not a.is_overdue
    a.deadline = date(2000, 1, 1)
    assert a.is_overdue
