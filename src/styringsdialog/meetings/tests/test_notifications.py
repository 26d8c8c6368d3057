"""E-mail notifications of the meeting workflow, one test per kind (Django's locmem backend via
the queued-mail job), the opt-outs of "Min profil", and the agreement reminders' idempotence."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from styringsdialog.accounts import services as account_services
from styringsdialog.meetings import services
from styringsdialog.meetings.notifications import agreement_reminders, notify_comment_answered

from .conftest import advance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def emails(world):
    for user in world.users.values():
        user.email = f"{user.username}@example.dk"
        user.save(update_fields=["email"])
    mail.outbox.clear()


def _to(outbox=None) -> list[str]:
    return sorted(a for m in (outbox or mail.outbox) for a in m.to)


def _subjects() -> list[str]:
    return [str(m.subject) for m in mail.outbox]


def test_invitation_sent(world, meeting):
    services.send_invitation(meeting=meeting, by=world.users["caseworker_ballerup"])
    assert _to() == ["claus@example.dk"]
    assert "Indkaldelse" in mail.outbox[0].subject


def test_agenda_changed_after_sending_once_a_day(world, meeting):
    torben = world.users["caseworker_ballerup"]
    services.add_agenda_item(meeting=meeting, title="Før indkaldelsen")
    assert mail.outbox == []
    services.send_invitation(meeting=meeting, by=torben)
    mail.outbox.clear()
    services.add_agenda_item(meeting=meeting, title="Nyt punkt")
    services.rename_agenda_item(item=meeting.items.get(title="Nyt punkt"), title="Nyt punkt 2")
    assert _to() == ["claus@example.dk"]
    assert "Dagsordenen er ændret" in mail.outbox[0].subject
    assert "#dagsorden" in mail.outbox[0].body


def test_referat_sent_for_comments(world, meeting):
    advance(meeting, world, "sent")
    assert _to() == ["claus@example.dk"]
    assert "Referatudkast til kommentering" in mail.outbox[0].subject


def test_comment_received_goes_to_the_kommunes_caseworkers(world, meeting):
    advance(meeting, world, "sent")
    mail.outbox.clear()
    services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="Ret punkt 1"
    )
    assert _to() == ["torben@example.dk"]
    assert "Ret punkt 1" in mail.outbox[0].body


def test_comment_answered_goes_to_the_author(world, meeting):
    advance(meeting, world, "sent")
    comment = services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="Ret punkt 1"
    )
    mail.outbox.clear()
    sent = notify_comment_answered(
        comment=comment, answer_text="Det er rettet.", by=world.users["caseworker_ballerup"]
    )
    assert [n.email for n in sent] == ["claus@example.dk"] == _to()
    assert "Det er rettet." in mail.outbox[0].body and "Torben" in mail.outbox[0].body


def test_referat_approved_and_published(world, meeting):
    advance(meeting, world, "approved")
    assert "Referatet af mødet 27.5.2021 er godkendt" in " ".join(_subjects())
    mail.outbox.clear()
    services.mark_referat_published(meeting=meeting, by=world.users["caseworker_ballerup"])
    assert _to() == ["claus@example.dk"]
    assert "offentliggjort" in mail.outbox[0].subject


@pytest.mark.parametrize(
    "side,expected",
    [
        ("organisation", ["claus@example.dk"]),
        ("kommune", ["torben@example.dk"]),
        ("begge", ["claus@example.dk", "torben@example.dk"]),
    ],
)
def test_agreement_assigned_to_the_responsible_side(world, meeting, side, expected):
    advance(meeting, world, "sent")
    mail.outbox.clear()
    services.add_agreement(meeting=meeting, text="Gør noget", responsible_side=side, by=None)
    assert _to() == expected


def test_agreement_on_a_draft_referat_reaches_the_organisation_when_the_referat_is_sent(
    world, meeting
):
    torben = world.users["caseworker_ballerup"]
    services.add_agreement(
        meeting=meeting, text="Gør noget", responsible_side="organisation", by=torben
    )
    assert mail.outbox == []  # the organisation cannot see it yet; the creator is not told
    advance(meeting, world, "sent")
    assert "Styringsdialog: Ny aftale: Gør noget" in _subjects()
    mail.outbox.clear()
    services.reopen_referat_for_correction(meeting=meeting, by=torben, reason="Ret")
    services.send_referat_to_organisation(meeting=meeting, by=torben)
    assert "Styringsdialog: Ny aftale: Gør noget" not in _subjects()  # told once per agreement


def test_opted_out_users_get_nothing(world, meeting):
    account_services.set_notification_preferences(
        user=world.users["almenbo_staff"], enabled=["referat_sent"]
    )
    services.send_invitation(meeting=meeting, by=world.users["caseworker_ballerup"])
    assert mail.outbox == []


def test_users_without_email_or_inactive_get_nothing(world, meeting):
    claus = world.users["almenbo_staff"]
    claus.email = ""
    claus.save()
    services.send_invitation(meeting=meeting, by=world.users["caseworker_ballerup"])
    assert mail.outbox == []


def test_a_refused_invitation_sends_nothing(world, meeting):
    meeting.items.all().delete()
    with pytest.raises(ValidationError, match="Dagsordenen er tom"):
        services.send_invitation(meeting=meeting, by=world.users["caseworker_ballerup"])
    assert mail.outbox == []


# --- reminders ------------------------------------------------------------------------------


@pytest.fixture
def agreements(world, meeting):
    advance(meeting, world, "sent")
    soon = services.add_agreement(
        meeting=meeting,
        text="Snart",
        responsible_side="organisation",
        deadline=date(2021, 7, 5),
        by=None,
    )
    late = services.add_agreement(
        meeting=meeting,
        text="Sent",
        responsible_side="kommune",
        deadline=date(2021, 6, 20),
        by=None,
    )
    later = services.add_agreement(
        meeting=meeting, text="Senere", responsible_side="begge", deadline=date(2021, 9, 1), by=None
    )
    mail.outbox.clear()
    return soon, late, later


def test_agreement_deadline_approaching_and_overdue(world, agreements):
    sent = agreement_reminders(today=date(2021, 7, 1))
    keys = sorted(n.key.split(":")[0] for n in sent)
    assert keys == ["agreement-overdue", "agreement-soon"]
    by_subject = {m.subject: m.to for m in mail.outbox}
    assert by_subject == {
        "Styringsdialog: Fristen for en aftale nærmer sig (5.7.2021)": ["claus@example.dk"],
        "Styringsdialog: Fristen for en aftale er overskredet (20.6.2021)": ["torben@example.dk"],
    }


def test_agreement_reminders_are_idempotent(world, agreements):
    agreement_reminders(today=date(2021, 7, 1))
    first = len(mail.outbox)
    assert agreement_reminders(today=date(2021, 7, 1)) == []
    assert agreement_reminders(today=date(2021, 7, 2)) == []
    assert len(mail.outbox) == first
    # after the deadline passes the "soon" agreement is overdue: one new reminder
    again = agreement_reminders(today=date(2021, 7, 6))
    assert [n.key.split(":")[0] for n in again] == ["agreement-overdue"]


def test_agreement_reminders_dry_run_sends_and_records_nothing(world, agreements):
    would = agreement_reminders(today=date(2021, 7, 1), dry_run=True)
    assert len(would) == 2 and mail.outbox == []
    assert len(agreement_reminders(today=date(2021, 7, 1))) == 2


def test_resolved_agreements_get_no_reminders(world, agreements):
    soon, late, _ = agreements
    services.change_agreement_status(agreement=late, status="opfyldt", by=None)
    sent = agreement_reminders(today=date(2021, 7, 1))
    assert [n.key.split(":")[0] for n in sent] == ["agreement-soon"]


def test_joint_meeting_invitation_reaches_every_organisation(world, meeting, client_for):
    from django.urls import reverse

    from styringsdialog.registry.models import Department

    # Københavns Boligselskab has a department in Ballerup, so it may join the meeting
    Department.objects.filter(pk=world.noerrebro.pk).update(kommune=world.ballerup)
    meeting.other_organisations.add(world.kbhbolig)
    services.send_invitation(meeting=meeting, by=world.users["caseworker_ballerup"])
    assert _to() == ["claus@example.dk", "olga@example.dk"]
    url = reverse("meetings:meeting", args=[meeting.pk])
    assert client_for(world.users["other_org_staff"]).get(url).status_code == 200


def test_attachment_after_the_invitation_is_an_agenda_change(world, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.send_invitation(meeting=meeting, by=world.users["caseworker_ballerup"])
    mail.outbox.clear()
    services.add_attachment(
        item=meeting.items.get(key="velkomst"),
        upload=SimpleUploadedFile("bilag.pdf", b"%PDF-1.4 x"),
        by=world.users["caseworker_ballerup"],
    )
    assert ["Dagsordenen er ændret" in s for s in _subjects()] == [True]


def test_suppressed_notifications_send_and_record_nothing(world, meeting):
    with account_services.notifications_suppressed():
        services.send_invitation(meeting=meeting, by=world.users["caseworker_ballerup"])
    assert mail.outbox == []
    services.add_agenda_item(meeting=meeting, title="Efter blokken")
    assert len(mail.outbox) == 1
