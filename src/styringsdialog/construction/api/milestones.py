"""Milestones: approve one (the order is enforced: no skema C before skema B)."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import date

from django.http import HttpRequest
from ninja import Router, Status

from styringsdialog.construction import services
from styringsdialog.construction.api.common import (
    Kroner,
    LongText,
    MilestoneKind,
    MilestoneOut,
    Ref,
)
from styringsdialog.construction.queries import get_construction_case_for_user
from styringsdialog.lib.api_types import ObjectId, ObjectIn

router = Router(tags=["Byggesager"])


class MilestoneIn(ObjectIn):
    kind: MilestoneKind
    date: date
    decision: LongText = ""
    document: Ref = ""
    anskaffelsessum: Kroner | None = None
    annual_rent: Kroner | None = None


@router.post(
    "/construction/cases/{case_id}/milestones",
    response={201: MilestoneOut},
    summary="Godkend en milepæl (rækkefølgen håndhæves: ingen skema C før skema B)",
    operation_id="styringsdialog_construction_api_add_milestone",
)
def add_milestone(request: HttpRequest, case_id: ObjectId, payload: MilestoneIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    milestone = services.record_milestone(
        case=case,
        kind=payload.kind,
        date=payload.date,
        decision=payload.decision,
        document=payload.document,
        anskaffelsessum=payload.anskaffelsessum,
        annual_rent=payload.annual_rent,
        by=request.user,
    )
    return Status(201, milestone)
