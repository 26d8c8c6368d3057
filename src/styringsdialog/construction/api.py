"""Construction cases (byggesager, C15): list, open, edit (optimistic lock), milestones in
order, events, links to the department's cases/agreements/agenda items, checks, history,
close; the guarantee register; the maksimumbeløb rate table (administrators write).

Scope as on the pages (``accounts.permissions``, "# Construction"): the kommune's caseworkers
write; organisation staff read their own cases and add events (other writes 403); analysts,
users without a role and outsiders 404.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from almen import construction as calc
from styringsdialog.accounts.permissions import (
    can_edit_construction_rates,
    not_found,
    require,
    scope_for,
)
from styringsdialog.construction import services
from styringsdialog.construction.models import (
    CaseChange,
    ConstructionCase,
    Event,
    MaximumRate,
    RateChange,
)
from styringsdialog.construction.queries import (
    case_checks,
    case_documents,
    get_case_document,
    get_case_event,
    get_case_milestone,
    get_construction_case_for_user,
    guarantee_register,
    require_construction_reader,
    visible_construction_cases,
    with_related,
)
from styringsdialog.lib.api_types import Code, Note, ObjectId, ObjectIn, OptionalCode, Page, Text
from styringsdialog.registry.queries import (
    get_department_for_user,
    get_kommune_for_user,
    get_organisation_for_user,
)

router = Router(tags=["Byggesager"])

_NO_NUL = r"^[^\x00]*$"
Title = Annotated[str, Field(min_length=1, max_length=300, pattern=_NO_NUL)]
LongText = Annotated[str, Field(max_length=10_000, pattern=_NO_NUL)]
Ref = Annotated[str, Field(max_length=500, pattern=_NO_NUL)]
Kind = Annotated[str, Field(json_schema_extra={"enum": list(calc.KINDS)})]
MilestoneKind = Annotated[str, Field(json_schema_extra={"enum": list(calc.MILESTONES)})]
HousingType = Annotated[str, Field(json_schema_extra={"enum": list(calc.HOUSING_TYPES)})]
Region = Annotated[str, Field(json_schema_extra={"enum": list(calc.RATE_REGIONS)})]
EventKind = Annotated[str, Field(json_schema_extra={"enum": list(Event.Kind.values)})]
EventStatus = Annotated[str, Field(json_schema_extra={"enum": list(Event.Status.values)})]
Kroner = Annotated[int, Field(ge=0, le=9_999_999_999_999, description="Hele kroner")]
Area = Annotated[float, Field(ge=0, le=10_000_000, description="m², højst én decimal")]
Months = Annotated[float, Field(ge=0, le=120)]
Count = Annotated[int, Field(ge=0, le=100_000)]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]
Ids = Annotated[list[ObjectId], Field(max_length=100)]


class ConstructionCaseOut(Schema):
    id: int
    kommune: str = Field(..., alias="kommune.code")
    organisation: str = Field(..., alias="organisation.number")
    department: str | None = None
    department_label: str
    kind: str
    title: str
    status: str
    housing_type: str
    rate_region: str
    dwellings: int
    area_m2: Decimal
    loan_amount: Decimal | None
    property_value: Decimal | None
    prior_debt: Decimal
    responsible: str
    opened_on: date
    version: int

    @staticmethod
    def resolve_department(obj: ConstructionCase) -> str | None:
        return obj.department.number if obj.department is not None else None


class MilestoneOut(Schema):
    id: int
    kind: str
    date: date
    decision: str
    document: str
    anskaffelsessum: Decimal | None
    annual_rent: Decimal | None
    guarantee_amount: Decimal | None
    lbf_share: Decimal | None
    approved_by: str = Field("", alias="approved_by_name")
    approved_at: datetime


class ConstructionEventOut(Schema):
    id: int
    kind: str
    date: date
    text: str
    status: str
    months_of_rent: Decimal | None
    amount: Decimal | None
    paid_by: str
    decided_on: dt.date | None
    recipient: str
    document: str
    version: int


class ConstructionCaseDetailOut(ConstructionCaseOut):
    description: str
    milestones: list[MilestoneOut]
    events: list[ConstructionEventOut]
    case_ids: list[int]
    agreement_ids: list[int]
    agenda_item_ids: list[int]
    next_milestone: str | None

    @staticmethod
    def resolve_milestones(obj: ConstructionCase) -> list:
        return list(obj.milestones.all())

    @staticmethod
    def resolve_events(obj: ConstructionCase) -> list:
        return list(obj.events.all())

    @staticmethod
    def resolve_case_ids(obj: ConstructionCase) -> list[int]:
        return sorted(obj.cases.values_list("pk", flat=True))

    @staticmethod
    def resolve_agreement_ids(obj: ConstructionCase) -> list[int]:
        return sorted(obj.agreements.values_list("pk", flat=True))

    @staticmethod
    def resolve_agenda_item_ids(obj: ConstructionCase) -> list[int]:
        return sorted(obj.agenda_items.values_list("pk", flat=True))

    @staticmethod
    def resolve_next_milestone(obj: ConstructionCase) -> str | None:
        return calc.next_milestone(obj.kind, set(obj.milestones.values_list("kind", flat=True)))


class ConstructionChangeOut(Schema):
    at: datetime
    by: str = Field("", alias="by_name")
    label: str
    old_value: str
    new_value: str


class ConstructionCaseIn(ObjectIn):
    """A new case in ``kommune`` about ``organisation``'s ``department``, or a new department
    (``new_department_name``)."""

    kommune: Code
    organisation: Code
    department: Code | None = None
    new_department_name: Text = ""
    kind: Kind
    title: Title
    housing_type: HousingType = "familie"
    rate_region: Region = ""
    dwellings: Count = 0
    area_m2: Area = 0
    loan_amount: Kroner | None = None
    property_value: Kroner | None = None
    prior_debt: Kroner = 0
    responsible: Text = ""
    description: LongText = ""
    opened_on: date | None = None


class ConstructionCasePatchIn(ObjectIn):
    """Only the fields sent are changed; ``version`` is the case's version as last read."""

    version: Version
    title: Title | None = None
    kind: Kind | None = None
    housing_type: HousingType | None = None
    rate_region: Region | None = None
    dwellings: Count | None = None
    area_m2: Area | None = None
    loan_amount: Kroner | None = None
    property_value: Kroner | None = None
    prior_debt: Kroner | None = None
    responsible: Text | None = None
    description: LongText | None = None
    new_department_name: Text | None = None


