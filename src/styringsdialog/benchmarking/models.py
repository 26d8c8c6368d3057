"""Efficiency runs and key figures (C3, C4): what was computed, how, and what came out.

A ``BenchmarkRun`` records one computation with ``almen.efficiency`` / ``almen.keyfigures`` for
one accounting year: the method, every parameter, the code version and the colour scale used.
Runs are never changed; re-running creates a new run and pages show the latest one.
``OfficialScore`` holds effektivitetstal imported from the Effektiviseringsenheden; they take
precedence in display and are always shown beside our own figure.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from almen.efficiency import COLOUR_LABELS, DEFAULT_SCALE, ColourScale
from styringsdialog.benchmarking.querysets import BenchmarkRunQuerySet, DepartmentResultQuerySet

COLOUR_CHOICES = [(code, label) for code, label in COLOUR_LABELS.items()]

EXCLUSION_CHOICES = [
    ("no_dwellings", "ingen boliger registreret"),
    ("no_area", "intet areal (m²) registreret"),
    ("missing_cost", "manglende udgift på en benchmarket kontogruppe"),
    ("negative_cost", "negativ udgift på en benchmarket kontogruppe"),
    ("zero_cost", "udgift på 0 kr. på en benchmarket kontogruppe"),
    ("partial_year", "regnskabet dækker under 12 måneder (afdelingen taget i brug i året)"),
    ("dea_infeasible", "DEA-modellen har ingen løsning for afdelingen"),
    ("dea_error", "DEA-beregningen fejlede for afdelingen"),
    ("too_few_peers", "for få sammenlignelige afdelinger"),
]
"""Explicit reasons why a department has no score (never NaN). The first five are almen's."""


