"""The reconciliation report's departments (page by page) and its CSV/XLSX export, scoped like
the page (``registers.queries.kommune_report``: only departments the user may see)."""

# No "from __future__ import annotations" here: Ninja must resolve the paginated signature.
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.lib.api_types import Code, OptionalCode, Page, Year
from styringsdialog.registers import exports, queries
from styringsdialog.registry.queries import get_kommune_for_user

router = Router(tags=["Registre"])


class FiguresOut(Schema):
    dwellings: int | None
    area_m2: int | None


class PartOut(Schema):
    measure: str
    measure_label: str
    source_a: str
    source_b: str
    value_a: int
    value_b: int
    amount: int
    reason: str
    reason_label: str
    note: str


class DepartmentReconciliationOut(Schema):
    run: int
    organisation: str
    organisation_name: str
    department: str
    name: str
    figures: dict[str, FiguresOut]
    dwellings_gap: int
    area_gap: int
    parts: list[PartOut]


def _report(user: Any, code: str, aar: int | None, organisation: str) -> Any:
    kommune = get_kommune_for_user(user, code)
    report = queries.kommune_report(
        kommune=kommune, scope=scope_for(user), organisation=organisation, year=aar
    )
    if report is None:
        raise Http404(
            f"Der er ikke kørt en afstemning for {aar}, der omfatter kommunen."
            if aar
            else "Der er endnu ikke kørt en afstemning, der omfatter kommunen."
        )
    return kommune, report


def _department(run_id: int, row: queries.DepartmentRow) -> dict[str, Any]:
    d = row.department
    return {
        "run": run_id,
        "organisation": d.organisation.number,
        "organisation_name": d.organisation.name,
        "department": d.number,
        "name": d.name,
        "figures": {
            source: {"dwellings": dwellings, "area_m2": area}
            for source, (dwellings, area) in row.figures.items()
        },
        "dwellings_gap": row.dwellings_gap,
        "area_gap": row.area_gap,
        "parts": [
            {
                "measure": p.measure,
                "measure_label": p.get_measure_display(),
                "source_a": p.source_a,
                "source_b": p.source_b,
                "value_a": p.value_a,
                "value_b": p.value_b,
                "amount": p.amount,
                "reason": p.reason,
                "reason_label": queries.reason_label(p.reason),
                "note": p.note,
            }
            for p in row.parts
        ],
    }


@router.get(
    "/registre/kommuner/{code}/afstemning/afdelinger",
    response=list[DepartmentReconciliationOut],
    summary="Afstemningens afdelinger med uoverensstemmelser: tal pr. kilde og årsager",
    description="Som tabellen på siden: de afdelinger, du har adgang til, hvor boligtal eller "
    "m² afviger, med tallene pr. kilde (lbf, bbr) og forskellen opdelt efter årsag "
    "(`reason_label` er den danske tekst). `aar` og `organisation` som på siden; 404 når der "
    "ikke er kørt en afstemning.",
)
@paginate(Page)
def reconciliation_departments(
    request: HttpRequest, code: Code, aar: Year | None = None, organisation: OptionalCode = ""
):
    _kommune, report = _report(request.user, code, aar, organisation)
    return [_department(report.run.pk, row) for row in report.departments]


def _file_doc(content_type: str, description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _download(request: HttpRequest, code: str, aar: int | None, organisation: str, fmt: str):
    kommune, report = _report(request.user, code, aar, organisation)
    return exports.download(report, kommune, fmt)


@router.get(
    "/registre/kommuner/{code}/afstemning.csv",
    summary="Afstemningen som CSV (som eksporten på siden)",
    description="Én række pr. del af en forskel (kommunen først), danske kolonnenavne, "
    "semikolonsepareret, UTF-8 med BOM. `aar` og `organisation` som …/afstemning.",
    openapi_extra=_file_doc("text/csv", "CSV-fil"),
)
def reconciliation_csv(
    request: HttpRequest, code: Code, aar: Year | None = None, organisation: OptionalCode = ""
) -> HttpResponse:
    return _download(request, code, aar, organisation, "csv")


@router.get(
    "/registre/kommuner/{code}/afstemning.xlsx",
    summary="Afstemningen som Excel-fil (som eksporten på siden)",
    description="Arket Kilder (tal pr. kilde) og arket Uoverensstemmelser (som CSV-filen).",
    openapi_extra=_file_doc(exports.XLSX_CONTENT_TYPE, "XLSX-fil"),
)
def reconciliation_xlsx(
    request: HttpRequest, code: Code, aar: Year | None = None, organisation: OptionalCode = ""
) -> HttpResponse:
    return _download(request, code, aar, organisation, "xlsx")
