"""Named reads on documentation packages (QuerySet methods; models import this module)."""

from __future__ import annotations

from typing import Any

from django.db import models


class PackageQuerySet(models.QuerySet):
    def for_year(self, styringsaar: int) -> PackageQuerySet:
        return self.filter(styringsaar=styringsaar)

    def for_home_kommune(self, kommune: Any) -> PackageQuerySet:
        return self.filter(organisation__home_kommune=kommune)

    def not_submitted(self) -> PackageQuerySet:
        return self.filter(status="oprettet")

    def overdue(self, today: Any) -> PackageQuerySet:
        """Not submitted although the formal deadline has passed."""
        return self.not_submitted().filter(deadline_formal__lt=today)

    def with_related(self) -> PackageQuerySet:
        return self.select_related("organisation", "organisation__home_kommune", "catalogue")
