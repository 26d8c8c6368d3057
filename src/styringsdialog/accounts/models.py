"""Users, memberships (role + scope) and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    """A person who logs in. What they may see is decided by their memberships."""

    class Meta:
        verbose_name = "bruger"
        verbose_name_plural = "brugere"


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Sagsbehandler i kommune"
    ORGANISATION = "organisation", "Medarbejder i boligorganisation"
    ANALYST = "analyst", "Sektoranalytiker (læseadgang, hele landet)"
    ADMIN = "admin", "Administrator"
    # h16a: user and role administration (docs/reference/permissions.md)
    KOMMUNE_ADMIN = "kommune_admin", "Kommuneadministrator (brugere og roller i kommunen)"
    ADMINISTRATION = "administration", "Medarbejder i administrationsorganisation"


class Membership(models.Model):
    """A role with its scope: a caseworker has a kommune, organisation staff an organisation."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="bruger"
    )
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name="rolle")
    kommune = models.ForeignKey(
        "registry.Kommune", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="boligorganisation",
    )
    title = models.CharField("stilling", max_length=120, blank=True)
    # h16a: since when, and whether the identity provider's claims gave it (then the next SSO
    # login may remove it again; a right granted in the app stays until someone removes it)
    granted_at = models.DateTimeField("tildelt", default=timezone.now)
    source = models.CharField(
        "kilde",
        max_length=10,
        choices=[("manual", "Tildelt i Styringsdialog"), ("oidc", "Fra log-ind-tjenesten (SSO)")],
        default="manual",
    )

    class Meta:
        verbose_name = "rolle"
        verbose_name_plural = "roller"
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(role="caseworker", kommune__isnull=False, organisation__isnull=True)
                    | models.Q(
                        role__in=["organisation", "administration"],
                        organisation__isnull=False,
                        kommune__isnull=True,
                    )
                    | models.Q(
                        role="kommune_admin", kommune__isnull=False, organisation__isnull=True
                    )
                    | models.Q(
                        role__in=["analyst", "admin"],
                        kommune__isnull=True,
                        organisation__isnull=True,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        target = self.kommune or self.organisation or "hele landet"
        return f"{self.user} – {self.get_role_display()} ({target})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only the sha256 of the token is stored."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="bruger"
    )
    name = models.CharField(max_length=100, verbose_name="navn")
    key_hash = models.CharField(max_length=64, unique=True, verbose_name="nøglens hash")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="oprettet")
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name="senest brugt")

    class Meta:
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def new_raw_key() -> str:
        return secrets.token_urlsafe(32)


# --- i10-invite: e-mail notifications (docs/reference/notifications.md) ---


class NotificationKind(models.TextChoices):
    """The kinds of e-mail a user can turn off on "Min profil" (all are on by default)."""

    INVITATION = "invitation", "Indkaldelse til dialogmøde"
    AGENDA_CHANGED = "agenda_changed", "Dagsordenen er ændret efter indkaldelsen"
    REFERAT_SENT = "referat_sent", "Referatudkast sendt til kommentering"
    COMMENT_RECEIVED = "comment_received", "Ny kommentar til referatudkastet"
    COMMENT_ANSWERED = "comment_answered", "Svar på en kommentar"
    REFERAT_APPROVED = "referat_approved", "Referatet er godkendt"
    REFERAT_PUBLISHED = "referat_published", "Referatet er offentliggjort"
    AGREEMENT_ASSIGNED = "agreement_assigned", "En aftale er tildelt"
    AGREEMENT_DEADLINE = "agreement_deadline", "En aftales frist nærmer sig eller er overskredet"
    PACKAGE_DEADLINE = (
        "package_deadline",
        ("Dokumentationspakkens frist nærmer sig eller er overskredet"),
    )


class NotificationOptOut(models.Model):
    """A kind of e-mail the user has turned off. No row: the user receives that kind."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_opt_outs", verbose_name="bruger"
    )
    kind = models.CharField("slags", max_length=30, choices=NotificationKind.choices)

    class Meta:
        verbose_name = "fravalgt e-mail"
        verbose_name_plural = "fravalgte e-mails"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_opt_out_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"


class SentNotification(models.Model):
    """A notification sent once to a user under a key (reminders: so a second run sends nothing)."""

    key = models.CharField("nøgle", max_length=120)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name="bruger"
    )
    kind = models.CharField("slags", max_length=30, choices=NotificationKind.choices)
    sent_at = models.DateTimeField("sendt", auto_now_add=True)

    class Meta:
        verbose_name = "sendt påmindelse"
        verbose_name_plural = "sendte påmindelser"
        constraints = [
            models.UniqueConstraint(fields=["key", "user"], name="sent_notification_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.user}"
