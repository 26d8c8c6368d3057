"""Creating documentation packages, their attachments (intake.api) and the briefing
(meetings.api.briefing)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from styringsdialog.intake import services
from styringsdialog.meetings.briefing import briefing_points
from tests.api.operations import Ctx, Op

CW, ORG, KBH = "caseworker_ballerup", "almenbo_staff", "caseworker_kbh"
PDF = b"%PDF-1.4\n% aarsberetning\n"


def _pkg(c: Ctx) -> dict[str, Any]:
    return {"number": c.data.package.organisation.number, "year": c.data.package.styringsaar}


def _attached(c: Ctx) -> None:
    c.extra["attachment"] = services.add_attachment(
        package=c.data.package,
        kind="aarsberetning",
        uploaded_file=SimpleUploadedFile("aarsberetning.pdf", PDF),
        by=c.user(ORG),
    )


def _attachment(c: Ctx) -> dict[str, Any]:
    return {**_pkg(c), "attachment_id": c.extra["attachment"].pk}


def _points(c: Ctx) -> dict[str, Any]:
    meeting = c.data.meeting
    return {
        "points": [key for key, _ in briefing_points(meeting.organisation, meeting.styringsaar)]
    }


OPERATIONS: list[Op] = [
    Op(
        "post",
        "/api/v1/kommuner/{code}/packages",
        owner=CW,
        outsider="other_org_staff",
        read_only="analyst",
        params=lambda c: {"code": "151"},
        body=lambda c: {"styringsaar": 2026},
    ),
    Op(
        "post",
        "/api/v1/organisations/{number}/packages",
        owner=CW,
        outsider=KBH,
        read_only=ORG,
        params=lambda c: {"number": "0151"},
        body=lambda c: {"styringsaar": 2026},
        expect=201,
        note="the organisation's own staff read the package but the kommune creates it (403)",
    ),
    Op(
        "get",
        "/api/v1/organisations/{number}/packages/{year}/attachments",
        owner=ORG,
        outsider=KBH,
        params=_pkg,
        prepare=_attached,
    ),
    Op(
        "post",
        "/api/v1/organisations/{number}/packages/{year}/attachments",
        owner=ORG,
        outsider=KBH,
        read_only=CW,
        params=_pkg,
        files=lambda c: {
            "kind": "revisionsprotokol",
            "file": SimpleUploadedFile("protokol.pdf", PDF),
        },
        expect=201,
        note="the kommune reads the package; only the organisation adds files (403)",
    ),
    Op(
        "get",
        "/api/v1/organisations/{number}/packages/{year}/attachments/{attachment_id}",
        owner=CW,
        outsider=KBH,
        params=_attachment,
        prepare=_attached,
    ),
    Op(
        "get",
        "/api/v1/organisations/{number}/packages/{year}/answer-template",
        owner=ORG,
        outsider=KBH,
        params=lambda c: {**_pkg(c), "format": "xlsx"},
    ),
    Op(
        "delete",
        "/api/v1/organisations/{number}/packages/{year}/attachments/{attachment_id}",
        owner=ORG,
        outsider=KBH,
        read_only=CW,
        params=_attachment,
        prepare=_attached,
        expect=204,
    ),
    Op(
        "get",
        "/api/v1/organisations/{number}/briefing",
        owner=CW,
        outsider=KBH,
        read_only=ORG,
        params=lambda c: {"number": "0151", "aar": 2021},
        note="the briefing is the home kommune's preparation: the organisation gets 403",
    ),
    Op(
        "post",
        "/api/v1/meetings/{meeting_id}/agenda/from-briefing",
        owner=CW,
        outsider=KBH,
        params=lambda c: {"meeting_id": c.data.meeting.pk},
        body=_points,
        expect=201,
        note="the organisation does not see the meeting before the referat is sent (404)",
    ),
]
