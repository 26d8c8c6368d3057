"""Named filters on jobs."""

from __future__ import annotations

from django.db import models


class JobQuerySet(models.QuerySet):
    def active(self) -> JobQuerySet:
        """Queued or running."""
        return self.filter(status__in=("queued", "running"))

    def for_display(self) -> JobQuerySet:
        return self.select_related("started_by")
