"""Registry reads (kommuner, organisations, departments) that existed before the table."""

from __future__ import annotations

from tests.api.operations import Op

CW = "caseworker_ballerup"

OPERATIONS: list[Op] = [
    Op("get", "/api/v1/kommuner", owner=CW, outsider=None, note="scope-filtered list"),
    Op(
        "get",
        "/api/v1/kommuner/{code}",
        owner=CW,
        outsider="other_org_staff",
        params=lambda c: {"code": "151"},
    ),
    Op("get", "/api/v1/organisations", owner=CW, outsider=None, note="scope-filtered list"),
    Op(
        "get",
        "/api/v1/organisations/{number}",
        owner=CW,
        outsider="caseworker_kbh",
        params=lambda c: {"number": "0151"},
    ),
    Op("get", "/api/v1/departments", owner=CW, outsider=None, note="scope-filtered list"),
    Op(
        "get",
        "/api/v1/departments/{org_number}/{number}",
        owner=CW,
        outsider="caseworker_kbh",
        params=lambda c: {"org_number": "0151", "number": "008"},
    ),
]
