"""Endpoints for a department's and a kommune's effektivitetstal and key figures, scoped like
the pages, and the kommune's provisions norm (GET/PUT). Runs themselves: ``runs``.

Results only for departments in the user's scope
(``accounts.permissions``). Without ``year`` the newest year with a run of ``method`` is used.
"""

# No "from __future__ import annotations" here: Ninja must resolve the ``Method`` alias.
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.benchmarking import services
from styringsdialog.benchmarking.display import shown
from styringsdialog.benchmarking.models import (
    BenchmarkRun,
    DepartmentResult,
    KeyFigureResult,
    OfficialScore,
)
from styringsdialog.benchmarking.queries import norms, pages
from styringsdialog.benchmarking.queries.runs import latest_run
from styringsdialog.lib.api_types import Code, ObjectIn, Page, Year
from styringsdialog.registry.models import Department
from styringsdialog.registry.queries import (
    get_department_for_user,
    get_kommune_for_user,
    visible_departments,
)

router = Router(tags=["Effektivitet"])
Method = Literal["fdh", "dea-vrs", "dea-crs"]


class ColourScaleOut(Schema):
    version: str
    valid_from: date
    green_from: float
    yellow_from: float
    provenance: str


class RunOut(Schema):
    id: int
    method: str
    data_year: int
    parameters: dict[str, Any]
    key_figure_parameters: dict[str, Any]
    code_version: str
    colour_scale: ColourScaleOut
    created_at: datetime
    n_departments: int
    n_scored: int
    n_excluded: int
    duration_s: float


class OfficialOut(Schema):
    effektivitetstal: int
    colour: str
    source: str
    imported_at: datetime


class ShownOut(Schema):
    effektivitetstal: int | None
    colour: str
    official: bool


class ResultOut(Schema):
    organisation: str
    department: str
    name: str
    run_id: int
    effektivitetstal: int | None
    colour: str
    score: float
    potential_pct: float | None
    potential_kr: Decimal | None
    best_peer: str | None
    binding_account: str
    per_account: dict[str, dict[str, float]]
    peer_group: str
    peer_group_description: str
    group_size: int
    widened: bool
    widening_reason: str
    excluded_reason: str
    explanation: str
    official: OfficialOut | None
    shown: ShownOut


class KeyFiguresOut(Schema):
    provisions_per_m2: float | None
    provisions_per_dwelling: float | None
    annualised: bool
    norm_per_m2: float
    below_norm: bool
    peer_group: str
    peer_count: int
    peer_lower: float | None
    peer_upper: float | None
    critical_low: bool
    critical_high: bool
    rent_per_m2: float | None
    kommune_rent: float | None
    region_rent: float | None
    rent_vs_kommune_pct: float | None
    rent_vs_region_pct: float | None
    region_high_rent: float | None
    high_rent: bool
    flags: list[str]
    norm_source: str
    rent_type: str
    rent_from_fact: bool
    accumulated: float | None
    accumulated_per_m2: float | None
    accumulated_per_dwelling: float | None
    accumulated_peer_count: int
    accumulated_peer_lower: float | None
    accumulated_peer_upper: float | None
    accumulated_critical_low: bool


class DepartmentEfficiencyOut(Schema):
    year: int | None
    method: str
    run: RunOut | None
    result: ResultOut | None
    official: OfficialOut | None
    key_figures: KeyFiguresOut | None
    dea_peers: list[dict[str, Any]]


def _run(year: int | None, method: str) -> BenchmarkRun | None:
    return latest_run(year, method)


def _official(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "effektivitetstal": value.effektivitetstal,
        "colour": value.colour,
        "source": value.source.name,
        "imported_at": value.imported_at,
    }


def _result(
    r: DepartmentResult, run: BenchmarkRun, official: OfficialScore | None
) -> dict[str, Any]:
    d, peer = r.department, r.best_peer
    s = shown(
        r.effektivitetstal,
        r.colour,
        official.effektivitetstal if official else None,
        official.colour if official else "",
        run.colour_scale.as_scale(),
    )
    return {
        "organisation": d.organisation.number,
        "department": d.number,
        "name": d.name,
        "run_id": run.pk,
        "effektivitetstal": r.effektivitetstal,
        "colour": r.colour,
        "score": r.score,
        "potential_pct": r.potential_pct,
        "potential_kr": r.potential_kr,
        "best_peer": f"{peer.organisation.number}-{peer.number}" if peer else None,
        "binding_account": r.binding_account,
        "per_account": r.per_account,
        "peer_group": r.peer_group,
        "peer_group_description": r.peer_group_description,
        "group_size": r.group_size,
        "widened": r.widened,
        "widening_reason": r.widening_reason,
        "excluded_reason": r.excluded_reason,
        "explanation": r.explanation,
        "official": _official(official),
        "shown": {"effektivitetstal": s.value, "colour": s.colour, "official": s.official},
    }


