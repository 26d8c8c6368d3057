"""Meetings: types, templates, themes, creation from a template, details and participants."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from styringsdialog.meetings import notifications
from styringsdialog.meetings.agenda import DEFAULT_TEMPLATE_ITEMS, fill_title
from styringsdialog.meetings.history import Subject, record
from styringsdialog.meetings.models import (
    AgendaItem,
    AgendaTemplate,
    AgendaTemplateItem,
    Meeting,
    MeetingType,
    Participant,
    Side,
    YearTheme,
)
from styringsdialog.registry.models import Kommune, Organisation

DEFAULT_MEETING_TYPES = (
    ("Individuelt dialogmøde", False),
    ("Fællesmøde", True),
    ("Boligstrategisk forum", True),
)
DEFAULT_TEMPLATE_NAME = "Standarddagsorden"
MIN_YEAR, MAX_YEAR = 2000, 2100


def require_editable(meeting: Meeting) -> None:
    if not meeting.is_editable:
        raise ValidationError(
            f"Referatet er {meeting.get_referat_status_display().lower()} og kan ikke ændres. "
            "Genåbn referatet for rettelser først."
        )


def _clean_text(value: str, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"{label} skal udfyldes.")
    if len(value) > max_length:
        raise ValidationError(f"{label} må højst være {max_length} tegn.")
    return value


@transaction.atomic
def ensure_meeting_types(*, kommune: Kommune) -> list[MeetingType]:
    """The kommune's meeting types, creating the three defaults the first time."""
    if not kommune.meeting_types.exists():
        for position, (name, joint) in enumerate(DEFAULT_MEETING_TYPES, start=1):
            MeetingType.objects.create(
                kommune=kommune, name=name, is_joint=joint, position=position
            )
    return list(kommune.meeting_types.all())


@transaction.atomic
def ensure_default_template(*, kommune: Kommune) -> AgendaTemplate:
    """The kommune's default agenda template, created from ``DEFAULT_TEMPLATE_ITEMS`` if missing."""
    template = kommune.agenda_templates.filter(is_default=True).first()
    if template is not None:
        return template
    template = AgendaTemplate.objects.create(
        kommune=kommune, name=DEFAULT_TEMPLATE_NAME, is_default=True
    )
    AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(template=template, position=n, key=key, title=title)
        for n, (key, title) in enumerate(DEFAULT_TEMPLATE_ITEMS, start=1)
    )
    return template


@transaction.atomic
def add_year_theme(
    *, kommune: Kommune, styringsaar: int, title: str, description: str = ""
) -> YearTheme:
    title = _clean_text(title, "Temaet", 300)
    _check_year(styringsaar)
    if YearTheme.objects.filter(kommune=kommune, styringsaar=styringsaar, title=title).exists():
        raise ValidationError(f"Temaet »{title}« findes allerede for {styringsaar}.")
    position = (
        YearTheme.objects.filter(kommune=kommune, styringsaar=styringsaar).aggregate(
            m=Max("position")
        )["m"]
        or 0
    ) + 1
    return YearTheme.objects.create(
        kommune=kommune,
        styringsaar=styringsaar,
        title=title,
        description=description.strip(),
        position=position,
    )


def _check_year(styringsaar: int) -> None:
    if not MIN_YEAR <= styringsaar <= MAX_YEAR:
        raise ValidationError(f"Styringsåret skal ligge mellem {MIN_YEAR} og {MAX_YEAR}.")


def organisation_belongs_to(organisation: Organisation, kommune: Kommune) -> bool:
    """Hjemsted in the kommune, or at least one department there."""
    return (
        organisation.home_kommune_id == kommune.pk
        or organisation.departments.filter(kommune=kommune).exists()
    )


def _validate_meeting(
    kommune: Kommune,
    meeting_type: MeetingType,
    organisation: Organisation,
    others: list[Organisation],
    styringsaar: int,
    when: date,
) -> None:
    _check_year(styringsaar)
    if meeting_type.kommune_id != kommune.pk:
        raise ValidationError("Mødetypen hører til en anden kommune.")
    if abs(when.year - styringsaar) > 1:
        raise ValidationError(
            f"Mødedatoen ({when:%d.%m.%Y}) passer ikke til styringsår {styringsaar}."
        )
    for org in [organisation, *others]:
        if not organisation_belongs_to(org, kommune):
            raise ValidationError(
                f"{org.name} har hverken hjemsted eller afdelinger i {kommune.name}."
            )


