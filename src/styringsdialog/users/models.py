"""User administration: the grant history, SSO identities and the claim rules (issue 16).

* ``GrantRecord`` — every grant and removal of a right, and every invitation: who, what, when,
  by whom. Rows are never changed or deleted (``save`` of an existing row and ``delete``
  raise); a deleted user or organisation leaves the row with its names kept as text.
* ``OidcIdentity`` — the identity provider's subject (``iss`` + ``sub``) of a user, so a later
  login finds the same user even if the e-mail address changes.
* ``ClaimRule`` — a rule editable by an administrator (page "SSO-regler", API, CLI): a claim
  value gives a role with its scope. Rules from ``STYRINGSDIALOG_OIDC_CLAIM_RULES`` apply as well.
* ``ClaimRuleEvent`` — the history of the rules: created, changed, deleted. Never changed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from styringsdialog.accounts.models import Role


class GrantAction(models.TextChoices):
    GRANTED = "granted", "Tildelt"
    REMOVED = "removed", "Fjernet"
    INVITED = "invited", "Inviteret"


class GrantSource(models.TextChoices):
    APP = "app", "Styringsdialog (side)"
    API = "api", "API"
    CLI = "cli", "Kommandolinje"
    OIDC = "oidc", "Log-ind-tjenesten (SSO)"


class GrantRecordQuerySet(models.QuerySet):
    def delete(self) -> Any:  # pragma: no cover - guarded
        raise PermissionError("Rettighedshistorikken slettes aldrig.")

    def update(self, **kwargs: Any) -> Any:  # pragma: no cover - guarded
        raise PermissionError("Rettighedshistorikken ændres aldrig.")


class GrantRecord(models.Model):
    """One grant, removal or invitation. Never changed, never deleted."""

    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    action = models.CharField("handling", max_length=10, choices=GrantAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="grant_records",
        verbose_name="bruger",
    )
    username = models.CharField("brugernavn", max_length=150)
    role = models.CharField("rolle", max_length=20, choices=Role.choices, blank=True)
    kommune = models.ForeignKey(
        "registry.Kommune", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="boligorganisation",
    )
    target = models.CharField("omfang", max_length=250, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="udført af",
    )
    by_name = models.CharField("udført af (navn)", max_length=150, blank=True)
    source = models.CharField("kilde", max_length=10, choices=GrantSource.choices)
    note = models.CharField("bemærkning", max_length=250, blank=True)

    objects = GrantRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "rettighedshændelse"
        verbose_name_plural = "rettighedshistorik"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Rettighedshistorikken ændres aldrig.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Rettighedshistorikken slettes aldrig.")


class OidcIdentity(models.Model):
    """The identity provider's stable id of a user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oidc_identities",
        verbose_name="bruger",
    )
    issuer = models.CharField("udsteder", max_length=300, blank=True)
    subject = models.CharField("subjekt (sub)", max_length=255)
    first_login = models.DateTimeField("første log-ind", auto_now_add=True)
    last_login = models.DateTimeField("seneste log-ind", auto_now=True)

    class Meta:
        verbose_name = "SSO-identitet"
        verbose_name_plural = "SSO-identiteter"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.user}"


class ClaimRule(models.Model):
    """A claim from the identity provider gives a role.

    ``claim`` names the claim (``groups``, ``roles``, ``cvr``…); with ``value`` the rule applies
    when the claim has that value (or contains it, for a list); with ``value`` empty any value
    applies. The scope is ``kommune`` / ``organisation``, or — with ``organisation_by`` — the
    claim's value names the organisation by its CVR or LBF number, or — with ``kommune_by`` —
    the kommune by its code."""

    claim = models.CharField("claim-navn", max_length=100)
    value = models.CharField("værdi", max_length=200, blank=True)
    role = models.CharField("rolle", max_length=20, choices=Role.choices)
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
    organisation_by = models.CharField(
        "værdien er organisationens",
        max_length=10,
        blank=True,
        choices=[("cvr", "CVR-nummer"), ("number", "LBF-nummer")],
    )
    kommune_by = models.CharField(
        "værdien er kommunens",
        max_length=10,
        blank=True,
        choices=[("code", "kommunekode")],
    )
    active = models.BooleanField("aktiv", default=True)
    # w1a: optimistic lock for edits on the page, the API and the CLI
    version = models.PositiveIntegerField("version", default=0)

    class Meta:
        verbose_name = "SSO-regel"
        verbose_name_plural = "SSO-regler"
        ordering = ["claim", "value", "pk"]

    def __str__(self) -> str:
        return f"{self.claim}={self.value or '*'} → {self.get_role_display()}"

    def as_rule(self) -> dict[str, str]:
        rule = {"claim": self.claim, "role": self.role}
        if self.value:
            rule["value"] = self.value
        if self.kommune is not None:
            rule["kommune"] = self.kommune.code
        if self.organisation is not None:
            rule["organisation"] = self.organisation.number
        if self.organisation_by:
            rule["organisation_by"] = self.organisation_by
        if self.kommune_by:
            rule["kommune_by"] = self.kommune_by
        return rule


class ClaimRuleEventAction(models.TextChoices):
    CREATED = "created", "Oprettet"
    CHANGED = "changed", "Ændret"
    DELETED = "deleted", "Slettet"


class ClaimRuleEvent(models.Model):
    """One change of the SSO rules: created, changed (old → new) or deleted, by whom and when.
    Rows are never changed or deleted; a deleted rule keeps its text here."""

    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    rule = models.ForeignKey(
        ClaimRule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name="SSO-regel",
    )
    rule_id_text = models.CharField("regel-id", max_length=20, blank=True)
    action = models.CharField("handling", max_length=10, choices=ClaimRuleEventAction.choices)
    before = models.CharField("før", max_length=500, blank=True)
    after = models.CharField("efter", max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="udført af",
    )
    by_name = models.CharField("udført af (navn)", max_length=150, blank=True)
    source = models.CharField("kilde", max_length=10, choices=GrantSource.choices)

    objects = GrantRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "SSO-regelhændelse"
        verbose_name_plural = "SSO-regelhistorik"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.before or self.after}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Historikken ændres aldrig.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Historikken slettes aldrig.")
