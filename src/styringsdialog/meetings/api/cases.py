"""Cases (sager): list and detail with timeline."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.lib.api_types import (
    ObjectId,
    OptionalCode,
    Page,
)
from styringsdialog.meetings.models import Case
from styringsdialog.meetings.queries import (
    get_case_for_user,
    visible_cases,
)

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
