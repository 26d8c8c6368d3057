"""The public portal (no login): published referater, search, downloads and the dataark.

Only ``PublishedReferat`` / ``ReferatVersion`` rows are read here, and those exist only once a
referat has been published — drafts never reach these views. Every stored file (the HTML shown on
the page, the PDF and DOCX downloads) is checked against the sha256 recorded at publication
before it is served; a file that no longer matches is refused with a Danish error page (HTTP 500:
the fault is ours, and a 500 is neither cached nor taken as "gone for good") and logged as an
error for the operators.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from styringsdialog.lib.page_cache import anonymous_page_cache
from styringsdialog.lib.pagination import clamp, page_number, page_of
from styringsdialog.publication import queries
from styringsdialog.publication.forms import PortalForm
from styringsdialog.publication.integrity import verified_html
from styringsdialog.publication.models import (
    ChecksumMismatchError,
    ImportedReferat,
    PublishedReferat,
    ReferatVersion,
)
from styringsdialog.publication.search import SearchFilters, search_referater
from styringsdialog.registry.models import Kommune, Organisation

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
# Anonymous visitors get the portal and referat pages from the cache (lib.page_cache), keyed by
# the published data; registry names on them may be this many seconds old.
PAGE_CACHE_SECONDS = 300
public_page = anonymous_page_cache("publication", queries.published_generation, PAGE_CACHE_SECONDS)
FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


@require_safe
@public_page
def portal(request: HttpRequest, kommune_code: str | None = None) -> HttpResponse:
    """List of published referater with filters; with ``q`` a ranked Danish full-text search."""
    kommune = get_object_or_404(Kommune, code=kommune_code) if kommune_code else None
    data = request.GET.copy()
    if kommune:
        data["kommune"] = kommune.code
    if "year" in data and "aar" not in data:  # the older parameter name, still accepted
        data["aar"] = data.get("year", "")
    form = PortalForm(
        data,
        kommuner=queries.kommune_choices(),
        organisations=queries.organisation_choices(),
        years=queries.year_choices(),
    )
    filters = SearchFilters(
        kommune=form.value("kommune"),
        organisation=form.value("organisation"),
        year=form.value("aar") or None,
    )
    q = form.value("q")
    context = {"form": form, "q": q, "kommune": kommune, "filters": filters}
    page = page_number(request.GET.get("page"))
    if q:
        result = search_referater(q, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        if page != clamp(page, result.total, PAGE_SIZE):  # past the last page: show the last
            page = clamp(page, result.total, PAGE_SIZE)
            result = search_referater(q, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        context.update(result=result, page_obj=page_of(range(result.total), PAGE_SIZE, page))
    else:
        qs = PublishedReferat.objects.filtered(
            kommune=filters.kommune, organisation=filters.organisation, year=filters.year
        )
        context["page_obj"] = page_of(
            qs.with_related().order_by("-meeting_date", "-pk"), PAGE_SIZE, page
        )
    template = (
        "publication/_results.html"
        if getattr(request, "htmx", False)
        else "publication/portal.html"
    )
    return render(request, template, context)


def _referat(code: str, slug: str) -> PublishedReferat:
    referat = (
        PublishedReferat.objects.with_related()
        .filter(kommune__code=code, slug=slug, current__isnull=False)
        .first()
    )
    if referat is None:
        raise Http404("Referatet findes ikke eller er ikke offentliggjort.")
    return referat


def _version(referat: PublishedReferat, number: int | None) -> ReferatVersion:
    if number is None:
        assert referat.current is not None
        return referat.current
    version = referat.versions.filter(number=number).first()
    if version is None:
        raise Http404("Den version af referatet findes ikke.")
    return version


def _checksum_failure(
    request: HttpRequest, pub: PublishedReferat, exc: ChecksumMismatchError
) -> HttpResponse:
    """Refuse a stored file whose sha256 has changed since publication; log it for operators."""
    logger.error(
        "Published referat file failed its sha256 check, not served: %s (requested at %s)",
        exc,
        request.path,
        extra={"referat_version": exc.version.pk, "file_kind": exc.kind},
    )
    context = {"pub": pub, "version": exc.version, "kind": exc.kind}
    response = render(request, "publication/integrity_error.html", context, status=500)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@public_page
def referat(request: HttpRequest, code: str, slug: str, number: int | None = None) -> HttpResponse:
    """The referat as published (the stored HTML of the version), with its versions and downloads."""
    pub = _referat(code, slug)
    version = _version(pub, number)
    try:
        html = verified_html(version)
    except ChecksumMismatchError as exc:
        return _checksum_failure(request, pub, exc)
    versions = list(
        pub.versions.order_by("-number").only("number", "published_at", "change_note", "referat_id")
    )
    context = {
        "pub": pub,
        "version": version,
        "versions": versions,
        "html": html,
        "is_current": version.pk == pub.current_id,
        "versioned_url": number is not None,
        # C13: a meeting imported from an old referat file is marked as such
        "imported": ImportedReferat.objects.filter(meeting_id=pub.meeting_id)
        .only("original_name", "sha256", "imported_at")
        .first(),
    }
    return render(request, "publication/referat.html", context)


@require_safe
def download(
    request: HttpRequest, code: str, slug: str, fmt: str, number: int | None = None
) -> HttpResponse:
    """The version's PDF or DOCX exactly as stored at publication (sha256 checked, in the ETag)."""
    if fmt not in FORMATS:
        raise Http404("Ukendt filformat.")
    pub = _referat(code, slug)
    version = _version(pub, number)
    content_type, ext = FORMATS[fmt]
    try:
        data = version.verified_file(fmt)
    except ChecksumMismatchError as exc:
        return _checksum_failure(request, pub, exc)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="referat-{pub.kommune.code}-{pub.slug}-v{version.number}.{ext}"'
    )
    response["ETag"] = f'"{getattr(version, f"{fmt}_sha256")}"'
    # A numbered version never changes; the unnumbered address follows the latest version.
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if number else "public, max-age=300"
    )
    return response


@require_safe
def organisation_dataark(request: HttpRequest, number: str) -> HttpResponse:
    """Public dataark: master data always; key figures only for styringsår whose meeting is held."""
    org = get_object_or_404(Organisation.objects.select_related("home_kommune"), number=number)
    context = {
        "organisation": org,
        "sheets": queries.year_sheets(org),
        "referater": queries.organisation_referater(org),
    }
    return render(request, "publication/dataark.html", context)
