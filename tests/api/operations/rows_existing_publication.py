"""Published referater (public) that existed before the table."""

from __future__ import annotations

from tests.api.operations import Op

OPERATIONS: list[Op] = [
    Op("get", "/api/v1/referater", owner=None, outsider=None, note="public"),
    Op(
        "get",
        "/api/v1/referater/search",
        owner=None,
        outsider=None,
        params=lambda c: {"q": "velkommen"},
        note="public",
    ),
    Op(
        "get",
        "/api/v1/referater/{referat_id}",
        owner=None,
        outsider=None,
        params=lambda c: {"referat_id": 999999},
        expect=404,
        note="public; none published in the test data",
    ),
]