@transaction.atomic
def create_meeting(
    *,
    kommune: Kommune,
    organisation: Organisation,
    styringsaar: int,
    date: date,
    by: Any,
    meeting_type: MeetingType | None = None,
    start_time: time | None = None,
    place: str = "",
    other_organisations: Iterable[Organisation] = (),
) -> Meeting:
    """A planned meeting with an empty agenda (imports of old referater build their own)."""
    meeting_type = meeting_type or ensure_meeting_types(kommune=kommune)[0]
    others = [o for o in other_organisations if o.pk != organisation.pk]
    _validate_meeting(kommune, meeting_type, organisation, others, styringsaar, date)
    meeting = Meeting.objects.create(
        kommune=kommune,
        organisation=organisation,
        meeting_type=meeting_type,
        styringsaar=styringsaar,
        date=date,
        start_time=start_time,
        place=(place or "").strip()[:200],
        created_by=by,
    )
    meeting.other_organisations.set(others)
    return meeting


@transaction.atomic
def create_meeting_from_template(
    *,
    kommune: Kommune,
    organisation: Organisation,
    styringsaar: int,
    date: date,
    by: Any,
    meeting_type: MeetingType | None = None,
    start_time: time | None = None,
    place: str = "",
    template: AgendaTemplate | None = None,
    other_organisations: Iterable[Organisation] = (),
    add_themes: bool = True,
) -> Meeting:
    """A planned meeting whose agenda copies the template; the kommune's themes for the
    styringsår become sub-items of the item with key ``temaer``."""
    template = template or ensure_default_template(kommune=kommune)
    if template.kommune_id != kommune.pk:
        raise ValidationError("Dagsordensskabelonen hører til en anden kommune.")
    meeting = create_meeting(
        kommune=kommune,
        organisation=organisation,
        styringsaar=styringsaar,
        date=date,
        by=by,
        meeting_type=meeting_type,
        start_time=start_time,
        place=place,
        other_organisations=other_organisations,
    )
    items = {}
    for t in template.items.all():
        items[t.key] = AgendaItem.objects.create(
            meeting=meeting, position=t.position, title=fill_title(t.title, styringsaar), key=t.key
        )
    if add_themes and "temaer" in items:
        themes = YearTheme.objects.filter(kommune=kommune, styringsaar=styringsaar)
        for n, theme in enumerate(themes, start=1):
            AgendaItem.objects.create(
                meeting=meeting, parent=items["temaer"], position=n, title=theme.title
            )
    return meeting


@transaction.atomic
def update_meeting_details(
    *,
    meeting: Meeting,
    date: date,
    start_time: time | None,
    place: str,
    by: Any = None,
    meeting_type: MeetingType | None = None,
) -> Meeting:
    """New date, time and place (and, if given, meeting type) of a meeting whose referat is
    still editable; an invited meeting gets an updated invitation."""
    require_editable(meeting)
    old = (meeting.date, meeting.start_time, meeting.place)
    new_type = meeting_type or meeting.meeting_type
    _validate_meeting(
        meeting.kommune, new_type, meeting.organisation, [], meeting.styringsaar, date
    )
    if meeting.is_held and date > meeting.date:
        raise ValidationError("Et afholdt møde kan ikke flyttes til en senere dato.")
    meeting.date, meeting.start_time, meeting.place = date, start_time, (place or "").strip()[:200]
    meeting.meeting_type = new_type
    meeting.save(update_fields=["date", "start_time", "place", "meeting_type", "updated_at"])
    if meeting.is_invited and old != (meeting.date, meeting.start_time, meeting.place):
        # i10-invite: a new .ics SEQUENCE and an updated invitation
        meeting.invitation_sequence += 1
        meeting.save(update_fields=["invitation_sequence"])
        notifications.notify_invitation_sent(meeting=meeting, by=by, updated=True)
    return meeting


def participating_organisation_ids(meeting: Meeting) -> set[int]:
    return {meeting.organisation_id, *meeting.other_organisations.values_list("pk", flat=True)}


