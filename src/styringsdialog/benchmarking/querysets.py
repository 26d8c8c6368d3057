"""Named reads on runs and results (QuerySet methods; models are reached through ``self.model``)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import F, FilteredRelation, OuterRef, Q, Subquery


class BenchmarkRunQuerySet(models.QuerySet):
    def latest_for(self, year: int, method: str = "fdh") -> Any:
        """The newest run for an accounting year and method (None when there is none)."""
        return (
            self.filter(data_year=year, method=method)
            .select_related("colour_scale")
            .order_by("-created_at", "-pk")
            .first()
        )

    def years(self, method: str = "fdh") -> list[int]:
        """Accounting years with at least one run of ``method``, newest first."""
        return sorted(
            set(self.filter(method=method).values_list("data_year", flat=True)), reverse=True
        )

    def latest_year(self, method: str = "fdh") -> int | None:
        return self.filter(method=method).aggregate(y=models.Max("data_year"))["y"]


class DepartmentResultQuerySet(models.QuerySet):
    def with_official(self, year: int) -> DepartmentResultQuerySet:
        """Annotate ``official_value`` and ``official_colour`` (the imported score for ``year``)."""
        # looked up in the app registry: this module is imported by models.py
        official_scores = apps.get_model("benchmarking", "OfficialScore")
        official = official_scores.objects.filter(department=OuterRef("department_id"), year=year)
        return self.annotate(
            official_value=Subquery(official.values("effektivitetstal")[:1]),
            official_colour=Subquery(official.values("colour")[:1]),
        )

    def with_official_joined(self, year: int) -> DepartmentResultQuerySet:
        """``with_official`` as one LEFT JOIN (at most one official score per department and
        year: ``bm_official_unique``) instead of two correlated subqueries per row."""
        return self.annotate(
            official_row=FilteredRelation(
                "department__official_scores",
                condition=Q(department__official_scores__year=year),
            ),
            official_value=F("official_row__effektivitetstal"),
            official_colour=F("official_row__colour"),
        )

    def for_display(self) -> DepartmentResultQuerySet:
        return self.select_related(
            "department",
            "department__organisation",
            "department__kommune",
            "best_peer",
            "best_peer__organisation",
        )
