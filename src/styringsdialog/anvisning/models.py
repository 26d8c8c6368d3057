"""Kommunal anvisning (PRODUCT.md C14, DOMAIN.md §7).

* ``AnvisningAgreement`` — an allocation agreement between a kommune and one organisation, or a
  framework agreement (rammeaftale, ``organisation`` empty) with all organisations whose
  departments it covers. Versioned: a renewal is a new row with ``supersedes`` pointing at the old
  one, which is kept unchanged.
* ``CoveredDepartment`` — a department an agreement covers, with its agreed anvisningsandel,
  its trappemodel step and flexible letting criteria; ``StepReview`` — the yearly review of the
  step (the history: every review is kept).
* ``LedgerEntry`` — one dwelling offered to the kommune: no personal data beyond a household
  reference that is never a CPR number (``almen.anvisning.looks_like_cpr``). ``LedgerEvent`` keeps
  every change.
* ``VacancyCount`` — the vacant family dwellings of a department in a year (the share's base).
* ``AnvisningComment`` / ``CommentRevision`` — comments by the kommune or the organisation on an
  agreement or a ledger row, with every edit kept.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from almen.anvisning import LEGAL_BASES, OUTCOMES
from styringsdialog.anvisning.querysets import AnvisningAgreementQuerySet, LedgerEntryQuerySet
from styringsdialog.registry.models import DataSource, Department, Kommune, Organisation

SHARE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class LegalBasis(models.TextChoices):
    FJERDEDEL = "fjerdedel", LEGAL_BASES["fjerdedel"]
    FRIVILLIG = "frivillig", LEGAL_BASES["frivillig"]
    GENHUSNING = "genhusning", LEGAL_BASES["genhusning"]


class Outcome(models.TextChoices):
    PENDING = "afventer", OUTCOMES["afventer"]
    ALLOCATED = "anvist", OUTCOMES["anvist"]
    DECLINED = "afslaaet", OUTCOMES["afslaaet"]
    RETURNED = "returneret", OUTCOMES["returneret"]


class AnvisningAgreement(models.Model):
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="+", verbose_name="kommune"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="boligorganisation",
        help_text="Tom for en rammeaftale med alle organisationer.",
    )
    title = models.CharField("titel", max_length=200)
    legal_basis = models.CharField("hjemmel", max_length=12, choices=LegalBasis.choices)
    trappemodel = models.BooleanField("aftale med trappemodel", default=False)
    valid_from = models.DateField("gælder fra")
    valid_to = models.DateField("gælder til")
    note = models.TextField("bemærkning", blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name="fornyer",
    )
    number = models.PositiveIntegerField("version af aftalen", default=1)
    version = models.PositiveIntegerField("version", default=0)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="oprettet af",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AnvisningAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["kommune__code", "-valid_from", "pk"]
        verbose_name = "anvisningsaftale"
        verbose_name_plural = "anvisningsaftaler"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="anvisning_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.valid_from:%d.%m.%Y}–{self.valid_to:%d.%m.%Y})"

    @property
    def is_framework(self) -> bool:
        return self.organisation_id is None

    @property
    def party(self) -> str:
        return (
            self.organisation.name
            if self.organisation
            else "Alle boligorganisationer (rammeaftale)"
        )


class CoveredDepartment(models.Model):
    agreement = models.ForeignKey(
        AnvisningAgreement,
        verbose_name="aftale",
        on_delete=models.CASCADE,
        related_name="departments",
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="afdeling"
    )
    share = models.DecimalField(
        "aftalt anvisningsandel (%)", max_digits=5, decimal_places=2, validators=SHARE_VALIDATORS
    )
    step = models.PositiveSmallIntegerField("trin", null=True, blank=True)
    criteria = models.TextField("fleksible udlejningskriterier", blank=True)

    class Meta:
        ordering = ["department__organisation__number", "department__number"]
        verbose_name = "afdeling i aftalen"
        verbose_name_plural = "afdelinger i aftalen"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "department"], name="anvisning_department_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.share} %"


class StepReview(models.Model):
    covered = models.ForeignKey(
        CoveredDepartment,
        verbose_name="dækket afdeling",
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    year = models.PositiveSmallIntegerField("år")
    step = models.PositiveSmallIntegerField("trin", null=True, blank=True)
    share = models.DecimalField(
        "anvisningsandel (%)", max_digits=5, decimal_places=2, validators=SHARE_VALIDATORS
    )
    criteria = models.TextField("fleksible udlejningskriterier", blank=True)
    note = models.TextField("begrundelse", blank=True)
    reviewed_on = models.DateField("revurderet")
    by_name = models.CharField("af", max_length=150, blank=True)

    class Meta:
        ordering = ["covered", "year", "pk"]
        verbose_name = "årlig revurdering"
        verbose_name_plural = "årlige revurderinger"
        constraints = [
            models.UniqueConstraint(fields=["covered", "year"], name="anvisning_review_once")
        ]

    def __str__(self) -> str:
        return f"{self.covered_id} {self.year}: {self.share} %"


class LedgerEntry(models.Model):
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="+", verbose_name="kommune"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="afdeling"
    )
    dwelling = models.CharField("lejemål (nr.)", max_length=40)
    address = models.CharField("adresse", max_length=200, blank=True)
    offered_on = models.DateField("tilbudt kommunen")
    rent = models.DecimalField(
        "husleje pr. måned (kr.)", max_digits=12, decimal_places=2, default=Decimal(0)
    )
    outcome = models.CharField(
        "udfald", max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField("udfaldsdato", null=True, blank=True)
    household_ref = models.CharField(
        "husstandsreference", max_length=40, blank=True, help_text="Aldrig et CPR-nummer."
    )
    vacancy_from = models.DateField("tomgang betalt fra", null=True, blank=True)
    vacancy_to = models.DateField("tomgang betalt til", null=True, blank=True)
    vacancy_amount = models.DecimalField(
        "betalt tomgangsleje (kr.)", max_digits=12, decimal_places=2, default=Decimal(0)
    )
    guarantee_claimed = models.DecimalField(
        "krav om istandsættelse (kr.)", max_digits=12, decimal_places=2, default=0
    )
    guarantee_claimed_on = models.DateField("krav modtaget", null=True, blank=True)
    guarantee_approved = models.DecimalField(
        "godkendt (kr.)", max_digits=12, decimal_places=2, default=Decimal(0)
    )
    guarantee_paid = models.DecimalField(
        "udbetalt (kr.)", max_digits=12, decimal_places=2, default=Decimal(0)
    )
    guarantee_paid_on = models.DateField("udbetalt den", null=True, blank=True)
    source = models.ForeignKey(
        DataSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="importeret fra",
    )
    version = models.PositiveIntegerField("version", default=0)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)

    objects = LedgerEntryQuerySet.as_manager()

    EDITABLE = (
        "address",
        "rent",
        "outcome",
        "outcome_on",
        "household_ref",
        "vacancy_from",
        "vacancy_to",
        "vacancy_amount",
        "guarantee_claimed",
        "guarantee_claimed_on",
        "guarantee_approved",
        "guarantee_paid",
        "guarantee_paid_on",
    )

    class Meta:
        ordering = ["-offered_on", "pk"]
        verbose_name = "tilbudt bolig"
        verbose_name_plural = "anvisningsliste"
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "department", "dwelling", "offered_on"],
                name="anvisning_ledger_natural_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} lejemål {self.dwelling} ({self.offered_on:%d.%m.%Y})"


class LedgerEvent(models.Model):
    entry = models.ForeignKey(
        LedgerEntry, verbose_name="bolig", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("tidspunkt", auto_now_add=True)
    by_name = models.CharField("af", max_length=150, blank=True)
    field = models.CharField("felt", max_length=40)
    old_value = models.TextField("før", blank=True)
    new_value = models.TextField("efter", blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.field}"


class VacancyCount(models.Model):
    department = models.ForeignKey(
        Department, verbose_name="afdeling", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("år")
    vacancies = models.PositiveIntegerField("ledige familieboliger i året")
    updated_at = models.DateTimeField("ændret", auto_now=True)

    class Meta:
        ordering = ["department", "year"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="anvisning_vacancies_once")
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.year}: {self.vacancies}"


class AnvisningComment(models.Model):
    agreement = models.ForeignKey(
        AnvisningAgreement,
        verbose_name="aftale",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    entry = models.ForeignKey(
        LedgerEntry,
        verbose_name="bolig",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="forfatter",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    author_name = models.CharField("af", max_length=150)
    text = models.TextField("kommentar")
    version = models.PositiveIntegerField("version", default=0)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=True) ^ Q(entry__isnull=True),
                name="anvisning_comment_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class CommentRevision(models.Model):
    comment = models.ForeignKey(
        AnvisningComment,
        verbose_name="kommentar",
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    text = models.TextField("tidligere tekst")
    at = models.DateTimeField("ændret", auto_now_add=True)
    by_name = models.CharField("af", max_length=150, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]
