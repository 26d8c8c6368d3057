"""Meetings: list, detail, invitation, printed agenda/folder, calendar, bulk planning."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import can_read_minutes, scope_for
from styringsdialog.lib.api_types import (
    ClockTime,
    Code,
    ObjectId,
    ObjectIn,
    OptionalCode,
    Page,
    Year,
)
from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import agenda_tree
from styringsdialog.meetings.models import Meeting
from styringsdialog.meetings.queries import (
    get_meeting_for_user,
    visible_meetings,
)
from styringsdialog.registry.queries import get_kommune_for_user

router = Router(tags=["Dialogmøder"])


class MeetingOut(Schema):
    id: int
    kommune: str = Field(..., alias="kommune.code")
    organisation: str = Field(..., alias="organisation.number")
    organisation_name: str = Field(..., alias="organisation.name")
    meeting_type: str = Field(..., alias="meeting_type.name")
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
    meeting = get_meeting_for_user(request.user, meeting_id)
    meeting.hide_minutes = not can_read_minutes(scope_for(request.user), meeting)  # type: ignore[attr-defined]
    return meeting


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