class ColourScaleVersion(models.Model):
    """Cut-offs of the colour (smiley) scale, versioned with provenance.

    The official cut-offs are not public (DOMAIN.md §3.3), so the default is ours. A version
    used by a run is locked in the admin; change the scale by adding a new version.
    """

    version = models.CharField("version", max_length=40, unique=True)
    valid_from = models.DateField("gælder fra")
    green_from = models.FloatField(
        "grøn fra", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    yellow_from = models.FloatField(
        "gul fra", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    provenance = models.TextField("kilde og begrundelse")
    is_official = models.BooleanField(
        "officiel",
        default=False,
        help_text="Kun en skala importeret fra en officiel kilde er officiel; alle andre vises "
        "som »uofficiel«.",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = "farveskala"
        verbose_name_plural = "farveskalaer"

    def __str__(self) -> str:
        return f"{self.version} (grøn fra {self.green_from:g}, gul fra {self.yellow_from:g})"

    @property
    def mark(self) -> str:
        """ "officiel" or "uofficiel", shown wherever the scale is used."""
        return "officiel" if self.is_official else "uofficiel"

    def clean(self) -> None:
        if not 0 <= self.yellow_from <= self.green_from <= 100:
            raise ValidationError("Grænserne skal opfylde 0 ≤ gul fra ≤ grøn fra ≤ 100.")

    def as_scale(self) -> ColourScale:
        return ColourScale(
            version=self.version,
            valid_from=self.valid_from,
            green_from=self.green_from,
            yellow_from=self.yellow_from,
            provenance=self.provenance,
        )

    @classmethod
    def current(cls, on: date | None = None) -> ColourScaleVersion:
        """The version valid on ``on`` (default today); the default scale is created on demand."""
        on = on or timezone.localdate()
        found = cls.objects.filter(valid_from__lte=on).order_by("-valid_from", "-pk").first()
        return found or cls.ensure_default()

    @classmethod
    def ensure_default(cls) -> ColourScaleVersion:
        scale = DEFAULT_SCALE
        obj, _ = cls.objects.get_or_create(
            version=scale.version,
            defaults={
                "valid_from": scale.valid_from,
                "green_from": scale.green_from,
                "yellow_from": scale.yellow_from,
                "provenance": scale.provenance,
            },
        )
        return obj


class BenchmarkRun(models.Model):
    """One stored computation of effektivitetstal and key figures for an accounting year."""

    class Method(models.TextChoices):
        FDH = "fdh", "FDH – bedste praksis (Effektiviseringsenhedens regel)"
        DEA_VRS = "dea-vrs", "DEA – variabelt skalaafkast"
        DEA_CRS = "dea-crs", "DEA – konstant skalaafkast"

    method = models.CharField("metode", max_length=10, choices=Method.choices, default=Method.FDH)
    parameters = models.JSONField("parametre", default=dict)
    key_figure_parameters = models.JSONField("parametre for nøgletal", default=dict)
    data_year = models.PositiveSmallIntegerField("regnskabsår")
    code_version = models.CharField("programversion", max_length=80)
    colour_scale = models.ForeignKey(
        ColourScaleVersion, on_delete=models.PROTECT, related_name="runs", verbose_name="farveskala"
    )
    created_at = models.DateTimeField("beregnet", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="beregnet af",
    )
    n_departments = models.PositiveIntegerField("afdelinger", default=0)
    n_scored = models.PositiveIntegerField("med effektivitetstal", default=0)
    n_excluded = models.PositiveIntegerField("udeladt", default=0)
    duration_s = models.FloatField("varighed (s)", default=0.0)

    objects = BenchmarkRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "beregning"
        verbose_name_plural = "beregninger"
        indexes = [
            models.Index(fields=["data_year", "method", "-created_at"], name="bm_run_latest_idx")
        ]

    def __str__(self) -> str:
        return f"Beregning {self.pk}: {self.get_method_display()} {self.data_year}"


class DepartmentResult(models.Model):
    """A department's effektivitetstal in one run, with everything needed to explain it."""

    run = models.ForeignKey(
        BenchmarkRun, on_delete=models.CASCADE, related_name="results", verbose_name="beregning"
    )
    department = models.ForeignKey(
        "registry.Department",
        on_delete=models.CASCADE,
        related_name="benchmark_results",
        verbose_name="afdeling",
    )
    score = models.FloatField("score (0–1)", default=0.0)
    effektivitetstal = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name="effektivitetstal"
    )
    potential_pct = models.FloatField("potentiale (%)", null=True, blank=True)
    potential_kr = models.DecimalField(
        "potentiale (kr.)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    colour = models.CharField("farve", max_length=5, choices=COLOUR_CHOICES, blank=True)
    best_peer = models.ForeignKey(
        "registry.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bedste praksis",
    )
    binding_account = models.CharField("bindende konto", max_length=8, blank=True)
    per_account = models.JSONField("pr. kontogruppe", default=dict)
    peer_group = models.CharField("sammenligningsgruppe", max_length=120, blank=True)
    peer_group_description = models.CharField("gruppebeskrivelse", max_length=200, blank=True)
    group_size = models.PositiveIntegerField("gruppestørrelse", default=0)
    widened = models.BooleanField("gruppen er udvidet", default=False)
    widening_reason = models.CharField("begrundelse for udvidelse", max_length=300, blank=True)
    trimmed = models.BooleanField("ikke brugt som sammenligning (trimmet)", default=False)
    excluded_reason = models.CharField(
        "udeladt, fordi", max_length=20, choices=EXCLUSION_CHOICES, blank=True
    )
    exclusion_accounts = models.CharField("kontogrupper bag udeladelsen", max_length=60, blank=True)
    explanation = models.TextField("forklaring", blank=True)
    dea_peers = models.JSONField("DEA-referencer (afdelings-id)", default=list, blank=True)
    dea_lambdas = models.JSONField("DEA-vægte", default=list, blank=True)

    objects = DepartmentResultQuerySet.as_manager()

    class Meta:
        verbose_name = "effektivitetstal"
        verbose_name_plural = "effektivitetstal"
        constraints = [
            models.UniqueConstraint(fields=["run", "department"], name="bm_result_unique")
        ]
        indexes = [models.Index(fields=["department", "run"], name="bm_result_dept_run_idx")]

    def __str__(self) -> str:
        return f"{self.department_id} i beregning {self.run_id}: {self.effektivitetstal}"


class OfficialScore(models.Model):
    """An effektivitetstal published by the Effektiviseringsenheden (imported from a file)."""

    department = models.ForeignKey(
        "registry.Department",
        on_delete=models.CASCADE,
        related_name="official_scores",
        verbose_name="afdeling",
    )
    year = models.PositiveSmallIntegerField("regnskabsår")
    effektivitetstal = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100)], verbose_name="effektivitetstal"
    )
    colour = models.CharField("officiel farve", max_length=5, choices=COLOUR_CHOICES, blank=True)
    source = models.ForeignKey(
        "registry.DataSource", on_delete=models.PROTECT, related_name="+", verbose_name="kilde"
    )
    imported_at = models.DateTimeField("indlæst", default=timezone.now)

    class Meta:
        verbose_name = "officielt effektivitetstal"
        verbose_name_plural = "officielle effektivitetstal"
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="bm_official_unique")
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.year}: {self.effektivitetstal}"


