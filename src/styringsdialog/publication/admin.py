"""Read-only admin: published referater and their versions can be inspected, never edited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from styringsdialog.publication.models import PublishedReferat, ReferatVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PublishedReferat)
class PublishedReferatAdmin(ReadOnlyAdmin):
    list_display = ["title", "kommune", "meeting_date", "styringsaar", "slug"]
    list_filter = ["styringsaar"]
    search_fields = ["title", "slug"]
    exclude = ["search_vector"]


@admin.register(ReferatVersion)
class ReferatVersionAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "published_at", "published_by_name"]
    exclude = ["snapshot", "text"]