@router.get(
    "/departments/{org_number}/{number}/efficiency",
    response=DepartmentEfficiencyOut,
    summary="Afdelingens effektivitetstal, officielle tal og nøgletal",
)
def department_efficiency(
    request: HttpRequest,
    org_number: Code,
    number: Code,
    year: Year | None = None,
    method: Method = "fdh",
):
    dept = get_department_for_user(request.user, org_number, number)
    run = _run(year, method)
    year = run.data_year if run else year
    official = (
        OfficialScore.objects.select_related("source").filter(department=dept, year=year).first()
        if year
        else None
    )
    result = key = None
    peers: list[dict[str, Any]] = []
    if run is not None:
        r = run.results.select_related("best_peer__organisation").filter(department=dept).first()
        if r is not None:
            r.department = dept
            result = _result(r, run, official)
            peers = _dea_peers(r)
        key = KeyFigureResult.objects.filter(run=run, department=dept).first()
    return {
        "year": year,
        "method": method,
        "run": run,
        "result": result,
        "official": _official(official),
        "key_figures": key,
        "dea_peers": peers,
    }


def _dea_peers(r: DepartmentResult) -> list[dict[str, Any]]:
    names = {
        pk: f"{o}-{n}"
        for pk, o, n in Department.objects.filter(pk__in=r.dea_peers).values_list(
            "pk", "organisation__number", "number"
        )
    }
    return [
        {"department": names.get(p, str(p)), "lambda": w}
        for p, w in zip(r.dea_peers, r.dea_lambdas, strict=False)
    ]


@router.get(
    "/kommuner/{code}/efficiency",
    response=list[ResultOut],
    summary="Effektivitetstal for kommunens afdelinger",
)
@paginate(Page)
def kommune_efficiency(
    request: HttpRequest, code: Code, year: Year | None = None, method: Method = "fdh"
):
    kommune = get_kommune_for_user(request.user, code)
    run = _run(year, method)
    if run is None:
        raise Http404("Der er ingen beregning for det valgte år og den valgte metode.")
    depts = visible_departments(scope_for(request.user), Department.objects.filter(kommune=kommune))
    return _LazyResults(
        run,
        pages.result_rows(run, depts).order_by(
            "department__organisation__number", "department__number"
        ),
    )


class _LazyResults:
    """A sliceable sequence that serialises only the page the paginator asks for."""

    def __init__(self, run: BenchmarkRun, qs: Any):
        self.run, self.qs = run, qs

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        rows = list(self.qs[item])
        sources = _official_map(self.run, [r.department_id for r in rows])
        return [_result(r, self.run, sources.get(r.department_id)) for r in rows]


def _official_map(run: BenchmarkRun, department_ids: list[int]) -> dict[int, OfficialScore]:
    qs = OfficialScore.objects.select_related("source").filter(
        department_id__in=department_ids, year=run.data_year
    )
    return {o.department_id: o for o in qs}


class NormOut(Schema):
    kommune: str
    norm_per_m2: Decimal
    source: str
    is_default: bool
    version: int
    updated_at: datetime | None


class NormIn(ObjectIn):
    norm_per_m2: Annotated[float, Field(ge=0, le=10_000, description="kr. pr. m² pr. år")]
    source: Annotated[str, Field(min_length=1, max_length=300)]
    version: Annotated[int, Field(ge=0, le=2_000_000_000, description="den læste version")]


@router.get(
    "/kommuner/{code}/provision-norm",
    response=NormOut,
    summary="Kommunens norm for henlæggelser (kr. pr. m² pr. år) med kilde",
)
def get_provision_norm(request: HttpRequest, code: Code):
    kommune = get_kommune_for_user(request.user, code)
    return _norm_out(norms.norm_for(kommune))


@router.put(
    "/kommuner/{code}/provision-norm",
    response=NormOut,
    summary="Ret kommunens norm for henlæggelser (version = den version, du har læst; 0 for standarden)",
)
def put_provision_norm(request: HttpRequest, code: Code, payload: NormIn):
    kommune = get_kommune_for_user(request.user, code, write=True)
    services.set_provision_norm(
        kommune=kommune,
        norm_per_m2=payload.norm_per_m2,
        source=payload.source,
        version=payload.version,
        by=request.user,
    )
    return _norm_out(norms.norm_for(kommune))


def _norm_out(view: norms.NormView) -> dict[str, Any]:
    return {
        "kommune": view.kommune_code,
        "norm_per_m2": view.norm_per_m2,
        "source": view.source,
        "is_default": view.is_default,
        "version": view.version,
        "updated_at": view.updated_at,
    }
