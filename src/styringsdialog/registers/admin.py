from django.contrib import admin

from styringsdialog.registers.models import (
    AreaClassification,
    ReconciliationRun,
    RegisterSnapshot,
    ResidentialArea,
)


class ReadOnly(admin.ModelAdmin):
    """Snapshots and runs are immutable records: view them, never edit them here."""

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[override]
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RegisterSnapshot)
class RegisterSnapshotAdmin(ReadOnly):
    list_display = ("pk", "source", "reference_date", "file_name", "rows", "imported_at")
    list_filter = ("source",)


@admin.register(ReconciliationRun)
class ReconciliationRunAdmin(ReadOnly):
    list_display = ("pk", "created_at", "lbf_snapshot", "bbr_snapshot", "dst_snapshot")


@admin.register(ResidentialArea)
class ResidentialAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kommune")
    search_fields = ("code", "name")
    filter_horizontal = ("departments",)


@admin.register(AreaClassification)
class AreaClassificationAdmin(ReadOnly):
    list_display = ("area", "list_year", "ruleset", "label", "criteria_met")
    list_filter = ("list_year", "ruleset")
