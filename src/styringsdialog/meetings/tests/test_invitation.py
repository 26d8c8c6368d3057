"""The invitation (indkaldelse): who sees the meeting before and after it is sent, per persona;
the agenda PDF, the .ics and the meeting folder; users as participants; the API and CSRF."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from styringsdialog.meetings import services
from styringsdialog.meetings.calendar import escape_text, fold, meeting_ics

from .conftest import advance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def emails(world):
    for user in world.users.values():
        user.email = f"{user.username}@example.dk"
        user.save(update_fields=["email"])


@pytest.fixture
def planned(meeting, world):
    """A planned meeting with minutes typed on item 1 (a draft the organisation must not see)."""
    item = meeting.items.get(key="velkomst")
    services.write_minutes(item=item, text="Hemmeligt udkast fra kommunen.")
    return meeting


def _invite(meeting, world):
    return services.send_invitation(meeting=meeting, by=world.users["caseworker_ballerup"])


# --- who sees what, before and after --------------------------------------------------------


@pytest.mark.parametrize(
    "persona,before,after",
    [
        ("caseworker_ballerup", 200, 200),
        ("almenbo_staff", 404, 200),
        ("other_org_staff", 404, 404),
        ("caseworker_kbh", 404, 404),
        ("analyst", 404, 404),
        ("no_role", 404, 404),
        ("admin", 200, 200),
    ],
)
def test_meeting_page_before_and_after_the_invitation(
    world, client_for, planned, persona, before, after
):
    url = reverse("meetings:meeting", args=[planned.pk])
    assert client_for(world.users[persona]).get(url).status_code == before
    _invite(planned, world)
    assert client_for(world.users[persona]).get(url).status_code == after


def test_organisation_sees_agenda_but_not_the_draft_minutes(world, client_for, planned):
    services.add_agreement(
        meeting=planned,
        agenda_item=planned.items.get(key="velkomst"),
        text="Hemmelig aftale i udkastet",
        responsible_side="organisation",
        by=None,
    )
    _invite(planned, world)
    page = client_for(world.users["almenbo_staff"]).get(
        reverse("meetings:meeting", args=[planned.pk])
    )
    html = page.content.decode()
    assert "Velkomst" in html or planned.items.get(key="velkomst").title in html
    assert "Hemmeligt udkast" not in html and "Hemmelig aftale" not in html
    assert "Hent dagsorden (PDF)" in html and "Send indkaldelse" not in html
    assert "Hent mødemappe" not in html


def test_organisation_sees_minutes_once_the_referat_is_sent(world, client_for, meeting):
    _invite(meeting, world)
    advance(meeting, world, "sent")
    html = (
        client_for(world.users["almenbo_staff"])
        .get(reverse("meetings:meeting", args=[meeting.pk]))
        .content.decode()
    )
    assert "Torben bød velkommen." in html


@pytest.mark.parametrize(
    "persona,status",
    [
        ("almenbo_staff", 403),
        ("caseworker_kbh", 404),
        ("analyst", 404),
        ("caseworker_ballerup", 302),
    ],
)
def test_sending_the_invitation_is_for_the_kommune(world, client_for, planned, persona, status):
    if persona == "almenbo_staff":
        _invite(planned, world)
    response = client_for(world.users[persona]).post(
        reverse("meetings:invitation_send", args=[planned.pk])
    )
    assert response.status_code == status


def test_invitation_mails_the_organisation_staff_with_a_link(world, client_for, planned, settings):
    settings.PUBLIC_BASE_URL = "https://sd.example.dk"
    mail.outbox.clear()
    client_for(world.users["caseworker_ballerup"]).post(
        reverse("meetings:invitation_send", args=[planned.pk])
    )
    planned.refresh_from_db()
    assert planned.invitation_sent_at is not None and planned.invitation_sequence == 0
    assert [m.to for m in mail.outbox] == [["claus@example.dk"]]
    message = mail.outbox[0]
    assert message.subject.startswith("Styringsdialog: Indkaldelse")
    assert f"https://sd.example.dk/moeder/{planned.pk}/" in message.body
    assert "Min profil" in message.body


def test_a_second_invitation_is_an_update_with_a_new_sequence(world, planned):
    _invite(planned, world)
    _invite(planned, world)
    planned.refresh_from_db()
    assert planned.invitation_sequence == 1
    assert "Opdateret indkaldelse" in mail.outbox[-1].subject


def test_no_invitation_to_a_held_meeting(world, meeting):
    services.mark_meeting_held(meeting=meeting, by=world.users["caseworker_ballerup"])
    with pytest.raises(ValidationError, match="afholdt"):
        _invite(meeting, world)


# --- downloads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,persona,before,after",
    [
        ("meetings:agenda_pdf", "almenbo_staff", 404, 200),
        ("meetings:calendar_ics", "almenbo_staff", 404, 200),
        ("meetings:folder_pdf", "almenbo_staff", 404, 403),
        ("meetings:folder_pdf", "caseworker_ballerup", 200, 200),
        ("meetings:agenda_pdf", "other_org_staff", 404, 404),
        ("meetings:calendar_ics", "analyst", 404, 404),
    ],
)
def test_download_scope(world, client_for, planned, name, persona, before, after):
    url = reverse(name, args=[planned.pk])
    assert client_for(world.users[persona]).get(url).status_code == before
    _invite(planned, world)
    assert client_for(world.users[persona]).get(url).status_code == after


def test_agenda_pdf_is_a_pdf_without_minutes(world, client_for, planned):
    from styringsdialog.meetings.printing import agenda_html

    _invite(planned, world)
    response = client_for(world.users["almenbo_staff"]).get(
        reverse("meetings:agenda_pdf", args=[planned.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = agenda_html(planned)
    assert "Hemmeligt udkast" not in html and "Ballerup Rådhus" in html


def test_meeting_folder_has_agenda_briefing_followup_and_attachments(world, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from styringsdialog.meetings.printing import folder_html, render_folder_pdf

    services.add_attachment(
        item=meeting.items.get(key="velkomst"),
        upload=SimpleUploadedFile("budget.pdf", b"%PDF-1.4 x"),
        by=None,
    )
    html = folder_html(meeting)
    assert "Mødemappe" in html
    assert "Briefing" in html and "Aftaler til opfølgning" in html
    assert "budget.pdf" in html
    assert render_folder_pdf(meeting).startswith(b"%PDF")


def test_calendar_invitation_is_rfc5545(world, client_for, meeting, settings):
    settings.PUBLIC_BASE_URL = "https://sd.example.dk"
    services.update_meeting_details(
        meeting=meeting,
        date=date(2021, 5, 27),
        start_time=time(9, 30),
        place="Rådhus; sal 2, 1. sal",
    )
    _invite(meeting, world)
    response = client_for(world.users["almenbo_staff"]).get(
        reverse("meetings:calendar_ics", args=[meeting.pk])
    )
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert f"UID:meeting-{meeting.pk}@sd.example.dk" in unfolded
    assert "DTSTART;TZID=Europe/Copenhagen:20210527T093000" in unfolded
    assert "TZID:Europe/Copenhagen" in unfolded and "SEQUENCE:0" in unfolded
    assert "LOCATION:Rådhus\\; sal 2\\, 1. sal" in unfolded


def test_changing_the_date_after_the_invitation_bumps_the_sequence(world, meeting):
    _invite(meeting, world)
    mail.outbox.clear()
    services.update_meeting_details(
        meeting=meeting, date=date(2021, 6, 3), start_time=None, place=meeting.place
    )
    meeting.refresh_from_db()
    assert meeting.invitation_sequence == 1
    assert "SEQUENCE:1" in meeting_ics(meeting)
    assert "DTSTART;VALUE=DATE:20210603" in meeting_ics(meeting)
    assert "Opdateret indkaldelse" in mail.outbox[0].subject
    # same details again: nothing changes
    services.update_meeting_details(
        meeting=meeting, date=date(2021, 6, 3), start_time=None, place=meeting.place
    )
    meeting.refresh_from_db()
    assert meeting.invitation_sequence == 1


def test_ics_text_escaping_and_folding():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "æ" * 100)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "æ" * 100


# --- users as participants ------------------------------------------------------------------


def test_a_user_participant_gets_the_invitation(world, client_for, meeting):
    karin_like = world.users["caseworker_ballerup"]
    client = client_for(karin_like)
    response = client.post(
        reverse("meetings:participant_add_user", args=[meeting.pk]),
        {
            "deltagerbruger-user": world.users["almenbo_staff"].pk,
            "deltagerbruger-title": "Direktør",
        },
    )
    assert response.status_code == 302
    p = meeting.participants.get()
    assert (p.user, p.side, p.organisation, p.title) == (
        world.users["almenbo_staff"],
        "organisation",
        world.almenbo,
        "Direktør",
    )
    with pytest.raises(ValidationError, match="hverken"):
        services.add_participant(
            meeting=meeting, name="", side="", user=world.users["other_org_staff"]
        )


def test_user_choices_are_the_organisation_staff_and_the_kommunes_caseworkers(world, meeting):
    from styringsdialog.meetings.queries import participant_user_choices

    labels = [label for _, label in participant_user_choices(meeting)]
    assert sorted(labels) == ["Claus (Almenbo)", "Torben (Ballerup)"]
    services.add_participant(meeting=meeting, name="", side="", user=world.users["almenbo_staff"])
    assert [label for _, label in participant_user_choices(meeting)] == ["Torben (Ballerup)"]


def test_free_text_participants_still_work(world, meeting):
    p = services.add_participant(meeting=meeting, name="Gæst Hansen", side="andet")
    assert p.user is None


# --- API ------------------------------------------------------------------------------------


def test_api_send_invitation_and_downloads(world, client_for, planned):
    torben = client_for(world.users["caseworker_ballerup"])
    response = torben.post(f"/api/v1/meetings/{planned.pk}/invitation")
    assert response.status_code == 200, response.content
    assert response.json()["invitation_sent_at"] is not None
    claus = client_for(world.users["almenbo_staff"])
    detail = claus.get(f"/api/v1/meetings/{planned.pk}").json()
    assert all(i["minutes"] == "" for i in detail["items"])
    assert claus.get(f"/api/v1/meetings/{planned.pk}/agenda.pdf").content.startswith(b"%PDF")
    assert b"BEGIN:VEVENT" in claus.get(f"/api/v1/meetings/{planned.pk}/calendar.ics").content
    refused = claus.get(f"/api/v1/meetings/{planned.pk}/folder.pdf")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert claus.post(f"/api/v1/meetings/{planned.pk}/invitation").status_code == 403
    olga = client_for(world.users["other_org_staff"])
    assert olga.get(f"/api/v1/meetings/{planned.pk}/agenda.pdf").status_code == 404


def test_api_send_invitation_requires_csrf_with_a_session(world, planned):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker_ballerup"])
    response = client.post(f"/api/v1/meetings/{planned.pk}/invitation")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    planned.refresh_from_db()
    assert planned.invitation_sent_at is None


def test_cli_send_invitation_and_meeting_folder(world, planned, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("send_invitation", str(planned.pk), "--by", "torben", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["meeting_id"] == planned.pk and out["invitation_sequence"] == 0
    with pytest.raises(CommandError, match="læseadgang"):
        call_command("send_invitation", str(planned.pk), "--by", "claus")
    target = tmp_path / "mappe.pdf"
    call_command("meeting_folder", str(planned.pk), "-o", str(target))
    assert target.read_bytes().startswith(b"%PDF")
    call_command("meeting_folder", str(planned.pk), "-o", str(tmp_path / "m.ics"), "--ics")
    assert (tmp_path / "m.ics").read_text().startswith("BEGIN:VCALENDAR")
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("meeting_folder", "999999", "-o", str(target))


@pytest.mark.parametrize(
    "persona,status", [("almenbo_staff", 403), ("other_org_staff", 404), ("analyst", 404)]
)
def test_only_the_kommune_adds_user_participants(world, client_for, planned, persona, status):
    _invite(planned, world)
    response = client_for(world.users[persona]).post(
        reverse("meetings:participant_add_user", args=[planned.pk]),
        {"deltagerbruger-user": world.users["almenbo_staff"].pk},
    )
    assert response.status_code == status
    assert not planned.participants.exists()


def test_invitation_confirmation_page_changes_nothing(world, client_for, planned):
    page = client_for(world.users["caseworker_ballerup"]).get(
        reverse("meetings:invitation_send", args=[planned.pk])
    )
    assert page.status_code == 200 and "Bekræft: send indkaldelse" in page.content.decode()
    planned.refresh_from_db()
    assert planned.invitation_sent_at is None and mail.outbox == []
