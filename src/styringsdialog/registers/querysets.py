"""Named reads for registers: latest snapshots and runs, differences per kommune/department."""

from __future__ import annotations

from typing import Any

from django.db import models


class SnapshotQuerySet(models.QuerySet):
    def latest_of(self, source: str) -> Any:
        """The newest snapshot of ``source`` (by reference date, then import time), or None."""
        return self.filter(source=source).order_by("-reference_date", "-imported_at", "-pk").first()


class RunQuerySet(models.QuerySet):
    def for_kommune(self, kommune: Any) -> RunQuerySet:
        """Runs with figures for ``kommune``, newest first."""
        return (
            self.filter(figures__level="kommune", figures__kommune=kommune)
            .distinct()
            .order_by("-created_at", "-pk")
        )

    def latest_for_kommune(self, kommune: Any) -> Any:
        return self.for_kommune(kommune).first()

    def latest_for_department(self, department: Any) -> Any:
        return (
            self.filter(figures__department=department)
            .distinct()
            .order_by("-created_at", "-pk")
            .first()
        )


class DifferenceQuerySet(models.QuerySet):
    def kommune_level(self) -> DifferenceQuerySet:
        return self.filter(level="kommune")

    def department_level(self) -> DifferenceQuerySet:
        return self.filter(level="department").select_related(
            "department", "department__organisation"
        )

    def pair(self, source_a: str, source_b: str) -> DifferenceQuerySet:
        return self.filter(source_a=source_a, source_b=source_b)
