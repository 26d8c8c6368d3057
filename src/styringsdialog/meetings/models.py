"""Meetings (C8), agreements and cases (C9), and the referat workflow states (C11).

Writes go through ``services`` (a package of modules by concept); these models hold no business logic
beyond small derived properties. Agenda numbering ("1.", "2.a") is computed by
``meetings.agenda.agenda_tree`` from ``position`` and is never stored. The publication app
renders and freezes referater from these rows; see ``docs/reference/meetings.md``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from styringsdialog.meetings.querysets import (
    UNRESOLVED_AGREEMENT_STATUSES,
    AgreementQuerySet,
    CaseQuerySet,
    MeetingQuerySet,
    today,
)


class Side(models.TextChoices):
    KOMMUNE = "kommune", "Kommunen"
    ORGANISATION = "organisation", "Boligorganisationen"
    OTHER = "andet", "Andre"


class ResponsibleSide(models.TextChoices):
    KOMMUNE = "kommune", "Kommunen"
    ORGANISATION = "organisation", "Boligorganisationen"
    BOTH = "begge", "Kommunen og boligorganisationen"


class MeetingType(models.Model):
    """A kind of meeting a kommune holds (individuelt dialogmøde, fællesmøde, …)."""

    kommune = models.ForeignKey(
        "registry.Kommune",
        on_delete=models.CASCADE,
        related_name="meeting_types",
        verbose_name="kommune",
    )
    name = models.CharField("navn", max_length=120)
    is_joint = models.BooleanField("fællesmøde med flere organisationer", default=False)
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    version = models.PositiveIntegerField("version", default=0)

    class Meta:
        ordering = ["kommune", "position", "name"]
        verbose_name = "mødetype"
        verbose_name_plural = "mødetyper"
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "name"], name="meeting_type_unique_in_kommune"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgendaTemplate(models.Model):
    """A kommune's standard agenda. Item titles may contain ``{regnskabsår}`` and ``{styringsår}``."""

    kommune = models.ForeignKey(
        "registry.Kommune",
        on_delete=models.CASCADE,
        related_name="agenda_templates",
        verbose_name="kommune",
    )
    name = models.CharField("navn", max_length=120)
    is_default = models.BooleanField("standardskabelon", default=False)
    version = models.PositiveIntegerField("version", default=0)

    class Meta:
        ordering = ["kommune", "-is_default", "name"]
        verbose_name = "dagsordensskabelon"
        verbose_name_plural = "dagsordensskabeloner"
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "name"], name="agenda_template_unique_in_kommune"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgendaTemplateItem(models.Model):
    template = models.ForeignKey(
        AgendaTemplate, on_delete=models.CASCADE, related_name="items", verbose_name="skabelon"
    )
    position = models.PositiveSmallIntegerField("rækkefølge")
    title = models.CharField("overskrift", max_length=300)
    # A stable key ("styringsrapport", "temaer", …): briefing points and themes find their item by it.
    key = models.SlugField("nøgle", max_length=40, blank=True)

    class Meta:
        ordering = ["template", "position"]
        verbose_name = "skabelonpunkt"
        verbose_name_plural = "skabelonpunkter"

    def __str__(self) -> str:
        return self.title


class YearTheme(models.Model):
    """One of the kommune's themes for a styringsår ("Årets temaer")."""

    kommune = models.ForeignKey(
        "registry.Kommune",
        on_delete=models.CASCADE,
        related_name="year_themes",
        verbose_name="kommune",
    )
    styringsaar = models.PositiveSmallIntegerField("styringsår")
    title = models.CharField("tema", max_length=300)
    description = models.TextField("beskrivelse", blank=True)
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    version = models.PositiveIntegerField("version", default=0)

    class Meta:
        ordering = ["kommune", "styringsaar", "position", "title"]
        verbose_name = "årets tema"
        verbose_name_plural = "årets temaer"
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "styringsaar", "title"], name="year_theme_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.styringsaar})"