class KeyFigureResult(models.Model):
    """Provisions and rent key figures of a department, computed with a run (NULL = not computable)."""

    run = models.ForeignKey(
        BenchmarkRun, on_delete=models.CASCADE, related_name="key_figures", verbose_name="beregning"
    )
    department = models.ForeignKey(
        "registry.Department",
        on_delete=models.CASCADE,
        related_name="key_figures",
        verbose_name="afdeling",
    )
    year = models.PositiveSmallIntegerField("regnskabsår")
    provisions = models.FloatField("henlæggelser, konto 120 (kr./år)", null=True, blank=True)
    annualised = models.BooleanField("omregnet til helår", default=False)
    provisions_per_m2 = models.FloatField("henlæggelser kr./m²", null=True, blank=True)
    provisions_per_dwelling = models.FloatField("henlæggelser kr./bolig", null=True, blank=True)
    norm_per_m2 = models.FloatField("norm kr./m²")
    below_norm = models.BooleanField("under normen", default=False)
    peer_group = models.CharField("sammenligningsgruppe", max_length=120, blank=True)
    peer_count = models.PositiveIntegerField("værdier i gruppen", default=0)
    peer_lower = models.FloatField("nedre kritiske værdi", null=True, blank=True)
    peer_upper = models.FloatField("øvre kritiske værdi", null=True, blank=True)
    critical_low = models.BooleanField(default=False, verbose_name="kritisk lav")
    critical_high = models.BooleanField(default=False, verbose_name="kritisk høj")
    rent_per_m2 = models.FloatField(null=True, blank=True, verbose_name="husleje pr. m²")
    kommune_rent = models.FloatField(null=True, blank=True, verbose_name="kommunens husleje pr. m²")
    region_rent = models.FloatField(null=True, blank=True, verbose_name="regionens husleje pr. m²")
    rent_vs_kommune_pct = models.FloatField(
        null=True, blank=True, verbose_name="husleje i forhold til kommunen (%)"
    )
    rent_vs_region_pct = models.FloatField(
        null=True, blank=True, verbose_name="husleje i forhold til regionen (%)"
    )
    region_high_rent = models.FloatField(
        null=True, blank=True, verbose_name="høj husleje i regionen"
    )
    high_rent = models.BooleanField(default=False, verbose_name="høj husleje")
    flags = models.JSONField("flag", default=list, blank=True)
    norm_source = models.CharField("normens kilde", max_length=300, blank=True)
    rent_type = models.CharField("boligtype for huslejesammenligning", max_length=10, blank=True)
    rent_from_fact = models.BooleanField("husleje fra indberettede oplysninger", default=False)
    accumulated = models.FloatField(
        "opsparede henlæggelser, saldo ultimo konto 401–404 (kr.)", null=True, blank=True
    )
    accumulated_per_m2 = models.FloatField("opsparede henlæggelser kr./m²", null=True, blank=True)
    accumulated_per_dwelling = models.FloatField(
        "opsparede henlæggelser kr./bolig", null=True, blank=True
    )
    accumulated_peer_count = models.PositiveIntegerField("værdier i gruppen (opsparing)", default=0)
    accumulated_peer_lower = models.FloatField(
        "nedre kritiske værdi, opsparing kr./bolig", null=True, blank=True
    )
    accumulated_peer_upper = models.FloatField(
        "øvre kritiske værdi, opsparing kr./bolig", null=True, blank=True
    )
    accumulated_critical_low = models.BooleanField(
        default=False, verbose_name="akkumuleret kritisk lav"
    )

    class Meta:
        verbose_name = "nøgletal"
        verbose_name_plural = "nøgletal"
        constraints = [
            models.UniqueConstraint(fields=["run", "department"], name="bm_keyfig_unique")
        ]
        indexes = [models.Index(fields=["department", "run"], name="bm_keyfig_dept_run_idx")]

    def __str__(self) -> str:
        return f"Nøgletal {self.department_id} {self.year}"


class ProvisionNorm(models.Model):
    """A kommune's norm for provisions (henlæggelser) in kr. per m² per year, with its source.

    Without a row the default applies (``almen.keyfigures.KeyFigureParameters``: 200 kr./m²,
    source the Ballerup referat of 27 May 2021). ``version`` is the optimistic lock; every
    change is kept in ``ProvisionNormChange``.
    """

    kommune = models.OneToOneField(
        "registry.Kommune", on_delete=models.CASCADE, related_name="provision_norm"
    )
    norm_per_m2 = models.DecimalField(
        "norm (kr./m²/år)",
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(10_000)],
    )
    source = models.CharField("kilde", max_length=300)
    version = models.PositiveIntegerField("version", default=1)
    updated_at = models.DateTimeField("ændret", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ændret af",
    )

    class Meta:
        verbose_name = "norm for henlæggelser"
        verbose_name_plural = "normer for henlæggelser"

    def __str__(self) -> str:
        return f"{self.kommune}: {self.norm_per_m2} kr./m²"


class ProvisionNormChange(models.Model):
    """History of a kommune's provisions norm: one row per saved change (never edited)."""

    norm = models.ForeignKey(
        ProvisionNorm, on_delete=models.CASCADE, related_name="changes", verbose_name="norm"
    )
    version = models.PositiveIntegerField("version")
    old_norm_per_m2 = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, verbose_name="norm før (kr. pr. m²)"
    )
    new_norm_per_m2 = models.DecimalField(
        max_digits=8, decimal_places=2, verbose_name="norm efter (kr. pr. m²)"
    )
    old_source = models.CharField(max_length=300, blank=True, verbose_name="kilde før")
    new_source = models.CharField(max_length=300, verbose_name="kilde efter")
    changed_at = models.DateTimeField(default=timezone.now, verbose_name="ændret")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ændret af",
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = "ændring af norm for henlæggelser"
        verbose_name_plural = "ændringer af norm for henlæggelser"

    def __str__(self) -> str:
        return f"Norm v{self.version}: {self.new_norm_per_m2} kr./m²"
