"""What publication adds to the meeting page (registered in ``PublicationConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from styringsdialog.accounts.permissions import can_write_case, can_write_meeting, scope_for
from styringsdialog.meetings.hooks import MeetingAction
from styringsdialog.meetings.models import Meeting
from styringsdialog.publication.models import PublishedReferat
from styringsdialog.registry.panels import Panel


def publish_url(meeting: Meeting) -> str:
    """The internal publish page, or "" while ``internal_urls`` is not mounted."""
    try:
        return reverse("publishing:publish", args=[meeting.pk])
    except NoReverseMatch:
        return ""


def publish_action(request: HttpRequest, meeting: Meeting) -> MeetingAction | None:
    """'Offentliggør referat' for the kommune's caseworkers once the referat is approved."""
    url = publish_url(meeting)
    if (
        not url
        or meeting.referat_status != Meeting.ReferatStatus.APPROVED
        or not can_write_meeting(scope_for(request.user), meeting)
    ):
        return None
    corrected = PublishedReferat.objects.filter(meeting=meeting).exists()
    return MeetingAction(
        label="Offentliggør rettelse" if corrected else "Offentliggør referat",
        url=url,
        style="button-primary",
        help_text="Se forhåndsvisningen og bekræft. En offentliggjort version kan ikke ændres.",
    )


def published_versions_panel(request: HttpRequest, meeting: Meeting) -> Panel | None:
    """The published versions (public anyway) with links to the public page."""
    pub = PublishedReferat.objects.with_related().filter(meeting=meeting).first()
    if pub is None:
        return None
    context: dict[str, Any] = {
        "pub": pub,
        "versions": list(
            pub.versions.order_by("-number").only(
                "number", "published_at", "published_by_name", "change_note", "referat_id"
            )
        ),
        "publish_url": publish_url(meeting)
        if can_write_meeting(scope_for(request.user), meeting)
        else "",
    }
    return Panel(
        "Offentliggjort referat", "publication/panels/meeting_versions.html", context, order=10
    )


def records_action(request: HttpRequest, meeting: Meeting) -> MeetingAction | None:
    """'Journalisering og ESDH' (journal number, KLE, export) for the kommune's caseworkers."""
    if not can_write_meeting(scope_for(request.user), meeting):
        return None
    try:
        url = reverse("publishing:meeting_records", args=[meeting.pk])
    except NoReverseMatch:
        return None
    return MeetingAction(
        label="Journalisering og ESDH",
        url=url,
        help_text="Journalnummer, KLE og »Eksportér til ESDH«.",
    )


def case_records_action(request: HttpRequest, case: Any) -> MeetingAction | None:
    if not can_write_case(scope_for(request.user), case):
        return None
    try:
        url = reverse("publishing:case_records", args=[case.pk])
    except NoReverseMatch:
        return None
    return MeetingAction(
        label="Journalisering og ESDH",
        url=url,
        help_text="Journalnummer, KLE, parter og »Eksportér til ESDH«.",
    )


def agreement_records_action(request: HttpRequest, agreement: Any) -> MeetingAction | None:
    if not can_write_meeting(scope_for(request.user), agreement):
        return None
    try:
        url = reverse("publishing:agreement_records", args=[agreement.pk])
    except NoReverseMatch:
        return None
    return MeetingAction(
        label="Journalisering", url=url, help_text="Journalnummer og KLE for aftalen."
    )
