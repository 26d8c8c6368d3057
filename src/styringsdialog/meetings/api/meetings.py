"""Meetings: list, detail, create, edit, held, participants, invitation, printed agenda/folder,
calendar, bulk planning."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
import datetime as dt
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import can_read_minutes, scope_for
from styringsdialog.lib.api_types import (
    ClockTime,
    ClockTimeIn,
    Code,
    Keyword,
    ObjectId,
    ObjectIn,
    OptionalCode,
    Page,
    Text,
    Year,
)
from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import agenda_tree
from styringsdialog.meetings.models import Meeting, Side
from styringsdialog.meetings.queries import (
    existing_meeting,
    get_meeting_for_user,
    get_meeting_type,
    visible_meetings,
)
from styringsdialog.registry.queries import get_kommune_for_user, get_organisation_for_user

router = Router(tags=["Dialogmøder"])


class MeetingOut(Schema):
    id: int
    kommune: str = Field(..., alias="kommune.code")
    organisation: str = Field(..., alias="organisation.number")
    organisation_name: str = Field(..., alias="organisation.name")
    meeting_type: str = Field(..., alias="meeting_type.name")
    meeting_type_id: int
    styringsaar: int
    date: date
    start_time: ClockTime | None
    place: str
    status: str
    referat_status: str
    held_at: datetime | None
    invitation_sent_at: datetime | None
    invitation_sequence: int


class ParticipantOut(Schema):
    id: int
    name: str
    side: str
    title: str
    user_id: int | None


class ItemOut(Schema):
    id: int
    label: str  # "2" or "2.a"
    title: str
    minutes: str  # Drøftelse
    decision: str = ""  # Beslutning
    version: int = 0  # minutes_version: send it back when writing the minutes
    children: list["ItemOut"] = []


ItemOut.model_rebuild()


class MeetingDetailOut(MeetingOut):
    other_organisations: list[str]
    participants: list[ParticipantOut]
    items: list[ItemOut]

    @staticmethod
    def resolve_other_organisations(obj: Meeting) -> list[str]:
        return [o.number for o in obj.other_organisations.all()]

    @staticmethod
    def resolve_participants(obj: Meeting) -> list:
        return list(obj.participants.all())

    @staticmethod
    def resolve_items(obj: Meeting) -> list[dict]:
        hide = getattr(obj, "hide_minutes", False)  # the organisation before the referat is sent

        def node(n) -> dict:
            return {
                "id": n.item.pk,
                "label": n.label,
                "title": n.item.title,
                "minutes": "" if hide else n.item.minutes,
                "decision": "" if hide else n.item.decision,
                "version": n.item.minutes_version,
                "children": [node(c) for c in n.children],
            }

        return [node(n) for n in agenda_tree(obj)]


class MeetingFilters(Schema):
    kommune: OptionalCode | None = None
    organisation: OptionalCode | None = None
    styringsaar: Year | None = None


@router.get("/meetings", response=list[MeetingOut], summary="Dialogmøder i brugerens adgang")
@paginate(Page)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]):
    qs = visible_meetings(scope_for(request.user), Meeting.objects.with_related())
    if filters.kommune:
        qs = qs.filter(kommune__code=filters.kommune)
    if filters.organisation:
        qs = qs.filter(organisation__number=filters.organisation)
    if filters.styringsaar:
        qs = qs.filter(styringsaar=filters.styringsaar)
    return qs.order_by("-date", "-pk")


@router.get(
    "/meetings/{meeting_id}",
    response=MeetingDetailOut,
    summary="Et dialogmøde med deltagere og dagsorden",
)
def get_meeting(request: HttpRequest, meeting_id: ObjectId):
    return _detail(request, meeting_id)


def _detail(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = get_meeting_for_user(request.user, meeting_id)
    meeting.hide_minutes = not can_read_minutes(scope_for(request.user), meeting)  # type: ignore[attr-defined]
    return meeting


# --- h-meet: create, edit, held, participants -----------------------------------------------


class MeetingIn(ObjectIn):
    kommune: Code
    organisation: Code
    styringsaar: Year
    date: date
    start_time: ClockTimeIn | None = None
    place: Text = ""
    meeting_type: ObjectId | None = Field(
        None, description="Id af en af kommunens mødetyper (standard: kommunens første mødetype)"
    )
    from_template: bool = Field(
        True, description="Dagsorden fra kommunens standardskabelon og årets temaer (false: tom)"
    )


@router.post(
    "/meetings",
    response={201: MeetingDetailOut},
    summary="Opret et dialogmøde (409 hvis kommunen og organisationen allerede har et møde af "
    "samme type i styringsåret)",
)
def create_meeting(request: HttpRequest, payload: MeetingIn):
    kommune = get_kommune_for_user(request.user, payload.kommune, write=True)
    organisation = get_organisation_for_user(request.user, payload.organisation)
    if payload.meeting_type is not None:
        meeting_type = get_meeting_type(kommune, payload.meeting_type)
    else:
        meeting_type = services.ensure_meeting_types(kommune=kommune)[0]
    existing = existing_meeting(
        kommune=kommune,
        organisation=organisation,
        styringsaar=payload.styringsaar,
        meeting_type=meeting_type,
    )
    if existing is not None:
        return _conflict(
            f"{organisation.name} har allerede et møde af typen »{meeting_type.name}« med "
            f"{kommune.name} i styringsår {payload.styringsaar} (møde {existing.pk}).",
            existing.pk,
        )
    create = (
        services.create_meeting_from_template if payload.from_template else services.create_meeting
    )
    meeting = create(
        kommune=kommune,
        organisation=organisation,
        styringsaar=payload.styringsaar,
        date=payload.date,
        start_time=payload.start_time,
        place=payload.place,
        meeting_type=meeting_type,
        by=request.user,
    )
    return Status(201, _detail(request, meeting.pk))


def _conflict(message: str, existing_id: int) -> JsonResponse:
    """409 in the error shape, naming the existing meeting (``details[0].id``)."""
    detail = {"location": "body", "message": f"Eksisterende møde: {existing_id}", "id": existing_id}
    body = {"error": {"status": 409, "code": "conflict", "message": message, "details": [detail]}}
    return JsonResponse(body, status=409)


class MeetingPatchIn(ObjectIn):
    """Only the fields sent change; ``start_time: null`` removes the time."""

    date: dt.date | None = None
    start_time: ClockTimeIn | None = None
    place: Text | None = None
    meeting_type: ObjectId | None = None


@router.patch(
    "/meetings/{meeting_id}",
    response=MeetingDetailOut,
    summary="Ret mødets dato, tidspunkt, sted eller mødetype (en sendt indkaldelse opdateres)",
)
def edit_meeting(request: HttpRequest, meeting_id: ObjectId, payload: MeetingPatchIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    sent = payload.model_fields_set
    meeting_type = None
    if payload.meeting_type is not None:
        meeting_type = get_meeting_type(meeting.kommune, payload.meeting_type)
        other = existing_meeting(
            kommune=meeting.kommune,
            organisation=meeting.organisation,
            styringsaar=meeting.styringsaar,
            meeting_type=meeting_type,
        )
        if other is not None and other.pk != meeting.pk:
            return _conflict(
                f"Der er allerede et møde af typen »{meeting_type.name}« i styringsåret "
                f"(møde {other.pk}).",
                other.pk,
            )
    services.update_meeting_details(
        meeting=meeting,
        date=payload.date or meeting.date,
        start_time=payload.start_time if "start_time" in sent else meeting.start_time,
        place=payload.place if payload.place is not None else meeting.place,
        meeting_type=meeting_type,
        by=request.user,
    )
    return _detail(request, meeting_id)


@router.post(
    "/meetings/{meeting_id}/held",
    response=MeetingDetailOut,
    summary="Markér mødet som afholdt (igen: 200 uændret)",
)
def mark_held(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    if not meeting.is_held:
        services.mark_meeting_held(meeting=meeting, by=request.user)
    return _detail(request, meeting_id)


class ParticipantIn(ObjectIn):
    """A participant by name and side, or a user of the system (``user_id``: staff of a
    participating organisation or a caseworker of the kommune; side and name follow the user)."""

    name: Text = ""
    side: Keyword = Field(Side.OTHER.value, description="kommune, organisation eller andet")
    title: Text = ""
    organisation: OptionalCode = Field("", description="Organisationsnummer (side organisation)")
    user_id: ObjectId | None = None


@router.post(
    "/meetings/{meeting_id}/participants",
    response={201: ParticipantOut},
    summary="Tilføj en deltager (en bruger får indkaldelsen og mødets beskeder)",
)
def add_participant(request: HttpRequest, meeting_id: ObjectId, payload: ParticipantIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    user = None
    if payload.user_id is not None:
        user = get_user_model().objects.filter(pk=payload.user_id, is_active=True).first()
        if user is None:
            raise Http404("Brugeren findes ikke.")
    organisation = None
    if payload.organisation:
        organisation = meeting_organisation(meeting, payload.organisation)
    participant = services.add_participant(
        meeting=meeting,
        name=payload.name,
        side=payload.side,
        title=payload.title,
        organisation=organisation,
        user=user,
        by=request.user,
    )
    return Status(201, participant)


def meeting_organisation(meeting: Meeting, number: str):
    """The meeting's primary or other organisation with this number, else 404."""
    for organisation in [meeting.organisation, *meeting.other_organisations.all()]:
        if organisation.number == number:
            return organisation
    raise Http404("Organisationen deltager ikke i mødet.")


