"""The referat workflow and publishing (meetings.api.referat, publication.api)."""

from __future__ import annotations

from typing import Any

from styringsdialog.meetings import services
from styringsdialog.publication.services import publish_referat
from tests.api.operations import Ctx, Op


def _kommune(c: Ctx) -> Any:
    return c.user("caseworker_ballerup")


def _held(c: Ctx) -> None:
    meeting = c.data.meeting
    services.mark_meeting_held(meeting=meeting, by=_kommune(c))
    item = meeting.items.order_by("pk").first()
    item.meeting = meeting
    services.write_minutes(
        item=item, text="Drøftet", decision=None, version=item.minutes_version, by=_kommune(c)
    )


def _sent(c: Ctx) -> None:
    _held(c)
    services.send_referat_to_organisation(meeting=c.data.meeting, by=_kommune(c))


def _commented(c: Ctx) -> None:
    _sent(c)
    c.extra["comment"] = services.add_referat_comment(
        meeting=c.data.meeting, by=c.user("almenbo_staff"), text="Ret navnet"
    )


def _approved(c: Ctx) -> None:
    _sent(c)
    services.approve_referat(meeting=c.data.meeting, by=_kommune(c))


def _published(c: Ctx) -> None:
    _approved(c)
    c.extra["version"] = publish_referat(
        meeting=c.data.meeting,
        by=_kommune(c),
        empty={i.pk: "omit" for i in c.data.meeting.items.all()},
    )


def _reapproved(c: Ctx) -> None:
    _published(c)
    meeting, by = c.data.meeting, _kommune(c)
    services.reopen_referat_for_correction(meeting=meeting, by=by, reason="Stavefejl")
    services.send_referat_to_organisation(meeting=meeting, by=by)
    services.approve_referat(meeting=meeting, by=by)


def _meeting(c: Ctx) -> dict[str, Any]:
    return {"meeting_id": c.data.meeting.pk}


OWNER, OUTSIDER, READER = "caseworker_ballerup", "caseworker_kbh", "almenbo_staff"

OPERATIONS: list[Op] = [
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/referat/send",
        OWNER,
        OUTSIDER,
        None,
        params=_meeting,
        prepare=_held,
        note="the organisation does not see the meeting before it is sent (404)",
    ),
    Op(
        "get",
        "/api/v1/meetings/{meeting_id}/comments",
        OWNER,
        OUTSIDER,
        params=_meeting,
        prepare=_commented,
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/comments",
        READER,
        OUTSIDER,
        OWNER,
        params=_meeting,
        prepare=_sent,
        body=lambda c: {"text": "Ret navnet"},
        expect=201,
        note="the organisation comments; the kommune's caseworker may not (403)",
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/comments/{comment_id}/resolve",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_commented,
        params=lambda c: {"meeting_id": c.data.meeting.pk, "comment_id": c.extra["comment"].pk},
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/referat/approve",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_sent,
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/referat/reopen",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_approved,
        body=lambda c: {"reason": "Stavefejl"},
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/referat/publish",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_approved,
        body=lambda c: {"empty_default": "omit"},
        expect=201,
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/referat/correction",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_reapproved,
        body=lambda c: {"change_note": "Stavefejl rettet", "empty_default": "omit"},
        expect=201,
    ),
    Op(
        "get",
        "/api/v1/referater/{referat_id}/versions",
        None,
        None,
        prepare=_published,
        params=lambda c: {"referat_id": c.extra["version"].referat_id},
        note="public",
    ),
    Op(
        "get",
        "/api/v1/referater/{referat_id}/versions/{version}.{fmt}",
        None,
        None,
        prepare=_published,
        note="public",
        params=lambda c: {"referat_id": c.extra["version"].referat_id, "version": 1, "fmt": "pdf"},
    ),
]
