"""Read endpoints for the reconciliation report and the kvarterprofil, scoped like the pages."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from almen import areas
from almen.registers import describe
from styringsdialog.accounts.permissions import (
    can_import_official_areas,
    scope_for,
)
from styringsdialog.lib.api_types import Code, ObjectIn, OptionalCode, Year
from styringsdialog.registers import queries
from styringsdialog.registers.models import AreaClassification, ResidentIndicator
from styringsdialog.registers.services import ImportFailed
from styringsdialog.registers.services.official import import_official_areas
from styringsdialog.registers.tasks import start_reconciliation_once
from styringsdialog.registry.queries import get_department_for_user, get_kommune_for_user

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

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
    reason_label: str
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
    description="Den nyeste afstemning (med `aar`: den nyeste for året), som siden viser: tal "
    "pr. kilde og forskellene opdelt efter årsag (`reason` er koden, `reason_label` den danske "
    "tekst). `organisation` viser kun den organisations afdelinger. Afdelingernes tal side for "
    "side: …/afstemning/afdelinger. Intet svar (null), når der ikke er kørt en afstemning.",
)
def kommune_reconciliation(
    request: HttpRequest, code: Code, aar: Year | None = None, organisation: OptionalCode = ""
) -> dict | None:
    kommune = get_kommune_for_user(request.user, code)
    data = queries.kommune_report(
        kommune=kommune, scope=scope_for(request.user), organisation=organisation, year=aar
    )
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
                "reason_label": queries.reason_label(p.reason),
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
    official_category: str | None = None  # the official list of the year, when imported
    official_label: str | None = None
    official_list: bool = False  # an official list for the year was imported
    status_source: str = "beregnet"  # "officiel liste" (it takes precedence) or "beregnet"


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
    classifications = []
    for c in (
        AreaClassification.objects.filter(area__departments=department)
        .select_related("area")
        .order_by("area", "list_year")
    ):
        status = queries.official_status(area=c.area, list_year=c.list_year)
        classifications.append(
            {
                "area": c.area.code,
                "list_year": c.list_year,
                "ruleset": c.ruleset,
                "category": c.category,
                "label": c.label,
                "criteria_met": c.criteria_met,
                "criteria": c.criteria,
                "official_list": status.has_official_list,
                "official_category": status.official.category if status.official else None,
                "official_label": status.label if status.has_official_list else None,
                "status_source": status.source or "beregnet",
            }
        )
    return {"indicators": indicators, "classifications": classifications}


class OfficialListOut(Schema):
    snapshot: int
    list_year: int
    file_name: str
    areas: int


@router.post(
    "/registre/officielle-lister",
    response={201: OfficialListOut},
    summary="Indlæs den officielle liste over boligområder for et listeår (administratorer)",
)
def official_list_import(
    request: HttpRequest, year: Form[Year], file: File[UploadedFile]
) -> Status:
    if not can_import_official_areas(scope_for(request.user)):
        raise PermissionDenied("Kun administratorer kan indlæse de officielle lister.")
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError("Filen er for stor (højst 20 MB).")
    try:
        snapshot = import_official_areas(
            data=file.read(), file_name=(file.name or "liste.csv")[:255], year=year, by=request.user
        )
    except ImportFailed as exc:
        raise ValidationError(
            "Listen blev ikke indlæst (intet er gemt): "
            + " ".join(describe(e) for e in exc.errors[:20])
        ) from exc
    return Status(
        201,
        {
            "snapshot": snapshot.pk,
            "list_year": year,
            "file_name": snapshot.file_name,
            "areas": snapshot.rows,
        },
    )


class ReconciliationStartIn(ObjectIn):
    year: Year | None = None


class RegisterJobOut(Schema):
    job: int
    status: str
    url: str


@router.post(
    "/registre/kommuner/{code}/afstemning/start",
    response={202: RegisterJobOut},
    summary="Start en afstemning (for et år eller de nyeste udtræk) som baggrundsjob",
    description="Administratorer og kommunens sagsbehandlere (som knappen på siden). Svaret "
    "har `Location` på jobbets statusadresse (/api/v1/jobs/{id}); `url` er jobbets side. Er en "
    "afstemning for samme år allerede i kø eller i gang, svares med det job i stedet for et nyt.",
    openapi_extra={
        "responses": {
            202: {
                "description": "Jobbet (nyt eller det, der allerede er i gang)",
                "headers": {
                    "Location": {
                        "description": "Jobbets statusadresse, /api/v1/jobs/{id}",
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    },
)
def reconciliation_start(
    request: HttpRequest, response: HttpResponse, code: Code, payload: ReconciliationStartIn
) -> Status:
    kommune = get_kommune_for_user(request.user, code)
    job, _created = start_reconciliation_once(
        by=request.user,
        result_path=reverse("registers:afstemning", args=[kommune.code]),
        kommune=kommune,
        year=payload.year,
    )
    response["Location"] = reverse("api:job_status", kwargs={"job_id": job.pk})
    return Status(
        202, {"job": job.pk, "status": job.status, "url": reverse("jobs:detail", args=[job.pk])}
    )
