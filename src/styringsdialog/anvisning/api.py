"""REST endpoints for kommunal anvisning (mounted at /api/v1/ by styringsdialog.api).

Same rules as the pages (accounts.permissions, "# Anvisning"): the kommune's caseworkers write;
organisation staff read their own departments' ledger and agreements and may comment (other
writes 403); analysts, users without a role and outsiders 404.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from styringsdialog.anvisning import imports, services
from styringsdialog.anvisning.models import AnvisningAgreement, LedgerEntry, LegalBasis, Outcome
from styringsdialog.anvisning.queries import (
    agreements_for,
    get_agreement_for_user,
    get_anvisning_kommune,
    get_anvisning_organisation,
    get_comment_for_user,
    get_entry_for_user,
    kommune_figures,
    ledger_for,
    require_reader,
    resolve_department,
)
from styringsdialog.lib.api_types import (
    Code,
    Note,
    ObjectId,
    ObjectIn,
    OptionalCode,
    Page,
    Text,
    Year,
)

router = Router(tags=["Anvisning"])

Share = Annotated[float, Field(ge=0, le=100, description="Procent, fx 25")]
Money = Annotated[float, Field(ge=0, le=10**9, description="Kroner, fx 6250.5")]
Ref = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[^\x00]*$")]


class CoveredOut(Schema):
    department: str
    name: str
    share: Decimal
    step: int | None
    criteria: str

    @staticmethod
    def resolve_department(obj: Any) -> str:
        return f"{obj.department.organisation.number}-{obj.department.number}"

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.department.name


class AnvisningAgreementOut(Schema):
    id: int
    kommune: str = Field(..., alias="kommune.code")
    organisation: str | None
    title: str
    legal_basis: str
    trappemodel: bool
    valid_from: date
    valid_to: date
    number: int
    supersedes_id: int | None
    departments: list[CoveredOut]

    @staticmethod
    def resolve_organisation(obj: AnvisningAgreement) -> str | None:
        return obj.organisation.number if obj.organisation else None

    @staticmethod
    def resolve_departments(obj: AnvisningAgreement) -> list:
        return list(obj.departments.select_related("department__organisation"))


class DepartmentTermsIn(ObjectIn):
    department: Annotated[
        str, Field(min_length=5, max_length=9, description="ORG-AFD, fx 0151-003")
    ]
    share: Share
    step: int | None = Field(None, ge=0, le=20)
    criteria: Note = ""


class AnvisningAgreementIn(ObjectIn):
    """``organisation`` empty: a framework agreement (rammeaftale) with all organisations whose
    departments it lists. ``supersedes``: the id of the agreement this one renews."""

    kommune: Code
    organisation: OptionalCode | None = None
    title: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]
    legal_basis: Annotated[str, Field(json_schema_extra={"enum": list(LegalBasis.values)})]
    trappemodel: bool = False
    valid_from: date
    valid_to: date
    departments: list[DepartmentTermsIn] = Field(..., min_length=1, max_length=500)
    note: Note = ""
    supersedes: ObjectId | None = None


class EntryOut(Schema):
    id: int
    kommune: str = Field(..., alias="kommune.code")
    department: str
    dwelling: str
    address: str
    offered_on: date
    rent: Decimal
    outcome: str
    outcome_on: date | None
    household_ref: str
    vacancy_from: date | None
    vacancy_to: date | None
    vacancy_amount: Decimal
    guarantee_claimed: Decimal
    guarantee_claimed_on: date | None
    guarantee_approved: Decimal
    guarantee_paid: Decimal
    guarantee_paid_on: date | None
    version: int

    @staticmethod
    def resolve_department(obj: LedgerEntry) -> str:
        return f"{obj.department.organisation.number}-{obj.department.number}"


OutcomeValue = Annotated[str, Field(json_schema_extra={"enum": list(Outcome.values)})]


class EntryFields(ObjectIn):
    address: Text = ""
    rent: Money = 0.0
    outcome: OutcomeValue = "afventer"
    outcome_on: date | None = None
    household_ref: Ref | None = Field(None, description="Kommunens reference; aldrig CPR-nummer")
    vacancy_from: date | None = None
    vacancy_to: date | None = None
    vacancy_amount: Money = 0.0
    guarantee_claimed: Money = 0.0
    guarantee_claimed_on: date | None = None
    guarantee_approved: Money = 0.0
    guarantee_paid: Money = 0.0
    guarantee_paid_on: date | None = None


class EntryIn(EntryFields):
    kommune: Code
    department: Annotated[str, Field(min_length=5, max_length=9, description="ORG-AFD")]
    dwelling: Ref
    offered_on: date


class EntryPatchIn(EntryFields):
    """Only the fields sent are changed; ``version`` is the row's version as last read."""

    version: int = Field(..., ge=0, le=2**31 - 1)


