"""Runs, effektivitetstal and the provision norm that existed before the table."""

from __future__ import annotations

from tests.api.operations import Op

CW = "caseworker_ballerup"
KBH = "caseworker_kbh"
DEPT = {"org_number": "0151", "number": "008"}

OPERATIONS: list[Op] = [
    Op("get", "/api/v1/benchmark-runs", owner=CW, outsider=None, note="every role sees runs"),
    Op(
        "get",
        "/api/v1/benchmark-runs/{run_id}",
        owner=CW,
        outsider=None,
        params=lambda c: {"run_id": 999999},
        expect=404,
        note="no run in the test data; every role sees runs",
    ),
    Op(
        "get",
        "/api/v1/departments/{org_number}/{number}/efficiency",
        owner=CW,
        outsider=KBH,
        params=lambda c: DEPT,
    ),
    Op(
        "get",
        "/api/v1/kommuner/{code}/provision-norm",
        owner=CW,
        outsider="other_org_staff",
        params=lambda c: {"code": "151"},
    ),
    Op(
        "put",
        "/api/v1/kommuner/{code}/provision-norm",
        owner=CW,
        outsider="other_org_staff",
        read_only="analyst",
        params=lambda c: {"code": "151"},
        body=lambda c: {"norm_per_m2": 100.0, "source": "Kommunens vedtagelse", "version": 0},
    ),
]
