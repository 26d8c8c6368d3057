"""The meetings app's e-mail notifications (who receives what: docs/reference/notifications.md).

Each function builds the Danish text and the link, picks the recipients and hands them to
``accounts.services.notify`` (which honours "Min profil" and queues the mail as a job). The
services call them inside their own transaction, so a write that fails sends nothing. The
periodic reminders (agreement deadlines) are in ``agreement_reminders``, run daily by
``styringsdialog send-reminders``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse

from styringsdialog.accounts.models import NotificationKind as K
from styringsdialog.accounts.models import User
from styringsdialog.accounts.queries import kommune_caseworkers, organisation_staff
from styringsdialog.accounts.services import Notification, Pending, notify, notify_batch
from styringsdialog.meetings.models import Agreement, Meeting, ReferatComment
from styringsdialog.meetings.querysets import UNRESOLVED_AGREEMENT_STATUSES

REMINDER_DAYS = 7  # "deadline approaching": this many days before (and on) the deadline
OVERDUE_WINDOW_DAYS = 90  # "overdue": told once, for deadlines passed at most this long ago


def _dk(d: date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def _meeting_path(meeting: Meeting, anchor: str = "") -> str:
    path = reverse("meetings:meeting", args=[meeting.pk])
    return f"{path}#{anchor}" if anchor else path


def _org_ids(meeting: Meeting) -> set[int]:
    return {meeting.organisation_id, *meeting.other_organisations.values_list("pk", flat=True)}


def organisation_side(meeting: Meeting) -> list[Any]:
    """The organisations' staff and every participant who is a user (kommune staff too)."""
    users = list(organisation_staff(_org_ids(meeting)))
    users += list(
        User.objects.filter(pk__in=meeting.participants.exclude(user=None).values("user_id"))
    )
    return users


def _when(meeting: Meeting) -> str:
    text = _dk(meeting.date)
    if meeting.start_time:
        text += f" kl. {meeting.start_time:%H.%M}"
    if meeting.place:
        text += f", {meeting.place}"
    return text


def notify_invitation_sent(
    *, meeting: Meeting, by: Any, updated: bool = False
) -> list[Notification]:
    what = "Opdateret indkaldelse" if updated else "Indkaldelse"
    return notify(
        kind=K.INVITATION,
        users=organisation_side(meeting),
        exclude=by,
        subject=f"{what}: {meeting.meeting_type.name} {_dk(meeting.date)}",
        body=(
            f"{meeting.kommune.official_name} indkalder til {meeting.meeting_type.name.lower()} "
            f"med {meeting.organisation.name} {_when(meeting)}.\n\n"
            "Dagsordenen og bilagene kan ses på mødets side. Der kan hentes en kalenderinvitation "
            "(.ics) og dagsordenen som PDF."
        ),
        path=_meeting_path(meeting),
    )


def notify_agenda_changed(
    *, meeting: Meeting, by: Any, today: date | None = None
) -> list[Notification]:
    """After the invitation: at most one mail per meeting and day, however many changes."""
    if not meeting.is_invited:
        return []
    day = today or date.today()
    return notify(
        kind=K.AGENDA_CHANGED,
        users=organisation_side(meeting),
        exclude=by,
        key=f"agenda-changed:{meeting.pk}:{day.isoformat()}",
        subject=f"Dagsordenen er ændret: {meeting.meeting_type.name} {_dk(meeting.date)}",
        body=(
            f"Dagsordenen til mødet mellem {meeting.organisation.name} og "
            f"{meeting.kommune.official_name} {_when(meeting)} er ændret efter indkaldelsen."
        ),
        path=_meeting_path(meeting, "dagsorden"),
    )


def notify_referat_sent(*, meeting: Meeting, by: Any) -> list[Notification]:
    """The draft to the organisation side; and the agreements made at the meeting to the
    organisation's staff, who can see them from now on."""
    sent: list[Notification] = []
    for agreement in meeting.agreements.select_related("organisation", "kommune", "meeting"):
        sent += notify_agreement_assigned(agreement=agreement, by=by)
    return sent + notify(
        kind=K.REFERAT_SENT,
        users=organisation_side(meeting),
        exclude=by,
        subject=f"Referatudkast til kommentering: mødet {_dk(meeting.date)}",
        body=(
            f"{meeting.kommune.official_name} har sendt udkastet til referat af mødet "
            f"{_dk(meeting.date)} til kommentering. Kommentér på mødets side."
        ),
        path=_meeting_path(meeting, "kommentarer"),
    )


def notify_comment_received(*, comment: ReferatComment) -> list[Notification]:
    meeting = comment.meeting
    author = comment.author.get_full_name() or comment.author.username
    return notify(
        kind=K.COMMENT_RECEIVED,
        users=kommune_caseworkers([meeting.kommune_id]),
        exclude=comment.author,
        subject=f"Ny kommentar til referatet af mødet med {meeting.organisation.name}",
        body=f"{author} har kommenteret referatudkastet:\n\n{comment.text[:1000]}",
        path=_meeting_path(meeting, "kommentarer"),
    )


def notify_comment_answered(
    *, comment: ReferatComment, answer_text: str, by: Any
) -> list[Notification]:
    """For the comment thread (answers to comments): tells the comment's author. Call it from
    the service that stores an answer."""
    meeting = comment.meeting
    who = (by.get_full_name() or by.username) if by is not None else "Kommunen"
    return notify(
        kind=K.COMMENT_ANSWERED,
        users=[comment.author],
        exclude=by,
        subject=f"Svar på din kommentar til referatet af mødet {_dk(meeting.date)}",
        body=(f"Din kommentar: {comment.text[:500]}\n\n{who} har svaret:\n\n{answer_text[:1000]}"),
        path=_meeting_path(meeting, "kommentarer"),
    )