class AnvisningImportOut(Schema):
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    sha256: str


class AnvisningCommentIn(ObjectIn):
    text: Annotated[str, Field(min_length=1, max_length=4000, pattern=r"^[^\x00]*$")]


class CommentPatchIn(AnvisningCommentIn):
    """The new text; ``version`` is the comment's version as last read (409 if it changed)."""

    version: int = Field(..., ge=0, le=2**31 - 1)


class AnvisningCommentOut(Schema):
    id: int
    author: str = Field(..., alias="author_name")
    text: str
    version: int
    created_at: datetime
    updated_at: datetime
    revisions: int = Field(0, description="Antal tidligere tekster (historikken bevares)")

    @staticmethod
    def resolve_revisions(obj: Any) -> int:
        return len(obj.revisions.all())  # prefetched on the lists


class YearOut(Schema):
    year: int
    offered: int
    allocated: int
    declined: int
    returned: int
    vacancies: int | None
    agreed_share: str | None
    achieved_share: str | None
    below_agreed: bool
    vacancy_days: int
    average_vacancy_days: str | None
    vacancy_amount: str
    guarantee_claims: int
    guarantee_claimed: str
    guarantee_approved: str
    guarantee_paid: str


class FigureOut(Schema):
    key: str
    label: str
    trend: str
    forebyggelsesomraade: bool
    years: list[YearOut]


class AnvisningFiguresOut(Schema):
    kommune: str
    organisations: list[FigureOut]
    departments: list[FigureOut]


class AnvisningAgreementFilters(Schema):
    kommune: OptionalCode | None = None
    organisation: OptionalCode | None = None
    current: bool = Field(True, description="Kun den nyeste version af hver aftale")


class LedgerFilters(Schema):
    kommune: OptionalCode | None = None
    organisation: OptionalCode | None = None
    year: Year | None = Field(None, description="År, boligen blev tilbudt")


@router.get(
    "/anvisning/agreements", response=list[AnvisningAgreementOut], summary="Anvisningsaftaler"
)
@paginate(Page)
def list_agreements(request: HttpRequest, filters: Query[AnvisningAgreementFilters]):
    scope = require_reader(request.user)
    qs = agreements_for(scope)
    if filters.kommune:
        qs = qs.filter(kommune__code=filters.kommune)
    if filters.organisation:
        qs = qs.filter(organisation__number=filters.organisation) | qs.filter(
            organisation__isnull=True,
            departments__department__organisation__number=filters.organisation,
        )
        qs = qs.distinct()
    if filters.current:
        qs = qs.filter(superseded_by__isnull=True)
    return qs.order_by("kommune__code", "-valid_from", "pk")


@router.get(
    "/anvisning/agreements/{agreement_id}",
    response=AnvisningAgreementOut,
    summary="En anvisningsaftale med afdelinger, andele og trin",
)
def get_agreement(request: HttpRequest, agreement_id: ObjectId):
    return get_agreement_for_user(request.user, agreement_id)


@router.post(
    "/anvisning/agreements",
    response={201: AnvisningAgreementOut},
    summary="Opret en anvisningsaftale (eller en fornyelse med supersedes)",
)
def create_agreement(request: HttpRequest, payload: AnvisningAgreementIn):
    kommune = get_anvisning_kommune(request.user, payload.kommune, write=True)
    organisation = (
        get_anvisning_organisation(request.user, payload.organisation)
        if payload.organisation
        else None
    )
    supersedes = (
        get_agreement_for_user(request.user, payload.supersedes, write=True)
        if payload.supersedes
        else None
    )
    terms = services.terms_from_refs(
        kommune,
        [(t.department, Decimal(str(t.share)), t.step, t.criteria) for t in payload.departments],
    )
    agreement = services.create_agreement(
        kommune=kommune,
        organisation=organisation,
        title=payload.title,
        legal_basis=payload.legal_basis,
        trappemodel=payload.trappemodel,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        departments=terms,
        note=payload.note,
        supersedes=supersedes,
        by=request.user,
    )
    return Status(201, get_agreement_for_user(request.user, agreement.pk))


@router.post(
    "/anvisning/agreements/{agreement_id}/comments",
    response={201: AnvisningCommentOut},
    summary="Kommentér en anvisningsaftale (kommunen og boligorganisationen)",
)
def comment_agreement(request: HttpRequest, agreement_id: ObjectId, payload: AnvisningCommentIn):
    agreement = get_agreement_for_user(request.user, agreement_id)
    return Status(
        201, services.add_comment(agreement=agreement, text=payload.text, by=request.user)
    )


