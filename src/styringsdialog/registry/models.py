"""Registry (C1): kommuner, housing organisations, departments, yearly facts and account lines.

Identity rules (ARCHITECTURE.md): kommune by 3-digit code, organisation by LBF 4-digit number,
department by organisation + 3-digit number; konto ids are strings ("112.1"); money is Decimal.
Every imported figure points at a ``DataSource`` that says where and when it came from.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from almen.kontoplan import GROUPS as KONTOPLAN_GROUPS
from styringsdialog.registry.querysets import DepartmentQuerySet, OrganisationQuerySet

three_digits = RegexValidator(r"^\d{3}$", "Skal være præcis tre cifre, fx 151.")
four_digits = RegexValidator(r"^\d{4}$", "Skal være præcis fire cifre, fx 0045.")
cvr_digits = RegexValidator(r"^\d{8}$", "CVR-nummeret skal være otte cifre.")
konto_format = RegexValidator(
    r"^\d{3}(\.\d{1,2})?$", "Kontonummeret skal have formen 112 eller 112.1."
)


class Region(models.Model):
    code = models.CharField("regionskode", max_length=4, unique=True)
    name = models.CharField("navn", max_length=60)

    class Meta:
        ordering = ["code"]
        verbose_name = "region"
        verbose_name_plural = "regioner"

    def __str__(self) -> str:
        return self.name


class Kommune(models.Model):
    code = models.CharField("kommunekode", max_length=3, unique=True, validators=[three_digits])
    name = models.CharField("navn", max_length=60)
    official_name = models.CharField("officielt navn", max_length=80)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="kommuner")

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return self.official_name


class DataSource(models.Model):
    """Where a set of figures came from, and when (an import, a register pull, demo data)."""

    class Kind(models.TextChoices):
        DEMO = "demo", "Syntetiske demodata"
        IMPORT = "import", "Indlæst fil"
        REGISTER = "register", "Register"
        MANUAL = "manual", "Indtastet"

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name="art")
    name = models.CharField("beskrivelse", max_length=200)
    reference_date = models.DateField("opgørelsesdato", null=True, blank=True)
    sha256 = models.CharField(
        max_length=64, blank=True, db_index=True, verbose_name="filens sha256"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="oprettet")

    class Meta:
        verbose_name = "datakilde"
        verbose_name_plural = "datakilder"

    def __str__(self) -> str:
        return f"{self.name} ({self.created_at:%d.%m.%Y})" if self.created_at else self.name


class Organisation(models.Model):
    number = models.CharField("LBF-nummer", max_length=4, unique=True, validators=[four_digits])
    cvr = models.CharField("CVR", max_length=8, blank=True, validators=[cvr_digits])
    name = models.CharField("navn", max_length=200)
    home_kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        related_name="home_organisations",
        verbose_name="hjemkommune",
    )
    administrator = models.CharField("administrator", max_length=200, blank=True)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", null=True, verbose_name="kilde"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "boligorganisation"
        verbose_name_plural = "boligorganisationer"

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class BuildingType(models.TextChoices):
    ETAGE = "etage", "Etagebyggeri"
    TAET_LAV = "taet-lav", "Tæt-lav"


class Department(models.Model):
    """An afdeling: master data as of the latest import (yearly figures live in facts/accounts)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name="boligorganisation",
    )
    number = models.CharField("afdelingsnummer", max_length=3, validators=[three_digits])
    name = models.CharField("navn", max_length=200)
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="departments")
    address = models.CharField("adresse", max_length=200, blank=True)
    year_built = models.PositiveSmallIntegerField("opførelsesår")
    taken_into_use = models.DateField("taget i brug", null=True, blank=True)
    building_type = models.CharField("bebyggelsestype", max_length=10, choices=BuildingType.choices)
    has_board = models.BooleanField("afdelingsbestyrelse", default=True)
    dwellings_familie = models.PositiveIntegerField("familieboliger", default=0)
    dwellings_ungdom = models.PositiveIntegerField("ungdomsboliger", default=0)
    dwellings_aeldre = models.PositiveIntegerField("ældreboliger", default=0)
    dwellings_pleje = models.PositiveIntegerField("plejeboliger", default=0)
    area_familie = models.PositiveIntegerField("m² familieboliger", default=0)
    area_ungdom = models.PositiveIntegerField("m² ungdomsboliger", default=0)
    area_aeldre = models.PositiveIntegerField("m² ældreboliger", default=0)
    area_pleje = models.PositiveIntegerField("m² plejeboliger", default=0)
    dwellings_total = models.PositiveIntegerField("boliger i alt", default=0, db_index=True)
    area_total = models.PositiveIntegerField("bruttoetageareal i alt (m²)", default=0)
    lease_units = models.DecimalField(
        "lejemålsenheder",
        max_digits=9,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    rent_per_m2 = models.DecimalField(
        "husleje kr. pr. m² pr. år",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    bbr_property_numbers = models.JSONField("BBR-ejendomsnumre", default=list, blank=True)
    dar_address_ids = models.JSONField("DAR-adresse-id'er", default=list, blank=True)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", null=True, verbose_name="kilde"
    )

    objects = DepartmentQuerySet.as_manager()

    HOUSING_TYPES = ("familie", "ungdom", "aeldre", "pleje")
    HOUSING_TYPE_LABELS = {
        "familie": "Familieboliger",
        "ungdom": "Ungdomsboliger",
        "aeldre": "Ældreboliger",
        "pleje": "Plejeboliger",
    }

    class Meta:
        ordering = ["organisation__number", "number"]
        verbose_name = "afdeling"
        verbose_name_plural = "afdelinger"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="department_number_unique_in_org"
            )
        ]
        indexes = [models.Index(fields=["kommune", "name"])]

    def __str__(self) -> str:
        return f"afd. {self.number} {self.name}"

    def housing_mix(self) -> list[tuple[str, int, int]]:
        """(label, dwellings, m²) for each housing type with dwellings."""
        rows = []
        for t in self.HOUSING_TYPES:
            n = getattr(self, f"dwellings_{t}")
            if n:
                rows.append((self.HOUSING_TYPE_LABELS[t], n, getattr(self, f"area_{t}")))
        return rows

    def recompute_totals(self) -> None:
        self.dwellings_total = sum(getattr(self, f"dwellings_{t}") for t in self.HOUSING_TYPES)
        self.area_total = sum(getattr(self, f"area_{t}") for t in self.HOUSING_TYPES)


