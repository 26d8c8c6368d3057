"""Named filters of the anvisning tables (imports no models of this app)."""

from __future__ import annotations

from typing import Any

from django.db import models


class AnvisningAgreementQuerySet(models.QuerySet):
    def with_related(self) -> AnvisningAgreementQuerySet:
        return self.select_related("kommune", "organisation", "supersedes")

    def current(self) -> AnvisningAgreementQuerySet:
        """The newest version of every agreement (no renewal replaces it)."""
        return self.filter(superseded_by__isnull=True)

    def in_force(self, on: Any) -> AnvisningAgreementQuerySet:
        return self.filter(valid_from__lte=on, valid_to__gte=on)


class LedgerEntryQuerySet(models.QuerySet):
    def with_related(self) -> LedgerEntryQuerySet:
        return self.select_related("kommune", "department", "department__organisation")