@router.delete(
    "/meetings/{meeting_id}/participants/{participant_id}",
    response={204: None},
    summary="Fjern en deltager",
)
def remove_participant(request: HttpRequest, meeting_id: ObjectId, participant_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    participant = meeting.participants.filter(pk=participant_id).first()
    if participant is None:
        raise Http404("Deltageren findes ikke.")
    participant.meeting = meeting
    services.remove_participant(participant=participant, by=request.user)
    return Status(204, None)


# --- i10-invite: the invitation and the meeting's downloads ---------------------------------


def _file_doc(content_type: str, description: str) -> dict:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/meetings/{meeting_id}/invitation",
    response=MeetingDetailOut,
    summary="Send indkaldelsen (igen: en opdateret indkaldelse) til organisationen",
)
def send_invitation(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    services.send_invitation(meeting=meeting, by=request.user)
    return get_meeting_for_user(request.user, meeting_id)


@router.get(
    "/meetings/{meeting_id}/agenda.pdf",
    summary="Dagsordenen som PDF",
    openapi_extra=_file_doc("application/pdf", "Dagsordenen (A4, PDF/UA-1)"),
)
def agenda_pdf(request: HttpRequest, meeting_id: ObjectId):
    from styringsdialog.meetings.printing import pdf_filename, render_agenda_pdf

    meeting = get_meeting_for_user(request.user, meeting_id)
    return _download(
        render_agenda_pdf(meeting), "application/pdf", pdf_filename(meeting, "dagsorden")
    )


@router.get(
    "/meetings/{meeting_id}/calendar.ics",
    summary="Mødet som kalenderinvitation (iCalendar, RFC 5545)",
    openapi_extra=_file_doc("text/calendar", "VCALENDAR med én VEVENT (stabil UID, SEQUENCE)"),
)
def calendar_ics(request: HttpRequest, meeting_id: ObjectId):
    from styringsdialog.meetings.calendar import meeting_ics

    meeting = get_meeting_for_user(request.user, meeting_id)
    return _download(
        meeting_ics(meeting), "text/calendar; charset=utf-8", f"dialogmoede-{meeting.pk}.ics"
    )


@router.get(
    "/meetings/{meeting_id}/folder.pdf",
    summary="Mødemappen som PDF (dagsorden, briefing, opfølgning, bilagsliste; kun kommunen)",
    openapi_extra=_file_doc("application/pdf", "Mødemappen (A4, PDF/UA-1)"),
)
def folder_pdf(request: HttpRequest, meeting_id: ObjectId):
    from styringsdialog.meetings.printing import pdf_filename, render_folder_pdf

    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    return _download(
        render_folder_pdf(meeting), "application/pdf", pdf_filename(meeting, "moedemappe")
    )


class PlanIn(ObjectIn):
    styringsaar: Year
    meeting_date: date | None = Field(
        None, description="Mødedato for de nye møder (standard: i dag, hvis den passer til året)"
    )


class PlannedOut(Schema):
    styringsaar: int
    created: int
    meetings: list[MeetingOut]


@router.post(
    "/kommuner/{code}/meetings/plan",
    response=PlannedOut,
    summary="Planlæg møder for alle kommunens organisationer, der ikke har et møde i styringsåret",
)
def plan_meetings(request: HttpRequest, code: Code, payload: PlanIn):
    kommune = get_kommune_for_user(request.user, code, write=True)
    created = services.plan_meetings_for_kommune(
        kommune=kommune, styringsaar=payload.styringsaar, by=request.user, date=payload.meeting_date
    )
    meetings = list(Meeting.objects.with_related().filter(pk__in=[m.pk for m in created]))
    return {"styringsaar": payload.styringsaar, "created": len(created), "meetings": meetings}
