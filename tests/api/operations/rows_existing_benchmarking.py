"""Runs, effektivitetstal and the provision norm that existed before the table."""

from __future__ import annotations

from tests.api.operations import Ctx, Op

CW = "caseworker_ballerup"
KBH = "caseworker_kbh"
DEPT = {"org_number": "0151", "number": "008"}


def _run(c: Ctx) -> None:
    from almen.efficiency import Parameters
    from styringsdialog.benchmarking.services import run_benchmark

    c.extra["run"] = run_benchmark(year=2024, params=Parameters(min_peers=1)).pk


OPERATIONS: list[Op] = [
    Op("get", "/api/v1/benchmark-runs", owner=CW, outsider=None, note="every role sees runs"),
    Op(
        "get",
        "/api/v1/benchmark-runs/{run_id}",
        owner=CW,
        outsider=None,
        prepare=_run,
        params=lambda c: {"run_id": c.extra["run"]},
        note="every role sees runs",
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
        "/api/v1/kommuner/{code}/efficiency",
        owner=CW,
        outsider=KBH,
        prepare=_run,
        params=lambda c: {"code": "151", "year": 2024},
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
