"""Atom feed per kommune: one entry per published version (so corrections reach subscribers).

Like the referat page, the feed lists a version only while its stored files still have the
sha256 recorded at publication (``integrity.verify_versions``, remembered per version); if one
does not, the whole feed is refused (HTTP 500, ``no-store``) and logged for the operators.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from almen.formatting import format_date
from styringsdialog.publication.integrity import log_mismatch, verify_versions
from styringsdialog.publication.models import ChecksumMismatchError, ReferatVersion
from styringsdialog.registry.models import Kommune

FEED_SIZE = 50


class KommuneReferatFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except ChecksumMismatchError as exc:
            log_mismatch(exc, request.path)
            response = HttpResponse(
                "Feedet kan ikke vises: en offentliggjort fil har ikke længere den kontrolsum "
                "(SHA-256), den havde ved offentliggørelsen. Driften er underrettet.",
                status=500,
                content_type="text/plain; charset=utf-8",
            )
            response["Cache-Control"] = "no-store"
            return response

    def get_object(self, request: HttpRequest, code: str) -> Kommune:  # type: ignore[override]
        return get_object_or_404(Kommune, code=code)

    def title(self, obj: Kommune) -> str:
        return f"Referater fra styringsdialogen – {obj.official_name}"

    def subtitle(self, obj: Kommune) -> str:
        return f"Offentliggjorte referater af dialogmøder mellem {obj.official_name} og de almene boligorganisationer."

    def link(self, obj: Kommune) -> str:
        return reverse("publication:kommune", args=[obj.code])

    def feed_url(self, obj: Kommune) -> str:
        return reverse("publication:kommune_feed", args=[obj.code])

    def author_name(self, obj: Kommune) -> str:
        return obj.official_name

    def items(self, obj: Kommune) -> list[ReferatVersion]:
        qs = (
            ReferatVersion.objects.filter(referat__kommune=obj)
            .select_related("referat", "referat__kommune")
            .defer("text")
        )
        versions = list(qs.order_by("-published_at", "-pk")[:FEED_SIZE])
        verify_versions(versions)
        return versions

    def item_title(self, item: ReferatVersion) -> str:
        title = f"{item.title}, {format_date(item.referat.meeting_date)}"
        return f"{title} (rettelse, version {item.number})" if item.is_correction else title

    def item_description(self, item: ReferatVersion) -> str:
        headings = [
            f"{i['label']} {i['title']}"
            for i in item.snapshot.get("items", [])
            if i.get("level") == 0
        ]
        summary = "Punkter: " + "; ".join(headings) + "." if headings else ""
        return (
            f"Ændringsnote: {item.change_note} {summary}".strip() if item.change_note else summary
        )

    def item_link(self, item: ReferatVersion) -> str:
        return reverse(
            "publication:referat_version",
            args=[item.referat.kommune.code, item.referat.slug, item.number],
        )

    def item_pubdate(self, item: ReferatVersion) -> datetime:
        return item.published_at

    def item_updateddate(self, item: ReferatVersion) -> datetime:
        return item.published_at

    def item_author_name(self, item: ReferatVersion) -> str:
        return item.referat.kommune.official_name
