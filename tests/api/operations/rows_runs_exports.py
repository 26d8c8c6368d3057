"""Starting benchmark runs, their results and exports, the reconciliation's departments and
exports, and register imports by upload (benchmarking.api.runs, registers.api)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.operations import Ctx, Op

CW = "caseworker_ballerup"
KBH = "caseworker_kbh"
DST_CSV = "OMRÅDE;BEBO;EJER;TID;INDHOLD\n151;BEBOET;20;2025;176\n"


def _run(c: Ctx) -> None:
    from almen.efficiency import Parameters
    from styringsdialog.benchmarking.services import run_benchmark

    c.extra["run"] = run_benchmark(year=2024, params=Parameters(min_peers=1)).pk


def _reconciled(c: Ctx) -> None:
    from styringsdialog.registers.tests.factories import load_registers

    load_registers()


def _results(c: Ctx) -> dict[str, object]:
    return {"run_id": c.extra["run"], "kommune": "151"}


OPERATIONS: list[Op] = [
    Op(
        "post",
        "/api/v1/benchmark-runs",
        owner=CW,
        outsider=None,
        read_only="almenbo_staff",
        body=lambda c: {"year": 2024, "method": "fdh", "kommune": "151"},
        expect=202,
        note="national: no outsider; organisation staff may see results but not start runs",
    ),
    Op(
        "get",
        "/api/v1/benchmark-runs/{run_id}/results",
        owner=CW,
        outsider=KBH,
        prepare=_run,
        params=_results,
        note="outsider: the kommune filter names a kommune they cannot see",
    ),
    Op(
        "get",
        "/api/v1/benchmark-runs/{run_id}/results.csv",
        owner=CW,
        outsider=KBH,
        prepare=_run,
        params=_results,
    ),
    Op(
        "get",
        "/api/v1/benchmark-runs/{run_id}/results.xlsx",
        owner=CW,
        outsider=KBH,
        prepare=_run,
        params=_results,
    ),
    Op(
        "get",
        "/api/v1/registre/kommuner/{code}/afstemning/afdelinger",
        owner=CW,
        outsider="other_org_staff",
        prepare=_reconciled,
        params=lambda c: {"code": "151"},
    ),
    Op(
        "get",
        "/api/v1/registre/kommuner/{code}/afstemning.csv",
        owner=CW,
        outsider="other_org_staff",
        prepare=_reconciled,
        params=lambda c: {"code": "151"},
    ),
    Op(
        "get",
        "/api/v1/registre/kommuner/{code}/afstemning.xlsx",
        owner=CW,
        outsider="other_org_staff",
        prepare=_reconciled,
        params=lambda c: {"code": "151"},
    ),
    Op(
        "post",
        "/api/v1/registre/imports/{kind}",
        owner="admin",
        outsider=None,
        read_only="analyst",
        params=lambda c: {"kind": "dst"},
        files=lambda c: {"file": SimpleUploadedFile("bol101.csv", DST_CSV.encode())},
        expect=201,
        note="national: no outsider",
    ),
]
