"""One table: ``AuditEntry``, written once and never changed (docs/reference/audit.md).

The user is kept as id and username, not as a foreign key: a deleted user's entries stay as
they were (a foreign key's ``SET NULL`` would be an UPDATE, which the database refuses), and the
app imports no other app's models.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    VIEW = "view", "Visning"
    DOWNLOAD = "download", "Download"
    CREATE = "create", "Oprettet"
    CHANGE = "change", "Ændret"
    DELETE = "delete", "Slettet"


class AuditEntry(models.Model):
    at = models.DateTimeField("tidspunkt", default=timezone.now, db_index=True)
    kind = models.CharField("handling", max_length=10, choices=Kind.choices)
    user_id = models.BigIntegerField("bruger-id", null=True, blank=True, db_index=True)
    username = models.CharField("brugernavn", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP-adresse", null=True, blank=True)
    method = models.CharField("metode", max_length=8, blank=True)
    path = models.CharField("adresse", max_length=500, blank=True)
    status = models.PositiveSmallIntegerField("svarkode", null=True, blank=True)
    # What was touched: a model ("meetings.meeting") and its key, or the page's route and key.
    object_type = models.CharField("objekttype", max_length=100, blank=True)
    object_id = models.CharField("objekt-id", max_length=64, blank=True)
    object_label = models.CharField("objekt", max_length=300, blank=True)
    fields = models.CharField("ændrede felter", max_length=500, blank=True)
    # The basis for an akteindsigt: every entry that concerns one meeting or one case.
    meeting_id = models.BigIntegerField("møde-id", null=True, blank=True, db_index=True)
    case_id = models.BigIntegerField("sags-id", null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "revisionslogpost"
        verbose_name_plural = "revisionslog"
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()} {self.path or self.object_label}"
