"""Meeting pages per persona: lists, create, detail, status actions, participants, comments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styringsdialog.meetings import services
from styringsdialog.meetings.models import Meeting

from .conftest import advance

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 200),
        ("admin", 200),
        ("almenbo_staff", 200),
        ("caseworker_kbh", 404),
        ("other_org_staff", 404),
        ("analyst", 404),
        ("no_role", 404),
    ],
)
def test_kommune_meeting_list_scope(world, client_for, meeting, persona, status):
    response = client_for(world.users[persona]).get(
        reverse("meetings:kommune_meetings", args=["151"])
    )
    assert response.status_code == status


def test_anonymous_is_sent_to_login(world, client_for, meeting):
    response = client_for(None).get(reverse("meetings:meeting", args=[meeting.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_organisation_staff_do_not_see_draft_meetings_in_lists(world, client_for, meeting):
    c = client_for(world.users["almenbo_staff"])
    html = c.get(reverse("meetings:kommune_meetings", args=["151"])).content.decode()
    assert "Ingen dialogmøder" in html
    assert (
        c.get(reverse("meetings:organisation_meetings", args=["0151"]))
        .content.decode()
        .count(reverse("meetings:meeting", args=[meeting.pk]))
        == 0
    )


@pytest.mark.parametrize(
    ("persona", "draft", "sent"),
    [
        ("caseworker_ballerup", 200, 200),
        ("admin", 200, 200),
        ("almenbo_staff", 404, 200),
        ("other_org_staff", 404, 404),
        ("caseworker_kbh", 404, 404),
        ("analyst", 404, 404),
        ("no_role", 404, 404),
    ],
)
def test_meeting_detail_scope_before_and_after_sending(
    world, client_for, meeting, persona, draft, sent
):
    url = reverse("meetings:meeting", args=[meeting.pk])
    assert client_for(world.users[persona]).get(url).status_code == draft
    advance(meeting, world, "sent")
    assert client_for(world.users[persona]).get(url).status_code == sent


def test_meeting_detail_shows_numbered_agenda_and_forms_for_the_caseworker(
    world, client_for, meeting
):
    services.add_agenda_item(
        meeting=meeting, parent=meeting.items.get(key="temaer"), title="LAR-projekter"
    )
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("meetings:meeting", args=[meeting.pk]))
        .content.decode()
    )
    assert "1. Velkomst" in html and "3.a LAR-projekter" in html
    assert "Gennemgang af styringsrapport for 2020" in html
    assert "Skriv referat" in html and "Markér mødet som afholdt" in html
    assert "Torsdag den 27. maj 2021" in html


def test_organisation_staff_see_the_sent_referat_read_only_with_a_comment_form(
    world, client_for, meeting
):
    advance(meeting, world, "sent")
    html = (
        client_for(world.users["almenbo_staff"])
        .get(reverse("meetings:meeting", args=[meeting.pk]))
        .content.decode()
    )
    assert "Torben bød velkommen." in html
    assert 'name="minutes"' not in html and "Send kommentar" in html and "Historik" not in html


def test_minutes_are_escaped_on_the_page(world, client_for, meeting):
    advance(meeting, world, "sent")
    services.write_minutes(
        item=meeting.items.get(key="velkomst"), text="<img src=x onerror=alert(1)>"
    )
    html = (
        client_for(world.users["almenbo_staff"])
        .get(reverse("meetings:meeting", args=[meeting.pk]))
        .content.decode()
    )
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_caseworker_creates_a_meeting_from_the_template(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    url = reverse("meetings:meeting_create", args=["151"])
    form = c.get(url)
    assert form.status_code == 200 and "Opret dialogmøde" in form.content.decode()
    ctx = form.context["form"]
    data = {
        "organisation": world.almenbo.pk,
        "meeting_type": ctx["meeting_type"].initial,
        "styringsaar": 2021,
        "date": "2021-05-27",
        "start_time": "10:00",
        "place": "Ballerup Rådhus",
        "template": ctx["template"].initial,
    }
    response = c.post(url, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "meetings:meeting", args=[meeting.pk]
    )
    assert (
        meeting.items.filter(parent=None).count() == 8
        and meeting.created_by == world.users["caseworker_ballerup"]
    )


def test_invalid_meeting_form_shows_danish_errors(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    html = c.post(
        reverse("meetings:meeting_create", args=["151"]), {"styringsaar": "x"}
    ).content.decode()
    assert "Dette felt er påkrævet" in html or "Feltet er påkrævet" in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("almenbo_staff", 403), ("analyst", 404), ("caseworker_kbh", 404), ("no_role", 404)],
)
def test_others_cannot_create_meetings_in_ballerup(world, client_for, persona, status):
    assert (
        client_for(world.users[persona])
        .get(reverse("meetings:meeting_create", args=["151"]))
        .status_code
        == status
    )


def test_status_actions_confirm_on_get_and_act_on_post(world, client_for, meeting):
    c = client_for(world.users["caseworker_ballerup"])
    url = reverse("meetings:meeting_action", args=[meeting.pk, "afholdt"])
    assert "Bekræft" in c.get(url).content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    assert c.post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_refused_action_shows_the_reason(world, client_for, meeting):
    services.mark_meeting_held(meeting=meeting, by=None)
    c = client_for(world.users["caseworker_ballerup"])
    response = c.post(reverse("meetings:meeting_action", args=[meeting.pk, "send"]), follow=True)
    assert "Referatet er tomt" in response.content.decode()


def test_unknown_action_is_404(world, client_for, meeting):
    assert (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("meetings:meeting_action", args=[meeting.pk, "slet"]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    "name", ["meeting_action", "participant_add", "item_add", "agreement_add", "meeting_edit"]
)
def test_organisation_staff_get_403_on_writes(world, client_for, meeting, name):
    advance(meeting, world, "sent")
    args = [meeting.pk, "godkend"] if name == "meeting_action" else [meeting.pk]
    assert (
        client_for(world.users["almenbo_staff"])
        .post(reverse(f"meetings:{name}", args=args), {"title": "x"})
        .status_code
        == 403
    )


@pytest.mark.parametrize("persona", ["other_org_staff", "caseworker_kbh", "analyst"])
def test_outsiders_get_404_on_writes(world, client_for, meeting, persona):
    response = client_for(world.users[persona]).post(
        reverse("meetings:item_add", args=[meeting.pk]), {"title": "x"}
    )
    assert response.status_code == 404


def test_participants_are_added_and_removed(world, client_for, meeting):
    c = client_for(world.users["caseworker_ballerup"])
    c.post(
        reverse("meetings:participant_add", args=[meeting.pk]),
        {"deltager-name": "Lisbet", "deltager-side": "organisation", "deltager-title": "Direktør"},
    )
    p = meeting.participants.get()
    assert (p.name, p.organisation) == ("Lisbet", world.almenbo)
    c.post(reverse("meetings:participant_remove", args=[meeting.pk, p.pk]))
    assert not meeting.participants.exists()


def test_organisation_staff_comment_and_the_caseworker_resolves(world, client_for, meeting):
    advance(meeting, world, "sent")
    item = meeting.items.get(key="velkomst")
    client_for(world.users["almenbo_staff"]).post(
        reverse("meetings:comment_add", args=[meeting.pk]),
        {"kommentar-item": item.pk, "kommentar-text": "Lisbet deltog også"},
    )
    comment = meeting.comments.get()
    assert comment.item == item
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("meetings:meeting", args=[meeting.pk]))
        .content.decode()
    )
    assert "Lisbet deltog også" in html and "punkt 1 Velkomst" in html
    client_for(world.users["caseworker_ballerup"]).post(
        reverse("meetings:comment_resolve", args=[meeting.pk, comment.pk])
    )
    comment.refresh_from_db()
    assert comment.resolved


def test_other_organisation_cannot_comment(world, client_for, meeting):
    advance(meeting, world, "sent")
    response = client_for(world.users["other_org_staff"]).post(
        reverse("meetings:comment_add", args=[meeting.pk]), {"kommentar-text": "x"}
    )
    assert response.status_code == 404


def test_list_pages_use_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    for day in range(1, 13):
        from datetime import date

        services.create_meeting_from_template(
            kommune=world.ballerup,
            organisation=world.almenbo,
            styringsaar=2021,
            date=date(2021, 5, day),
            by=None,
        )
    c = client_for(world.users["caseworker_ballerup"])
    with django_assert_max_num_queries(10):
        assert c.get(reverse("meetings:kommune_meetings", args=["151"])).status_code == 200
    with django_assert_max_num_queries(12):
        assert c.get(reverse("meetings:organisation_meetings", args=["0151"])).status_code == 200


def test_meeting_page_query_count_does_not_grow_with_items(
    world, client_for, meeting, django_assert_max_num_queries
):
    c = client_for(world.users["caseworker_ballerup"])
    url = reverse("meetings:meeting", args=[meeting.pk])
    with django_assert_max_num_queries(40) as small:
        c.get(url)
    for n in range(10):
        services.add_agenda_item(
            meeting=meeting, parent=meeting.items.get(key="eventuelt"), title=f"Punkt {n}"
        )
        services.add_agreement(
            meeting=meeting, text=f"Aftale {n}", responsible_side="kommune", by=None
        )
    with django_assert_max_num_queries(len(small.captured_queries) + 2):
        c.get(url)
