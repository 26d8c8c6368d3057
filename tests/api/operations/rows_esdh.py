"""Issue 16 items 4a and 5: the personal-data findings before publication and the ESDH export
(publication.api, records)."""

from __future__ import annotations

from typing import Any

from tests.api.operations import Ctx, Op

OWNER, OUTSIDER, READER = "caseworker_ballerup", "caseworker_kbh", "almenbo_staff"


def _meeting(c: Ctx) -> dict[str, Any]:
    return {"meeting_id": c.data.meeting.pk}


OPERATIONS: list[Op] = [
    Op(
        "get",
        "/api/v1/meetings/{meeting_id}/referat/personal-data",
        OWNER,
        OUTSIDER,
        READER,
        params=_meeting,
    ),
]
