"""Published referater (C11): one public document per meeting, with immutable versions.

``PublishedReferat`` is the stable public address of a meeting's referat
(``/offentlig/referat/<kommune>/<slug>/``) and points at its current version; it also carries the
search document of that version. ``ReferatVersion`` is one publication: a frozen snapshot of the
referat plus the HTML, PDF and DOCX rendered from it, each with its sha256. The three files are
kept in the file storage (``STORAGES["default"]``: local ``MEDIA_ROOT`` or an S3-compatible
bucket) under ``referater/<sha256>.<ext>``, one ``ReferatFile`` row each. A version is never
changed or deleted — corrections are new versions (see ``services.publish_correction``).

Immutability is kept twice: in Python (``save``, ``delete`` and the QuerySets below refuse with
``ImmutableVersionError``) and in the database (migration 0004: triggers on PostgreSQL and SQLite
refuse every UPDATE and DELETE of a version or file row, whatever the path — ``_update``,
``loaddata``, raw SQL — with an ``IntegrityError``; on the referat row only the pointer to the
newest version moves). The bytes in the storage are checked against the recorded sha256 each
time the public portal serves them (``ReferatVersion.verified_file``).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse


class ImmutableVersionError(Exception):
    """Raised on any attempt to change or delete a published referat version."""

    MESSAGE = (
        "Et offentliggjort referat kan ikke ændres eller slettes. "
        "Offentliggør i stedet en rettelse (en ny version med en ændringsnote)."
    )

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PublishedReferatQuerySet(models.QuerySet):
    def with_related(self) -> PublishedReferatQuerySet:
        """With kommune, organisation and current version, without the version's heavy fields."""
        heavy = ("snapshot", "text")
        return self.select_related("kommune", "organisation", "current").defer(
            *(f"current__{f}" for f in heavy)
        )

    def in_kommune(self, code: str) -> PublishedReferatQuerySet:
        return self.filter(kommune__code=code)

    def for_organisation(self, number: str) -> PublishedReferatQuerySet:
        """Referater where the organisation took part (primary or in a joint meeting)."""
        return self.filter(
            models.Q(organisation__number=number) | models.Q(other_organisations__number=number)
        ).distinct()

    def filtered(
        self, *, kommune: str = "", organisation: str = "", year: int | None = None
    ) -> PublishedReferatQuerySet:
        qs = self
        if kommune:
            qs = qs.in_kommune(kommune)
        if organisation:
            qs = qs.for_organisation(organisation)
        if year:
            qs = qs.filter(styringsaar=year)
        return qs


