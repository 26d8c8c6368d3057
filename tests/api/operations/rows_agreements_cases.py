"""Agreements and cases: create, edit, history, carry-over, timeline, links, status
(meetings.api.agreements, meetings.api.cases)."""

from __future__ import annotations

from datetime import date
from typing import Any

from styringsdialog.meetings import services
from styringsdialog.meetings.services.cases import link_case_to_department
from tests.api.operations import Ctx, Op

OWNER, OUTSIDER, READER = "caseworker_ballerup", "caseworker_kbh", "almenbo_staff"


def _standalone(c: Ctx) -> None:
    """An agreement without a meeting, the kommune responsible: Almenbo's staff read it but
    have no write level on it (403), Copenhagen does not see it (404)."""
    c.extra["agreement"] = services.add_agreement(
        meeting=None,
        kommune=c.world.ballerup,
        organisation=c.world.almenbo,
        styringsaar=2021,
        text="Kommunen svarer på ansøgningen",
        responsible_side="kommune",
        deadline=date(2021, 9, 1),
        by=None,
    )


def _not_fulfilled(c: Ctx) -> None:
    _standalone(c)
    services.change_agreement_status(
        agreement=c.extra["agreement"], status="ikke_opfyldt", by=None, note="Ikke nået"
    )
    c.extra["next_meeting"] = services.create_meeting_from_template(
        kommune=c.world.ballerup,
        organisation=c.world.almenbo,
        styringsaar=2022,
        date=date(2022, 5, 20),
        by=c.user(OWNER),
    )


def _agreement(c: Ctx) -> dict[str, Any]:
    return {"agreement_id": c.extra["agreement"].pk}


def _case(c: Ctx) -> dict[str, Any]:
    return {"case_id": c.data.case.pk}


def _linked(c: Ctx) -> None:
    c.extra["link"] = link_case_to_department(case=c.data.case, department=c.world.kirstinelund)


OPERATIONS: list[Op] = [
    Op(
        "post",
        "/api/v1/agreements",
        OWNER,
        OUTSIDER,
        READER,
        body=lambda c: {
            "kommune": "151",
            "organisation": "0151",
            "styringsaar": 2021,
            "text": "Almenbo udarbejder en plan for vedligehold",
            "responsible_side": "organisation",
            "deadline": "2021-12-01",
            "departments": ["008"],
        },
        expect=201,
        note="the variant without a meeting: the organisation reads the kommune but may not write",
    ),
    Op(
        "patch",
        "/api/v1/agreements/{agreement_id}",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_standalone,
        params=_agreement,
        body=lambda c: {"version": 0, "text": "Kommunen svarer senest 1. oktober"},
    ),
    Op(
        "get",
        "/api/v1/agreements/{agreement_id}/history",
        OWNER,
        OUTSIDER,
        prepare=_standalone,
        params=_agreement,
    ),
    Op(
        "post",
        "/api/v1/agreements/{agreement_id}/carry-over",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_not_fulfilled,
        params=_agreement,
        body=lambda c: {"meeting_id": c.extra["next_meeting"].pk},
        expect=201,
    ),
    Op(
        "post",
        "/api/v1/cases",
        OWNER,
        OUTSIDER,
        READER,
        body=lambda c: {
            "organisation": "0151",
            "department": "003",
            "title": "Fugt i kældrene",
            "category": "byggeri_mangler",
            "opened_on": "2021-06-01",
            "text": "Beboerne har henvendt sig",
        },
        expect=201,
    ),
    Op(
        "patch",
        "/api/v1/cases/{case_id}",
        OWNER,
        OUTSIDER,
        READER,
        params=_case,
        body=lambda c: {"version": 0, "title": "Nye matrikler i Lundebjerg"},
    ),
    Op(
        "post",
        "/api/v1/cases/{case_id}/entries",
        OWNER,
        OUTSIDER,
        READER,
        params=_case,
        body=lambda c: {"date": "2021-06-15", "text": "Svar fra Geodatastyrelsen"},
        expect=201,
    ),
    Op(
        "post",
        "/api/v1/cases/{case_id}/links",
        OWNER,
        OUTSIDER,
        READER,
        params=_case,
        body=lambda c: {"department": "0151-003"},
        expect=201,
    ),
    Op(
        "delete",
        "/api/v1/cases/{case_id}/links/{link_id}",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_linked,
        params=lambda c: {"case_id": c.data.case.pk, "link_id": c.extra["link"].pk},
        expect=204,
    ),
    Op(
        "post",
        "/api/v1/cases/{case_id}/status",
        OWNER,
        OUTSIDER,
        READER,
        params=_case,
        body=lambda c: {"status": "afventer", "note": "Venter på svar"},
    ),
]