class MilestoneIn(ObjectIn):
    kind: MilestoneKind
    date: date
    decision: LongText = ""
    document: Ref = ""
    anskaffelsessum: Kroner | None = None
    annual_rent: Kroner | None = None


class EventIn(ObjectIn):
    kind: EventKind
    date: date
    text: Annotated[str, Field(min_length=1, max_length=10_000, pattern=_NO_NUL)]
    status: EventStatus = ""
    months_of_rent: Months | None = None
    amount: Kroner | None = None
    paid_by: Text = ""
    decided_on: dt.date | None = None
    recipient: Text = ""
    document: Ref = ""


class EventPatchIn(ObjectIn):
    version: Version
    status: EventStatus | None = None
    text: Annotated[str, Field(min_length=1, max_length=10_000, pattern=_NO_NUL)] | None = None
    months_of_rent: Months | None = None
    amount: Kroner | None = None
    paid_by: Text | None = None
    decided_on: dt.date | None = None
    recipient: Text | None = None
    document: Ref | None = None


class LinksIn(ObjectIn):
    """Ids of the meetings app's cases, agreements and agenda items of the same kommune and
    organisation."""

    case_ids: Ids = []
    agreement_ids: Ids = []
    agenda_item_ids: Ids = []


class CloseIn(ObjectIn):
    note: Note = ""


class ConstructionCaseFilters(Schema):
    kommune: OptionalCode | None = None
    organisation: OptionalCode | None = None
    status: OptionalCode | None = None


class GuaranteeRowOut(Schema):
    organisation: str
    organisation_name: str
    guaranteed: Decimal
    lbf_share: Decimal
    kommune_net: Decimal


class GuaranteesOut(Schema):
    kommune: str
    organisations: list[GuaranteeRowOut]
    guaranteed: Decimal
    lbf_share: Decimal
    kommune_net: Decimal


