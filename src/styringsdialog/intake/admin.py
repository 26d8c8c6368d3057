"""Admin: read-mostly views of packages and imports (files and import results are immutable)."""

from __future__ import annotations

from django.contrib import admin

from styringsdialog.intake.models import (
    AccountingPeriod,
    Answer,
    Attachment,
    DocumentationPackage,
    ImportBatch,
    PackageEvent,
    Question,
    QuestionCatalogue,
)


class EventInline(admin.TabularInline):
    model = PackageEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "at", "by", "note"]
    can_delete = False


@admin.register(DocumentationPackage)
class DocumentationPackageAdmin(admin.ModelAdmin):
    list_display = ["organisation", "styringsaar", "status", "deadline_formal", "submitted_at"]
    list_filter = ["styringsaar", "status"]
    search_fields = ["organisation__number", "organisation__name"]
    list_select_related = ["organisation"]
    readonly_fields = ["status", "submitted_at", "reviewed_at", "meeting_held_on", "created_at"]
    inlines = [EventInline]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["original_name", "package", "kind", "status", "uploaded_at", "uploaded_by"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "package", "kind", "uploaded_at"]
    readonly_fields = [f.name for f in Attachment._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(QuestionCatalogue)
class QuestionCatalogueAdmin(admin.ModelAdmin):
    list_display = ["version", "valid_from", "is_example"]
    inlines = [QuestionInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["package", "question", "department", "value"]
    list_select_related = ["package__organisation", "question", "department"]


admin.site.register(AccountingPeriod)
