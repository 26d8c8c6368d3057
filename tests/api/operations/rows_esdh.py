"""Issue 16 items 4a and 5: the personal-data findings before publication and the ESDH export
(publication.api, records)."""

from __future__ import annotations

from datetime import date
from typing import Any

from styringsdialog.construction import services as construction
from styringsdialog.meetings import services
from tests.api.operations import Ctx, Op

OWNER, OUTSIDER, READER = "caseworker_ballerup", "caseworker_kbh", "almenbo_staff"


def _meeting(c: Ctx) -> dict[str, Any]:
    return {"meeting_id": c.data.meeting.pk}


def _invited(c: Ctx) -> None:
    """The organisation sees the meeting once it is invited (so its staff get 403, not 404)."""
    services.send_invitation(meeting=c.data.meeting, by=c.user(OWNER))


def _case(c: Ctx) -> dict[str, Any]:
    return {"case_id": c.data.case.pk}


def _referat_sent(c: Ctx) -> None:
    """The organisation sees the meeting's agreements once the referat is sent to it."""
    meeting, by = c.data.meeting, c.user(OWNER)
    services.mark_meeting_held(meeting=meeting, by=by)
    item = meeting.items.order_by("pk").first()
    item.meeting = meeting
    services.write_minutes(
        item=item, text="Drøftet", decision=None, version=item.minutes_version, by=by
    )
    services.send_referat_to_organisation(meeting=meeting, by=by)


def _agreement(c: Ctx) -> dict[str, Any]:
    return {"agreement_id": c.data.agreement.pk}


def _construction(c: Ctx) -> None:
    c.extra["construction"] = construction.open_construction_case(
        kommune=c.world.ballerup,
        organisation=c.world.almenbo,
        department=c.world.lundebjerg,
        kind="nybyggeri",
        title="Nye boliger i Lundebjerg",
        opened_on=date(2021, 1, 15),
        by=None,
    )


def _construction_id(c: Ctx) -> dict[str, Any]:
    return {"case_id": c.extra["construction"].pk}


OPERATIONS: list[Op] = [
    Op(
        "get",
        "/api/v1/meetings/{meeting_id}/referat/personal-data",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_invited,
    ),
    Op(
        "get",
        "/api/v1/meetings/{meeting_id}/records",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_invited,
    ),
    Op(
        "put",
        "/api/v1/meetings/{meeting_id}/records",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_invited,
        body=lambda c: {"journal_number": "2021-1", "kle": "03.10.00"},
    ),
    Op(
        "get",
        "/api/v1/meetings/{meeting_id}/esdh-export",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_invited,
    ),
    Op("get", "/api/v1/cases/{case_id}/records", OWNER, OUTSIDER, READER, params=_case),
    Op(
        "put",
        "/api/v1/cases/{case_id}/records",
        OWNER,
        OUTSIDER,
        READER,
        params=_case,
        body=lambda c: {"kle": "03.10.00 G01", "parties": ["Søren Hansen"]},
    ),
    Op("get", "/api/v1/cases/{case_id}/esdh-export", OWNER, OUTSIDER, READER, params=_case),
    Op(
        "get",
        "/api/v1/agreements/{agreement_id}/records",
        OWNER,
        OUTSIDER,
        READER,
        params=_agreement,
        prepare=_referat_sent,
    ),
    Op(
        "put",
        "/api/v1/agreements/{agreement_id}/records",
        OWNER,
        OUTSIDER,
        READER,
        params=_agreement,
        prepare=_referat_sent,
        body=lambda c: {"journal_number": "A-1", "kle": "03.10.00"},
    ),
    # construction cases (byggesager, issue 16 with C15)
    Op(
        "get",
        "/api/v1/construction/cases/{case_id}/records",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_construction,
        params=_construction_id,
    ),
    Op(
        "put",
        "/api/v1/construction/cases/{case_id}/records",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_construction,
        params=_construction_id,
        body=lambda c: {"journal_number": "B-1", "kle": "03.02.00"},
    ),
    Op(
        "get",
        "/api/v1/construction/cases/{case_id}/esdh-export",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_construction,
        params=_construction_id,
    ),
]
