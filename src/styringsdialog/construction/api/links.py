"""Links from a case to the department's cases, agreements and agenda items: add and remove."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.

from django.http import HttpRequest
from ninja import Router

from styringsdialog.construction import services
from styringsdialog.construction.api.common import ConstructionCaseDetailOut, Ids, _detail
from styringsdialog.construction.queries import get_construction_case_for_user
from styringsdialog.lib.api_types import ObjectId, ObjectIn

router = Router(tags=["Byggesager"])


class LinksIn(ObjectIn):
    """Ids of the meetings app's cases, agreements and agenda items of the same kommune and
    organisation."""

    case_ids: Ids = []
    agreement_ids: Ids = []
    agenda_item_ids: Ids = []


@router.post(
    "/construction/cases/{case_id}/links",
    response=ConstructionCaseDetailOut,
    summary="Knyt byggesagen til afdelingens sager, aftaler og dagsordenspunkter",
    operation_id="styringsdialog_construction_api_add_links",
)
def add_links(request: HttpRequest, case_id: ObjectId, payload: LinksIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    services.link(
        case=case,
        by=request.user,
        case_ids=payload.case_ids,
        agreement_ids=payload.agreement_ids,
        agenda_item_ids=payload.agenda_item_ids,
    )
    return _detail(request, case_id)


@router.post(
    "/construction/cases/{case_id}/links/remove",
    response=ConstructionCaseDetailOut,
    summary="Fjern byggesagens tilknytning til sager, aftaler og dagsordenspunkter (i historikken)",
    operation_id="styringsdialog_construction_api_remove_links",
)
def remove_links(request: HttpRequest, case_id: ObjectId, payload: LinksIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    services.unlink(
        case=case,
        by=request.user,
        case_ids=payload.case_ids,
        agreement_ids=payload.agreement_ids,
        agenda_item_ids=payload.agenda_item_ids,
    )
    return _detail(request, case_id)
