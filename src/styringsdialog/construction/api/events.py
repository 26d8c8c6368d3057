"""Events on a case (complaints, compensation, defects, meetings with residents,
registrations): add and edit; the organisation's staff may too."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
import datetime as dt
from datetime import date
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Router, Status

from styringsdialog.construction import services
from styringsdialog.construction.api.common import (
    _NO_NUL,
    ConstructionEventOut,
    EventKind,
    EventStatus,
    Kroner,
    Months,
    Ref,
    Version,
    _conflict,
    _sent,
)
from styringsdialog.construction.queries import get_construction_case_for_user
from styringsdialog.lib.api_types import ObjectId, ObjectIn, Text

router = Router(tags=["Byggesager"])


class EventIn(ObjectIn):
    kind: EventKind
    date: date
    text: Annotated[str, Field(min_length=1, max_length=10_000, pattern=_NO_NUL)]
    status: EventStatus = ""
    months_of_rent: Months | None = None
    amount: Kroner | None = None
    paid_by: Text = ""
    decided_on: dt.date | None = None
    recipient: Text = ""
    document: Ref = ""


class EventPatchIn(ObjectIn):
    version: Version
    status: EventStatus | None = None
    text: Annotated[str, Field(min_length=1, max_length=10_000, pattern=_NO_NUL)] | None = None
    months_of_rent: Months | None = None
    amount: Kroner | None = None
    paid_by: Text | None = None
    decided_on: dt.date | None = None
    recipient: Text | None = None
    document: Ref | None = None


@router.post(
    "/construction/cases/{case_id}/events",
    response={201: ConstructionEventOut},
    summary="Tilføj en hændelse (klage, kompensation, mangel, beboermøde, registrering)",
    operation_id="styringsdialog_construction_api_add_event",
)
def add_event(request: HttpRequest, case_id: ObjectId, payload: EventIn):
    case = get_construction_case_for_user(request.user, case_id, event=True)
    values = payload.model_dump(exclude={"kind", "date", "text"})
    event = services.add_event(
        case=case,
        kind=payload.kind,
        date=payload.date,
        text=payload.text,
        by=request.user,
        **values,
    )
    return Status(201, event)


@router.patch(
    "/construction/cases/{case_id}/events/{event_id}",
    response=ConstructionEventOut,
    summary="Ret en hændelses status eller tal; 409 ved forældet version",
    operation_id="styringsdialog_construction_api_edit_event",
)
def edit_event(request: HttpRequest, case_id: ObjectId, event_id: ObjectId, payload: EventPatchIn):
    case = get_construction_case_for_user(request.user, case_id, event=True)
    event = case.events.filter(pk=event_id).first()
    if event is None:
        raise Http404("Hændelsen findes ikke i byggesagen.")
    changes = _sent(
        payload,
        (
            "status",
            "text",
            "months_of_rent",
            "amount",
            "paid_by",
            "decided_on",
            "recipient",
            "document",
        ),
    )
    try:
        return services.update_event(
            event=event, by=request.user, version=payload.version, **changes
        )
    except services.Conflict as exc:
        raise _conflict(exc) from exc
