"""QuerySet methods of meetings, agreements and cases (the models import this module; it imports
no models). Scoped lookups and other named reads are in ``meetings.queries``."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone

# Agreement statuses that still need attention: not fulfilled, not closed, not carried over.
UNRESOLVED_AGREEMENT_STATUSES = ("aftalt", "i_gang", "delvist_opfyldt", "ikke_opfyldt")


def today() -> date:
    return timezone.localdate()


class MeetingQuerySet(models.QuerySet):
    def with_related(self) -> MeetingQuerySet:
        return self.select_related("kommune", "organisation", "meeting_type")

    def for_organisation(self, organisation_id: int) -> MeetingQuerySet:
        """Meetings where the organisation is the primary or one of the other organisations."""
        return self.filter(
            models.Q(organisation_id=organisation_id)
            | models.Q(other_organisations__pk=organisation_id)
        ).distinct()


class AgreementQuerySet(models.QuerySet):
    def with_related(self) -> AgreementQuerySet:
        return self.select_related("kommune", "organisation", "meeting", "agenda_item")

    def unresolved(self) -> AgreementQuerySet:
        """Agreements that are still open: aftalt, i gang, delvist or ikke opfyldt."""
        return self.filter(status__in=UNRESOLVED_AGREEMENT_STATUSES)

    def overdue(self, on: date | None = None) -> AgreementQuerySet:
        """Unresolved agreements whose deadline has passed (before ``on``, default today)."""
        return self.unresolved().filter(deadline__lt=on or today())


class CaseQuerySet(models.QuerySet):
    def with_related(self) -> CaseQuerySet:
        return self.select_related("kommune", "department", "department__organisation")

    def open(self) -> CaseQuerySet:
        return self.exclude(status="lukket")
