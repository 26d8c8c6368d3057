"""What the parts of the construction API share: the bounded field types, the case's output
schemas (a case with its milestones and events) and the small helpers of the endpoints."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError

from almen import construction as calc
from styringsdialog.construction import services
from styringsdialog.construction.models import ConstructionCase, Event
from styringsdialog.construction.queries import get_construction_case_for_user
from styringsdialog.lib.api_types import ObjectId, ObjectIn

_NO_NUL = r"^[^\x00]*$"
Title = Annotated[str, Field(min_length=1, max_length=300, pattern=_NO_NUL)]
LongText = Annotated[str, Field(max_length=10_000, pattern=_NO_NUL)]
Ref = Annotated[str, Field(max_length=500, pattern=_NO_NUL)]
Kind = Annotated[str, Field(json_schema_extra={"enum": list(calc.KINDS)})]
MilestoneKind = Annotated[str, Field(json_schema_extra={"enum": list(calc.MILESTONES)})]
HousingType = Annotated[str, Field(json_schema_extra={"enum": list(calc.HOUSING_TYPES)})]
Region = Annotated[str, Field(json_schema_extra={"enum": list(calc.RATE_REGIONS)})]
EventKind = Annotated[str, Field(json_schema_extra={"enum": list(Event.Kind.values)})]
EventStatus = Annotated[str, Field(json_schema_extra={"enum": list(Event.Status.values)})]
Kroner = Annotated[int, Field(ge=0, le=9_999_999_999_999, description="Hele kroner")]
Area = Annotated[float, Field(ge=0, le=10_000_000, description="m², højst én decimal")]
Months = Annotated[float, Field(ge=0, le=120)]
Count = Annotated[int, Field(ge=0, le=100_000)]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]
Ids = Annotated[list[ObjectId], Field(max_length=100)]


class ConstructionCaseOut(Schema):
    id: int
    kommune: str = Field(..., alias="kommune.code")
    organisation: str = Field(..., alias="organisation.number")
    department: str | None = None
    department_label: str
    kind: str
    title: str
    status: str
    housing_type: str
    rate_region: str
    dwellings: int
    area_m2: Decimal
    loan_amount: Decimal | None
    property_value: Decimal | None
    prior_debt: Decimal
    responsible: str
    opened_on: date
    version: int

    @staticmethod
    def resolve_department(obj: ConstructionCase) -> str | None:
        return obj.department.number if obj.department is not None else None


class MilestoneOut(Schema):
    id: int
    kind: str
    date: date
    decision: str
    document: str
    anskaffelsessum: Decimal | None
    annual_rent: Decimal | None
    guarantee_amount: Decimal | None
    lbf_share: Decimal | None
    approved_by: str = Field("", alias="approved_by_name")
    approved_at: datetime


class ConstructionEventOut(Schema):
    id: int
    kind: str
    date: date
    text: str
    status: str
    months_of_rent: Decimal | None
    amount: Decimal | None
    paid_by: str
    decided_on: dt.date | None
    recipient: str
    document: str
    version: int


class ConstructionCaseDetailOut(ConstructionCaseOut):
    description: str
    milestones: list[MilestoneOut]
    events: list[ConstructionEventOut]
    case_ids: list[int]
    agreement_ids: list[int]
    agenda_item_ids: list[int]
    next_milestone: str | None

    @staticmethod
    def resolve_milestones(obj: ConstructionCase) -> list:
        return list(obj.milestones.all())

    @staticmethod
    def resolve_events(obj: ConstructionCase) -> list:
        return list(obj.events.all())

    @staticmethod
    def resolve_case_ids(obj: ConstructionCase) -> list[int]:
        return sorted(obj.cases.values_list("pk", flat=True))

    @staticmethod
    def resolve_agreement_ids(obj: ConstructionCase) -> list[int]:
        return sorted(obj.agreements.values_list("pk", flat=True))

    @staticmethod
    def resolve_agenda_item_ids(obj: ConstructionCase) -> list[int]:
        return sorted(obj.agenda_items.values_list("pk", flat=True))

    @staticmethod
    def resolve_next_milestone(obj: ConstructionCase) -> str | None:
        return calc.next_milestone(obj.kind, set(obj.milestones.values_list("kind", flat=True)))


def _detail(request: HttpRequest, pk: int) -> ConstructionCase:
    return get_construction_case_for_user(request.user, pk)


def _sent(payload: ObjectIn, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(payload, n) for n in names if n in payload.model_fields_set}


def _conflict(exc: services.Conflict) -> HttpError:
    return HttpError(409, " ".join(exc.messages))