class ConfigurationChange(models.Model):
    """One change to a kommune's configuration (year themes, meeting types, agenda templates):
    who, when, what, and the values before and after (shown on the "Indstillinger" page)."""

    class Kind(models.TextChoices):
        YEAR_THEME = "year_theme", "Årets tema"
        MEETING_TYPE = "meeting_type", "Mødetype"
        AGENDA_TEMPLATE = "agenda_template", "Dagsordensskabelon"
        KLE_DEFAULT = "kle_default", "Standard-KLE"

    class Action(models.TextChoices):
        CREATED = "created", "Oprettet"
        CHANGED = "changed", "Ændret"
        DELETED = "deleted", "Slettet"

    kommune = models.ForeignKey(
        "registry.Kommune",
        on_delete=models.CASCADE,
        related_name="configuration_changes",
        verbose_name="kommune",
    )
    kind = models.CharField("område", max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField("objekt")
    label = models.CharField("betegnelse", max_length=300)
    action = models.CharField("handling", max_length=10, choices=Action.choices)
    old = models.JSONField("før", null=True, blank=True)
    new = models.JSONField("efter", null=True, blank=True)
    at = models.DateTimeField("tidspunkt", auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ændret af",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "ændring af indstillinger"
        verbose_name_plural = "ændringer af indstillinger"

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.label}"


class Meeting(models.Model):
    """A dialogue meeting and its referat's workflow state."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planlagt"
        HELD = "held", "Afholdt"

    class ReferatStatus(models.TextChoices):
        DRAFT = "draft", "Kladde"
        SENT = "sent", "Sendt til organisationen"
        APPROVED = "approved", "Godkendt"
        PUBLISHED = "published", "Offentliggjort"

    kommune = models.ForeignKey(
        "registry.Kommune",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="kommune",
    )
    meeting_type = models.ForeignKey(
        MeetingType, on_delete=models.PROTECT, related_name="meetings", verbose_name="mødetype"
    )
    styringsaar = models.PositiveSmallIntegerField("styringsår")
    date = models.DateField("dato")
    start_time = models.TimeField("starttidspunkt", null=True, blank=True)
    place = models.CharField("sted", max_length=200, blank=True)
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="boligorganisation",
    )
    other_organisations = models.ManyToManyField(
        "registry.Organisation",
        blank=True,
        related_name="joint_meetings",
        verbose_name="øvrige boligorganisationer",
    )
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    held_at = models.DateTimeField("markeret afholdt", null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="markeret afholdt af",
    )
    referat_status = models.CharField(
        "referatstatus", max_length=10, choices=ReferatStatus.choices, default=ReferatStatus.DRAFT
    )
    referat_sent_at = models.DateTimeField("referat sendt", null=True, blank=True)
    referat_approved_at = models.DateTimeField("referat godkendt", null=True, blank=True)
    referat_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="referat godkendt af",
    )
    referat_published_at = models.DateTimeField(
        "referat senest offentliggjort", null=True, blank=True
    )
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
    # --- i10-invite: the invitation (indkaldelse); from then on the organisation sees the agenda
    invitation_sent_at = models.DateTimeField("indkaldelse sendt", null=True, blank=True)
    # The .ics SEQUENCE (RFC 5545): bumped when date, time or place change after sending.
    invitation_sequence = models.PositiveIntegerField("indkaldelsens version", default=0)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "dialogmøde"
        verbose_name_plural = "dialogmøder"
        indexes = [
            models.Index(fields=["kommune", "styringsaar"]),
            models.Index(fields=["organisation", "styringsaar"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.meeting_type.name} – {self.organisation.name} og {self.kommune.name} {self.styringsaar}"

    @property
    def regnskabsaar(self) -> int:
        """The accounting year discussed: styringsår N is based on regnskabsår N−1."""
        return self.styringsaar - 1

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_editable(self) -> bool:
        """Agenda, minutes and participants may change only while the referat is a draft or sent."""
        return self.referat_status in (self.ReferatStatus.DRAFT, self.ReferatStatus.SENT)

    @property
    def is_invited(self) -> bool:
        return self.invitation_sent_at is not None


class MeetingEvent(models.Model):
    """The meeting's workflow log: held, referat sent, approved, published, reopened."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="events", verbose_name="møde"
    )
    at = models.DateTimeField("tidspunkt")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="af",
    )
    action = models.CharField("handling", max_length=30)
    note = models.TextField("bemærkning", blank=True)

    class Meta:
        ordering = ["meeting", "at", "pk"]
        verbose_name = "mødehændelse"
        verbose_name_plural = "mødehistorik"

    def __str__(self) -> str:
        return f"{self.action} {self.at:%d.%m.%Y}"


