"""Single sign-on with OpenID Connect (mozilla-django-oidc; docs/deploy.md, ADR 0007).

The identity provider (Entra ID, ADFS, or a broker in front of MitID Erhverv) logs the user in
with the authorization-code flow. ``SsoBackend`` finds the user by the provider's subject
(``OidcIdentity``), else by the e-mail address of an invited user (never a superuser, nor a
user linked to another identity, nor with ``email_verified: false``), else creates the user at
the first login; then the memberships given by SSO follow the claims under the claim rules
(``STYRINGSDIALOG_OIDC_CLAIM_RULES`` and the ``ClaimRule`` rows) — see
``services.sync_memberships_from_claims``. Without ``STYRINGSDIALOG_OIDC_CLIENT_ID`` the
backend does nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from styringsdialog.accounts.models import User
from styringsdialog.users import services
from styringsdialog.users.claims import parse_rules
from styringsdialog.users.models import ClaimRule, OidcIdentity

log = logging.getLogger(__name__)


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def claim_rules() -> list[dict[str, str]]:
    """The rules in force: the setting's, then the active rows an administrator made."""
    rules = parse_rules(getattr(settings, "OIDC_CLAIM_RULES", "") or "")
    rows = ClaimRule.objects.filter(active=True).select_related("kommune", "organisation")
    return rules + [r.as_rule() for r in rows]


class SsoBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if not oidc_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> Any:
        claims = dict(self.get_userinfo(access_token, id_token, payload) or {})
        # the id token's claims (groups in Entra ID's id token) count too
        for key, value in payload.items():
            claims.setdefault(key, value)
        subject = str(claims.get("sub") or "")
        if not subject:
            raise SuspiciousOperation("Log-ind-tjenesten sendte intet »sub«.")
        issuer = str(payload.get("iss") or "")
        with transaction.atomic():
            identity = (
                OidcIdentity.objects.select_related("user")
                .filter(issuer=issuer, subject=subject)
                .first()
            )
            if identity is not None:
                user = identity.user
            else:
                user = self._match_or_create(claims)
                if user is None:
                    return None
                OidcIdentity.objects.create(user=user, issuer=issuer, subject=subject)
            if not user.is_active:
                return None
            self._update_names(user, claims)
            services.sync_memberships_from_claims(user=user, claims=claims, rules=claim_rules())
            OidcIdentity.objects.filter(issuer=issuer, subject=subject).update(
                last_login=timezone.now()
            )
        return user

    def _match_or_create(self, claims: dict) -> Any:
        email = str(claims.get("email") or "").strip().lower()
        if email and claims.get("email_verified") is not False:
            # an invited (or existing) user with this address — never a superuser, and never
            # one already linked to another SSO identity, so a provider that lets users choose
            # their address cannot take over an account
            matches = list(
                User.objects.filter(email__iexact=email, is_superuser=False)
                .exclude(oidc_identities__isnull=False)
                .distinct()[:2]
            )
            if len(matches) > 1:
                raise SuspiciousOperation("Flere brugere har samme e-mailadresse.")
            if matches:
                return matches[0]
        if not self.get_settings("OIDC_CREATE_USER", True):
            return None
        base = str(claims.get("preferred_username") or email or f"sso-{claims['sub']}").strip()
        user = User(username=services._unique_username(base[:140]), email=email)
        user.set_unusable_password()
        self._update_names(user, claims, save=False)
        user.save()
        log.info("SSO: ny bruger %s", user.username)
        return user

    @staticmethod
    def _update_names(user: Any, claims: dict, save: bool = True) -> None:
        first = str(claims.get("given_name") or "")[:150]
        last = str(claims.get("family_name") or "")[:150]
        email = str(claims.get("email") or "").strip().lower()[:254]
        changed = False
        for attr, value in (("first_name", first), ("last_name", last), ("email", email)):
            if value and getattr(user, attr) != value:
                setattr(user, attr, value)
                changed = True
        if changed and save:
            user.save(update_fields=["first_name", "last_name", "email"])
