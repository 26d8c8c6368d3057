"""Users, memberships (role + scope) and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models


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


class Membership(models.Model):
    """A role with its scope: a caseworker has a kommune, organisation staff an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    kommune = models.ForeignKey(
        "registry.Kommune", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("stilling", max_length=120, blank=True)

    class Meta:
        verbose_name = "rolle"
        verbose_name_plural = "roller"
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(role="caseworker", kommune__isnull=False, organisation__isnull=True)
                    | models.Q(
                        role="organisation", organisation__isnull=False, kommune__isnull=True
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

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def new_raw_key() -> str:
        return secrets.token_urlsafe(32)