@transaction.atomic
def add_participant(
    *,
    meeting: Meeting,
    name: str,
    side: str,
    title: str = "",
    organisation: Organisation | None = None,
    by: Any = None,
    user: Any = None,
) -> Participant:
    """A participant by name (free text), or a user of the system (``user``: staff of a
    participating organisation or a caseworker of the kommune), who then gets the invitation and
    the meeting's notifications by e-mail."""
    require_editable(meeting)
    if user is not None:
        side, organisation = _user_side(meeting, user)
        name = name or user.get_full_name() or user.username
        if meeting.participants.filter(user=user).exists():
            raise ValidationError(f"{name} er allerede deltager.")
    name = _clean_text(name, "Navnet", 200)
    if side not in Side.values:
        raise ValidationError(
            "Vælg om deltageren kommer fra kommunen, boligorganisationen eller andre."
        )
    if side == Side.ORGANISATION and organisation is None:
        organisation = meeting.organisation
    if organisation is not None and organisation.pk not in participating_organisation_ids(meeting):
        raise ValidationError(f"{organisation.name} deltager ikke i mødet.")
    position = (meeting.participants.aggregate(m=Max("position"))["m"] or 0) + 1
    participant = Participant.objects.create(
        meeting=meeting,
        name=name,
        side=side,
        title=(title or "").strip()[:200],
        organisation=organisation,
        position=position,
        user=user,
    )
    record(
        meeting=meeting,
        by=by,
        subject=Subject.PARTICIPANT,
        action="added",
        label=name,
        new=", ".join(x for x in (participant.title, participant.get_side_display()) if x),
    )
    return participant


def _user_side(meeting: Meeting, user: Any) -> tuple[str, Organisation | None]:
    """(side, organisation) of a user who may take part in the meeting, else ValidationError."""
    from styringsdialog.accounts.permissions import scope_for

    scope = scope_for(user)
    org_ids = participating_organisation_ids(meeting)
    own = sorted(scope.organisation_ids & org_ids)
    if own:
        return Side.ORGANISATION, Organisation.objects.get(pk=own[0])
    if meeting.kommune_id in scope.kommune_ids:
        return Side.KOMMUNE, None
    raise ValidationError(
        "Brugeren er hverken medarbejder i mødets boligorganisationer eller sagsbehandler i kommunen."
    )


@transaction.atomic
def remove_participant(*, participant: Participant, by: Any = None) -> None:
    require_editable(participant.meeting)
    record(
        meeting=participant.meeting,
        by=by,
        subject=Subject.PARTICIPANT,
        action="removed",
        label=participant.name,
        old=participant.title,
    )
    participant.delete()


def default_plan_date(styringsaar: int, today: date) -> date:
    """The date a bulk-planned meeting gets when none is given: today if that fits the
    styringsår (within a year of it), else 1 September of the styringsår. The caseworker moves
    each meeting to its real date afterwards."""
    if abs(today.year - styringsaar) <= 1:
        return today
    return date(styringsaar, 9, 1)


def organisations_without_meeting(*, kommune: Kommune, styringsaar: int) -> list[Organisation]:
    """The kommune's home organisations that have no meeting (as primary organisation) with the
    kommune for the styringsår, by LBF number. One query."""
    planned = Meeting.objects.filter(kommune=kommune, styringsaar=styringsaar).values(
        "organisation_id"
    )
    return list(
        Organisation.objects.filter(home_kommune=kommune).exclude(pk__in=planned).order_by("number")
    )


@transaction.atomic
def plan_meetings_for_kommune(
    *, kommune: Kommune, styringsaar: int, by: Any, date: date | None = None
) -> list[Meeting]:
    """A planned meeting (agenda from the kommune's standard template) for each home organisation
    of the kommune that has none for the styringsår. Idempotent: a second run creates nothing.
    Returns the meetings created."""
    _check_year(styringsaar)
    when = date or default_plan_date(styringsaar, timezone.localdate())
    template = ensure_default_template(kommune=kommune)
    meeting_type = ensure_meeting_types(kommune=kommune)[0]
    created = []
    for organisation in organisations_without_meeting(kommune=kommune, styringsaar=styringsaar):
        created.append(
            create_meeting_from_template(
                kommune=kommune,
                organisation=organisation,
                styringsaar=styringsaar,
                date=when,
                by=by,
                meeting_type=meeting_type,
                template=template,
            )
        )
    return created