class Participant(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name="møde"
    )
    name = models.CharField("navn", max_length=200)
    side = models.CharField("part", max_length=15, choices=Side.choices)
    title = models.CharField("rolle/stilling", max_length=200, blank=True)
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="boligorganisation",
    )
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    # i10-invite: a participant who is a user of the system gets the invitation by e-mail
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bruger",
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = "deltager"
        verbose_name_plural = "deltagere"

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    """A point on the agenda (``parent`` set: a sub-item). ``minutes`` is plain text with paragraphs."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name="møde"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="overordnet punkt",
    )
    position = models.PositiveSmallIntegerField("rækkefølge")
    title = models.CharField("overskrift", max_length=300)
    minutes = models.TextField("drøftelse", blank=True)  # the referat text of the point
    key = models.SlugField("skabelonnøgle", max_length=40, blank=True)
    # --- i10-minutes: decision, optimistic locking of the minutes, left out of the referat ---
    decision = models.TextField("beslutning", blank=True)
    minutes_version = models.PositiveIntegerField("referatversion", default=0)
    in_referat = models.BooleanField("med i referatet", default=True)
    # --- end i10-minutes ---
    # From the briefing: internal preparation, never part of the published referat.
    briefing_note = models.TextField("forberedelse (intern)", blank=True)
    evidence_url = models.CharField("dokumentation (link)", max_length=500, blank=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)

    class Meta:
        ordering = ["meeting", "parent_id", "position"]
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"

    def __str__(self) -> str:
        return self.title


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"meetings/{instance.item.meeting_id}/{instance.sha256[:16]}/{filename}"


class Attachment(models.Model):
    """A file on an agenda item. Immutable (never deleted) once part of a published referat."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="attachments", verbose_name="punkt"
    )
    file = models.FileField("fil", upload_to=attachment_path, max_length=300)
    original_name = models.CharField("filnavn", max_length=255)
    content_type = models.CharField("filtype", max_length=120, blank=True)
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name="filens sha256")
    published = models.BooleanField("del af offentliggjort referat", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="uploadet af",
    )
    uploaded_at = models.DateTimeField("uploadet", auto_now_add=True)

    class Meta:
        ordering = ["item", "uploaded_at", "pk"]
        verbose_name = "bilag"
        verbose_name_plural = "bilag"

    def __str__(self) -> str:
        return self.original_name


class ReferatComment(models.Model):
    """A comment on the draft referat from the organisation (``item`` empty: on the whole referat)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="comments", verbose_name="møde"
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name="punkt",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="forfatter",
    )
    text = models.TextField("kommentar")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    resolved = models.BooleanField("løst", default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="løst af",
    )
    resolved_at = models.DateTimeField("løst", null=True, blank=True)
    # i10-minutes: an answer in the thread of ``parent`` (answers are never resolved themselves)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name="svar på",
    )

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = "kommentar til referat"
        verbose_name_plural = "kommentarer til referat"

    def __str__(self) -> str:
        return self.text[:80]


class Agreement(models.Model):
    """An aftale / opfølgningspunkt. Status changes only through services (history in events)."""

    class Status(models.TextChoices):
        AGREED = "aftalt", "Aftalt"
        IN_PROGRESS = "i_gang", "I gang"
        FULFILLED = "opfyldt", "Opfyldt"
        PARTLY_FULFILLED = "delvist_opfyldt", "Delvist opfyldt"
        NOT_FULFILLED = "ikke_opfyldt", "Ikke opfyldt"
        CLOSED = "lukket", "Lukket"
        CARRIED_OVER = "videreført", "Videreført"

    kommune = models.ForeignKey(
        "registry.Kommune",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name="kommune",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name="boligorganisation",
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name="møde",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name="dagsordenspunkt",
    )
    styringsaar = models.PositiveSmallIntegerField("styringsår")
    text = models.TextField("aftale")
    responsible_side = models.CharField(
        "ansvarlig part", max_length=15, choices=ResponsibleSide.choices
    )
    responsible_person = models.CharField("ansvarlig person", max_length=200, blank=True)
    deadline = models.DateField("frist", null=True, blank=True)
    departments = models.ManyToManyField(
        "registry.Department", blank=True, related_name="agreements", verbose_name="afdelinger"
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.AGREED
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name="videreført fra",
    )
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
    # Optimistic lock for edits of text, deadline, responsibility and departments.
    version = models.PositiveIntegerField("version", default=0)

    objects = AgreementQuerySet.as_manager()

    OPEN_STATUSES = (Status.AGREED, Status.IN_PROGRESS)
    FINAL_STATUSES = (Status.CLOSED, Status.CARRIED_OVER)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = "aftale"
        verbose_name_plural = "aftaler"
        indexes = [
            models.Index(fields=["kommune", "status", "deadline"]),
            models.Index(fields=["organisation", "styringsaar"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        """Deadline passed and the agreement is still unresolved (see queries.overdue)."""
        return (
            self.deadline is not None
            and self.status in UNRESOLVED_AGREEMENT_STATUSES
            and self.deadline < today()
        )


class AgreementEvent(models.Model):
    """One change to an agreement: who, when, which field, old → new, and a note."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="events", verbose_name="aftale"
    )
    at = models.DateTimeField("tidspunkt")
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
    note = models.TextField("bemærkning", blank=True)

    class Meta:
        ordering = ["agreement", "at", "pk"]
        verbose_name = "aftalehændelse"
        verbose_name_plural = "aftalehistorik"

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"