class DepartmentFact(models.Model):
    """One yearly figure about a department (e.g. rent per m², vacant dwellings), with its source."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="facts", verbose_name="afdeling"
    )
    year = models.PositiveSmallIntegerField("år")
    code = models.CharField("nøgle", max_length=60)
    value = models.DecimalField("værdi", max_digits=16, decimal_places=4)
    unit = models.CharField("enhed", max_length=30, blank=True)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", verbose_name="kilde"
    )

    class Meta:
        verbose_name = "afdelingsoplysning"
        verbose_name_plural = "afdelingsoplysninger"
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "code"], name="department_fact_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.year} {self.code}={self.value}"


ACCOUNT_GROUPS = [(key, label) for key, (label, _) in KONTOPLAN_GROUPS.items()]


class ChartOfAccounts(models.Model):
    """A version of the kontoplan (the official one is a bilag to the driftsbekendtgørelse)."""

    version = models.CharField("version", max_length=30, unique=True)
    valid_from = models.DateField("gælder fra")
    note = models.TextField("note", blank=True)
    source = models.TextField("kilde", blank=True)
    sha256 = models.CharField("filens sha256", max_length=64, blank=True)
    loaded_at = models.DateTimeField("indlæst", null=True, blank=True)
    is_active = models.BooleanField(
        "aktiv kontoplan",
        default=False,
        help_text="Pakkerne kontrolleres mod den aktive kontoplan. Er ingen valgt, bruges den "
        "nyeste, der gælder ved regnskabsårets slutning.",
    )

    class Meta:
        verbose_name = "kontoplan"
        verbose_name_plural = "kontoplaner"

    def __str__(self) -> str:
        return f"Kontoplan {self.version}"


class Account(models.Model):
    chart = models.ForeignKey(
        ChartOfAccounts,
        on_delete=models.CASCADE,
        related_name="accounts",
        verbose_name="kontoplan",
    )
    konto = models.CharField("konto", max_length=8, validators=[konto_format])
    name = models.CharField("navn", max_length=200)
    evidence = models.CharField(
        "belæg", max_length=1, choices=[("C", "bekræftet"), ("I", "udledt"), ("U", "uafklaret")]
    )
    group = models.CharField("gruppe", max_length=20, choices=ACCOUNT_GROUPS, blank=True)
    source = models.CharField("kilde", max_length=300, blank=True)

    class Meta:
        ordering = ["chart", "konto"]
        verbose_name = "konto"
        verbose_name_plural = "konti"
        constraints = [
            models.UniqueConstraint(fields=["chart", "konto"], name="account_unique_in_chart")
        ]

    def __str__(self) -> str:
        return f"{self.konto} {self.name}"


class AccountLine(models.Model):
    """The amount on one konto in one department's accounts for one accounting year."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="account_lines", verbose_name="afdeling"
    )
    year = models.PositiveSmallIntegerField("regnskabsår")
    konto = models.CharField(max_length=8, validators=[konto_format], verbose_name="konto")
    amount = models.DecimalField("beløb (kr.)", max_digits=14, decimal_places=2)
    chart = models.ForeignKey(
        ChartOfAccounts, on_delete=models.PROTECT, related_name="+", verbose_name="kontoplan"
    )
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", verbose_name="kilde"
    )

    class Meta:
        verbose_name = "regnskabslinje"
        verbose_name_plural = "regnskabslinjer"
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "konto"], name="account_line_unique"
            )
        ]
        # covering index: the benchmark reads (department, amount) for a year and a set of konti
        indexes = [
            models.Index(
                fields=["year", "konto", "department", "amount"],
                name="accountline_year_konto_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.year} konto {self.konto}: {self.amount}"


class NationalSettingChange(models.Model):
    """One change to a national setting (the colour scale, a question catalogue, the kontoplan):
    who, when, what, and the values before and after (shown on "Nationale indstillinger")."""

    class Kind(models.TextChoices):
        COLOUR_SCALE = "colour_scale", "Farveskala"
        CATALOGUE = "catalogue", "Spørgeramme"
        KONTOPLAN = "kontoplan", "Kontoplan"

    kind = models.CharField("område", max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField("objekt")
    label = models.CharField("betegnelse", max_length=300)
    action = models.CharField("handling", max_length=200)
    old = models.JSONField("før", null=True, blank=True)
    new = models.JSONField("efter", null=True, blank=True)
    at = models.DateTimeField("tidspunkt", auto_now_add=True)
    by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ændret af",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "ændring af nationale indstillinger"
        verbose_name_plural = "ændringer af nationale indstillinger"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label} ({self.action})"
