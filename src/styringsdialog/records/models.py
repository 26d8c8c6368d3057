"""Records management facts of meetings, cases and agreements (issue 16, item 5).

One ``RecordInfo`` per record (``kind`` + ``object_id``): its journal number, its KLE
classification and — for cases — the private persons who are parties (never published; the
publication check looks for their names). The app sits below the domain apps and knows them only
by kind, so another kind of record (e.g. a construction case) is one more ``Kind`` value.
``KleDefault`` is the kommune's default KLE per kind (its "Indstillinger" page). Edits are
optimistically locked (``version``) and kept in ``RecordChange``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    MEETING = "meeting", "Dialogmøde"
    CASE = "case", "Sag"
    AGREEMENT = "agreement", "Aftale"
    CONSTRUCTION = "construction", "Byggesag"


class RecordInfo(models.Model):
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField("id")
    kommune = models.ForeignKey(
        "registry.Kommune", on_delete=models.CASCADE, related_name="+", verbose_name="kommune"
    )
    journal_number = models.CharField("journalnummer", max_length=60, blank=True)
    kle = models.CharField("KLE-nummer", max_length=20, blank=True)
    parties = models.TextField("parter (private personer, ikke offentligt)", blank=True)
    version = models.PositiveIntegerField("version", default=0)
    updated_at = models.DateTimeField("ændret", auto_now=True)

    class Meta:
        verbose_name = "journaloplysning"
        verbose_name_plural = "journaloplysninger"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="record_info_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}"

    @property
    def party_names(self) -> list[str]:
        return [n.strip() for n in self.parties.splitlines() if n.strip()]


class RecordChange(models.Model):
    record = models.ForeignKey(
        RecordInfo, on_delete=models.CASCADE, related_name="changes", verbose_name="post"
    )
    at = models.DateTimeField("tidspunkt", auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="af",
    )
    by_name = models.CharField("af (navn)", max_length=200, blank=True)
    field = models.CharField("felt", max_length=40)
    old_value = models.TextField("før", blank=True)
    new_value = models.TextField("efter", blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "ændring af journaloplysning"
        verbose_name_plural = "ændringer af journaloplysninger"

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"


class KleDefault(models.Model):
    kommune = models.ForeignKey(
        "registry.Kommune", on_delete=models.CASCADE, related_name="+", verbose_name="kommune"
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    kle = models.CharField("standard-KLE", max_length=20, blank=True)
    version = models.PositiveIntegerField("version", default=0)

    class Meta:
        verbose_name = "standard-KLE"
        verbose_name_plural = "standard-KLE"
        constraints = [
            models.UniqueConstraint(fields=["kommune", "kind"], name="kle_default_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.kle}"
