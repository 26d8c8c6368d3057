"""Meetings written through the API: create, edit, held, participants, agenda and attachments."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from styringsdialog.meetings import services
from tests.api.operations import Ctx, Op

OWNER, OUTSIDER, READER = "caseworker_ballerup", "caseworker_kbh", "almenbo_staff"


def _invited(c: Ctx) -> None:
    """The organisation sees the meeting once it is invited (so its staff get 403, not 404)."""
    services.send_invitation(meeting=c.data.meeting, by=c.user(OWNER))


def _meeting(c: Ctx) -> dict[str, Any]:
    return {"meeting_id": c.data.meeting.pk}


def _item(c: Ctx) -> dict[str, Any]:
    return {"meeting_id": c.data.meeting.pk, "item_id": c.data.meeting.items.get(key="velkomst").pk}


def _participant(c: Ctx) -> None:
    _invited(c)
    c.extra["participant"] = services.add_participant(
        meeting=c.data.meeting, name="Bente Boe", side="andet", by=c.user(OWNER)
    )


def _attachment(c: Ctx) -> None:
    _invited(c)
    item = c.data.meeting.items.get(key="velkomst")
    c.extra["attachment"] = services.add_attachment(
        item=item,
        upload=SimpleUploadedFile("notat.txt", b"Et notat", content_type="text/plain"),
        by=c.user(OWNER),
    )


def _published(c: Ctx) -> None:
    from styringsdialog.publication.services import publish_referat

    meeting, by = c.data.meeting, c.user(OWNER)
    services.mark_meeting_held(meeting=meeting, by=by)
    services.write_minutes(item=meeting.items.get(key="velkomst"), text="Velkommen.")
    services.send_referat_to_organisation(meeting=meeting, by=by)
    services.approve_referat(meeting=meeting, by=by)
    publish_referat(meeting=meeting, by=by, empty={i.pk: "omit" for i in meeting.items.all()})


def _attachment_params(c: Ctx) -> dict[str, Any]:
    return {"meeting_id": c.data.meeting.pk, "attachment_id": c.extra["attachment"].pk}


OPERATIONS: list[Op] = [
    Op(
        "post",
        "/api/v1/meetings",
        OWNER,
        "other_org_staff",
        READER,
        body=lambda c: {
            "kommune": "151",
            "organisation": c.world.almenbo.number,
            "styringsaar": 2022,
            "date": "2022-05-20",
        },
        expect=201,
        note="organisation staff see the kommune but may not plan its meetings (403)",
    ),
    Op(
        "patch",
        "/api/v1/meetings/{meeting_id}",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_invited,
        body=lambda c: {"place": "Byrådssalen"},
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/held",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_invited,
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/participants",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_invited,
        body=lambda c: {"name": "Bente Boe", "side": "andet", "title": "Konsulent"},
        expect=201,
    ),
    Op(
        "delete",
        "/api/v1/meetings/{meeting_id}/participants/{participant_id}",
        OWNER,
        OUTSIDER,
        READER,
        params=lambda c: {
            "meeting_id": c.data.meeting.pk,
            "participant_id": c.extra["participant"].pk,
        },
        prepare=_participant,
        expect=204,
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/items",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
        prepare=_invited,
        body=lambda c: {"title": "Nyt byggeri"},
        expect=201,
    ),
    Op(
        "patch",
        "/api/v1/meetings/{meeting_id}/items/{item_id}",
        OWNER,
        OUTSIDER,
        READER,
        params=_item,
        prepare=_invited,
        body=lambda c: {"title": "Velkommen og præsentation"},
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/items/{item_id}/move",
        OWNER,
        OUTSIDER,
        READER,
        params=_item,
        prepare=_invited,
        body=lambda c: {"direction": "down"},
    ),
    Op(
        "delete",
        "/api/v1/meetings/{meeting_id}/items/{item_id}",
        OWNER,
        OUTSIDER,
        READER,
        params=_item,
        prepare=_invited,
        expect=204,
    ),
    Op(
        "get",
        "/api/v1/meetings/{meeting_id}/attachments",
        OWNER,
        OUTSIDER,
        None,
        params=_meeting,
        prepare=_attachment,
        note="everyone who sees the meeting reads its attachments",
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/items/{item_id}/attachments",
        OWNER,
        OUTSIDER,
        READER,
        params=_item,
        prepare=_invited,
        files=lambda c: {
            "file": SimpleUploadedFile("budget.txt", b"Budget 2022", content_type="text/plain")
        },
        expect=201,
    ),
    Op(
        "get",
        "/api/v1/meetings/{meeting_id}/attachments/{attachment_id}",
        OWNER,
        OUTSIDER,
        None,
        params=_attachment_params,
        prepare=_attachment,
        note="everyone who sees the meeting downloads its attachments",
    ),
    Op(
        "delete",
        "/api/v1/meetings/{meeting_id}/attachments/{attachment_id}",
        OWNER,
        OUTSIDER,
        READER,
        params=_attachment_params,
        prepare=_attachment,
        expect=204,
    ),
    Op(
        "get",
        "/api/v1/meetings/{meeting_id}/referat",
        OWNER,
        OUTSIDER,
        None,
        params=_meeting,
        prepare=_published,
        note="everyone who sees the meeting; the referat itself is public under /referater",
    ),
]
