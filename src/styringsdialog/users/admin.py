from __future__ import annotations

from typing import Any

from django.contrib import admin

from styringsdialog.users.models import ClaimRule, ClaimRuleEvent, GrantRecord, OidcIdentity


@admin.register(ClaimRule)
class ClaimRuleAdmin(admin.ModelAdmin):
    """Read only (w1a): the SSO rules are edited on the page "SSO-regler" (``/sso-regler/``),
    the API or the CLI, which keep the version and the history."""

    list_display = [
        "claim",
        "value",
        "role",
        "kommune",
        "organisation",
        "organisation_by",
        "active",
    ]
    list_filter = ["role", "active"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ClaimRuleEvent)
class ClaimRuleEventAdmin(admin.ModelAdmin):
    """Read only: the history of the SSO rules is never changed or deleted."""

    list_display = ["at", "action", "rule_id_text", "before", "after", "by_name", "source"]
    list_filter = ["action", "source"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(GrantRecord)
class GrantRecordAdmin(admin.ModelAdmin):
    """Read only: the history is never changed or deleted."""

    list_display = ["at", "action", "username", "role", "target", "by_name", "source"]
    list_filter = ["action", "role", "source"]
    search_fields = ["username", "by_name", "target"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(OidcIdentity)
class OidcIdentityAdmin(admin.ModelAdmin):
    list_display = ["subject", "issuer", "user", "first_login", "last_login"]
    search_fields = ["subject", "user__username"]