class RateOut(Schema):
    id: int
    year: int
    housing_type: str
    region: str
    per_dwelling: Decimal
    per_m2: Decimal
    source: str
    confirmed: bool
    version: int


class RateIn(ObjectIn):
    year: Annotated[int, Field(ge=2004, le=2100)]
    housing_type: HousingType
    region: Region = ""
    per_dwelling: Kroner = 0
    per_m2: Kroner
    source: Annotated[str, Field(min_length=1, max_length=2000, pattern=_NO_NUL)]
    confirmed: bool = True


class RatePatchIn(ObjectIn):
    version: Version
    per_dwelling: Kroner | None = None
    per_m2: Kroner | None = None
    source: Annotated[str, Field(min_length=1, max_length=2000, pattern=_NO_NUL)] | None = None
    confirmed: bool | None = None


class RateChangeOut(Schema):
    at: datetime
    by: str = Field("", alias="by_name")
    label: str
    action: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None


def _detail(request: HttpRequest, pk: int) -> ConstructionCase:
    return get_construction_case_for_user(request.user, pk)


def _sent(payload: ObjectIn, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(payload, n) for n in names if n in payload.model_fields_set}


def _conflict(exc: services.Conflict) -> HttpError:
    return HttpError(409, " ".join(exc.messages))


@router.get(
    "/construction/cases",
    response=list[ConstructionCaseOut],
    summary="Byggesager (filtre: kommune, organisation, status)",
)
@paginate(Page)
def list_cases(request: HttpRequest, filters: Query[ConstructionCaseFilters]):
    scope = scope_for(request.user)
    qs = visible_construction_cases(scope, with_related(ConstructionCase.objects.all()))
    if filters.kommune:
        qs = qs.filter(kommune__code=filters.kommune)
    if filters.organisation:
        qs = qs.filter(organisation__number=filters.organisation)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-opened_on", "-pk")


@router.post(
    "/construction/cases",
    response={201: ConstructionCaseDetailOut},
    summary="Opret en byggesag om en afdeling (eksisterende eller ny)",
)
def create_case(request: HttpRequest, payload: ConstructionCaseIn):
    kommune = get_kommune_for_user(request.user, payload.kommune, write=True)
    organisation = get_organisation_for_user(request.user, payload.organisation)
    department = (
        get_department_for_user(request.user, payload.organisation, payload.department)
        if payload.department
        else None
    )
    figures = _sent(payload, tuple(n for n in services.EDITABLE if n not in ("title", "kind")))
    figures.pop("new_department_name", None)
    case = services.open_construction_case(
        kommune=kommune,
        organisation=organisation,
        department=department,
        new_department_name=payload.new_department_name,
        kind=payload.kind,
        title=payload.title,
        opened_on=payload.opened_on,
        by=request.user,
        **figures,
    )
    return Status(201, _detail(request, case.pk))


@router.get(
    "/construction/cases/{case_id}", response=ConstructionCaseDetailOut, summary="En byggesag"
)
def get_case(request: HttpRequest, case_id: ObjectId):
    return _detail(request, case_id)