@router.get(
    "/anvisning/agreements/{agreement_id}/comments",
    response=list[AnvisningCommentOut],
    summary="Kommentarerne til en anvisningsaftale",
)
@paginate(Page)
def list_agreement_comments(request: HttpRequest, agreement_id: ObjectId):
    agreement = get_agreement_for_user(request.user, agreement_id)
    return agreement.comments.prefetch_related("revisions").order_by("created_at", "pk")


def _edit_comment(request: HttpRequest, comment: Any, payload: CommentPatchIn) -> Any:
    try:
        return services.edit_comment(
            comment=comment, text=payload.text, version=payload.version, by=request.user
        )
    except services.Conflict as conflict:
        raise HttpError(409, str(conflict)) from conflict


@router.patch(
    "/anvisning/agreements/{agreement_id}/comments/{comment_id}",
    response=AnvisningCommentOut,
    summary="Ret en kommentar til en aftale (kun forfatteren; 409 ved forældet version)",
)
def edit_agreement_comment(
    request: HttpRequest, agreement_id: ObjectId, comment_id: ObjectId, payload: CommentPatchIn
):
    comment = get_comment_for_user(request.user, comment_id, agreement_id=agreement_id, write=True)
    return _edit_comment(request, comment, payload)


class ReviewIn(ObjectIn):
    department: Annotated[str, Field(min_length=5, max_length=9, description="ORG-AFD")]
    year: Year
    share: Share
    step: int | None = Field(None, ge=0, le=20)
    criteria: Note | None = None
    note: Note = ""


class ReviewOut(Schema):
    id: int
    year: int
    step: int | None
    share: Decimal
    criteria: str
    note: str
    reviewed_on: date
    by: str = Field(..., alias="by_name")


@router.post(
    "/anvisning/agreements/{agreement_id}/reviews",
    response={201: ReviewOut},
    summary="Årlig revurdering af en afdelings trin og andel (én pr. år; historik bevares)",
)
def review_step(request: HttpRequest, agreement_id: ObjectId, payload: ReviewIn):
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    department = resolve_department(payload.department)
    covered = agreement.departments.filter(department=department).first() if department else None
    if covered is None:
        raise HttpError(404, f"Afdeling {payload.department} er ikke med i aftalen.")
    review = services.review_step(
        covered=covered,
        year=payload.year,
        share=Decimal(str(payload.share)),
        step=payload.step,
        criteria=payload.criteria,
        note=payload.note,
        by=request.user,
    )
    return Status(201, review)


class VacancyIn(ObjectIn):
    kommune: Code
    department: Annotated[str, Field(min_length=5, max_length=9, description="ORG-AFD")]
    year: Year
    vacancies: int = Field(..., ge=0, le=100_000)


class VacancyOut(Schema):
    department: str
    year: int
    vacancies: int


@router.put(
    "/anvisning/vacancies",
    response=VacancyOut,
    summary="Ledige familieboliger i en afdeling i et år (grundlaget for den opnåede andel)",
)
def set_vacancies(request: HttpRequest, payload: VacancyIn):
    kommune = get_anvisning_kommune(request.user, payload.kommune, write=True)
    department = resolve_department(payload.department, kommune=kommune)
    if department is None:
        raise DjangoValidationError(f"Afdeling {payload.department} findes ikke.")
    row = services.set_vacancies(
        department=department,
        kommune=kommune,
        year=payload.year,
        vacancies=payload.vacancies,
        by=request.user,
    )
    return {"department": payload.department, "year": row.year, "vacancies": row.vacancies}


@router.get("/anvisning/ledger", response=list[EntryOut], summary="Anvisningslisten")
@paginate(Page)
def list_ledger(request: HttpRequest, filters: Query[LedgerFilters]):
    scope = require_reader(request.user)
    qs = ledger_for(scope)
    if filters.kommune:
        qs = qs.filter(kommune__code=filters.kommune)
    if filters.organisation:
        qs = qs.filter(department__organisation__number=filters.organisation)
    if filters.year:
        qs = qs.filter(offered_on__year=filters.year)
    return qs.order_by("-offered_on", "pk")


@router.get(
    "/anvisning/ledger/{entry_id}/comments",
    response=list[AnvisningCommentOut],
    summary="Kommentarerne til en række på anvisningslisten",
)
@paginate(Page)
def list_entry_comments(request: HttpRequest, entry_id: ObjectId):
    entry = get_entry_for_user(request.user, entry_id)
    return entry.comments.prefetch_related("revisions").order_by("created_at", "pk")


