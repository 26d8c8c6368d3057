"""Public read API for published referater (no authentication: ``auth=None``).

Every version an answer describes is checked first: its stored HTML, PDF and DOCX must still
have the sha256 recorded at publication (``integrity.verify_versions``, remembered per version).
If one does not, the whole answer is refused with a 500 ``integrity_error`` (handled in
``styringsdialog.api``) and logged, like the referat page.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves the parameter types of
# paginated views at runtime, in the namespace of its own decorator.

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DomainInvalid
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import can_import_referater, require, scope_for
from styringsdialog.lib.api_types import (
    Code,
    Keyword,
    Limit,
    LongText,
    Note,
    ObjectId,
    ObjectIn,
    Offset,
    OptionalCode,
    Page,
    Sha256,
    Text,
    Year,
)
from styringsdialog.meetings.models import Meeting
from styringsdialog.meetings.queries import get_meeting_for_user
from styringsdialog.meetings.workflow import empty_items
from styringsdialog.publication import history_import
from styringsdialog.publication.api_esdh import router as esdh_router
from styringsdialog.publication.integrity import verified_html, verify_versions
from styringsdialog.publication.models import PublishedReferat, ReferatVersion
from styringsdialog.publication.personal_data import current_findings
from styringsdialog.publication.search import SearchFilters, search_referater
from styringsdialog.publication.services import publish_correction, publish_referat
from styringsdialog.registry.queries import get_kommune_for_user

router = Router(tags=["Offentliggørelse"])
router.add_router("", esdh_router)  # journal facts and the ESDH export (issue 16)


class ReferatOut(Schema):
    id: int
    title: str
    kommune: str
    organisations: list[str]
    meeting_date: date
    styringsaar: int
    version: int
    published_at: datetime
    url: str
    pdf_url: str
    docx_url: str

    @staticmethod
    def resolve_kommune(obj: PublishedReferat) -> str:
        return obj.kommune.code

    @staticmethod
    def resolve_organisations(obj: PublishedReferat) -> list[str]:
        return [obj.organisation.number, *sorted(o.number for o in obj.other_organisations.all())]

    @staticmethod
    def resolve_version(obj: PublishedReferat) -> int:
        return _current(obj).number

    @staticmethod
    def resolve_published_at(obj: PublishedReferat) -> datetime:
        return obj.updated_at

    @staticmethod
    def resolve_url(obj: PublishedReferat) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_pdf_url(obj: PublishedReferat) -> str:
        return reverse("publication:download", args=[obj.kommune.code, obj.slug, "pdf"])

    @staticmethod
    def resolve_docx_url(obj: PublishedReferat) -> str:
        return reverse("publication:download", args=[obj.kommune.code, obj.slug, "docx"])


class VersionOut(Schema):
    number: int
    published_at: datetime
    published_by: str
    change_note: str
    url: str
    pdf_url: str
    pdf_sha256: str
    docx_url: str
    docx_sha256: str
    html_sha256: str


class ReferatDetailOut(ReferatOut):
    versions: list[VersionOut]
    content: dict[str, Any]

    @staticmethod
    def resolve_versions(obj: PublishedReferat) -> list[dict[str, Any]]:
        return [_version_out(obj, v) for v in _versions(obj)]

    @staticmethod
    def resolve_content(obj: PublishedReferat) -> dict[str, Any]:
        """The frozen snapshot of the current version (kommune, meeting, items, agreements …)."""
        return _current(obj).snapshot


class SearchHitOut(Schema):
    referat: ReferatOut
    rank: float
    snippet: str


class SearchOut(Schema):
    query: str
    total: int
    hits: list[SearchHitOut]


def _versions(obj: PublishedReferat) -> list[ReferatVersion]:
    """All versions, oldest first, read once per referat (the detail view checks them)."""
    cached = obj.__dict__.get("_api_versions")
    if cached is None:
        cached = list(obj.versions.order_by("number").defer("snapshot", "text"))
        obj.__dict__["_api_versions"] = cached
    return cached


class VerifiedPage(Page):
    """``Page``, and the current version of every referat on the page is checked first."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        result = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(result[self.items_attribute])
        verify_versions(_current(r) for r in items)
        result[self.items_attribute] = items
        return result


def _current(obj: PublishedReferat) -> ReferatVersion:
    if obj.current is None:  # only while the first version is being stored
        raise ValueError("Referatet har ingen offentliggjort version.")
    return obj.current


