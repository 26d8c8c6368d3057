"""Demo content: publish the demo's approved referater.

Called by ``styringsdialog demo-data`` after ``meetings.demo`` has created the meetings:

* the seed referat (Ballerup–Almenbo, 27 May 2021) as version 1 by Torben, on 10 June 2021;
* every other approved referat of the demo (``meetings.demo.portal_history``: the last three
  styringsår across the portal's kommuner) two days after it was approved, by a caseworker of
  the kommune (or the demo administrator), so the portal's search, filters and feeds have a
  history. Points without text are left out of the published referat.

Idempotent: a referat already published is not published again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from almen.synth import ALMENBO_NUMBER, BALLERUP
from styringsdialog.accounts.models import User
from styringsdialog.lib.clock import frozen_at
from styringsdialog.meetings.models import Meeting
from styringsdialog.meetings.workflow import empty_items
from styringsdialog.publication.models import PublishedReferat
from styringsdialog.publication.services import publish_referat

SEED_DATE = date(2021, 5, 27)
SEED_PUBLISHED = datetime(2021, 6, 10, 10, 0)  # a fortnight after the meeting, once approved
DEMO_CASEWORKER = "torben"
DEMO_ADMIN = "admin"
PUBLISH_AFTER = timedelta(days=2)  # after the referat was approved
STAGE = "Offentliggør referaterne"


def seed_meeting() -> Meeting | None:
    return (
        Meeting.objects.filter(
            kommune__code=BALLERUP, organisation__number=ALMENBO_NUMBER, date=SEED_DATE
        )
        .order_by("pk")
        .first()
    )


def load_demo(*, world: Any, progress: Callable[[str, int, int], None]) -> None:
    progress(STAGE, 0, 1)
    meeting = seed_meeting()
    if meeting is None:
        progress(STAGE, 1, 1)
        return
    if not PublishedReferat.objects.filter(meeting=meeting).exists():
        if meeting.referat_status != Meeting.ReferatStatus.APPROVED:
            raise RuntimeError(
                f"Seed-mødet {SEED_DATE:%d.%m.%Y} skal have et godkendt referat for at kunne "
                f"offentliggøres (status: {meeting.get_referat_status_display().lower()})."
            )
        caseworker = User.objects.get(username=DEMO_CASEWORKER)
        at = timezone.make_aware(SEED_PUBLISHED)
        with frozen_at(at):
            # The seed is the real, already public referat: every possible personal-data
            # finding is kept.
            publish_referat(meeting=meeting, by=caseworker, at=at, personal_data={"*": "keep"})
    publish_history(progress)


def publish_history(progress: Callable[[str, int, int], None]) -> int:
    """Publish every approved, unpublished referat; returns how many."""
    pending = list(
        Meeting.objects.filter(
            referat_status=Meeting.ReferatStatus.APPROVED, publication__isnull=True
        )
        .select_related("kommune")
        .order_by("date", "pk")
    )
    admin = User.objects.filter(username=DEMO_ADMIN).first()
    now = timezone.now()
    for i, meeting in enumerate(pending):
        by = (
            User.objects.filter(
                memberships__kommune=meeting.kommune, memberships__role="caseworker"
            ).first()
            or admin
        )
        at = min((meeting.referat_approved_at or now) + PUBLISH_AFTER, now)
        with frozen_at(at):
            publish_referat(
                meeting=meeting,
                by=by,
                at=at,
                empty={item.pk: "omit" for item in empty_items(meeting)},
                # generated from the demo's own figures: no personal data to decide on
                personal_data={"*": "keep"},
            )
        progress(STAGE, i + 1, len(pending) + 1)
    progress(STAGE, len(pending) + 1, len(pending) + 1)
    return len(pending)