@router.patch(
    "/construction/cases/{case_id}",
    response=ConstructionCaseDetailOut,
    summary="Ret byggesagens titel og tal; 409, hvis andre har rettet imellemtiden",
)
def edit_case(request: HttpRequest, case_id: ObjectId, payload: ConstructionCasePatchIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    changes = _sent(payload, services.EDITABLE)
    try:
        services.update_construction_case(
            case=case, by=request.user, version=payload.version, **changes
        )
    except services.Conflict as exc:
        raise _conflict(exc) from exc
    return _detail(request, case_id)


@router.post(
    "/construction/cases/{case_id}/milestones",
    response={201: MilestoneOut},
    summary="Godkend en milepæl (rækkefølgen håndhæves: ingen skema C før skema B)",
)
def add_milestone(request: HttpRequest, case_id: ObjectId, payload: MilestoneIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    milestone = services.record_milestone(
        case=case,
        kind=payload.kind,
        date=payload.date,
        decision=payload.decision,
        document=payload.document,
        anskaffelsessum=payload.anskaffelsessum,
        annual_rent=payload.annual_rent,
        by=request.user,
    )
    return Status(201, milestone)


@router.post(
    "/construction/cases/{case_id}/events",
    response={201: ConstructionEventOut},
    summary="Tilføj en hændelse (klage, kompensation, mangel, beboermøde, registrering)",
)
def add_event(request: HttpRequest, case_id: ObjectId, payload: EventIn):
    case = get_construction_case_for_user(request.user, case_id, event=True)
    values = payload.model_dump(exclude={"kind", "date", "text"})
    event = services.add_event(
        case=case,
        kind=payload.kind,
        date=payload.date,
        text=payload.text,
        by=request.user,
        **values,
    )
    return Status(201, event)


@router.patch(
    "/construction/cases/{case_id}/events/{event_id}",
    response=ConstructionEventOut,
    summary="Ret en hændelses status eller tal; 409 ved forældet version",
)
def edit_event(request: HttpRequest, case_id: ObjectId, event_id: ObjectId, payload: EventPatchIn):
    case = get_construction_case_for_user(request.user, case_id, event=True)
    event = case.events.filter(pk=event_id).first()
    if event is None:
        raise Http404("Hændelsen findes ikke i byggesagen.")
    changes = _sent(
        payload,
        (
            "status",
            "text",
            "months_of_rent",
            "amount",
            "paid_by",
            "decided_on",
            "recipient",
            "document",
        ),
    )
    try:
        return services.update_event(
            event=event, by=request.user, version=payload.version, **changes
        )
    except services.Conflict as exc:
        raise _conflict(exc) from exc


@router.post(
    "/construction/cases/{case_id}/links",
    response=ConstructionCaseDetailOut,
    summary="Knyt byggesagen til afdelingens sager, aftaler og dagsordenspunkter",
)
def add_links(request: HttpRequest, case_id: ObjectId, payload: LinksIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    services.link(
        case=case,
        by=request.user,
        case_ids=payload.case_ids,
        agreement_ids=payload.agreement_ids,
        agenda_item_ids=payload.agenda_item_ids,
    )
    return _detail(request, case_id)


@router.post(
    "/construction/cases/{case_id}/links/remove",
    response=ConstructionCaseDetailOut,
    summary="Fjern byggesagens tilknytning til sager, aftaler og dagsordenspunkter (i historikken)",
)
def remove_links(request: HttpRequest, case_id: ObjectId, payload: LinksIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    services.unlink(
        case=case,
        by=request.user,
        case_ids=payload.case_ids,
        agreement_ids=payload.agreement_ids,
        agenda_item_ids=payload.agenda_item_ids,
    )
    return _detail(request, case_id)


@router.post(
    "/construction/cases/{case_id}/close",
    response=ConstructionCaseDetailOut,
    summary="Luk byggesagen",
)
def close_case(request: HttpRequest, case_id: ObjectId, payload: CloseIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    services.close_construction_case(case=case, by=request.user, note=payload.note)
    return _detail(request, case_id)


@router.get(
    "/construction/cases/{case_id}/checks",
    response=dict[str, Any],
    summary="Kontrol: maksimumbeløb, anskaffelsessum ved A/B/C, finansiering, garanti og husleje",
)
def get_checks(request: HttpRequest, case_id: ObjectId):
    case = _detail(request, case_id)
    return case_checks(case).as_dict()


@router.get(
    "/construction/cases/{case_id}/history",
    response=list[ConstructionChangeOut],
    summary="Byggesagens historik (hvem, hvornår, før og efter)",
)
@paginate(Page)
def get_history(request: HttpRequest, case_id: ObjectId):
    case = _detail(request, case_id)
    return CaseChange.objects.filter(case=case).order_by("-at", "-pk")


@router.get(
    "/construction/guarantees/{code}",
    response=GuaranteesOut,
    summary="Kommunens garantier pr. boligorganisation med totaler",
)
def get_guarantees(request: HttpRequest, code: Code):
    scope = require_construction_reader(request.user)
    kommune = get_kommune_for_user(request.user, code)
    rows, totals = guarantee_register(scope, kommune)
    return {"kommune": kommune.code, "organisations": rows, **totals}


@router.get(
    "/construction/rates",
    response=list[RateOut],
    summary="Satser for maksimumbeløb (år, boligtype, område) med kilde",
)
@paginate(Page)
def list_rates(request: HttpRequest):
    require_construction_reader(request.user)
    return MaximumRate.objects.all()


@router.post(
    "/construction/rates",
    response={201: RateOut},
    summary="Tilføj en sats for maksimumbeløb (administrator)",
)
def create_rate(request: HttpRequest, payload: RateIn):
    scope = require_construction_reader(request.user)
    require(can_edit_construction_rates(scope), "Kun en administrator kan ændre satserne.")
    rate = services.save_rate(by=request.user, **payload.model_dump())
    return Status(201, rate)


@router.patch(
    "/construction/rates/{rate_id}",
    response=RateOut,
    summary="Ret en sats for maksimumbeløb (administrator); 409 ved forældet version",
)
def edit_rate(request: HttpRequest, rate_id: ObjectId, payload: RatePatchIn):
    scope = require_construction_reader(request.user)
    rate = MaximumRate.objects.filter(pk=rate_id).first()
    if rate is None:
        not_found("Satsen findes ikke.")
    require(can_edit_construction_rates(scope), "Kun en administrator kan ændre satserne.")
    changes = _sent(payload, ("per_dwelling", "per_m2", "source", "confirmed"))
    try:
        return services.save_rate(by=request.user, rate=rate, version=payload.version, **changes)
    except services.Conflict as exc:
        raise _conflict(exc) from exc


@router.get(
    "/construction/rate-history",
    response=list[RateChangeOut],
    summary="Historik for satserne (hvem, hvornår, før og efter)",
)
@paginate(Page)
def rate_history(request: HttpRequest):
    require_construction_reader(request.user)
    return RateChange.objects.all()


# --- Documents (w3) ----------------------------------------------------------------------------

DocumentTitle = Annotated[str, Field(max_length=300, pattern=_NO_NUL)]


class DocumentIn(ObjectIn):
    """The form fields next to the file (multipart)."""

    title: DocumentTitle = ""
    milestone_id: ObjectId | None = None
    event_id: ObjectId | None = None


class DocumentOut(Schema):
    id: int
    original_name: str
    title: str
    content_type: str
    size: int
    sha256: str
    milestone_id: int | None
    event_id: int | None
    uploaded_by: str = Field("", alias="uploaded_by_name")
    uploaded_at: datetime


@router.get(
    "/construction/cases/{case_id}/documents",
    response=list[DocumentOut],
    summary="Byggesagens dokumenter (nyeste først)",
)
@paginate(Page)
def list_documents(request: HttpRequest, case_id: ObjectId):
    return case_documents(_detail(request, case_id))


@router.post(
    "/construction/cases/{case_id}/documents",
    response={201: DocumentOut},
    summary="Upload et dokument (multipart: file, valgfrit title og milestone_id eller event_id; "
    "PDF, DOCX, XLSX, PNG eller JPEG; filtypen bestemmes af indholdet)",
)
def upload_document(
    request: HttpRequest,
    case_id: ObjectId,
    file: File[UploadedFile],
    form: Form[DocumentIn],
):
    case = get_construction_case_for_user(request.user, case_id, event=True)
    document = services.add_document(
        case=case,
        upload=file,
        title=form.title,
        milestone=get_case_milestone(case, form.milestone_id) if form.milestone_id else None,
        event=get_case_event(case, form.event_id) if form.event_id else None,
        by=request.user,
    )
    return Status(201, document)


@router.get(
    "/construction/cases/{case_id}/documents/{document_id}",
    response={200: None},
    summary="Hent et dokument (filen, som den blev uploadet)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Dokumentet med dets oprindelige filnavn og filtype",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download_document(request: HttpRequest, case_id: ObjectId, document_id: ObjectId):
    document = get_case_document(_detail(request, case_id), document_id)
    try:
        with document.file.open("rb") as handle:
            data = handle.read()  # bounded by CONSTRUCTION_DOCUMENT_MAX_BYTES at upload
    except FileNotFoundError as exc:
        raise Http404("Filen findes ikke længere.") from exc
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.original_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
