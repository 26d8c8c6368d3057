"""Public read API for published referater (no authentication: ``auth=None``).

Every version an answer describes is checked first: its stored HTML, PDF and DOCX must still
have the sha256 recorded at publication (``integrity.verify_versions``, remembered per version).
If one does not, the whole answer is refused with a 500 ``integrity_error`` (handled in
``styringsdialog.api``) and logged, like the referat page.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves the parameter types of
# paginated views at runtime, in the namespace of its own decorator.

from datetime import date, datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from styringsdialog.lib.api_types import (
    Keyword,
    Limit,
    Note,
    ObjectId,
    ObjectIn,
    Offset,
    OptionalCode,
    Page,
    Text,
    Year,
)
from styringsdialog.meetings.models import Meeting
from styringsdialog.meetings.queries import get_meeting_for_user
from styringsdialog.meetings.workflow import empty_items
from styringsdialog.publication.integrity import verified_html, verify_versions
from styringsdialog.publication.models import PublishedReferat, ReferatVersion
from styringsdialog.publication.search import SearchFilters, search_referater
from styringsdialog.publication.services import publish_correction, publish_referat

router = Router(tags=["Offentliggørelse"])


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


class PublishIn(ObjectIn):
    """``empty`` decides, per point id without text, ``omit`` or ``no_remarks``;
    ``empty_default`` applies to every point without text not named there."""

    empty: dict[int, EmptyChoice] = {}
    empty_default: EmptyChoice | None = None


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
    version = publish_referat(meeting=meeting, by=request.user, empty=_empty(meeting, payload))
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
    )
    return Status(201, _published_out(version))


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
