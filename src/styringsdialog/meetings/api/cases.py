"""Cases (sager): list, open, edit (optimistic lock), detail with timeline, timeline entries,
links to agenda items and departments, status.

Same rules as the pages: the kommune's caseworkers write (``can_write_case``,
``can_write_department``); organisation staff read cases about their departments (writes 403);
outsiders 404.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.lib.api_types import (
    Code,
    Note,
    ObjectId,
    ObjectIn,
    OptionalCode,
    Page,
    Text,
)
from styringsdialog.meetings.models import AgendaItem, Case, CaseLink, Meeting
from styringsdialog.meetings.queries import (
    get_case_for_user,
    visible_cases,
    visible_meetings,
)
from styringsdialog.meetings.services import cases as case_services
from styringsdialog.registry.queries import get_department_for_user, get_kommune_for_user

router = Router(tags=["Sager"])


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
    responsible: str


class CaseEntryOut(Schema):
    date: date
    text: str


class CaseLinkOut(Schema):
    id: int
    agenda_item_id: int | None
    meeting_id: int | None = Field(None, alias="agenda_item.meeting_id")
    department: str | None

    @staticmethod
    def resolve_department(obj: CaseLink) -> str | None:
        d = obj.department
        return f"{d.organisation.number}-{d.number}" if d is not None else None


class CaseDetailOut(CaseOut):
    version: int
    entries: list[CaseEntryOut]
    agenda_item_ids: list[int]
    links: list[CaseLinkOut]

    @staticmethod
    def resolve_entries(obj: Case) -> list:
        return list(obj.entries.all())

    @staticmethod
    def resolve_agenda_item_ids(obj: Case) -> list[int]:
        return list(
            obj.links.exclude(agenda_item=None)
            .order_by("pk")
            .values_list("agenda_item_id", flat=True)
        )

    @staticmethod
    def resolve_links(obj: Case) -> list:
        return list(
            obj.links.select_related("agenda_item", "department__organisation").order_by("pk")
        )


_NO_NUL = r"^[^\x00]*$"
CaseTitle = Annotated[str, Field(min_length=1, max_length=300, pattern=_NO_NUL)]
CaseText = Annotated[str, Field(max_length=10_000, pattern=_NO_NUL)]
Category = Annotated[str, Field(json_schema_extra={"enum": list(Case.Category.values)})]
CaseStatus = Annotated[str, Field(json_schema_extra={"enum": list(Case.Status.values)})]


class CaseIn(ObjectIn):
    """A new case about ``organisation``'s ``department``; ``kommune`` defaults to the
    department's. ``text`` becomes the first timeline entry."""

    kommune: Code | None = None
    organisation: Code
    department: Code
    title: CaseTitle
    category: Category
    opened_on: date | None = None
    text: CaseText = ""
    responsible: Text = ""


class CasePatchIn(ObjectIn):
    """Only the fields sent are changed; ``version`` is the case's version as last read."""

    version: int = Field(..., ge=0, le=2**31 - 1)
    title: CaseTitle | None = None
    category: Category | None = None
    responsible: Text | None = None


class CaseEntryIn(ObjectIn):
    date: date
    text: Annotated[str, Field(min_length=1, max_length=10_000, pattern=_NO_NUL)]


class CaseLinkIn(ObjectIn):
    """Either ``item_id`` (an agenda item of one of the kommune's meetings) or ``department``
    (``ORG-NR``, e.g. ``0151-003``)."""

    item_id: ObjectId | None = None
    department: Annotated[str, Field(min_length=3, max_length=41, pattern=_NO_NUL)] | None = None


class CaseStatusIn(ObjectIn):
    status: CaseStatus
    note: Note = ""


class CaseFilters(Schema):
    kommune: OptionalCode | None = None
    organisation: OptionalCode | None = None
    department: OptionalCode | None = None
    status: OptionalCode | None = None


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


def _detail(request: HttpRequest, case_id: int) -> Case:
    return get_case_for_user(request.user, case_id)


@router.post(
    "/cases",
    response={200: CaseDetailOut, 201: CaseDetailOut},
    summary="Opret en sag om en afdeling (200 med den eksisterende, hvis en åben sag har samme titel)",
)
def create_case(request: HttpRequest, payload: CaseIn):
    department = get_department_for_user(
        request.user, payload.organisation, payload.department, write=True
    )
    kommune = (
        get_kommune_for_user(request.user, payload.kommune, write=True) if payload.kommune else None
    )
    case, created = case_services.open_case_once(
        department=department,
        kommune=kommune,
        category=payload.category,
        title=payload.title,
        opened_on=payload.opened_on or timezone.localdate(),
        text=payload.text,
        responsible=payload.responsible,
        by=request.user,
    )
    return Status(201 if created else 200, _detail(request, case.pk))


