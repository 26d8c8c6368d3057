from __future__ import annotations

from django.contrib import admin

from styringsdialog.registry.models import (
    Account,
    AccountLine,
    ChartOfAccounts,
    DataSource,
    Department,
    DepartmentFact,
    Kommune,
    Organisation,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Kommune)
class KommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "home_kommune", "administrator"]
    search_fields = ["number", "name", "cvr"]
    list_select_related = ["home_kommune"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "number", "name", "kommune", "dwellings_total", "area_total"]
    search_fields = ["name", "number", "organisation__name", "organisation__number"]
    list_select_related = ["organisation", "kommune"]
    raw_id_fields = ["organisation", "kommune", "source"]


@admin.register(DepartmentFact)
class DepartmentFactAdmin(admin.ModelAdmin):
    list_display = ["department", "year", "code", "value", "unit"]
    raw_id_fields = ["department", "source"]


@admin.register(ChartOfAccounts)
class ChartAdmin(admin.ModelAdmin):
    list_display = ["version", "valid_from"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["chart", "konto", "name", "evidence"]


@admin.register(AccountLine)
class AccountLineAdmin(admin.ModelAdmin):
    list_display = ["department", "year", "konto", "amount"]
    raw_id_fields = ["department", "source", "chart"]


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "reference_date", "created_at"]