def _version_out(pub: PublishedReferat, v: ReferatVersion) -> dict[str, Any]:
    args = [pub.kommune.code, pub.slug, v.number]
    return {
        "number": v.number,
        "published_at": v.published_at,
        "published_by": v.published_by_name,
        "change_note": v.change_note,
        "url": reverse("publication:referat_version", args=args),
        "pdf_url": reverse("publication:download_version", args=[*args, "pdf"]),
        "pdf_sha256": v.pdf_sha256,
        "docx_url": reverse("publication:download_version", args=[*args, "docx"]),
        "docx_sha256": v.docx_sha256,
        "html_sha256": v.html_sha256,
    }


def _public() -> Any:
    return PublishedReferat.objects.with_related().prefetch_related("other_organisations")


@router.get("/referater", response=list[ReferatOut], auth=None, summary="Offentliggjorte referater")
@paginate(VerifiedPage)
def list_referater(
    request: HttpRequest,
    kommune: OptionalCode = "",
    organisation: OptionalCode = "",
    year: Year | None = None,
):
    """Newest meeting first. Filters: kommunekode, LBF-nummer (also joint meetings), styringsår."""
    qs = _public().filtered(kommune=kommune, organisation=organisation, year=year)
    return qs.order_by("-meeting_date", "-pk")


@router.get(
    "/referater/search",
    response=SearchOut,
    auth=None,
    summary="Fuldtekstsøgning (dansk) i offentliggjorte referater",
)
def search(
    request: HttpRequest,
    q: Text,
    kommune: OptionalCode = "",
    organisation: OptionalCode = "",
    year: Year | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
):
    """Best match first. PostgreSQL stems Danish words; SQLite matches word prefixes."""
    page = search_referater(
        q,
        SearchFilters(kommune=kommune, organisation=organisation, year=year),
        limit=limit,
        offset=offset,
    )
    verify_versions(_current(h.referat) for h in page.hits)
    hits = [{"referat": h.referat, "rank": h.rank, "snippet": str(h.snippet)} for h in page.hits]
    return {"query": page.query, "total": page.total, "hits": hits}


@router.get(
    "/referater/{referat_id}",
    response=ReferatDetailOut,
    auth=None,
    summary="Et offentliggjort referat med alle versioner",
)
def get_referat(request: HttpRequest, referat_id: ObjectId):
    referat = get_object_or_404(_public(), pk=referat_id)
    verify_versions([_current(referat), *_versions(referat)])
    return referat