class PublishedReferat(models.Model):
    """The public referat of one meeting. Exists only once a first version has been published."""

    meeting = models.OneToOneField(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        related_name="publication",
        verbose_name="møde",
    )
    kommune = models.ForeignKey(
        "registry.Kommune", on_delete=models.PROTECT, related_name="+", verbose_name="kommune"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="boligorganisation",
    )
    other_organisations = models.ManyToManyField(
        "registry.Organisation",
        blank=True,
        related_name="+",
        verbose_name="øvrige boligorganisationer",
    )
    slug = models.SlugField("adresse", max_length=120)
    meeting_date = models.DateField("mødedato")
    styringsaar = models.PositiveSmallIntegerField("styringsår")
    title = models.CharField("titel", max_length=300)
    current = models.ForeignKey(
        "ReferatVersion",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="gældende version",
    )
    first_published_at = models.DateTimeField("først offentliggjort")
    updated_at = models.DateTimeField("senest offentliggjort")
    # Danish full text of the current version (PostgreSQL only; SQLite uses an FTS5 table).
    search_vector = SearchVectorField(null=True, editable=False, verbose_name="søgeindeks")

    objects = PublishedReferatQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        verbose_name = "offentliggjort referat"
        verbose_name_plural = "offentliggjorte referater"
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "slug"], name="published_referat_slug_unique"
            )
        ]
        indexes = [
            models.Index(fields=["kommune", "styringsaar"]),
            models.Index(fields=["styringsaar"]),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.meeting_date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("publication:referat", args=[self.kommune.code, self.slug])


class ReferatVersionQuerySet(models.QuerySet):
    """Refuses bulk changes: published versions are immutable."""

    def update(self, **kwargs: Any) -> int:
        raise ImmutableVersionError()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableVersionError()


class ReferatVersion(models.Model):
    """One published version of a referat. Written once by ``services``; never updated or deleted."""

    referat = models.ForeignKey(
        PublishedReferat, on_delete=models.PROTECT, related_name="versions", verbose_name="referat"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        related_name="referat_versions",
        verbose_name="møde",
    )
    number = models.PositiveSmallIntegerField("version")
    published_at = models.DateTimeField("offentliggjort")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="offentliggjort af",
    )
    published_by_name = models.CharField("offentliggjort af (navn)", max_length=200)
    change_note = models.TextField("ændringsnote", blank=True)
    title = models.CharField("titel", max_length=300)
    text = models.TextField("fuld tekst")
    snapshot = models.JSONField("indhold (frosset)")
    # The files themselves are ReferatFile rows (in the file storage); their sha256 is kept here.
    html_sha256 = models.CharField(max_length=64, verbose_name="HTML-filens sha256")
    pdf_sha256 = models.CharField(max_length=64, verbose_name="PDF-filens sha256")
    docx_sha256 = models.CharField(max_length=64, verbose_name="DOCX-filens sha256")

    objects = ReferatVersionQuerySet.as_manager()

    class Meta:
        ordering = ["referat_id", "number"]
        verbose_name = "referatversion"
        verbose_name_plural = "referatversioner"
        constraints = [
            models.UniqueConstraint(
                fields=["referat", "number"], name="referat_version_number_unique"
            ),
            models.CheckConstraint(
                name="referat_version_number_positive", condition=models.Q(number__gte=1)
            ),
            models.CheckConstraint(
                name="referat_correction_has_change_note",
                condition=models.Q(number=1) | ~models.Q(change_note=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableVersionError()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableVersionError()

    @property
    def is_correction(self) -> bool:
        return self.number > 1

    def file_content(self, kind: str) -> bytes:
        """The stored bytes of this version's ``kind`` file ("html", "pdf" or "docx").

        Read from the file storage through its ``ReferatFile`` row; raises ``FileNotFoundError``
        when the row or the stored file is missing. Cached on the instance.
        """
        cache: dict[str, bytes] = self.__dict__.setdefault("_file_cache", {})
        if kind not in cache:
            row = self.files.filter(kind=kind).first()
            if row is None:
                raise FileNotFoundError(f"Referatversion {self.pk} har ingen {kind}-fil.")
            with row.file.open("rb") as handle:
                cache[kind] = handle.read()
        return cache[kind]

    @property
    def html(self) -> str:
        """The stored HTML fragment, as shown on the public page."""
        return self.file_content(ReferatFile.Kind.HTML).decode("utf-8")

    @property
    def pdf(self) -> bytes:
        return self.file_content(ReferatFile.Kind.PDF)

    @property
    def docx(self) -> bytes:
        return self.file_content(ReferatFile.Kind.DOCX)

    def checksums_match(self) -> bool:
        """True when the stored HTML, PDF and DOCX still have the sha256 recorded at publication."""
        return (
            sha256_hex(self.file_content(ReferatFile.Kind.HTML)) == self.html_sha256
            and sha256_hex(self.pdf) == self.pdf_sha256
            and sha256_hex(self.docx) == self.docx_sha256
        )

    def verified_file(self, kind: str) -> bytes:
        """The stored ``kind`` file, only if its sha256 is still the one recorded at publication.

        Raises ``ChecksumMismatchError`` otherwise: the bytes in the storage have been changed
        or are gone (the database refuses changes to the version and file rows, the storage
        cannot), so a missing file is refused and logged like a changed one.
        """
        expected = getattr(self, f"{kind}_sha256")
        try:
            data = self.file_content(kind)
        except OSError as exc:
            raise ChecksumMismatchError(
                self, kind, expected=expected, actual="(filen mangler)"
            ) from exc
        actual = sha256_hex(data)
        if not hmac.compare_digest(actual, expected):
            raise ChecksumMismatchError(self, kind, expected=expected, actual=actual)
        return data


class ChecksumMismatchError(Exception):
    """A stored file of a published version no longer has the sha256 recorded at publication."""

    def __init__(self, version: ReferatVersion, kind: str, *, expected: str, actual: str) -> None:
        super().__init__(
            f"Referatversion {version.pk} ({kind}): gemt sha256 {expected}, "
            f"den gemte fil har {actual}."
        )
        self.version, self.kind, self.expected, self.actual = version, kind, expected, actual


class ReferatFileQuerySet(models.QuerySet):
    """Refuses bulk changes: the files of a published version are immutable."""

    def update(self, **kwargs: Any) -> int:
        raise ImmutableVersionError()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableVersionError()


class ReferatFile(models.Model):
    """One file (HTML, PDF or DOCX) of a published version, in the file storage.

    ``file`` is the storage name ``referater/<sha256>.<ext>`` (content-addressed: the same bytes
    are stored once). Written once with its version; never updated or deleted.
    """

    class Kind(models.TextChoices):
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    version = models.ForeignKey(
        ReferatVersion, on_delete=models.PROTECT, related_name="files", verbose_name="version"
    )
    kind = models.CharField("filtype", max_length=4, choices=Kind.choices)
    file = models.FileField("fil", max_length=200)
    sha256 = models.CharField(max_length=64, verbose_name="filens sha256")
    size = models.PositiveBigIntegerField("størrelse (bytes)")

    objects = ReferatFileQuerySet.as_manager()

    class Meta:
        ordering = ["version_id", "kind"]
        verbose_name = "referatfil"
        verbose_name_plural = "referatfiler"
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="referat_file_kind_unique")
        ]

    def __str__(self) -> str:
        return self.file.name or ""

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableVersionError()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableVersionError()


def imported_referat_path(instance: ImportedReferat, filename: str) -> str:
    return f"referater/importeret/{instance.sha256}/{filename}"


class ImportedReferat(models.Model):
    """A historical referat file imported as a meeting (C13, ``publication.history_import``):
    the original file, archived with its sha256, and the confirmed proposal it became. The same
    file (sha256) is imported once per kommune; the meeting is held and its referat published,
    marked "importeret" on the public page."""

    kommune = models.ForeignKey(
        "registry.Kommune", on_delete=models.PROTECT, related_name="+", verbose_name="kommune"
    )
    meeting = models.OneToOneField(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        related_name="imported_from",
        verbose_name="møde",
    )
    sha256 = models.CharField("filens sha256", max_length=64)
    file = models.FileField("original fil", upload_to=imported_referat_path, max_length=300)
    original_name = models.CharField("filnavn", max_length=255)
    file_format = models.CharField("format", max_length=10)
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    proposal = models.JSONField("bekræftet forslag")
    imported_at = models.DateTimeField("importeret", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="importeret af",
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "importeret referat"
        verbose_name_plural = "importerede referater"
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "sha256"], name="imported_referat_once_per_kommune"
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class PersonalDataDecision(models.Model):
    """A caseworker's decision on one possible personal data finding when a referat version was
    published (issue 16, item 4). ``value`` and ``context`` are masked (a CPR number never in
    clear text); ``key`` is a digest of kind and value, so the same value can be recognised."""

    class Decision(models.TextChoices):
        REDACT = "redact", "Fjernet"
        KEEP = "keep", "Beholdt"

    version = models.ForeignKey(
        ReferatVersion,
        on_delete=models.PROTECT,
        related_name="personal_data_decisions",
        verbose_name="version",
    )
    key = models.CharField("nøgle", max_length=40)
    kind = models.CharField("art", max_length=20)
    value = models.CharField("fund (maskeret)", max_length=300)
    context = models.CharField("sammenhæng (maskeret)", max_length=400)
    occurrences = models.PositiveIntegerField("forekomster", default=1)
    decision = models.CharField("beslutning", max_length=10, choices=Decision.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="besluttet af",
    )
    by_name = models.CharField("besluttet af (navn)", max_length=200)
    at = models.DateTimeField("tidspunkt")

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = "beslutning om personoplysning"
        verbose_name_plural = "beslutninger om personoplysninger"

    def __str__(self) -> str:
        return f"{self.kind}: {self.get_decision_display()}"