@router.patch(
    "/cases/{case_id}",
    response=CaseDetailOut,
    summary="Ret sagens titel, kategori eller ansvarlige; 409, hvis andre har rettet imellemtiden",
)
def edit_case(request: HttpRequest, case_id: ObjectId, payload: CasePatchIn):
    case = get_case_for_user(request.user, case_id, write=True)
    changes: dict = {}
    for name in ("title", "category", "responsible"):
        if name in payload.model_fields_set:
            value = getattr(payload, name)
            if value is None:
                raise ValidationError(f"Feltet {name} kan ikke være tomt (null).")
            changes[name] = value
    try:
        case_services.update_case(case=case, by=request.user, version=payload.version, **changes)
    except case_services.CaseConflict as conflict:
        raise HttpError(409, " ".join(conflict.messages)) from conflict
    return _detail(request, case_id)


@router.post(
    "/cases/{case_id}/entries",
    response={201: CaseEntryOut},
    summary="Skriv et notat i sagens forløb",
)
def add_entry(request: HttpRequest, case_id: ObjectId, payload: CaseEntryIn):
    case = get_case_for_user(request.user, case_id, write=True)
    entry = case_services.add_case_entry(
        case=case, date=payload.date, text=payload.text, by=request.user
    )
    return Status(201, entry)


def _agenda_item(request: HttpRequest, item_id: int) -> AgendaItem:
    meetings = visible_meetings(scope_for(request.user), Meeting.objects.all()).values("pk")
    item = (
        AgendaItem.objects.select_related("meeting")
        .filter(pk=item_id, meeting__in=meetings)
        .first()
    )
    if item is None:
        raise Http404("Dagsordenspunktet findes ikke, eller du har ikke adgang til det.")
    return item


def _department(request: HttpRequest, ref: str):
    org_number, _, number = ref.rpartition("-")
    if not org_number or not number:
        raise ValidationError(f"Skriv afdelingen som ORG-NR, fx 0151-003, ikke {ref!r}.")
    return get_department_for_user(request.user, org_number, number)


@router.post(
    "/cases/{case_id}/links",
    response={201: CaseLinkOut},
    summary="Knyt sagen til et dagsordenspunkt eller en afdeling (409, hvis den allerede er knyttet)",
)
def add_link(request: HttpRequest, case_id: ObjectId, payload: CaseLinkIn):
    case = get_case_for_user(request.user, case_id, write=True)
    if (payload.item_id is None) == (payload.department is None):
        raise ValidationError("Angiv enten item_id eller department.")
    try:
        if payload.item_id is not None:
            link = case_services.link_case_to_item(
                case=case, agenda_item=_agenda_item(request, payload.item_id), by=request.user
            )
        else:
            assert payload.department is not None
            link = case_services.link_case_to_department(
                case=case, department=_department(request, payload.department), by=request.user
            )
    except case_services.CaseLinkExists as exists:
        raise HttpError(
            409, f"{' '.join(exists.messages)} (tilknytning nr. {exists.link.pk})"
        ) from exists
    return Status(201, CaseLink.objects.select_related("department__organisation").get(pk=link.pk))


@router.delete(
    "/cases/{case_id}/links/{link_id}",
    response={204: None},
    summary="Fjern en tilknytning fra sagen",
)
def delete_link(request: HttpRequest, case_id: ObjectId, link_id: ObjectId):
    case = get_case_for_user(request.user, case_id, write=True)
    link = case.links.filter(pk=link_id).first()
    if link is None:
        raise Http404("Tilknytningen findes ikke på sagen.")
    case_services.remove_case_link(link=link, by=request.user)
    return HttpResponse(status=204)


@router.post(
    "/cases/{case_id}/status",
    response=CaseDetailOut,
    summary="Skift sagens status (åben, afventer, lukket) med en evt. note i forløbet",
)
def change_status(request: HttpRequest, case_id: ObjectId, payload: CaseStatusIn):
    case = get_case_for_user(request.user, case_id, write=True)
    case_services.change_case_status(
        case=case, status=payload.status, note=payload.note, by=request.user
    )
    return _detail(request, case_id)