def notify_referat_approved(*, meeting: Meeting, by: Any) -> list[Notification]:
    return notify(
        kind=K.REFERAT_APPROVED,
        users=organisation_side(meeting),
        exclude=by,
        subject=f"Referatet af mødet {_dk(meeting.date)} er godkendt",
        body=(
            f"{meeting.kommune.official_name} har godkendt referatet af mødet med "
            f"{meeting.organisation.name} {_dk(meeting.date)}."
        ),
        path=_meeting_path(meeting),
    )


def notify_referat_published(*, meeting: Meeting, by: Any) -> list[Notification]:
    return notify(
        kind=K.REFERAT_PUBLISHED,
        users=organisation_side(meeting),
        exclude=by,
        subject=f"Referatet af mødet {_dk(meeting.date)} er offentliggjort",
        body=(
            f"Referatet af mødet mellem {meeting.organisation.name} og "
            f"{meeting.kommune.official_name} {_dk(meeting.date)} er nu offentligt."
        ),
        path=_meeting_path(meeting),
    )


def responsible_users(agreement: Agreement, *, organisation_knows: bool = True) -> list[Any]:
    """The organisation's staff, the kommune's caseworkers, or both (the responsible side).
    ``organisation_knows=False`` (the referat is still a draft): the kommune's side only."""
    users: list[Any] = []
    if organisation_knows and agreement.responsible_side in ("organisation", "begge"):
        users += list(organisation_staff([agreement.organisation_id]))
    if agreement.responsible_side in ("kommune", "begge"):
        users += list(kommune_caseworkers([agreement.kommune_id]))
    return users


def _agreement_path(agreement: Agreement) -> str:
    return reverse("meetings:agreement", args=[agreement.pk])


def notify_agreement_assigned(*, agreement: Agreement, by: Any) -> list[Notification]:
    """To the responsible side, once per agreement and user. An agreement made at a meeting
    whose referat is a draft is not yet visible to the organisation: its staff are told when
    the referat is sent (``notify_referat_sent``)."""
    meeting = agreement.meeting
    knows = meeting is None or meeting.referat_status != Meeting.ReferatStatus.DRAFT
    deadline = f" Frist: {_dk(agreement.deadline)}." if agreement.deadline else ""
    return notify(
        kind=K.AGREEMENT_ASSIGNED,
        users=responsible_users(agreement, organisation_knows=knows),
        exclude=by,
        key=f"agreement-assigned:{agreement.pk}",
        subject=f"Ny aftale: {agreement.text[:60]}",
        body=(
            f"Der er indgået en aftale mellem {agreement.organisation.name} og "
            f"{agreement.kommune.official_name}, hvor {agreement.get_responsible_side_display().lower()} "
            f"er ansvarlig:\n\n{agreement.text}\n{deadline}"
        ),
        path=_agreement_path(agreement),
    )


def agreement_reminders(*, today: date, dry_run: bool = False) -> list[Notification]:
    """Deadline within ``REMINDER_DAYS`` days ("nærmer sig"), or passed at most
    ``OVERDUE_WINDOW_DAYS`` ago ("overskredet"): one mail of each per agreement, deadline and
    recipient, ever (``SentNotification`` keys). A changed deadline gets new reminders.
    Agreements of a meeting whose referat is still a draft are not yet known to the organisation
    and are skipped."""
    soon = today + timedelta(days=REMINDER_DAYS)
    oldest = today - timedelta(days=OVERDUE_WINDOW_DAYS)
    qs = (
        Agreement.objects.filter(status__in=UNRESOLVED_AGREEMENT_STATUSES)
        .filter(Q(deadline__lte=soon) & Q(deadline__gte=oldest))
        .exclude(meeting__isnull=False, meeting__referat_status="draft")
        .select_related("organisation", "kommune")
    )
    staff = _users_by(organisation_staff, {a.organisation_id for a in qs})
    caseworkers = _users_by(kommune_caseworkers, {a.kommune_id for a in qs})
    batch: list[Pending] = []
    for a in qs:
        assert a.deadline is not None
        users: list[Any] = []
        if a.responsible_side in ("organisation", "begge"):
            users += staff.get(a.organisation_id, [])
        if a.responsible_side in ("kommune", "begge"):
            users += caseworkers.get(a.kommune_id, [])
        overdue = a.deadline < today
        state = "overdue" if overdue else "soon"
        subject = (
            f"Fristen for en aftale er overskredet ({_dk(a.deadline)})"
            if overdue
            else f"Fristen for en aftale nærmer sig ({_dk(a.deadline)})"
        )
        batch.append(
            Pending(
                kind=K.AGREEMENT_DEADLINE,
                users=users,
                key=f"agreement-{state}:{a.pk}:{a.deadline.isoformat()}",
                subject=subject,
                body=(
                    f"Aftale mellem {a.organisation.name} og {a.kommune.official_name} "
                    f"(status: {a.get_status_display().lower()}, frist {_dk(a.deadline)}):"
                    f"\n\n{a.text}\n\nMeld fremdrift eller ret status på aftalens side."
                ),
                path=_agreement_path(a),
            )
        )
    return notify_batch(batch, dry_run=dry_run)


def _users_by(lookup: Any, ids: Iterable[int]) -> dict[int, list[Any]]:
    """{organisation or kommune id: its users}, in one query per kind."""
    ids = list(ids)
    out: dict[int, list[Any]] = {}
    if not ids:
        return out
    field = "organisation_id" if lookup is organisation_staff else "kommune_id"
    for user in lookup(ids).prefetch_related("memberships"):
        for m in user.memberships.all():
            target = getattr(m, field)
            if target in ids:
                out.setdefault(target, []).append(user)
    return out
