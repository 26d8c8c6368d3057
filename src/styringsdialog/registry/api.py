"""Read endpoints for kommuner, organisations and departments, scoped like the pages."""

# No ``from __future__ import annotations`` here: django-ninja resolves the parameter types of
# paginated views at runtime, in the namespace of its own decorator.

from decimal import Decimal
from typing import cast

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.lib.api_types import Code, OptionalCode, Page, Text
from styringsdialog.registry.models import AccountLine, Department, Kommune, Organisation
from styringsdialog.registry.queries import (
    get_department_for_user,
    get_kommune_for_user,
    get_organisation_for_user,
    visible_departments,
    visible_kommuner,
    visible_organisations,
)
from styringsdialog.registry.querysets import DepartmentQuerySet, OrganisationQuerySet

router = Router(tags=["Register"])


class KommuneOut(Schema):
    code: str
    name: str
    official_name: str
    region_code: str
    region_name: str

    @staticmethod
    def resolve_region_code(obj: Kommune) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Kommune) -> str:
        return obj.region.name


class OrganisationOut(Schema):
    number: str
    cvr: str
    name: str
    home_kommune: str
    administrator: str

    @staticmethod
    def resolve_home_kommune(obj: Organisation) -> str:
        return obj.home_kommune.code


class DepartmentOut(Schema):
    organisation: str
    number: str
    name: str
    kommune: str
    address: str
    year_built: int
    building_type: str
    dwellings: dict[str, int]
    area_m2: dict[str, int]
    dwellings_total: int
    area_total: int
    lease_units: Decimal
    rent_per_m2: Decimal | None

    @staticmethod
    def resolve_organisation(obj: Department) -> str:
        return obj.organisation.number

    @staticmethod
    def resolve_kommune(obj: Department) -> str:
        return obj.kommune.code

    @staticmethod
    def resolve_dwellings(obj: Department) -> dict[str, int]:
        return {t: getattr(obj, f"dwellings_{t}") for t in Department.HOUSING_TYPES}

    @staticmethod
    def resolve_area_m2(obj: Department) -> dict[str, int]:
        return {t: getattr(obj, f"area_{t}") for t in Department.HOUSING_TYPES}


class AccountLineOut(Schema):
    year: int
    konto: str
    amount: Decimal
    source: str


class DepartmentDetailOut(DepartmentOut):
    bbr_property_numbers: list[str]
    dar_address_ids: list[str]
    taken_into_use: str | None
    account_lines: list[AccountLineOut]

    @staticmethod
    def resolve_taken_into_use(obj: Department) -> str | None:
        return obj.taken_into_use.isoformat() if obj.taken_into_use else None

    @staticmethod
    def resolve_account_lines(obj: Department) -> list[dict]:
        return [
            {"year": y, "konto": k, "amount": a, "source": s}
            for y, k, a, s in AccountLine.objects.filter(department=obj)
            .order_by("year", "konto")
            .values_list("year", "konto", "amount", "source__name")
        ]


@router.get("/kommuner", response=list[KommuneOut], summary="Kommuner i brugerens adgang")
@paginate(Page)
def list_kommuner(request: HttpRequest):
    return visible_kommuner(
        scope_for(request.user), Kommune.objects.select_related("region")
    ).order_by("code")


@router.get("/kommuner/{code}", response=KommuneOut)
def get_kommune(request: HttpRequest, code: Code):
    return get_kommune_for_user(request.user, code)


@router.get("/organisations", response=list[OrganisationOut], summary="Boligorganisationer")
@paginate(Page)
def list_organisations(
    request: HttpRequest, kommune: OptionalCode | None = None, q: Text | None = None
):
    # visible_organisations only filters the queryset it is given, so it keeps its class.
    qs = cast(
        OrganisationQuerySet,
        visible_organisations(
            scope_for(request.user), Organisation.objects.select_related("home_kommune")
        ),
    )
    if kommune:
        qs = qs.filter(departments__kommune__code=kommune).distinct()
    return qs.search(q or "").order_by("number")


@router.get("/organisations/{number}", response=OrganisationOut)
def get_organisation(request: HttpRequest, number: Code):
    return get_organisation_for_user(request.user, number)


@router.get("/departments", response=list[DepartmentOut], summary="Afdelinger")
@paginate(Page)
def list_departments(
    request: HttpRequest,
    kommune: OptionalCode | None = None,
    organisation: OptionalCode | None = None,
    q: Text | None = None,
):
    # visible_departments only filters the queryset it is given, so it keeps its class.
    qs = cast(
        DepartmentQuerySet,
        visible_departments(
            scope_for(request.user), Department.objects.select_related("organisation", "kommune")
        ),
    )
    if kommune:
        qs = qs.filter(kommune__code=kommune)
    if organisation:
        qs = qs.filter(organisation__number=organisation)
    return qs.search(q or "").order_by("organisation__number", "number")


@router.get("/departments/{org_number}/{number}", response=DepartmentDetailOut)
def get_department(request: HttpRequest, org_number: Code, number: Code):
    return get_department_for_user(request.user, org_number, number)
