"""Agreements (aftaler): list, detail with history, status transitions."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import date, datetime
from typing import cast

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.lib.api_types import (
    Keyword,
    Note,
    ObjectId,
    ObjectIn,
    OptionalCode,
    Page,
    Year,
)
from styringsdialog.meetings import services
from styringsdialog.meetings.models import Agreement
from styringsdialog.meetings.queries import (
    get_agreement_for_user,
    visible_agreements,
)
from styringsdialog.meetings.querysets import AgreementQuerySet

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


class StatusIn(ObjectIn):
    status: Keyword = Field(..., json_schema_extra={"enum": list(Agreement.Status.values)})
    note: Note = ""


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
    summary="Skift status eller meld fremdrift (samme status + note)",
)
def change_agreement_status(request: HttpRequest, agreement_id: ObjectId, payload: StatusIn):
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    services.change_agreement_status(
        agreement=agreement, status=payload.status, by=request.user, note=payload.note
    )
    return get_agreement_for_user(request.user, agreement_id)
