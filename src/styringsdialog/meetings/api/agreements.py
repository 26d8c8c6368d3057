"""Agreements (aftaler): list, create, edit (optimistic lock), detail, history, status
transitions and carry-over to next year.

Same rules as the pages: the kommune's caseworkers write (``agreement_write_level`` "full");
organisation staff read their agreements once the referat is sent and may move an agreement
they are responsible for to i gang or report progress (other writes 403); outsiders 404.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import date, datetime
from typing import Annotated, cast

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.lib.api_types import (
    Code,
    Keyword,
    Note,
    ObjectId,
    ObjectIn,
    OptionalCode,
    Page,
    Text,
    Year,
)
from styringsdialog.meetings import services
from styringsdialog.meetings.models import AgendaItem, Agreement, Meeting, ResponsibleSide
from styringsdialog.meetings.queries import (
    get_agreement_for_user,
    get_meeting_for_user,
    visible_agreements,
)
from styringsdialog.meetings.querysets import AgreementQuerySet
from styringsdialog.meetings.services import agreements as agreement_services
from styringsdialog.registry.queries import get_kommune_for_user, get_organisation_for_user

router = Router(tags=["Aftaler"])


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
    version: int


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
            for d in obj.departments.select_related("organisation").order_by(
                "organisation__number", "number"
            )
        ]

    @staticmethod
    def resolve_history(obj: Agreement) -> list:
        return list(obj.events.all())


AgreementText = Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^[^\x00]*$")]
Side = Annotated[str, Field(json_schema_extra={"enum": list(ResponsibleSide.values)})]
DepartmentRef = Annotated[str, Field(min_length=1, max_length=41, pattern=r"^[^\x00]*$")]


class AgreementIn(ObjectIn):
    """Either ``meeting_id`` (and optionally ``item_id``), or ``kommune``, ``organisation`` and
    ``styringsaar`` for an agreement made outside a meeting."""

    meeting_id: ObjectId | None = None
    item_id: ObjectId | None = None
    kommune: Code | None = None
    organisation: Code | None = None
    styringsaar: Year | None = None
    text: AgreementText
    responsible_side: Side
    responsible_person: Text = ""
    deadline: date | None = None
    departments: list[DepartmentRef] = Field(default_factory=list, max_length=200)


class AgreementPatchIn(ObjectIn):
    """Only the fields sent are changed; ``version`` is the agreement's version as last read."""

    version: int = Field(..., ge=0, le=2**31 - 1)
    text: AgreementText | None = None
    responsible_side: Side | None = None
    responsible_person: Text | None = None
    deadline: date | None = None
    departments: list[DepartmentRef] | None = Field(None, max_length=200)
    note: Note = ""


class CarryOverIn(ObjectIn):
    meeting_id: ObjectId | None = None
    deadline: date | None = None
    note: Note = ""


class StatusIn(ObjectIn):
    """``version`` (optional): the agreement's version as last read; stale → 409."""

    status: Keyword = Field(..., json_schema_extra={"enum": list(Agreement.Status.values)})
    note: Note = ""
    version: int | None = Field(None, ge=0, le=2**31 - 1)


class AgreementFilters(Schema):
    kommune: OptionalCode | None = None
    organisation: OptionalCode | None = None
    status: OptionalCode | None = None
    overdue: bool = False
    styringsaar: Year | None = None


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
    summary="Skift status eller meld fremdrift (samme status + note); 409 ved forældet version",
)
def change_agreement_status(request: HttpRequest, agreement_id: ObjectId, payload: StatusIn):
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    try:
        services.change_agreement_status(
            agreement=agreement,
            status=payload.status,
            by=request.user,
            note=payload.note,
            version=payload.version,
        )
    except agreement_services.AgreementConflict as conflict:
        raise HttpError(409, " ".join(conflict.messages)) from conflict
    return get_agreement_for_user(request.user, agreement_id)


def _created(agreement_id: int, request: HttpRequest) -> Agreement:
    return get_agreement_for_user(request.user, agreement_id)


