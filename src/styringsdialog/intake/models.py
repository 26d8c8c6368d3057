"""Intake (C5): documentation packages, the styringsrapport's question catalogue, answers, imports.

A ``DocumentationPackage`` is what one organisation submits for one styringsår (DOMAIN.md §1.3).
Imported files and attachments are stored once under MEDIA_ROOT, named by their sha256, and never
changed (ARCHITECTURE.md "Identity and data rules"). All writes go through ``services``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from styringsdialog.intake.periods import DeadlineState, deadline_state
from styringsdialog.intake.querysets import PackageQuerySet
from styringsdialog.registry.models import DataSource, Department, Organisation

MONTHS = [
    (1, "januar"),
    (2, "februar"),
    (3, "marts"),
    (4, "april"),
    (5, "maj"),
    (6, "juni"),
    (7, "juli"),
    (8, "august"),
    (9, "september"),
    (10, "oktober"),
    (11, "november"),
    (12, "december"),
]


class PackageStatus(models.TextChoices):
    CREATED = "oprettet", "Oprettet"
    SUBMITTED = "indsendt", "Indsendt"
    REVIEWED = "gennemgaaet", "Gennemgået"
    MEETING_HELD = "moede_afholdt", "Møde afholdt"


class AccountingPeriod(models.Model):
    """An organisation whose accounting year does not start 1 January (e.g. 1/4–31/3)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="boligorganisation"
    )
    start_month = models.PositiveSmallIntegerField(
        "regnskabsåret begynder",
        choices=MONTHS,
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )

    class Meta:
        verbose_name = "regnskabsperiode"
        verbose_name_plural = "regnskabsperioder"

    def __str__(self) -> str:
        return f"{self.organisation}: 1. {self.get_start_month_display()}"


class QuestionCatalogue(models.Model):
    """A version of the styringsrapport's questions (the official list is versioned by LBF)."""

    version = models.CharField("version", max_length=30, unique=True)
    valid_from = models.DateField("gælder fra")
    note = models.TextField("note", blank=True)
    is_example = models.BooleanField("eksempel (ikke den officielle spørgeramme)", default=False)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "spørgeramme"
        verbose_name_plural = "spørgerammer"

    def __str__(self) -> str:
        return f"Spørgeramme {self.version}"


class CatalogueChoice(models.Model):
    """The question catalogue chosen for a styringsår by an administrator (without a choice the
    newest catalogue in force on 1 January of the year is used: ``services.catalogue_for``)."""

    styringsaar = models.PositiveSmallIntegerField("styringsår", unique=True)
    catalogue = models.ForeignKey(
        QuestionCatalogue,
        on_delete=models.PROTECT,
        related_name="choices",
        verbose_name="spørgeramme",
    )

    class Meta:
        ordering = ["-styringsaar"]
        verbose_name = "valgt spørgeramme"
        verbose_name_plural = "valgte spørgerammer"

    def __str__(self) -> str:
        return f"{self.styringsaar}: {self.catalogue}"


class Theme(models.TextChoices):
    ECONOMY = "oekonomi", "Økonomi & drift"
    GOVERNANCE = "ledelse", "Ledelse & beboerdemokrati"
    LETTING = "udlejning", "Udlejning"
    SOCIAL = "boligsocialt", "Boligsociale forhold"
    BUILDING = "byggeri", "Nybyggeri & renovering"


