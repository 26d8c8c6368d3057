"""Benchmark runs: start one as a background job, list them, one run, its results (scoped like
the pages) and the results as the page's CSV/XLSX export.

Starting follows the page's rule (``accounts.permissions.can_start_benchmark``) and the same
service (``benchmarking.tasks``); progress is polled at ``/api/v1/jobs/{id}``. A run of the same
year and method that is already queued or running (and visible to the caller) is answered
with that job instead of a second one.
"""

# No "from __future__ import annotations" here: Ninja must resolve the paginated signatures.
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Status
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import can_start_benchmark, require, scope_for
from styringsdialog.benchmarking import exports
from styringsdialog.benchmarking.api.efficiency import Method, ResultOut, RunOut, _LazyResults
from styringsdialog.benchmarking.models import BenchmarkRun
from styringsdialog.benchmarking.queries import pages
from styringsdialog.benchmarking.queries.inputs import accounting_years
from styringsdialog.benchmarking.queries.runs import get_run_for_user, result_departments
from styringsdialog.benchmarking.tasks import start_benchmark_once
from styringsdialog.jobs.api import JobOut, job_out
from styringsdialog.lib.api_types import Code, ObjectId, ObjectIn, OptionalCode, Page, Year
from styringsdialog.registry.queries import get_kommune_for_user

router = Router(tags=["Effektivitet"])

SORT_HELP = (
    "Sortering som på siden: org, number, name, official, score (standard), potential, "
    "potential_kr; minus foran for faldende"
)


class RunStartIn(ObjectIn):
    year: Year
    method: Method = "fdh"
    kommune: Code | None = None


def _location_doc(description: str) -> dict[str, Any]:
    return {
        "responses": {
            202: {
                "description": description,
                "headers": {
                    "Location": {
                        "description": "Jobbets statusadresse, /api/v1/jobs/{id}",
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    }


def _file_doc(content_type: str, description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


@router.post(
    "/benchmark-runs",
    response={202: JobOut},
    summary="Start en beregning af effektivitetstal og nøgletal som baggrundsjob",
    description="Administratorer, sektoranalytikere og kommunernes sagsbehandlere (som knappen "
    "på siderne). `method` er fdh (standard), dea-vrs eller dea-crs; med `kommune` peger "
    "jobbets resultat på kommunens effektivitetstal, ellers på listen over beregninger. Er en "
    "beregning for samme år og metode allerede i kø eller i gang, svares med det job (202) i "
    "stedet for et nyt.",
    openapi_extra=_location_doc("Jobbet (nyt eller det, der allerede er i gang)"),
)
def start_run(request: HttpRequest, response: HttpResponse, payload: RunStartIn) -> Status:
    require(
        can_start_benchmark(scope_for(request.user)),
        "Kun administratorer, sektoranalytikere og kommunernes sagsbehandlere kan starte en "
        "beregning.",
    )
    if payload.kommune:
        kommune = get_kommune_for_user(request.user, payload.kommune)
        result_path = reverse("api:kommune_efficiency", kwargs={"code": kommune.code})
    else:
        result_path = reverse("api:list_runs")
    if payload.year not in accounting_years():
        raise ValidationError(
            f"Der er ingen regnskaber for {payload.year}; vælg et år med regnskaber."
        )
    job, _created = start_benchmark_once(
        year=payload.year, method=payload.method, by=request.user, result_path=result_path
    )
    response["Location"] = reverse("api:job_status", kwargs={"job_id": job.pk})
    return Status(202, job_out(job))


@router.get("/benchmark-runs", response=list[RunOut], summary="Beregninger af effektivitetstal")
@paginate(Page)
def list_runs(request: HttpRequest, year: Year | None = None, method: Method | None = None):
    qs = BenchmarkRun.objects.select_related("colour_scale")
    if not scope_for(request.user).has_role:
        return qs.none()
    if year:
        qs = qs.filter(data_year=year)
    if method:
        qs = qs.filter(method=method)
    return qs.order_by("-created_at", "-pk")


@router.get("/benchmark-runs/{run_id}", response=RunOut, summary="Én beregning")
def get_run(request: HttpRequest, run_id: ObjectId):
    return get_run_for_user(request.user, run_id)


@router.get(
    "/benchmark-runs/{run_id}/results",
    response=list[ResultOut],
    summary="Beregningens resultater for de afdelinger, du har adgang til",
    description="Filtrér med `kommune` (kommunekode) og/eller `organisation` (LBF-nummer); en "
    "kommune eller organisation, du ikke har adgang til, giver 404.",
)
@paginate(Page)
def run_results(
    request: HttpRequest,
    run_id: ObjectId,
    kommune: OptionalCode = "",
    organisation: OptionalCode = "",
):
    run = get_run_for_user(request.user, run_id)
    depts = result_departments(request.user, kommune=kommune, organisation=organisation)
    return _LazyResults(
        run,
        pages.result_rows(run, depts).order_by(
            "department__organisation__number", "department__number"
        ),
    )


def _download(
    request: HttpRequest, run_id: int, kommune: str, organisation: str, fmt: str
) -> HttpResponse:
    run = get_run_for_user(request.user, run_id)
    depts = result_departments(request.user, kommune=kommune, organisation=organisation)
    name = "effektivitet"
    if kommune:
        name += f"-kommune-{kommune}"
    if organisation:
        name += f"-organisation-{organisation}"
    return exports.download(request, run, depts, run.colour_scale.as_scale(), fmt, name)


@router.get(
    "/benchmark-runs/{run_id}/results.csv",
    summary="Beregningens resultater som CSV (som eksporten på siden)",
    description="Semikolonsepareret, UTF-8 med BOM, decimalkomma, danske kolonnenavne. "
    f"Filtre som …/results; `sort`: {SORT_HELP}.",
    openapi_extra=_file_doc("text/csv", "CSV-fil"),
)
def run_results_csv(
    request: HttpRequest,
    run_id: ObjectId,
    kommune: OptionalCode = "",
    organisation: OptionalCode = "",
    sort: OptionalCode = "",
):
    return _download(request, run_id, kommune, organisation, "csv")


@router.get(
    "/benchmark-runs/{run_id}/results.xlsx",
    summary="Beregningens resultater som Excel-fil (som eksporten på siden)",
    description=f"Tal som tal, danske kolonnenavne. Filtre som …/results; `sort`: {SORT_HELP}.",
    openapi_extra=_file_doc(exports.XLSX_CONTENT_TYPE, "XLSX-fil"),
)
def run_results_xlsx(
    request: HttpRequest,
    run_id: ObjectId,
    kommune: OptionalCode = "",
    organisation: OptionalCode = "",
    sort: OptionalCode = "",
):
    return _download(request, run_id, kommune, organisation, "xlsx")
