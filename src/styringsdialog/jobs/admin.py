from django.contrib import admin

from styringsdialog.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "started_by", "created_at", "finished_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "started_by__username")
    readonly_fields = [f.name for f in Job._meta.fields]
