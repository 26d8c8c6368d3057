"""Admin: configuration (meeting types, templates, themes) is editable; the workflow data is
read-only here, because every change must go through the services (history, validation)."""

from __future__ import annotations

from django.contrib import admin

from styringsdialog.meetings import models


class TemplateItemInline(admin.TabularInline):
    model = models.AgendaTemplateItem
    extra = 1


@admin.register(models.AgendaTemplate)
class AgendaTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "kommune", "is_default")
    list_filter = ("is_default",)
    inlines = [TemplateItemInline]


@admin.register(models.MeetingType)
class MeetingTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "kommune", "is_joint", "position")


@admin.register(models.YearTheme)
class YearThemeAdmin(admin.ModelAdmin):
    list_display = ("title", "kommune", "styringsaar")
    list_filter = ("styringsaar",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "date", "status", "referat_status")
    list_filter = ("status", "referat_status", "styringsaar")


@admin.register(models.Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("text", "organisation", "styringsaar", "status", "deadline")
    list_filter = ("status", "styringsaar")


@admin.register(models.Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("title", "department", "category", "status", "opened_on")
    list_filter = ("status", "category")
