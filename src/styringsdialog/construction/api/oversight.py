"""The kommune's oversight of a case: close it, its checks (maksimumbeløb, anskaffelsessum,
financing, guarantee, rent) and history; the guarantee register per kommune."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from styringsdialog.construction import services
from styringsdialog.construction.api.common import ConstructionCaseDetailOut, _detail
from styringsdialog.construction.models import CaseChange
from styringsdialog.construction.queries import (
    case_checks,
    get_construction_case_for_user,
    guarantee_register,
    require_construction_reader,
)
from styringsdialog.lib.api_types import Code, Note, ObjectId, ObjectIn, Page
from styringsdialog.registry.queries import get_kommune_for_user

router = Router(tags=["Byggesager"])


class ConstructionChangeOut(Schema):
    at: datetime
    by: str = Field("", alias="by_name")
    label: str
    old_value: str
    new_value: str


class CloseIn(ObjectIn):
    note: Note = ""


class GuaranteeRowOut(Schema):
    organisation: str
    organisation_name: str
    guaranteed: Decimal
    lbf_share: Decimal
    kommune_net: Decimal


class GuaranteesOut(Schema):
    kommune: str
    organisations: list[GuaranteeRowOut]
    guaranteed: Decimal
    lbf_share: Decimal
    kommune_net: Decimal


@router.post(
    "/construction/cases/{case_id}/close",
    response=ConstructionCaseDetailOut,
    summary="Luk byggesagen",
    operation_id="styringsdialog_construction_api_close_case",
)
def close_case(request: HttpRequest, case_id: ObjectId, payload: CloseIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    services.close_construction_case(case=case, by=request.user, note=payload.note)
    return _detail(request, case_id)


@router.get(
    "/construction/cases/{case_id}/checks",
    response=dict[str, Any],
    summary="Kontrol: maksimumbeløb, anskaffelsessum ved A/B/C, finansiering, garanti og husleje",
    operation_id="styringsdialog_construction_api_get_checks",
)
def get_checks(request: HttpRequest, case_id: ObjectId):
    case = _detail(request, case_id)
    return case_checks(case).as_dict()


@router.get(
    "/construction/cases/{case_id}/history",
    response=list[ConstructionChangeOut],
    summary="Byggesagens historik (hvem, hvornår, før og efter)",
    operation_id="styringsdialog_construction_api_get_history",
)
@paginate(Page)
def get_history(request: HttpRequest, case_id: ObjectId):
    case = _detail(request, case_id)
    return CaseChange.objects.filter(case=case).order_by("-at", "-pk")


@router.get(
    "/construction/guarantees/{code}",
    response=GuaranteesOut,
    summary="Kommunens garantier pr. boligorganisation med totaler",
    operation_id="styringsdialog_construction_api_get_guarantees",
)
def get_guarantees(request: HttpRequest, code: Code):
    scope = require_construction_reader(request.user)
    kommune = get_kommune_for_user(request.user, code)
    rows, totals = guarantee_register(scope, kommune)
    return {"kommune": kommune.code, "organisations": rows, **totals}
