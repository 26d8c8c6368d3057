"""Public read API for published referater (no authentication: ``auth=None``).

Every version an answer describes is checked first: its stored HTML, PDF and DOCX must still
have the sha256 recorded at publication (``integrity.verify_versions``, remembered per version).
If one does not, the whole answer is refused with a 500 ``integrity_error`` (handled in
``styringsdialog.api``) and logged, like the referat page.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves the parameter types of
# paginated views at runtime, in the namespace of its own decorator.

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from styringsdialog.lib.api_types import Limit, ObjectId, Offset, OptionalCode, Page, Text, Year
from styringsdialog.publication.integrity import verify_versions
from styringsdialog.publication.models import PublishedReferat, ReferatVersion
from styringsdialog.publication.search import SearchFilters, search_referater

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
