"""Construction and renovation cases (C15): the case, its milestones (skema A/B/C, taken into
use, inspections; for renovations the LBF application, the kommune's recommendation and
guarantee, the final accounts), its events (complaints, compensation, defects, meetings with
residents, registrations), the maksimumbeløb rate table and the history of every change.

The case links to the meetings app's cases, agreements and agenda items by string model
references only (``"meetings.Case"``): this app never imports meetings (ADR 0006). Writes go
through ``services``; the computations are in ``almen.construction``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from almen.construction import HOUSING_TYPES, KINDS, MILESTONES, RATE_REGIONS

KIND_CHOICES = list(KINDS.items())
MILESTONE_CHOICES = list(MILESTONES.items())
HOUSING_CHOICES = list(HOUSING_TYPES.items())
REGION_CHOICES = list(RATE_REGIONS.items())


class ConstructionCase(models.Model):
    """One building or renovation project of an organisation, supervised by a kommune."""

    class Status(models.TextChoices):
        OPEN = "aaben", "Åben"
        CLOSED = "lukket", "Lukket"

    kommune = models.ForeignKey(
        "registry.Kommune",
        on_delete=models.PROTECT,
        related_name="construction_cases",
        verbose_name="kommune",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="construction_cases",
        verbose_name="boligorganisation",
    )
    department = models.ForeignKey(
        "registry.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="construction_cases",
        verbose_name="afdeling",
    )
    # a new department not yet in the registry (its name as the case knows it)
    new_department_name = models.CharField("ny afdeling (navn)", max_length=200, blank=True)
    kind = models.CharField("art", max_length=20, choices=KIND_CHOICES)
    title = models.CharField("titel", max_length=300)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    housing_type = models.CharField(
        "boligtype", max_length=10, choices=HOUSING_CHOICES, default="familie"
    )
    rate_region = models.CharField(
        "område for maksimumbeløb (før 2024)",
        max_length=20,
        choices=REGION_CHOICES,
        blank=True,
        default="",
    )
    dwellings = models.PositiveIntegerField("antal boliger", default=0)
    area_m2 = models.DecimalField("boligareal (m²)", max_digits=10, decimal_places=1, default=0)
    # renovation with LBF support: the loan, the property value and the debt ahead of the loan
    loan_amount = models.DecimalField(
        "lån (kr.)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    property_value = models.DecimalField(
        "ejendomsværdi (kr.)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    prior_debt = models.DecimalField(
        "forudgående lån (kr.)", max_digits=14, decimal_places=0, default=0
    )
    responsible = models.CharField("ansvarlig sagsbehandler", max_length=200, blank=True)
    description = models.TextField("beskrivelse", blank=True)
    cases = models.ManyToManyField(
        "meetings.Case", blank=True, related_name="construction_cases", verbose_name="sager"
    )
    agreements = models.ManyToManyField(
        "meetings.Agreement",
        blank=True,
        related_name="construction_cases",
        verbose_name="aftaler",
    )
    agenda_items = models.ManyToManyField(
        "meetings.AgendaItem",
        blank=True,
        related_name="construction_cases",
        verbose_name="dagsordenspunkter",
    )
    opened_on = models.DateField("oprettet den")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="oprettet af",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)
    version = models.PositiveIntegerField("version", default=0)  # optimistic lock

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = "byggesag"
        verbose_name_plural = "byggesager"
        indexes = [models.Index(fields=["kommune", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def department_label(self) -> str:
        if self.department is not None:
            return f"afd. {self.department.number} {self.department.name}"
        return f"ny afdeling {self.new_department_name}".strip()


class Milestone(models.Model):
    """One approved milestone of a case: the decision, who made it and when, with the figures
    the milestone fixes (the anskaffelsessum at skema A/B/C, the rent at B and C)."""

    case = models.ForeignKey(
        ConstructionCase, on_delete=models.CASCADE, related_name="milestones", verbose_name="sag"
    )
    kind = models.CharField("milepæl", max_length=20, choices=MILESTONE_CHOICES)
    date = models.DateField("dato")
    decision = models.TextField("afgørelse", blank=True)
    document = models.CharField("dokument (journalnr. eller link)", max_length=500, blank=True)
    anskaffelsessum = models.DecimalField(
        "anskaffelsessum (kr.)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    annual_rent = models.DecimalField(
        "årlig husleje (kr.)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    guarantee_amount = models.DecimalField(
        "garanti (kr.)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    lbf_share = models.DecimalField(
        "LBF's andel af garantien (kr.)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="godkendt af",
    )
    approved_by_name = models.CharField("godkendt af (navn)", max_length=200, blank=True)
    approved_at = models.DateTimeField("registreret")

    class Meta:
        ordering = ["case", "date", "pk"]
        verbose_name = "milepæl"
        verbose_name_plural = "milepæle"
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="construction_milestone_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class Event(models.Model):
    """Something that happened in the case: a complaint, compensation, a defect, a meeting with
    residents, a registration."""

    class Kind(models.TextChoices):
        COMPLAINT = "klage", "Henvendelse/klage fra beboere"
        COMPENSATION = "kompensation", "Kompensation"
        DEFECT = "mangel", "Mangel"
        RESIDENT_MEETING = "beboermoede", "Møde med beboerne"
        REGISTRATION = "registrering", "Registrering"
        OTHER = "andet", "Andet"

    class Status(models.TextChoices):
        NONE = "", "–"
        OPEN = "aaben", "Åben"
        IN_PROGRESS = "i_gang", "Under udbedring"
        FIXED = "udbedret", "Udbedret"
        SENT = "sendt", "Sendt"
        DONE = "afsluttet", "Afsluttet"

    case = models.ForeignKey(
        ConstructionCase, on_delete=models.CASCADE, related_name="events", verbose_name="sag"
    )
    kind = models.CharField("art", max_length=20, choices=Kind.choices)
    date = models.DateField("dato")
    text = models.TextField("tekst")
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, blank=True, default=""
    )
    # compensation: months of rent, amount, who pays, decided when
    months_of_rent = models.DecimalField(
        "måneders leje", max_digits=5, decimal_places=1, null=True, blank=True
    )
    amount = models.DecimalField(
        "beløb (kr.)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    paid_by = models.CharField("betales af", max_length=200, blank=True)
    decided_on = models.DateField("besluttet den", null=True, blank=True)
    recipient = models.CharField("sendt til", max_length=200, blank=True)  # registrations
    document = models.CharField("dokument (journalnr. eller link)", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="oprettet af",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    version = models.PositiveIntegerField("version", default=0)

    class Meta:
        ordering = ["case", "date", "pk"]
        verbose_name = "hændelse"
        verbose_name_plural = "hændelser"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class CaseChange(models.Model):
    """One change to a construction case, its milestones or events: who, when, old → new."""

    case = models.ForeignKey(
        ConstructionCase, on_delete=models.CASCADE, related_name="changes", verbose_name="sag"
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
    label = models.CharField("hvad", max_length=300)
    old_value = models.TextField("før", blank=True)
    new_value = models.TextField("efter", blank=True)

    class Meta:
        ordering = ["case", "-at", "-pk"]
        verbose_name = "ændring af byggesag"
        verbose_name_plural = "ændringer af byggesager"

    def __str__(self) -> str:
        return self.label


class MaximumRate(models.Model):
    """One row of the maksimumbeløb rate table (by year of skema B, housing type and, before
    2024, region). Edited by administrators in the app; every change is in ``RateChange``."""

    year = models.PositiveSmallIntegerField("år (skema B)")
    housing_type = models.CharField("boligtype", max_length=10, choices=HOUSING_CHOICES)
    region = models.CharField(
        "område", max_length=20, choices=REGION_CHOICES, blank=True, default=""
    )
    per_dwelling = models.DecimalField("kr. pr. bolig", max_digits=12, decimal_places=0, default=0)
    per_m2 = models.DecimalField("kr. pr. m²", max_digits=12, decimal_places=0)
    source = models.TextField("kilde")
    confirmed = models.BooleanField("bekræftet af kilden", default=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)
    version = models.PositiveIntegerField("version", default=0)

    class Meta:
        ordering = ["-year", "housing_type", "region"]
        verbose_name = "sats for maksimumbeløb"
        verbose_name_plural = "satser for maksimumbeløb"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "housing_type", "region"], name="construction_rate_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_housing_type_display()} {self.region}".strip()


class RateChange(models.Model):
    """History of the rate table: who changed which row, when, old → new."""

    rate = models.ForeignKey(
        MaximumRate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name="sats",
    )
    label = models.CharField("sats", max_length=200)
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
    action = models.CharField("handling", max_length=40)
    old = models.JSONField("før", null=True, blank=True)
    new = models.JSONField("efter", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "ændring af sats"
        verbose_name_plural = "ændringer af satser"

    def __str__(self) -> str:
        return f"{self.label}: {self.action}"


def document_path(instance: CaseDocument, filename: str) -> str:
    return f"construction/{instance.case_id}/{instance.sha256[:16]}/{filename}"


class CaseDocument(models.Model):
    """A file in a construction case (a decision, a skema, an inspection report, photos of a
    defect), optionally on one milestone or event. Never public: served only through the app
    after the case's scope check. The content type is sniffed from the bytes, not trusted."""

    case = models.ForeignKey(
        ConstructionCase, on_delete=models.CASCADE, related_name="documents", verbose_name="sag"
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="milepæl",
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="hændelse",
    )
    title = models.CharField("beskrivelse", max_length=300, blank=True)
    file = models.FileField("fil", upload_to=document_path, max_length=300)
    original_name = models.CharField("filnavn", max_length=255)
    content_type = models.CharField("filtype", max_length=120)
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name="filens sha256")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="uploadet af",
    )
    uploaded_by_name = models.CharField("uploadet af (navn)", max_length=200, blank=True)
    uploaded_at = models.DateTimeField("uploadet", auto_now_add=True)

    class Meta:
        ordering = ["case", "-uploaded_at", "-pk"]
        verbose_name = "dokument i byggesag"
        verbose_name_plural = "dokumenter i byggesager"

    def __str__(self) -> str:
        return self.original_name