class Question(models.Model):
    class AnswerType(models.TextChoices):
        YES_NO = "ja_nej", "Ja/nej"
        NUMBER = "tal", "Tal"
        TEXT = "tekst", "Tekst"
        CHOICE = "valg", "Valg"

    class Scope(models.TextChoices):
        ORGANISATION = "organisation", "Boligorganisation"
        DEPARTMENT = "afdeling", "Afdeling"

    catalogue = models.ForeignKey(
        QuestionCatalogue,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name="spørgeramme",
    )
    code = models.CharField("nummer", max_length=20)
    theme = models.CharField("tema", max_length=20, choices=Theme.choices)
    text = models.TextField("spørgsmål")
    answer_type = models.CharField("svartype", max_length=10, choices=AnswerType.choices)
    choices = models.JSONField("svarmuligheder", default=list, blank=True)
    scope = models.CharField(
        "besvares for", max_length=20, choices=Scope.choices, default=Scope.ORGANISATION
    )
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)
    version = models.PositiveIntegerField("version", default=0)
    concern_answers = models.JSONField(
        "svar, der bliver et punkt til dialogmødet",
        default=list,
        blank=True,
        help_text="Fx ['nej'] for et kontrolspørgsmål: et sådant svar foreslås som punkt i mødeforberedelsen.",
    )

    class Meta:
        ordering = ["catalogue", "order", "code"]
        verbose_name = "spørgsmål"
        verbose_name_plural = "spørgsmål"
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue", "code"], name="question_code_unique_in_catalogue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class DocumentationPackage(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="documentation_packages",
        verbose_name="boligorganisation",
    )
    styringsaar = models.PositiveSmallIntegerField("styringsår")
    period_start = models.DateField("regnskabsperiodens start")
    period_end = models.DateField("regnskabsperiodens slutning")
    deadline_provisional = models.DateField("frist for foreløbigt regnskab til LBF")
    deadline_formal = models.DateField("frist for formelt regnskab")
    status = models.CharField(
        max_length=20, choices=PackageStatus.choices, default=PackageStatus.CREATED, db_index=True
    )
    catalogue = models.ForeignKey(
        QuestionCatalogue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="spørgeramme",
    )
    created_at = models.DateTimeField("oprettet", default=timezone.now)
    submitted_at = models.DateTimeField("indsendt", null=True, blank=True)
    reviewed_at = models.DateTimeField("gennemgået", null=True, blank=True)
    meeting_held_on = models.DateField("møde afholdt", null=True, blank=True)

    objects = PackageQuerySet.as_manager()

    class Meta:
        ordering = ["-styringsaar", "organisation__number"]
        verbose_name = "dokumentationspakke"
        verbose_name_plural = "dokumentationspakker"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "styringsaar"], name="package_unique_per_org_and_year"
            )
        ]
        indexes = [models.Index(fields=["styringsaar", "status"])]

    def __str__(self) -> str:
        return f"Dokumentationspakke {self.styringsaar} – {self.organisation}"

    @property
    def accounting_year(self) -> int:
        """The regnskabsår whose figures the package holds (the year the period ends)."""
        return self.period_end.year

    @property
    def submitted_on(self) -> date | None:
        return timezone.localtime(self.submitted_at).date() if self.submitted_at else None

    def deadline_state(self, today: date) -> DeadlineState:
        return deadline_state(
            submitted_on=self.submitted_on,
            deadline_provisional=self.deadline_provisional,
            deadline_formal=self.deadline_formal,
            today=today,
        )


class PackageEvent(models.Model):
    """One status change (or creation) of a package: the history."""

    package = models.ForeignKey(
        DocumentationPackage,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name="dokumentationspakke",
    )
    from_status = models.CharField(
        max_length=20, choices=PackageStatus.choices, blank=True, verbose_name="fra status"
    )
    to_status = models.CharField(
        max_length=20, choices=PackageStatus.choices, verbose_name="til status"
    )
    at = models.DateTimeField(default=timezone.now, verbose_name="tidspunkt")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="af",
    )
    note = models.TextField(blank=True, verbose_name="note")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "statusændring"
        verbose_name_plural = "statusændringer"

    def __str__(self) -> str:
        return f"{self.package}: {self.from_status or '–'} → {self.to_status}"


class ImportKind(models.TextChoices):
    ACCOUNTS = "accounts", "Regnskab (kontolinjer)"
    FACTS = "facts", "Afdelingsoplysninger"
    ANSWERS = "answers", "Styringsrapport (svar)"


