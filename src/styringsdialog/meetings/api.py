"""REST endpoints for meetings, agreements and cases (mounted at /api/v1/ by styringsdialog.api).

Scope as on the pages (accounts.permissions): caseworkers see their kommune's, organisation
staff their organisation's once the referat is sent, analysts and the public nothing here.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import date, datetime
from typing import Annotated, cast

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import can_read_minutes, require, scope_for
from styringsdialog.lib.api_types import (
    ClockTime,
    Code,
    Keyword,
    Note,
    ObjectId,
    OptionalCode,
    Page,
    Year,
)
from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import agenda_tree, item_labels
from styringsdialog.meetings.models import AgendaItem, Agreement, Case, Meeting
from styringsdialog.meetings.queries import (
    get_agreement_for_user,
    get_case_for_user,
    get_meeting_for_user,
    visible_agreements,
    visible_cases,
    visible_meetings,
)
from styringsdialog.meetings.querysets import AgreementQuerySet
from styringsdialog.meetings.services.agenda import MAX_MINUTES_CHARS, stored_by
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


class AgreementOut(Schema):
    id: int
    kommune: str = Field(..., alias="kommune.code")
    organisation: str = Field(..., alias="organisation.number")
    meeting_id: int | None
    agenda_item_id: int | None
    styringsaar: int
    text: str
    responsible_side: str
    responsible_person: str
    deadline: date | None
    status: str
    overdue: bool = Field(..., alias="is_overdue")
    carried_from_id: int | None


class EventOut(Schema):
    at: datetime
    by: str = Field(..., alias="by_name")
    field: str
    old_value: str
    new_value: str
    note: str


class AgreementDetailOut(AgreementOut):
    departments: list[str]
    history: list[EventOut]

    @staticmethod
    def resolve_departments(obj: Agreement) -> list[str]:
        return [
            f"{d.organisation.number}-{d.number}"
            for d in obj.departments.select_related("organisation")
        ]

    @staticmethod
    def resolve_history(obj: Agreement) -> list:
        return list(obj.events.all())


class StatusIn(Schema):
    status: Keyword = Field(..., json_schema_extra={"enum": list(Agreement.Status.values)})
    note: Note = ""


class CaseOut(Schema):
    id: int
    kommune: str = Field(..., alias="kommune.code")
    organisation: str = Field(..., alias="department.organisation.number")
    department: str = Field(..., alias="department.number")
    department_name: str = Field(..., alias="department.name")
    category: str
    title: str
    status: str
    opened_on: date
    closed_on: date | None


class CaseEntryOut(Schema):
    date: date
    text: str


class CaseDetailOut(CaseOut):
    entries: list[CaseEntryOut]
    agenda_item_ids: list[int]

    @staticmethod
    def resolve_entries(obj: Case) -> list:
        return list(obj.entries.all())

    @staticmethod
    def resolve_agenda_item_ids(obj: Case) -> list[int]:
        return list(obj.links.values_list("agenda_item_id", flat=True))


class MeetingFilters(Schema):
    kommune: OptionalCode | None = None
    organisation: OptionalCode | None = None
    styringsaar: Year | None = None


class AgreementFilters(Schema):
    kommune: OptionalCode | None = None
    organisation: OptionalCode | None = None
    status: OptionalCode | None = None
    overdue: bool = False
    styringsaar: Year | None = None


class CaseFilters(Schema):
    kommune: OptionalCode | None = None
    organisation: OptionalCode | None = None
    department: OptionalCode | None = None
    status: OptionalCode | None = None


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


@router.get(
    "/agreements",
    response=list[AgreementOut],
    summary="Aftaler (filtre: kommune, organisation, status, overdue)",
)
@paginate(Page)
def list_agreements(request: HttpRequest, filters: Query[AgreementFilters]):
    # visible_agreements only filters the queryset it is given, so it keeps its class.
    qs = cast(
        AgreementQuerySet,
        visible_agreements(scope_for(request.user), Agreement.objects.with_related()),
    )
    if filters.kommune:
        qs = qs.filter(kommune__code=filters.kommune)
    if filters.organisation:
        qs = qs.filter(organisation__number=filters.organisation)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.styringsaar:
        qs = qs.filter(styringsaar=filters.styringsaar)
    if filters.overdue:
        qs = qs.overdue()
    return qs.order_by("deadline", "pk")


@router.get(
    "/agreements/{agreement_id}", response=AgreementDetailOut, summary="En aftale med historik"
)
def get_agreement(request: HttpRequest, agreement_id: ObjectId):
    return get_agreement_for_user(request.user, agreement_id)


@router.post(
    "/agreements/{agreement_id}/status",
    response=AgreementDetailOut,
    summary="Skift status eller meld fremdrift (samme status + note)",
)
def change_agreement_status(request: HttpRequest, agreement_id: ObjectId, payload: StatusIn):
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    services.change_agreement_status(
        agreement=agreement, status=payload.status, by=request.user, note=payload.note
    )
    return get_agreement_for_user(request.user, agreement_id)


@router.get(
    "/cases",
    response=list[CaseOut],
    summary="Sager (filtre: kommune, organisation, afdeling, status)",
)
@paginate(Page)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]):
    qs = visible_cases(scope_for(request.user), Case.objects.with_related())
    if filters.kommune:
        qs = qs.filter(kommune__code=filters.kommune)
    if filters.organisation:
        qs = qs.filter(department__organisation__number=filters.organisation)
    if filters.department:
        qs = qs.filter(department__number=filters.department)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-opened_on", "-pk")


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="En sag med forløb")
def get_case(request: HttpRequest, case_id: ObjectId):
    return get_case_for_user(request.user, case_id)


# --- i10-minutes: the minutes of one point, with optimistic locking; the meeting's history ------

MinutesText = Annotated[str, Field(max_length=MAX_MINUTES_CHARS, pattern=r"^[^\x00]*$")]


class MinutesOut(Schema):
    item_id: int
    label: str
    title: str
    minutes: str  # Drøftelse
    decision: str  # Beslutning
    version: int
    in_referat: bool
    updated_at: datetime


class MinutesIn(Schema):
    minutes: MinutesText
    decision: MinutesText | None = None  # leave out to keep the stored Beslutning
    version: int = Field(
        ..., ge=0, le=2_000_000_000, strict=True, description="Versionen du startede fra"
    )


class ChangeOut(Schema):
    at: datetime
    updated_at: datetime
    by: str = Field(..., alias="by_name")
    subject: str
    action: str
    item_id: int | None
    label: str
    field: str
    old_value: str
    new_value: str


def _minutes_out(meeting: Meeting, item: AgendaItem) -> dict:
    label = item_labels(meeting).get(item.pk, "")
    return {
        "item_id": item.pk,
        "label": label,
        "title": item.title,
        "minutes": item.minutes,
        "decision": item.decision,
        "version": item.minutes_version,
        "in_referat": item.in_referat,
        "updated_at": item.updated_at,
    }


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = meeting.items.filter(pk=item_id).first()
    if item is None:
        raise Http404("Punktet findes ikke.")
    item.meeting = meeting
    return item


@router.get(
    "/meetings/{meeting_id}/items/{item_id}/minutes",
    response=MinutesOut,
    summary="Referatet af et punkt (drøftelse, beslutning og version)",
)
def get_minutes(request: HttpRequest, meeting_id: ObjectId, item_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id)
    # the organisation sees the agenda after the invitation, the draft minutes only once sent
    require(
        can_read_minutes(scope_for(request.user), meeting),
        "Referatet er ikke sendt til boligorganisationen endnu.",
    )
    return _minutes_out(meeting, _item(meeting, item_id))


@router.put(
    "/meetings/{meeting_id}/items/{item_id}/minutes",
    response=MinutesOut,
    summary="Gem referatet af et punkt; 409 med begge tekster, hvis andre har gemt imellemtiden",
)
def put_minutes(request: HttpRequest, meeting_id: ObjectId, item_id: ObjectId, payload: MinutesIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    item = _item(meeting, item_id)
    try:
        services.write_minutes(
            item=item,
            text=payload.minutes,
            decision=payload.decision,
            version=payload.version,
            by=request.user,
        )
    except services.MinutesConflict as conflict:
        stored = conflict.stored
        body = {
            "error": {
                "status": 409,
                "code": "conflict",
                "message": " ".join(conflict.messages),
                "details": [
                    {
                        "location": "body.version",
                        "message": f"Gemt version er {stored.minutes_version}, "
                        f"du startede fra {payload.version}.",
                    }
                ],
                "stored": {
                    "minutes": stored.minutes,
                    "decision": stored.decision,
                    "version": stored.minutes_version,
                    "saved_by": stored_by(stored),
                },
                "yours": {"minutes": conflict.minutes, "decision": conflict.decision},
            }
        }
        return JsonResponse(body, status=409)
    return _minutes_out(meeting, item)


@router.get(
    "/meetings/{meeting_id}/history",
    response=list[ChangeOut],
    summary="Ændringer af mødets referat, dagsorden, deltagere og bilag (nyeste først)",
)
@paginate(Page)
def meeting_changes(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    return meeting.changes.order_by("-at", "-pk")


class CommentOut(Schema):
    id: int
    item_id: int | None
    parent_id: int | None
    author: str
    text: str
    created_at: datetime
    resolved: bool

    @staticmethod
    def resolve_author(obj) -> str:
        return (obj.author.get_full_name() or obj.author.get_username()).strip()


class ReplyIn(Schema):
    text: Note
    resolve: bool = False


@router.post(
    "/meetings/{meeting_id}/comments/{comment_id}/replies",
    response=CommentOut,
    summary="Svar på en kommentar til referatet (tråd); resolve=true markerer den som løst",
)
def reply_to_comment(
    request: HttpRequest, meeting_id: ObjectId, comment_id: ObjectId, payload: ReplyIn
):
    meeting = get_meeting_for_user(request.user, meeting_id)
    comment = meeting.comments.filter(pk=comment_id).first()
    if comment is None:
        raise Http404("Kommentaren findes ikke.")
    comment.meeting = meeting
    return services.reply_to_referat_comment(
        comment=comment, by=request.user, text=payload.text, resolve=payload.resolve
    )


class PlanIn(Schema):
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
