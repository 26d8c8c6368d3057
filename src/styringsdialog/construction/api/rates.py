"""The maksimumbeløb rate table: list, add and change rows (administrators), its history."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import can_edit_construction_rates, not_found, require
from styringsdialog.construction import services
from styringsdialog.construction.api.common import (
    _NO_NUL,
    HousingType,
    Kroner,
    Region,
    Version,
    _conflict,
    _sent,
)
from styringsdialog.construction.models import MaximumRate, RateChange
from styringsdialog.construction.queries import require_construction_reader
from styringsdialog.lib.api_types import ObjectId, ObjectIn, Page

router = Router(tags=["Byggesager"])


class RateOut(Schema):
    id: int
    year: int
    housing_type: str
    region: str
    per_dwelling: Decimal
    per_m2: Decimal
    source: str
    confirmed: bool
    version: int


class RateIn(ObjectIn):
    year: Annotated[int, Field(ge=2004, le=2100)]
    housing_type: HousingType
    region: Region = ""
    per_dwelling: Kroner = 0
    per_m2: Kroner
    source: Annotated[str, Field(min_length=1, max_length=2000, pattern=_NO_NUL)]
    confirmed: bool = True


class RatePatchIn(ObjectIn):
    version: Version
    per_dwelling: Kroner | None = None
    per_m2: Kroner | None = None
    source: Annotated[str, Field(min_length=1, max_length=2000, pattern=_NO_NUL)] | None = None
    confirmed: bool | None = None


class RateChangeOut(Schema):
    at: datetime
    by: str = Field("", alias="by_name")
    label: str
    action: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@router.get(
    "/construction/rates",
    response=list[RateOut],
    summary="Satser for maksimumbeløb (år, boligtype, område) med kilde",
    operation_id="styringsdialog_construction_api_list_rates",
)
@paginate(Page)
def list_rates(request: HttpRequest):
    require_construction_reader(request.user)
    return MaximumRate.objects.all()


@router.post(
    "/construction/rates",
    response={201: RateOut},
    summary="Tilføj en sats for maksimumbeløb (administrator)",
    operation_id="styringsdialog_construction_api_create_rate",
)
def create_rate(request: HttpRequest, payload: RateIn):
    scope = require_construction_reader(request.user)
    require(can_edit_construction_rates(scope), "Kun en administrator kan ændre satserne.")
    rate = services.save_rate(by=request.user, **payload.model_dump())
    return Status(201, rate)


@router.patch(
    "/construction/rates/{rate_id}",
    response=RateOut,
    summary="Ret en sats for maksimumbeløb (administrator); 409 ved forældet version",
    operation_id="styringsdialog_construction_api_edit_rate",
)
def edit_rate(request: HttpRequest, rate_id: ObjectId, payload: RatePatchIn):
    scope = require_construction_reader(request.user)
    rate = MaximumRate.objects.filter(pk=rate_id).first()
    if rate is None:
        not_found("Satsen findes ikke.")
    require(can_edit_construction_rates(scope), "Kun en administrator kan ændre satserne.")
    changes = _sent(payload, ("per_dwelling", "per_m2", "source", "confirmed"))
    try:
        return services.save_rate(by=request.user, rate=rate, version=payload.version, **changes)
    except services.Conflict as exc:
        raise _conflict(exc) from exc


@router.get(
    "/construction/rate-history",
    response=list[RateChangeOut],
    summary="Historik for satserne (hvem, hvornår, før og efter)",
    operation_id="styringsdialog_construction_api_rate_history",
)
@paginate(Page)
def rate_history(request: HttpRequest):
    require_construction_reader(request.user)
    return RateChange.objects.all()
