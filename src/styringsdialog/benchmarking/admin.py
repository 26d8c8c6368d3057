from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from styringsdialog.benchmarking.models import (
    BenchmarkRun,
    ColourScaleVersion,
    DepartmentResult,
    KeyFigureResult,
    OfficialScore,
)


@admin.register(ColourScaleVersion)
class ColourScaleVersionAdmin(admin.ModelAdmin):
    """A version used by a run is locked: change the scale by adding a new version."""

    list_display = ["version", "valid_from", "green_from", "yellow_from", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.runs.exists():
            return ["version", "valid_from", "green_from", "yellow_from", "provenance"]
        return []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.runs.exists()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Computed and imported figures are changed only by runs and imports."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BenchmarkRun)
class BenchmarkRunAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "method",
        "data_year",
        "created_at",
        "n_departments",
        "n_scored",
        "n_excluded",
        "duration_s",
        "code_version",
    ]
    list_filter = ["method", "data_year"]


@admin.register(DepartmentResult)
class DepartmentResultAdmin(ReadOnlyAdmin):
    list_display = ["department", "run", "effektivitetstal", "colour", "excluded_reason"]
    list_select_related = ["department", "run"]
    raw_id_fields = ["department", "best_peer", "run"]
    search_fields = ["department__name", "department__organisation__number"]


@admin.register(KeyFigureResult)
class KeyFigureResultAdmin(ReadOnlyAdmin):
    list_display = ["department", "run", "provisions_per_m2", "below_norm", "high_rent"]
    list_select_related = ["department", "run"]
    raw_id_fields = ["department", "run"]


@admin.register(OfficialScore)
class OfficialScoreAdmin(ReadOnlyAdmin):
    list_display = ["department", "year", "effektivitetstal", "colour", "source", "imported_at"]
    list_select_related = ["department", "source"]
    raw_id_fields = ["department"]
    list_filter = ["year"]