@router.post(
    "/agreements",
    response={201: AgreementDetailOut},
    summary="Opret en aftale på et møde (eller for kommune, organisation og styringsår)",
)
def create_agreement(request: HttpRequest, payload: AgreementIn):
    meeting: Meeting | None = None
    item: AgendaItem | None = None
    if payload.meeting_id is not None:
        if payload.kommune or payload.organisation or payload.styringsaar:
            raise ValidationError(
                "Angiv enten mødet eller kommune, boligorganisation og styringsår – ikke begge."
            )
        meeting = get_meeting_for_user(request.user, payload.meeting_id, write=True)
        organisation = meeting.organisation
        kommune = meeting.kommune
        if payload.item_id is not None:
            item = meeting.items.filter(pk=payload.item_id).first()
            if item is None:
                raise Http404("Mødet har ikke det dagsordenspunkt.")
    else:
        if not (payload.kommune and payload.organisation and payload.styringsaar):
            raise ValidationError(
                "Angiv mødet, eller kommune, boligorganisation og styringsår for aftalen."
            )
        kommune = get_kommune_for_user(request.user, payload.kommune, write=True)
        organisation = get_organisation_for_user(request.user, payload.organisation)
    departments = agreement_services.resolve_departments(organisation, payload.departments)
    agreement = services.add_agreement(
        meeting=meeting,
        kommune=kommune,
        organisation=organisation,
        styringsaar=payload.styringsaar,
        agenda_item=item,
        text=payload.text,
        responsible_side=payload.responsible_side,
        responsible_person=payload.responsible_person,
        deadline=payload.deadline,
        departments=departments,
        by=request.user,
    )
    return Status(201, _created(agreement.pk, request))


@router.patch(
    "/agreements/{agreement_id}",
    response=AgreementDetailOut,
    summary="Ret tekst, ansvarlig, frist eller afdelinger; 409, hvis andre har rettet imellemtiden",
)
def edit_agreement(request: HttpRequest, agreement_id: ObjectId, payload: AgreementPatchIn):
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    sent = payload.model_fields_set
    changes: dict = {}
    for name in ("text", "responsible_side", "responsible_person", "deadline"):
        if name in sent:
            value = getattr(payload, name)
            if value is None and name != "deadline":
                raise ValidationError(f"Feltet {name} kan ikke være tomt (null).")
            changes[name] = value
    if "departments" in sent:
        changes["departments"] = agreement_services.resolve_departments(
            agreement.organisation, payload.departments or []
        )
    try:
        services.update_agreement(
            agreement=agreement,
            by=request.user,
            version=payload.version,
            note=payload.note,
            **changes,
        )
    except agreement_services.AgreementConflict as conflict:
        raise HttpError(409, " ".join(conflict.messages)) from conflict
    return get_agreement_for_user(request.user, agreement_id)


@router.get(
    "/agreements/{agreement_id}/history",
    response=list[EventOut],
    summary="Aftalens historik: hvornår, hvem, hvad der blev ændret, og bemærkningen",
)
@paginate(Page)
def agreement_history(request: HttpRequest, agreement_id: ObjectId):
    agreement = get_agreement_for_user(request.user, agreement_id)
    return agreement.events.order_by("at", "pk")


@router.post(
    "/agreements/{agreement_id}/carry-over",
    response={201: AgreementDetailOut},
    summary="Videreført: luk en delvist eller ikke opfyldt aftale og opret den i næste års møde",
)
def carry_over(request: HttpRequest, agreement_id: ObjectId, payload: CarryOverIn):
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    meeting = (
        get_meeting_for_user(request.user, payload.meeting_id, write=True)
        if payload.meeting_id is not None
        else None
    )
    copy = services.carry_over_agreement(
        agreement=agreement,
        by=request.user,
        note=payload.note,
        deadline=payload.deadline,
        meeting=meeting,
    )
    return Status(201, _created(copy.pk, request))