@router.post(
    "/anvisning/ledger/{entry_id}/comments",
    response={201: AnvisningCommentOut},
    summary="Kommentér en række på anvisningslisten (kommunen og boligorganisationen)",
)
def comment_entry(request: HttpRequest, entry_id: ObjectId, payload: AnvisningCommentIn):
    entry = get_entry_for_user(request.user, entry_id)
    return Status(201, services.add_comment(entry=entry, text=payload.text, by=request.user))


@router.patch(
    "/anvisning/ledger/{entry_id}/comments/{comment_id}",
    response=AnvisningCommentOut,
    summary="Ret en kommentar til en række (kun forfatteren; 409 ved forældet version)",
)
def edit_entry_comment(
    request: HttpRequest, entry_id: ObjectId, comment_id: ObjectId, payload: CommentPatchIn
):
    comment = get_comment_for_user(request.user, comment_id, entry_id=entry_id, write=True)
    return _edit_comment(request, comment, payload)


def _entry_values(payload: EntryFields, fields: set[str] | None = None) -> dict[str, Any]:
    names = (
        LedgerEntry.EDITABLE if fields is None else [n for n in LedgerEntry.EDITABLE if n in fields]
    )
    values = {n: getattr(payload, n) for n in names}
    for n in imports.MONEY_FIELDS:
        if n in values:
            values[n] = Decimal(str(values[n] or 0)).quantize(Decimal("0.01"))
    if "household_ref" in values:
        values["household_ref"] = values["household_ref"] or ""
    return values


@router.post(
    "/anvisning/ledger",
    response={200: EntryOut, 201: EntryOut},
    summary="Tilføj en bolig stillet til rådighed for kommunen (200: findes allerede)",
)
def create_entry(request: HttpRequest, payload: EntryIn):
    kommune = get_anvisning_kommune(request.user, payload.kommune, write=True)
    department = resolve_department(payload.department, kommune=kommune)
    if department is None:
        raise DjangoValidationError(f"Afdeling {payload.department} findes ikke.")
    existing = LedgerEntry.objects.filter(
        kommune=kommune,
        department=department,
        dwelling=payload.dwelling.strip(),
        offered_on=payload.offered_on,
    ).first()
    if existing is not None:  # natural key: a retried create changes nothing
        return Status(200, get_entry_for_user(request.user, existing.pk))
    entry = services.add_entry(
        kommune=kommune,
        department=department,
        dwelling=payload.dwelling,
        offered_on=payload.offered_on,
        by=request.user,
        **_entry_values(payload),
    )
    return Status(201, get_entry_for_user(request.user, entry.pk))


@router.patch(
    "/anvisning/ledger/{entry_id}",
    response=EntryOut,
    summary="Ret en række på anvisningslisten; 409, hvis andre har rettet imellemtiden",
)
def edit_entry(request: HttpRequest, entry_id: ObjectId, payload: EntryPatchIn):
    entry = get_entry_for_user(request.user, entry_id, write=True)
    try:
        services.update_entry(
            entry=entry,
            version=payload.version,
            by=request.user,
            **_entry_values(payload, payload.model_fields_set),
        )
    except services.Conflict as conflict:
        raise HttpError(409, str(conflict)) from conflict
    return get_entry_for_user(request.user, entry_id)


@router.post(
    "/anvisning/imports",
    response={201: AnvisningImportOut},
    summary="Indlæs anvisningslisten fra kommunens anvisningssystem (CSV/XLSX, alt eller intet)",
)
def import_ledger(
    request: HttpRequest,
    kommune: Form[Code],
    file: File[UploadedFile],
):
    target = get_anvisning_kommune(request.user, kommune, write=True)
    if (file.size or 0) > imports.MAX_BYTES:
        raise DjangoValidationError("Filen er større end 5 MB og kan ikke indlæses.")
    report = imports.import_ledger(
        kommune=target, data=file.read(), filename=file.name or "fil.csv", by=request.user
    )
    if not report.ok:
        raise ValidationError(
            [
                {
                    "loc": [e.file, f"række {e.row}" if e.row else "fil", e.column or "-"],
                    "msg": e.message,
                }
                for e in report.errors
            ]
        )
    return Status(201, report.as_dict())


@router.get(
    "/anvisning/figures",
    response=AnvisningFiguresOut,
    summary="Tal til dialogen pr. boligorganisation og afdeling og år",
)
def figures(request: HttpRequest, kommune: Code, organisation: OptionalCode | None = None):
    scope = require_reader(request.user)
    target = get_anvisning_kommune(request.user, kommune)
    org = get_anvisning_organisation(request.user, organisation) if organisation else None
    ledger = ledger_for(scope, kommune=target, organisation=org)
    org_rows, dept_rows = kommune_figures(target, ledger)
    return {
        "kommune": target.code,
        "organisations": [r.as_dict() for r in org_rows],
        "departments": [r.as_dict() for r in dept_rows],
    }