class Case(models.Model):
    """A sag about one department, handled by a kommune."""

    class Category(models.TextChoices):
        CONSTRUCTION_DEFECTS = "byggeri_mangler", "Byggeri og mangler"
        RENOVATION = "renovering", "Renovering"
        CADASTRAL = "matrikulaere_forhold", "Matrikulære forhold"
        RESIDENT_ENQUIRY = "beboerhenvendelse", "Beboerhenvendelse"
        ALLOCATION = "anvisning", "Anvisning"
        OTHER = "andet", "Andet"

    class Status(models.TextChoices):
        OPEN = "aaben", "Åben"
        WAITING = "afventer", "Afventer"
        CLOSED = "lukket", "Lukket"

    kommune = models.ForeignKey(
        "registry.Kommune", on_delete=models.PROTECT, related_name="cases", verbose_name="kommune"
    )
    department = models.ForeignKey(
        "registry.Department",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="afdeling",
    )
    category = models.CharField("kategori", max_length=30, choices=Category.choices)
    title = models.CharField("titel", max_length=300)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField("oprettet den")
    closed_on = models.DateField("lukket den", null=True, blank=True)
    responsible = models.CharField("ansvarlig sagsbehandler", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="oprettet af",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    # Optimistic lock for edits of title and category.
    version = models.PositiveIntegerField("version", default=0)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = "sag"
        verbose_name_plural = "sager"
        indexes = [models.Index(fields=["kommune", "status"])]

    def __str__(self) -> str:
        return self.title


class CaseEntry(models.Model):
    """One entry in a case's timeline."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="entries", verbose_name="sag"
    )
    date = models.DateField("dato")
    text = models.TextField("tekst")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="forfatter",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        ordering = ["case", "date", "pk"]
        verbose_name = "sagsforløb"
        verbose_name_plural = "sagsforløb"

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.text[:60]}"


class CaseLink(models.Model):
    """A case was discussed under an agenda item, or concerns another department too.

    Exactly one of ``agenda_item`` and ``department`` is set."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="links", verbose_name="sag"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_links",
        verbose_name="dagsordenspunkt",
    )
    department = models.ForeignKey(
        "registry.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_links",
        verbose_name="afdeling",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        verbose_name = "sag drøftet på møde"
        verbose_name_plural = "sager drøftet på møder"
        constraints = [
            models.UniqueConstraint(fields=["case", "agenda_item"], name="case_link_unique"),
            models.UniqueConstraint(
                fields=["case", "department"], name="case_link_department_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(agenda_item__isnull=False, department__isnull=True)
                | models.Q(agenda_item__isnull=True, department__isnull=False),
                name="case_link_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} – {self.agenda_item or self.department}"


# --- i10-minutes ---------------------------------------------------------------------------------


class MeetingChange(models.Model):
    """One change to a meeting's content: minutes, agenda items, participants, attachments.

    The pattern of ``AgreementEvent``: who, when, what, old → new. Written only by
    ``meetings.history.record`` from the services; consecutive autosaves of the same field by
    the same person are folded into one row (see ``history.FOLD_MINUTES``).
    """

    class Subject(models.TextChoices):
        MINUTES = "minutes", "Referat"
        ITEM = "item", "Dagsordenspunkt"
        PARTICIPANT = "participant", "Deltager"
        ATTACHMENT = "attachment", "Bilag"
        COMMENT = "comment", "Kommentar"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="changes", verbose_name="møde"
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name="punkt",
    )
    at = models.DateTimeField("tidspunkt")
    updated_at = models.DateTimeField("senest ændret")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="af",
    )
    by_name = models.CharField("af (navn)", max_length=200, blank=True)
    subject = models.CharField("emne", max_length=20, choices=Subject.choices)
    action = models.CharField("handling", max_length=20)
    label = models.CharField("hvad", max_length=400)
    field = models.CharField("felt", max_length=40, blank=True)
    old_value = models.TextField("før", blank=True)
    new_value = models.TextField("efter", blank=True)

    class Meta:
        ordering = ["meeting", "-at", "-pk"]
        verbose_name = "ændring af møde"
        verbose_name_plural = "ændringer af møder"
        indexes = [models.Index(fields=["meeting", "-at"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.action}"
