"""Meetings (read side that existed before the table; extend with the writes)."""

from __future__ import annotations

from tests.api.operations import Op

OPERATIONS: list[Op] = [
    Op(
        "get",
        "/api/v1/meetings/{meeting_id}",
        owner="caseworker_ballerup",
        outsider="caseworker_kbh",
        params=lambda c: {"meeting_id": c.data.meeting.pk},
    ),
]
