"""Registers (C6) and resident profiles (C7): snapshots, reconciliation runs, resident data.

* ``RegisterSnapshot``: one imported file (LBF stamdata, BBR, DST, beboerdata) with its sha256;
  immutable once saved. Its rows: ``BbrUnitRecord``, ``LbfSectionRecord``, ``DstFigure``.
* ``ReconciliationRun``: one run of ``almen.registers.reconcile`` over three snapshots, with
  ``RegisterFigure`` (dwellings and m² per source, department and kommune) and ``Difference``
  (one part of a difference with one reason code).
* ``ResidentialArea`` (boligområde), ``ResidentIndicator`` (per department or area and year) and
  ``AreaClassification`` (per area, list year and rule-set version).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from almen.registers import REASONS
from styringsdialog.registers.querysets import DifferenceQuerySet, RunQuerySet, SnapshotQuerySet
from styringsdialog.registry.models import Department, Kommune


class ImmutableError(Exception):
    """An imported snapshot or a stored run was about to be changed."""


class Source(models.TextChoices):
    LBF = "lbf", "LBF stamdata"
    BBR = "bbr", "BBR"
    DST = "dst", "Danmarks Statistik"
    BEBOERDATA = "beboerdata", "Beboerdata"
    OFFICIAL = "officiel", "Officiel liste over boligområder"


class Level(models.TextChoices):
    DEPARTMENT = "department", "Afdeling"
    KOMMUNE = "kommune", "Kommune"


class Measure(models.TextChoices):
    DWELLINGS = "dwellings", "Boliger"
    AREA = "area_m2", "m²"


REASON_CHOICES = list(REASONS.items())  # code → Danish label (almen.registers.REASONS)


class RegisterSnapshot(models.Model):
    source = models.CharField("kilde", max_length=12, choices=Source.choices)
    reference_date = models.DateField("opgørelsesdato")
    file_name = models.CharField("filnavn", max_length=255)
    sha256 = models.CharField(max_length=64, verbose_name="filens sha256")
    size = models.PositiveBigIntegerField("størrelse (bytes)", default=0)
    rows = models.PositiveIntegerField("rækker", default=0)
    coverage = models.JSONField("kommuner", default=list, blank=True)
    units_complete = models.BooleanField("alle enheder gemt", default=True)
    skipped = models.JSONField(
        "sprunget over",
        default=dict,
        blank=True,
        help_text="BBR: objekter, der ikke er indlæst, pr. art og livscyklusstatus",
    )
    note = models.TextField("bemærkning", blank=True)
    imported_at = models.DateTimeField("indlæst", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="indlæst af",
    )

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "registerudtræk"
        verbose_name_plural = "registerudtræk"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "sha256"], name="snapshot_file_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.reference_date:%d.%m.%Y} ({self.file_name})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ImmutableError("Et indlæst registerudtræk kan ikke ændres.")
        super().save(*args, **kwargs)


class BbrUnitRecord(models.Model):
    """One BBR unit of a BBR snapshot, as parsed (``almen.registers.BbrUnit``)."""

    snapshot = models.ForeignKey(
        RegisterSnapshot,
        on_delete=models.CASCADE,
        related_name="units",
        verbose_name="registerudtræk",
    )
    unit_id = models.CharField("enheds-id", max_length=40)
    kommune_code = models.CharField("kommunekode", max_length=3)
    property_number = models.CharField("BBR-ejendomsnummer", max_length=16, blank=True)
    address_id = models.CharField("DAR-adresse-id", max_length=40, blank=True)
    building_id = models.CharField("bygnings-id", max_length=40, blank=True)
    usage_code = models.CharField("anvendelse", max_length=4, blank=True)
    housing_type_code = models.CharField("boligtype", max_length=2, blank=True)
    status = models.CharField("status", max_length=3)
    support_code = models.CharField("offentlig støtte", max_length=3, blank=True)
    ownership_code = models.CharField("ejerforhold", max_length=3, blank=True)
    total_area = models.PositiveIntegerField("samlet areal (m²)", null=True, blank=True)
    residential_area = models.PositiveIntegerField("boligareal (m²)", null=True, blank=True)
    rooms = models.PositiveSmallIntegerField("værelser", null=True, blank=True)
    valid_from = models.DateField("virkning fra", null=True, blank=True)

    class Meta:
        ordering = ["property_number", "unit_id"]
        verbose_name = "BBR-enhed"
        verbose_name_plural = "BBR-enheder"
        indexes = [
            models.Index(fields=["snapshot", "property_number"]),
            models.Index(fields=["snapshot", "kommune_code"]),
            models.Index(fields=["snapshot", "address_id"]),
        ]

    def __str__(self) -> str:
        return f"Enhed {self.unit_id}"


class LbfSectionRecord(models.Model):
    """One row of an LBF stamdata snapshot (department, byggeafsnit, housing type)."""

    snapshot = models.ForeignKey(
        RegisterSnapshot,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name="registerudtræk",
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="afdeling"
    )
    kommune_code = models.CharField("kommunekode", max_length=3)
    section = models.CharField("byggeafsnit", max_length=20)
    property_number = models.CharField("BBR-ejendomsnummer", max_length=16)
    housing_type = models.CharField("boligtype", max_length=10)
    dwellings = models.PositiveIntegerField("boliger")
    area_m2 = models.PositiveIntegerField("bruttoetageareal (m²)")

    class Meta:
        ordering = ["department", "section", "housing_type"]
        verbose_name = "LBF-byggeafsnit"
        verbose_name_plural = "LBF-byggeafsnit"

    def __str__(self) -> str:
        return f"{self.department} byggeafsnit {self.section}"


class DstFigure(models.Model):
    snapshot = models.ForeignKey(
        RegisterSnapshot,
        on_delete=models.CASCADE,
        related_name="dst_figures",
        verbose_name="registerudtræk",
    )
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("år")
    table = models.CharField("tabel", max_length=12, default="BOL101")
    dwellings = models.PositiveIntegerField("almene boliger (EJER=20)")
    area_m2 = models.PositiveIntegerField("m²", null=True, blank=True)

    class Meta:
        ordering = ["kommune__code", "year"]
        verbose_name = "DST-tal"
        verbose_name_plural = "DST-tal"
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "kommune", "year"], name="dst_figure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.kommune.code} {self.year}: {self.dwellings}"


class ReconciliationRun(models.Model):
    created_at = models.DateTimeField("kørt", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="startet af",
    )
    lbf_snapshot = models.ForeignKey(
        RegisterSnapshot, on_delete=models.PROTECT, related_name="+", verbose_name="LBF-udtræk"
    )
    bbr_snapshot = models.ForeignKey(
        RegisterSnapshot, on_delete=models.PROTECT, related_name="+", verbose_name="BBR-udtræk"
    )
    dst_snapshot = models.ForeignKey(
        RegisterSnapshot,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="DST-udtræk",
    )
    lbf_reference_date = models.DateField("LBF-opgørelsesdato")
    dst_reference_date = models.DateField("DST-opgørelsesdato", null=True, blank=True)
    criteria = models.JSONField("kriterier", default=dict)
    area_tolerance_pct = models.FloatField("m²-tolerance (%)", default=0.5)
    coverage = models.JSONField("BBR dækker kommunerne", default=list)
    stats = models.JSONField(default=dict, verbose_name="statistik")
    year = models.PositiveSmallIntegerField(
        "afstemningsår", null=True, blank=True, help_text="Tomt: de nyeste udtræk blev brugt"
    )
    selection = models.TextField(
        "valg af udtræk", blank=True, help_text="Hvilke udtræk afstemningen bygger på, og hvorfor"
    )

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "afstemning"
        verbose_name_plural = "afstemninger"

    def __str__(self) -> str:
        return (
            f"Afstemning #{self.pk} ({self.created_at:%d.%m.%Y})"
            if self.created_at
            else "Afstemning"
        )


class RegisterFigure(models.Model):
    run = models.ForeignKey(
        ReconciliationRun,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name="afstemning",
    )
    level = models.CharField(max_length=12, choices=Level.choices, verbose_name="niveau")
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="afdeling",
    )
    source = models.CharField(max_length=12, choices=Source.choices, verbose_name="kilde")
    dwellings = models.IntegerField("boliger", null=True, blank=True)
    area_m2 = models.IntegerField("m²", null=True, blank=True)

    class Meta:
        verbose_name = "registertal"
        verbose_name_plural = "registertal"
        indexes = [
            models.Index(fields=["run", "level", "kommune"]),
            models.Index(fields=["run", "department"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.dwellings} boliger, {self.area_m2} m²"


class Difference(models.Model):
    """One part of ``value_b - value_a`` with one reason code (the parts add up to the whole)."""

    run = models.ForeignKey(
        ReconciliationRun,
        on_delete=models.CASCADE,
        related_name="differences",
        verbose_name="afstemning",
    )
    level = models.CharField(max_length=12, choices=Level.choices, verbose_name="niveau")
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="afdeling",
    )
    measure = models.CharField(max_length=10, choices=Measure.choices, verbose_name="mål")
    source_a = models.CharField(max_length=12, choices=Source.choices, verbose_name="kilde A")
    source_b = models.CharField(max_length=12, choices=Source.choices, verbose_name="kilde B")
    value_a = models.IntegerField(verbose_name="værdi A")
    value_b = models.IntegerField(verbose_name="værdi B")
    amount = models.IntegerField("forskel")
    reason = models.CharField("årsag", max_length=20, choices=REASON_CHOICES)
    note = models.CharField("forklaring", max_length=300, blank=True)

    objects = DifferenceQuerySet.as_manager()

    class Meta:
        ordering = [
            "kommune__code",
            "department__organisation__number",
            "department__number",
            "measure",
            "reason",
        ]
        verbose_name = "uoverensstemmelse"
        verbose_name_plural = "uoverensstemmelser"
        indexes = [
            models.Index(fields=["run", "level", "kommune"]),
            models.Index(fields=["run", "department"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="kommune") | Q(department__isnull=False),
                name="difference_department_level_has_department",
            ),
        ]

    def __str__(self) -> str:
        return self.note


class ResidentialArea(models.Model):
    """A boligområde (§ 61 a): connected almene departments with at least 1,000 residents."""

    code = models.CharField("områdekode", max_length=30, unique=True)
    name = models.CharField("navn", max_length=200)
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    departments = models.ManyToManyField(
        Department, related_name="residential_areas", blank=True, verbose_name="afdelinger"
    )

    class Meta:
        ordering = ["kommune__code", "name"]
        verbose_name = "boligområde"
        verbose_name_plural = "boligområder"

    def __str__(self) -> str:
        return self.name


class ResidentIndicator(models.Model):
    """The kvarterprofil figures of one department or area in one year (LBF Beboerdata)."""

    snapshot = models.ForeignKey(
        RegisterSnapshot, on_delete=models.PROTECT, related_name="+", verbose_name="registerudtræk"
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="afdeling",
    )
    area = models.ForeignKey(
        ResidentialArea,
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
        verbose_name="boligområde",
    )
    year = models.PositiveSmallIntegerField("år")
    residents = models.PositiveIntegerField("beboere")
    households = models.PositiveIntegerField("husstande")
    non_western_pct = models.FloatField("ikke-vestlige (%)", null=True, blank=True)
    unemployed_pct = models.FloatField("uden beskæftigelse (%)", null=True, blank=True)
    convicted_ratio = models.FloatField("dømte (× landsgennemsnit)", null=True, blank=True)
    convicted_pct = models.FloatField("dømte (%)", null=True, blank=True)
    low_education_pct = models.FloatField("kun grundskole (%)", null=True, blank=True)
    income_pct = models.FloatField("indkomst (% af regionen)", null=True, blank=True)

    VALUE_FIELDS = (
        "non_western_pct",
        "unemployed_pct",
        "convicted_ratio",
        "convicted_pct",
        "low_education_pct",
        "income_pct",
    )

    class Meta:
        ordering = ["year"]
        verbose_name = "beboerindikator"
        verbose_name_plural = "beboerindikatorer"
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=True) ^ Q(area__isnull=True),
                name="indicator_department_xor_area",
            ),
            models.UniqueConstraint(
                fields=["department", "year"],
                condition=Q(department__isnull=False),
                name="indicator_department_year",
            ),
            models.UniqueConstraint(
                fields=["area", "year"], condition=Q(area__isnull=False), name="indicator_area_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department or self.area} {self.year}"

    def values(self) -> dict[str, float | None]:
        return {f: getattr(self, f) for f in self.VALUE_FIELDS}


class AreaClassification(models.Model):
    area = models.ForeignKey(
        ResidentialArea,
        on_delete=models.CASCADE,
        related_name="classifications",
        verbose_name="boligområde",
    )
    list_year = models.PositiveSmallIntegerField("listeår")
    ruleset = models.CharField("regelsæt", max_length=10)
    category = models.CharField("kategori", max_length=20, blank=True)
    label = models.CharField("betegnelse", max_length=60)
    criteria = models.JSONField("kriterier", default=list)
    criteria_met = models.PositiveSmallIntegerField("opfyldte kriterier", default=0)
    years_running = models.PositiveSmallIntegerField("år i træk", default=0)
    incomplete = models.BooleanField("mangelfulde data", default=False)
    computed_at = models.DateTimeField(auto_now=True, verbose_name="beregnet")

    class Meta:
        ordering = ["area", "list_year"]
        verbose_name = "områdeklassifikation"
        verbose_name_plural = "områdeklassifikationer"
        constraints = [
            models.UniqueConstraint(
                fields=["area", "list_year", "ruleset"], name="classification_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.list_year}: {self.label}"


class OfficialAreaListing(models.Model):
    """One area on the official list (§§ 61 a–61 b) of one list year, from an imported file.

    The newest imported list of a year is the official list of that year; it takes precedence
    over the computed ``AreaClassification`` and is shown beside it."""

    snapshot = models.ForeignKey(
        RegisterSnapshot,
        on_delete=models.CASCADE,
        related_name="official_areas",
        verbose_name="registerudtræk",
    )
    area = models.ForeignKey(
        ResidentialArea,
        on_delete=models.CASCADE,
        related_name="official_listings",
        verbose_name="boligområde",
    )
    list_year = models.PositiveSmallIntegerField("listeår")
    category = models.CharField("kategori", max_length=20)
    label = models.CharField("betegnelse", max_length=60)
    source_url = models.URLField("kilde", max_length=500, blank=True)

    class Meta:
        ordering = ["list_year", "area"]
        verbose_name = "officielt listet område"
        verbose_name_plural = "officielt listede områder"
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "area"], name="official_listing_once_per_file"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.list_year}: {self.label} (officiel liste)"