@router.get(
    "/meetings/{meeting_id}/referat",
    response=ReferatDetailOut,
    summary="Mødets offentliggjorte referat med alle versioner (404 hvis det ikke er offentliggjort)",
)
def get_meeting_referat(request: HttpRequest, meeting_id: ObjectId):
    """From a meeting to its published referat (``referat_id`` for the version downloads)."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    referat = _public().filter(meeting=meeting, current__isnull=False).first()
    if referat is None:
        raise Http404("Mødets referat er ikke offentliggjort.")
    verify_versions([_current(referat), *_versions(referat)])
    return referat


# --- publishing (caseworkers, as publication.views_internal.publish) ---------------------------

EmptyChoice = Literal["omit", "no_remarks"]
DOWNLOAD_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


PersonalDataChoice = Literal["redact", "keep"]


class PublishIn(ObjectIn):
    """``empty`` decides, per point id without text, ``omit`` or ``no_remarks``;
    ``empty_default`` applies to every point without text not named there. ``personal_data``
    decides each possible personal data finding (``GET …/referat/personal-data``): its ``key``,
    ``kind:<kind>`` (all of a kind) or ``*`` (all) → ``redact`` or ``keep``."""

    empty: dict[int, EmptyChoice] = {}
    empty_default: EmptyChoice | None = None
    personal_data: dict[OptionalCode, PersonalDataChoice] = Field(default={}, max_length=500)


class CorrectionIn(PublishIn):
    change_note: Note


class PublishedOut(Schema):
    referat_id: int
    version: int
    url: str


def _empty(meeting: Meeting, payload: PublishIn) -> dict[int, str]:
    decisions: dict[int, str] = {}
    for item in empty_items(meeting):
        choice = payload.empty.get(item.pk) or payload.empty_default
        if choice:
            decisions[item.pk] = choice
    return decisions


def _published_out(version: ReferatVersion) -> dict[str, Any]:
    pub = version.referat
    url = reverse("publication:referat_version", args=[pub.kommune.code, pub.slug, version.number])
    return {"referat_id": pub.pk, "version": version.number, "url": url}


@router.post(
    "/meetings/{meeting_id}/referat/publish",
    response={201: PublishedOut},
    summary="Offentliggør det godkendte referat (version 1); 409 hvis det allerede er offentliggjort",
)
def publish(request: HttpRequest, meeting_id: ObjectId, payload: PublishIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    existing = PublishedReferat.objects.filter(meeting=meeting).first()
    if existing is not None:
        raise HttpError(
            409,
            "Referatet er allerede offentliggjort. Genåbn det, og offentliggør en rettelse "
            f"(referat {existing.pk}).",
        )
    version = publish_referat(
        meeting=meeting,
        by=request.user,
        empty=_empty(meeting, payload),
        personal_data=payload.personal_data,
    )
    return Status(201, _published_out(version))


@router.post(
    "/meetings/{meeting_id}/referat/correction",
    response={201: PublishedOut},
    summary="Offentliggør en rettet, gengodkendt version af referatet med en ændringsnote",
)
def correction(request: HttpRequest, meeting_id: ObjectId, payload: CorrectionIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    version = publish_correction(
        meeting=meeting,
        by=request.user,
        change_note=payload.change_note,
        empty=_empty(meeting, payload),
        personal_data=payload.personal_data,
    )
    return Status(201, _published_out(version))


class FindingOut(Schema):
    key: str
    kind: str
    label: str
    value: str
    context: str
    where: list[str]
    count: int


class FindingsOut(Schema):
    meeting_id: int
    count: int
    findings: list[FindingOut]


@router.get(
    "/meetings/{meeting_id}/referat/personal-data",
    response=FindingsOut,
    summary="Mulige personoplysninger i referatet, som der skal tages stilling til før "
    "offentliggørelse (CPR-numre maskeret)",
)
def personal_data_findings(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    findings = current_findings(meeting)
    return {
        "meeting_id": meeting.pk,
        "count": len(findings),
        "findings": [f.as_json() for f in findings],
    }


# --- versions and their files (public, like the pages) ------------------------------------------


@router.get(
    "/referater/{referat_id}/versions",
    response=list[VersionOut],
    auth=None,
    summary="Et offentliggjort referats versioner (ældste først)",
)
@paginate(Page)
def list_versions(request: HttpRequest, referat_id: ObjectId):
    referat = get_object_or_404(_public(), pk=referat_id, current__isnull=False)
    versions = _versions(referat)
    verify_versions(versions)
    return [_version_out(referat, v) for v in versions]


@router.get(
    "/referater/{referat_id}/versions/{version}.{fmt}",
    response={200: None},
    auth=None,
    summary="En version af referatet som HTML, PDF eller DOCX (præcis som gemt; sha256 i ETag)",
)
def download_version(request: HttpRequest, referat_id: ObjectId, version: ObjectId, fmt: Keyword):
    if fmt not in DOWNLOAD_TYPES:
        raise Http404("Ukendt filformat.")
    referat = get_object_or_404(_public(), pk=referat_id, current__isnull=False)
    row = referat.versions.filter(number=version).first()
    if row is None:
        raise Http404("Den version af referatet findes ikke.")
    data: str | bytes = verified_html(row) if fmt == "html" else row.verified_file(fmt)
    response = HttpResponse(data, content_type=DOWNLOAD_TYPES[fmt])
    name = f"referat-{referat.kommune.code}-{referat.slug}-v{row.number}.{fmt}"
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["ETag"] = f'"{getattr(row, f"{fmt}_sha256")}"'
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


# --- History import (C13): referat file → proposal → confirmed meeting ----------------------
# publication.history_import does the work (the CLI ``import-referat`` and the review page use it
# too); caseworkers of the kommune only (``can_import_referater``): others 404 / 403.


class ImportParticipant(ObjectIn):
    name: Text
    side: Literal["kommune", "organisation", "andet"] | None = None
    role: Text | None = None
    user: Text | None = None  # username of the user the name was resolved to


class ImportItem(ObjectIn):
    number: Annotated[str, Field(max_length=10)] = ""
    title: Note
    text: LongText = ""
    decision: LongText | None = None
    children: list["ImportItem"] = Field(default_factory=list, max_length=100)


class ImportAgreement(ObjectIn):
    text: Note
    owner: Literal["kommune", "organisation", "begge"] | None = None
    deadline: date | None = None
    item: Annotated[str, Field(max_length=10)] | None = None
    owner_name: Text | None = None


class ImportDepartment(ObjectIn):
    mention: Text
    department: Annotated[str, Field(pattern=r"^\d{4}-\d{3}$")] | None = None
    item: Annotated[str, Field(max_length=10)] | None = None
    items: list[Annotated[str, Field(max_length=10)]] = Field(default_factory=list, max_length=200)


class ImportFile(ObjectIn):
    name: Text
    sha256: Sha256
    size: int = Field(0, ge=0)
    path: Note | None = None


class ProposalIn(ObjectIn):
    """The proposal as ``…/referat-import/proposals`` returned it, corrected by the caller; the
    read-only keys (``warnings``, ``format``, ``source_text`` …) may be sent back unchanged."""

    meeting_date: date | None = None
    start_time: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = None
    title: Note = ""
    organisation: Annotated[str, Field(pattern=r"^\d{4}$")] | None = None
    organisation_name: Text | None = None
    kommune_name: Text | None = None
    participants: list[ImportParticipant] = Field(default_factory=list, max_length=100)
    items: list[ImportItem] = Field(default_factory=list, max_length=200)
    agreements: list[ImportAgreement] = Field(default_factory=list, max_length=200)
    departments: list[ImportDepartment] = Field(default_factory=list, max_length=200)
    warnings: list[Note] = Field(default_factory=list, max_length=500)
    format: Annotated[str, Field(max_length=10)] = ""
    file: ImportFile
    imported_meeting: int | None = None
    source_text: LongText | None = None


class ProposalOut(Schema):
    meeting_date: date | None
    start_time: str | None
    title: str
    organisation: str | None
    organisation_name: str | None
    kommune_name: str | None
    participants: list[dict[str, Any]]
    items: list[dict[str, Any]]
    agreements: list[dict[str, Any]]
    departments: list[dict[str, Any]]
    warnings: list[str]
    format: str
    file: dict[str, Any]
    imported_meeting: int | None
    source_text: str | None = None


class ImportIn(ObjectIn):
    proposal: ProposalIn


class ReferatImportOut(Schema):
    meeting: int
    created: bool
    referat_url: str
    file: dict[str, Any]


def _import_kommune(user: Any, code: str) -> Any:
    kommune = get_kommune_for_user(user, code)
    require(
        can_import_referater(scope_for(user), kommune.pk),
        "Kun kommunens sagsbehandlere kan importere referater.",
    )
    return kommune


@router.post(
    "/kommuner/{code}/referat-import/proposals",
    response=ProposalOut,
    summary="Læs en referatfil (PDF, Word, HTML, tekst) som forslag til et møde; intet gemmes",
    description="Svaret har samme form som `styringsdialog import-referat --dry-run --json` "
    "(se docs/reference/referat-import.md). Filen gemmes til bekræftelsen og findes igen ved "
    "sin `file.sha256`. En fil, der ikke kan læses, giver 422 med en dansk forklaring.",
)
def referat_import_proposal(
    request: HttpRequest,
    code: Code,
    file: File[UploadedFile],
    organisation: str = Form("", max_length=4, description="LBF-nummer; tom: genkendes"),
) -> dict[str, Any]:
    kommune = _import_kommune(request.user, code)
    if file.size is not None and file.size > history_import.MAX_FILE_BYTES:
        raise DomainInvalid("Filen er for stor; grænsen er 25 MB.")
    data = file.read()
    name = (file.name or "referat")[-200:]
    proposal = history_import.propose(
        kommune=kommune, data=data, filename=name, organisation=organisation or None, source=True
    )
    history_import.stage_upload(data, name)
    return proposal


@router.post(
    "/kommuner/{code}/referat-import",
    response={200: ReferatImportOut, 201: ReferatImportOut},
    summary="Bekræft et (rettet) forslag: importér mødet som afholdt og offentliggjort",
    description="Filen skal være uploadet med `…/referat-import/proposals` (den findes ved "
    "`proposal.file.sha256`). 201: mødet er oprettet. Samme fil en gang til (naturlig nøgle: "
    "kommunen og filens sha256) opretter intet: 200 med det eksisterende møde.",
)
def referat_import_confirm(request: HttpRequest, code: Code, payload: ImportIn) -> Status:
    kommune = _import_kommune(request.user, code)
    proposal = payload.proposal.model_dump(mode="json")
    name = payload.proposal.file.name
    data = history_import.uploaded_file(kommune, payload.proposal.file.sha256, name)
    if data is None:
        raise DomainInvalid("Filen er ikke uploadet (eller er udløbet); upload den igen.")
    result = history_import.import_referat(
        kommune=kommune, proposal=proposal, data=data, filename=name, by=request.user
    )
    referat = PublishedReferat.objects.filter(meeting=result.meeting).first()
    body = {
        "meeting": result.meeting.pk,
        "created": result.created,
        "referat_url": referat.get_absolute_url() if referat else "",
        "file": {"name": result.imported.original_name, "sha256": result.imported.sha256},
    }
    return Status(201 if result.created else 200, body)
