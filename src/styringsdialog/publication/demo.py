"""Demo content: publish the seed referat (Ballerup–Almenbo, 27 May 2021) as version 1.

Called by ``styringsdialog demo-data`` after ``meetings.demo`` has created the seed meeting with
an approved referat. Idempotent: does nothing if the referat is already published.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from almen.synth import ALMENBO_NUMBER, BALLERUP
from styringsdialog.accounts.models import User
from styringsdialog.meetings.models import Meeting
from styringsdialog.publication.models import PublishedReferat
from styringsdialog.publication.services import publish_referat

SEED_DATE = date(2021, 5, 27)
SEED_PUBLISHED = datetime(2021, 6, 10, 10, 0)  # a fortnight after the meeting, once approved
DEMO_CASEWORKER = "torben"
STAGE = "Offentliggør seed-referatet"


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
    if meeting is None or PublishedReferat.objects.filter(meeting=meeting).exists():
        progress(STAGE, 1, 1)
        return
    if meeting.referat_status != Meeting.ReferatStatus.APPROVED:
        raise RuntimeError(
            f"Seed-mødet {SEED_DATE:%d.%m.%Y} skal have et godkendt referat for at kunne offentliggøres "
            f"(status: {meeting.get_referat_status_display().lower()})."
        )
    caseworker = User.objects.get(username=DEMO_CASEWORKER)
    # The seed is the real, already public referat: every possible personal data finding is kept.
    publish_referat(
        meeting=meeting,
        by=caseworker,
        at=timezone.make_aware(SEED_PUBLISHED),
        personal_data={"*": "keep"},
    )
    progress(STAGE, 1, 1)
