"""Read endpoints for the reconciliation report and the kvarterprofil, scoped like the pages."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from almen import areas
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.lib.api_types import Code
from styringsdialog.registers import queries
from styringsdialog.registers.models import AreaClassification, ResidentIndicator
from styringsdialog.registry.queries import get_department_for_user, get_kommune_for_user

router = Router(tags=["Registre"])


class SourceOut(Schema):
    source: str
    label: str
    reference_date: date | None
    dwellings: int | None
    area_m2: int | None


class DifferenceOut(Schema):
    level: str
    organisation: str | None
    department: str | None
    measure: str
    source_a: str
    source_b: str
    value_a: int
    value_b: int
    amount: int
    reason: str
    note: str


class ReconciliationOut(Schema):
    run: int
    created_at: datetime
    kommune: str
    sources: list[SourceOut]
    differences: list[DifferenceOut]


@router.get(
    "/registre/kommuner/{code}/afstemning",
    response=ReconciliationOut | None,
    summary="Afstemning af boligtal og m²",
)
def kommune_reconciliation(request: HttpRequest, code: Code) -> dict | None:
    kommune = get_kommune_for_user(request.user, code)
    data = queries.kommune_report(kommune=kommune, scope=scope_for(request.user))
    if data is None:
        return None
    parts = [p for ps in data.kommune_parts.values() for p in ps] + [
        p for row in data.departments for p in row.parts
    ]
    return {
        "run": data.run.pk,
        "created_at": data.run.created_at,
        "kommune": kommune.code,
        "sources": [s.__dict__ for s in data.sources],
        "differences": [
            {
                "level": p.level,
                "organisation": p.department.organisation.number if p.department else None,
                "department": p.department.number if p.department else None,
                "measure": p.measure,
                "source_a": p.source_a,
                "source_b": p.source_b,
                "value_a": p.value_a,
                "value_b": p.value_b,
                "amount": p.amount,
                "reason": p.reason,
                "note": p.note,
            }
            for p in parts
        ],
    }


class IndicatorOut(Schema):
    year: int
    suppressed: bool
    residents: int | None
    households: int | None
    non_western_pct: float | None
    unemployed_pct: float | None
    convicted_ratio: float | None
    low_education_pct: float | None
    income_pct: float | None


class ClassificationOut(Schema):
    area: str
    list_year: int
    ruleset: str
    category: str
    label: str
    criteria_met: int
    criteria: list[dict]


class ProfileOut(Schema):
    indicators: list[IndicatorOut]
    classifications: list[ClassificationOut]


@router.get(
    "/registre/afdelinger/{org_number}/{number}/kvarterprofil",
    response=ProfileOut,
    summary="Kvarterprofil for en afdeling",
)
def kvarterprofil(request: HttpRequest, org_number: Code, number: Code) -> dict:
    department = get_department_for_user(request.user, org_number, number)
    indicators = []
    for r in ResidentIndicator.objects.filter(department=department).order_by("year"):
        hidden = areas.suppressed(r.residents, r.households)
        values = areas.apply_discretion(r.values(), residents=r.residents, households=r.households)
        indicators.append(
            {
                "year": r.year,
                "suppressed": hidden,
                "residents": None if hidden else r.residents,
                "households": None if hidden else r.households,
                **values,
            }
        )
    classifications = [
        {
            "area": c.area.code,
            "list_year": c.list_year,
            "ruleset": c.ruleset,
            "category": c.category,
            "label": c.label,
            "criteria_met": c.criteria_met,
            "criteria": c.criteria,
        }
        for c in AreaClassification.objects.filter(area__departments=department)
        .select_related("area")
        .order_by("area", "list_year")
    ]
    return {"indicators": indicators, "classifications": classifications}
