"""Construction cases: list (filters: kommune, organisation, status), open, detail, edit
(optimistic lock)."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.construction import services
from styringsdialog.construction.api.common import (
    Area,
    ConstructionCaseDetailOut,
    ConstructionCaseOut,
    Count,
    HousingType,
    Kind,
    Kroner,
    LongText,
    Region,
    Title,
    Version,
    _conflict,
    _detail,
    _sent,
)
from styringsdialog.construction.models import ConstructionCase
from styringsdialog.construction.queries import (
    get_construction_case_for_user,
    visible_construction_cases,
    with_related,
)
from styringsdialog.lib.api_types import Code, ObjectId, ObjectIn, OptionalCode, Page, Text
from styringsdialog.registry.queries import (
    get_department_for_user,
    get_kommune_for_user,
    get_organisation_for_user,
)

router = Router(tags=["Byggesager"])


class ConstructionCaseIn(ObjectIn):
    """A new case in ``kommune`` about ``organisation``'s ``department``, or a new department
    (``new_department_name``)."""

    kommune: Code
    organisation: Code
    department: Code | None = None
    new_department_name: Text = ""
    kind: Kind
    title: Title
    housing_type: HousingType = "familie"
    rate_region: Region = ""
    dwellings: Count = 0
    area_m2: Area = 0
    loan_amount: Kroner | None = None
    property_value: Kroner | None = None
    prior_debt: Kroner = 0
    responsible: Text = ""
    description: LongText = ""
    opened_on: date | None = None


class ConstructionCasePatchIn(ObjectIn):
    """Only the fields sent are changed; ``version`` is the case's version as last read."""

    version: Version
    title: Title | None = None
    kind: Kind | None = None
    housing_type: HousingType | None = None
    rate_region: Region | None = None
    dwellings: Count | None = None
    area_m2: Area | None = None
    loan_amount: Kroner | None = None
    property_value: Kroner | None = None
    prior_debt: Kroner | None = None
    responsible: Text | None = None
    description: LongText | None = None
    new_department_name: Text | None = None


class ConstructionCaseFilters(Schema):
    kommune: OptionalCode | None = None
    organisation: OptionalCode | None = None
    status: OptionalCode | None = None


@router.get(
    "/construction/cases",
    response=list[ConstructionCaseOut],
    summary="Byggesager (filtre: kommune, organisation, status)",
    operation_id="styringsdialog_construction_api_list_cases",
)
@paginate(Page)
def list_cases(request: HttpRequest, filters: Query[ConstructionCaseFilters]):
    scope = scope_for(request.user)
    qs = visible_construction_cases(scope, with_related(ConstructionCase.objects.all()))
    if filters.kommune:
        qs = qs.filter(kommune__code=filters.kommune)
    if filters.organisation:
        qs = qs.filter(organisation__number=filters.organisation)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-opened_on", "-pk")


@router.post(
    "/construction/cases",
    response={201: ConstructionCaseDetailOut},
    summary="Opret en byggesag om en afdeling (eksisterende eller ny)",
    operation_id="styringsdialog_construction_api_create_case",
)
def create_case(request: HttpRequest, payload: ConstructionCaseIn):
    kommune = get_kommune_for_user(request.user, payload.kommune, write=True)
    organisation = get_organisation_for_user(request.user, payload.organisation)
    department = (
        get_department_for_user(request.user, payload.organisation, payload.department)
        if payload.department
        else None
    )
    figures = _sent(payload, tuple(n for n in services.EDITABLE if n not in ("title", "kind")))
    figures.pop("new_department_name", None)
    case = services.open_construction_case(
        kommune=kommune,
        organisation=organisation,
        department=department,
        new_department_name=payload.new_department_name,
        kind=payload.kind,
        title=payload.title,
        opened_on=payload.opened_on,
        by=request.user,
        **figures,
    )
    return Status(201, _detail(request, case.pk))


@router.get(
    "/construction/cases/{case_id}",
    response=ConstructionCaseDetailOut,
    summary="En byggesag",
    operation_id="styringsdialog_construction_api_get_case",
)
def get_case(request: HttpRequest, case_id: ObjectId):
    return _detail(request, case_id)


@router.patch(
    "/construction/cases/{case_id}",
    response=ConstructionCaseDetailOut,
    summary="Ret byggesagens titel og tal; 409, hvis andre har rettet imellemtiden",
    operation_id="styringsdialog_construction_api_edit_case",
)
def edit_case(request: HttpRequest, case_id: ObjectId, payload: ConstructionCasePatchIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    changes = _sent(payload, services.EDITABLE)
    try:
        services.update_construction_case(
            case=case, by=request.user, version=payload.version, **changes
        )
    except services.Conflict as exc:
        raise _conflict(exc) from exc
    return _detail(request, case_id)
