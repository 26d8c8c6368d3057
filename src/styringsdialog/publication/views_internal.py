"""Caseworker pages: preview the referat exactly as it will be published, and publish it.

Reached from the meeting page at ``/moeder/<id>/offentliggoer/``. Scope comes from
``accounts.permissions.get_meeting_for_user(write=True)``: outsiders get 404, readers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from styringsdialog.meetings.models import Meeting
from styringsdialog.meetings.queries import get_meeting_for_user
from styringsdialog.meetings.workflow import empty_items
from styringsdialog.publication.document import ReferatDocument
from styringsdialog.publication.forms import PublishForm
from styringsdialog.publication.models import PublishedReferat
from styringsdialog.publication.personal_data import CHOICES, current_findings
from styringsdialog.publication.rendering import render_html, render_pdf
from styringsdialog.publication.services import (
    publish_correction,
    publish_referat,
    user_display_name,
)
from styringsdialog.publication.snapshot import VersionFacts, build_snapshot

EMPTY_CHOICES = ("omit", "no_remarks")


def preview_document(
    meeting: Meeting, by: object, published: PublishedReferat | None
) -> ReferatDocument:
    """The referat as the next version would freeze it now."""
    previous = (
        tuple(published.versions.order_by("number").values_list("number", "published_at"))
        if published
        else ()
    )
    facts = VersionFacts(len(previous) + 1, timezone.now(), user_display_name(by), "", previous)
    return ReferatDocument.from_snapshot(build_snapshot(meeting, facts), preview=True)


def meeting_url(meeting: Meeting) -> str:
    """The meeting's own page (owned by the meetings app), or "" if it is not mounted."""
    try:
        return reverse("meetings:meeting", args=[meeting.pk])
    except NoReverseMatch:
        return ""


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    published = PublishedReferat.objects.with_related().filter(meeting=meeting).first()
    correction = published is not None
    form = PublishForm(request.POST if request.method == "POST" else None, correction=correction)
    empties = empty_items(meeting)
    choices = {i.pk: request.POST.get(f"tom-{i.pk}", "") for i in empties}
    empty = {pk: c for pk, c in choices.items() if c in EMPTY_CHOICES}
    findings = current_findings(meeting)
    pd_choices = {f.key: request.POST.get(f"pd-{f.key}", "") for f in findings}
    personal_data = {k: c for k, c in pd_choices.items() if c in CHOICES}
    if request.method == "POST" and form.is_valid():
        try:
            if correction:
                version = publish_correction(
                    meeting=meeting,
                    by=request.user,
                    change_note=form.cleaned_data["change_note"],
                    empty=empty,
                    personal_data=personal_data,
                )
            else:
                version = publish_referat(
                    meeting=meeting, by=request.user, empty=empty, personal_data=personal_data
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Referatet er offentliggjort som version {version.number}.")
            return redirect(version.referat.get_absolute_url())
    meeting.refresh_from_db()
    doc = preview_document(meeting, request.user, published)
    context = {
        "meeting": meeting,
        "meeting_url": meeting_url(meeting),
        "published": published,
        "form": form,
        "correction": correction,
        "can_publish": meeting.referat_status == Meeting.ReferatStatus.APPROVED,
        "preview_html": render_html(doc),
        # Points without text: each needs a decision before publishing (issue 10, item 4).
        "empty_items": [(i, choices.get(i.pk, "")) for i in empty_items(meeting)],
        # Possible personal data: each needs "fjern" or "behold" (issue 16, item 4).
        "findings": [(f, pd_choices.get(f.key, "")) for f in current_findings(meeting)],
        "versions": list(published.versions.order_by("number").defer("text", "snapshot"))
        if published
        else [],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "publication/internal/publish.html", context, status=status)


@require_safe
def preview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview as PDF (not stored; marked as a preview in the footer)."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    published = PublishedReferat.objects.filter(meeting=meeting).first()
    doc = preview_document(meeting, request.user, published)
    response = HttpResponse(render_pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="forhaandsvisning-referat-{meeting.pk}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response
