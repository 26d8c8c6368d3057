"""Meetings, minutes, agreements and cases that existed before the table."""

from __future__ import annotations

from tests.api.operations import Ctx, Op

CW = "caseworker_ballerup"
KBH = "caseworker_kbh"


def _meeting(c: Ctx) -> dict:
    return {"meeting_id": c.data.meeting.pk}


def _item(c: Ctx) -> dict:
    return {"meeting_id": c.data.meeting.pk, "item_id": c.data.meeting.items.get(key="velkomst").pk}


def _comment(c: Ctx) -> None:
    from styringsdialog.meetings import services

    meeting = c.data.meeting
    torben = c.user(CW)
    services.mark_meeting_held(meeting=meeting, by=torben)
    services.write_minutes(item=meeting.items.get(key="velkomst"), text="Velkommen.")
    services.send_referat_to_organisation(meeting=meeting, by=torben)
    comment = services.add_referat_comment(
        meeting=meeting, by=c.user("almenbo_staff"), text="Hvem deltog?"
    )
    c.extra["comment"] = comment.pk


OPERATIONS: list[Op] = [
    Op("get", "/api/v1/meetings", owner=CW, outsider=None, note="scope-filtered list"),
    Op("get", "/api/v1/meetings/{meeting_id}", owner=CW, outsider=KBH, params=_meeting),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/invitation",
        owner=CW,
        outsider=KBH,
        params=_meeting,
    ),
    Op("get", "/api/v1/meetings/{meeting_id}/agenda.pdf", owner=CW, outsider=KBH, params=_meeting),
    Op(
        "get", "/api/v1/meetings/{meeting_id}/calendar.ics", owner=CW, outsider=KBH, params=_meeting
    ),
    Op("get", "/api/v1/meetings/{meeting_id}/folder.pdf", owner=CW, outsider=KBH, params=_meeting),
    Op(
        "post",
        "/api/v1/kommuner/{code}/meetings/plan",
        owner=CW,
        outsider="other_org_staff",
        read_only="analyst",
        params=lambda c: {"code": "151"},
        body=lambda c: {"styringsaar": 2022},
    ),
    Op(
        "get",
        "/api/v1/meetings/{meeting_id}/items/{item_id}/minutes",
        owner=CW,
        outsider=KBH,
        params=_item,
    ),
    Op(
        "put",
        "/api/v1/meetings/{meeting_id}/items/{item_id}/minutes",
        owner=CW,
        outsider=KBH,
        params=_item,
        body=lambda c: {"minutes": "Torben bød velkommen.", "version": 0},
    ),
    Op("get", "/api/v1/meetings/{meeting_id}/history", owner=CW, outsider=KBH, params=_meeting),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/comments/{comment_id}/replies",
        owner=CW,
        outsider=KBH,
        prepare=_comment,
        params=lambda c: {"meeting_id": c.data.meeting.pk, "comment_id": c.extra["comment"]},
        body=lambda c: {"text": "Svar"},
    ),
    Op("get", "/api/v1/agreements", owner=CW, outsider=None, note="scope-filtered list"),
    Op(
        "get",
        "/api/v1/agreements/{agreement_id}",
        owner=CW,
        outsider=KBH,
        params=lambda c: {"agreement_id": c.data.agreement.pk},
    ),
    Op(
        "post",
        "/api/v1/agreements/{agreement_id}/status",
        owner=CW,
        outsider=KBH,
        params=lambda c: {"agreement_id": c.data.agreement.pk},
        body=lambda c: {"status": "i_gang", "note": "Vi er gået i gang."},
    ),
    Op("get", "/api/v1/cases", owner=CW, outsider=None, note="scope-filtered list"),
    Op(
        "get",
        "/api/v1/cases/{case_id}",
        owner=CW,
        outsider=KBH,
        params=lambda c: {"case_id": c.data.case.pk},
    ),
]