class ImportBatch(models.Model):
    """One uploaded file and what became of it. The file itself is kept, unchanged."""

    class Status(models.TextChoices):
        IMPORTED = "indlaest", "Indlæst"
        REJECTED = "afvist", "Afvist"

    package = models.ForeignKey(
        DocumentationPackage,
        on_delete=models.PROTECT,
        related_name="imports",
        verbose_name="dokumentationspakke",
    )
    kind = models.CharField("type", max_length=20, choices=ImportKind.choices)
    file = models.FileField(max_length=200, verbose_name="fil")
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name="filens sha256")
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    original_name = models.CharField("filnavn", max_length=255)
    sheet = models.CharField("ark", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="indlæst af",
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name="indlæst")
    status = models.CharField(max_length=20, choices=Status.choices)
    errors = models.JSONField("fejl", default=list, blank=True)  # the first 1,000 (error_count)
    warnings = models.JSONField("advarsler", default=list, blank=True)  # imported, but flagged
    counts = models.JSONField("antal", default=dict, blank=True)
    data_source = models.ForeignKey(
        DataSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="datakilde",
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "indlæsning"
        verbose_name_plural = "indlæsninger"

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def error_count(self) -> int:
        """Errors found in the file. ``errors`` keeps only the first of them
        (``services.imports.MAX_STORED_ERRORS``); ``counts["errors"]`` has the number found."""
        return int(self.counts.get("errors", 0)) if self.counts else len(self.errors)


class Answer(models.Model):
    """An answer to one question, for the organisation (department empty) or one department."""

    package = models.ForeignKey(
        DocumentationPackage,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name="dokumentationspakke",
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name="spørgsmål"
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="afdeling",
    )
    value = models.TextField("svar")
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="indlæsning",
    )
    updated_at = models.DateTimeField(default=timezone.now, verbose_name="ændret")
    version = models.PositiveIntegerField("version", default=1)  # optimistic locking
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ændret af",
    )

    class Meta:
        verbose_name = "svar"
        verbose_name_plural = "svar"
        constraints = [
            models.UniqueConstraint(
                fields=["package", "question"],
                condition=models.Q(department__isnull=True),
                name="answer_unique_for_org",
            ),
            models.UniqueConstraint(
                fields=["package", "question", "department"],
                condition=models.Q(department__isnull=False),
                name="answer_unique_for_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value[:40]}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        ANNUAL_REPORT = "aarsberetning", "Årsberetning"
        AUDIT_PROTOCOL = "revisionsprotokol", "Revisionsprotokol"
        OTHER = "andet", "Andet"

    package = models.ForeignKey(
        DocumentationPackage,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name="dokumentationspakke",
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    description = models.CharField("beskrivelse", max_length=200, blank=True)
    file = models.FileField(max_length=200, verbose_name="fil")
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name="filens sha256")
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    original_name = models.CharField("filnavn", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="uploadet af",
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name="uploadet")

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = "bilag"
        verbose_name_plural = "bilag"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class AnswerRevision(models.Model):
    """One saved value of an answer: the history (the form, a file, the API, last year's reuse)."""

    class Via(models.TextChoices):
        FORM = "formular", "Formular"
        FILE = "fil", "Fil"
        API = "api", "API"
        REUSE = "genbrug", "Genbrug af sidste års svar"

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="revisions", verbose_name="svar"
    )
    version = models.PositiveIntegerField("version")
    value = models.TextField("svar")
    at = models.DateTimeField(default=timezone.now, verbose_name="tidspunkt")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="af",
    )
    via = models.CharField("kilde", max_length=10, choices=Via.choices)

    class Meta:
        ordering = ["answer", "version"]
        verbose_name = "svarhistorik"
        verbose_name_plural = "svarhistorik"
        constraints = [
            models.UniqueConstraint(fields=["answer", "version"], name="answer_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.answer} v{self.version}"
