"""Writes of the user administration: invite, grant, remove, and the memberships that follow
the identity provider's claims at each SSO login. Every change is recorded in ``GrantRecord``.

The actor's right to grant a role is checked here from ``by`` (ADR 0002, decision 2) with
``accounts.permissions.can_grant``, so the page, the API and the CLI follow one rule. ``by=None``
is the operator (CLI) or the identity provider (``source="oidc"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from styringsdialog.accounts.models import Membership, Role, User
from styringsdialog.accounts.permissions import (
    KOMMUNE_ROLES,
    ORGANISATION_ROLES,
    can_edit_claim_rules,
    can_grant,
    scope_for,
)
from styringsdialog.registry.models import Department, Kommune, Organisation
from styringsdialog.users.claims import Wanted, rule_problem, wanted_rights
from styringsdialog.users.models import (
    ClaimRule,
    ClaimRuleEvent,
    ClaimRuleEventAction,
    GrantAction,
    GrantRecord,
    GrantSource,
)

ROLE_LABELS = dict(Role.choices)


def organisation_kommune_ids(organisation: Organisation) -> set[int]:
    """The organisation's home kommune and every kommune where it has a department."""
    ids = set(
        Department.objects.filter(organisation=organisation).values_list("kommune_id", flat=True)
    )
    if organisation.home_kommune_id:
        ids.add(organisation.home_kommune_id)
    return {i for i in ids if i}


def _target(kommune: Kommune | None, organisation: Organisation | None) -> str:
    if kommune is not None:
        return f"{kommune.code} {kommune.name}"
    if organisation is not None:
        return f"{organisation.number} {organisation.name}"
    return "hele landet"


def _record(
    *,
    action: str,
    user: Any,
    role: str = "",
    kommune: Kommune | None = None,
    organisation: Organisation | None = None,
    by: Any = None,
    source: str,
    note: str = "",
) -> GrantRecord:
    return GrantRecord.objects.create(
        action=action,
        user=user,
        username=user.get_username(),
        role=role,
        kommune=kommune,
        organisation=organisation,
        target=_target(kommune, organisation) if role else "",
        by=by,
        by_name=by.get_username() if by is not None else ("SSO" if source == "oidc" else ""),
        source=source,
        note=note[:250],
    )


def check_may_grant(
    by: Any, role: str, kommune: Kommune | None, organisation: Organisation | None
) -> None:
    """403 unless ``by`` may grant or remove this right (``by=None``: the operator)."""
    if by is None:
        return
    allowed = can_grant(
        scope_for(by),
        role,
        kommune_id=kommune.pk if kommune is not None else None,
        organisation_kommune_ids=(
            organisation_kommune_ids(organisation) if organisation is not None else ()
        ),
    )
    if not allowed:
        raise PermissionDenied("Du kan ikke tildele eller fjerne denne rettighed.")


def _validate_scope(role: str, kommune: Kommune | None, organisation: Organisation | None) -> None:
    if role not in Role.values:
        raise ValidationError(f"Ukendt rolle: {role}.")
    if role in KOMMUNE_ROLES and (kommune is None or organisation is not None):
        raise ValidationError(f"Rollen »{ROLE_LABELS[role]}« skal have en kommune.")
    if role in ORGANISATION_ROLES and (organisation is None or kommune is not None):
        raise ValidationError(f"Rollen »{ROLE_LABELS[role]}« skal have en boligorganisation.")
    if role not in KOMMUNE_ROLES + ORGANISATION_ROLES and (kommune or organisation):
        raise ValidationError(f"Rollen »{ROLE_LABELS[role]}« gælder hele landet.")


@transaction.atomic
def grant_role(
    *,
    user: Any,
    role: str,
    kommune: Kommune | None = None,
    organisation: Organisation | None = None,
    title: str = "",
    by: Any,
    source: str = GrantSource.APP,
    note: str = "",
) -> Membership:
    """Give ``user`` the role with its scope (nothing new if they have it already)."""
    _validate_scope(role, kommune, organisation)
    check_may_grant(by, role, kommune, organisation)
    existing = Membership.objects.filter(
        user=user, role=role, kommune=kommune, organisation=organisation
    ).first()
    if existing is not None:
        if source != GrantSource.OIDC and existing.source == "oidc":
            # granted in the app now: a later SSO login no longer removes it
            Membership.objects.filter(pk=existing.pk).update(source="manual")
            existing.source = "manual"
        return existing
    membership = Membership.objects.create(
        user=user,
        role=role,
        kommune=kommune,
        organisation=organisation,
        title=title[:120],
        source="oidc" if source == GrantSource.OIDC else "manual",
    )
    _record(
        action=GrantAction.GRANTED,
        user=user,
        role=role,
        kommune=kommune,
        organisation=organisation,
        by=by,
        source=source,
        note=note,
    )
    return membership


@transaction.atomic
def revoke_role(
    *, membership: Membership, by: Any, source: str = GrantSource.APP, note: str = ""
) -> None:
    """Remove the right; the grant history keeps that it was held and by whom it was removed."""
    check_may_grant(by, membership.role, membership.kommune, membership.organisation)
    _record(
        action=GrantAction.REMOVED,
        user=membership.user,
        role=membership.role,
        kommune=membership.kommune,
        organisation=membership.organisation,
        by=by,
        source=source,
        note=note,
    )
    membership.delete()
    if hasattr(membership.user, "_styringsdialog_scope"):
        del membership.user._styringsdialog_scope


def _unique_username(base: str) -> str:
    base = (base or "bruger")[:140]
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def invitation_link(user: Any) -> str:
    """A one-time link: set a password (the token is void once the password is set or the
    user logs in), or — with local passwords turned off — the SSO login."""
    if not settings.LOCAL_PASSWORD_LOGIN:
        return f"{settings.PUBLIC_BASE_URL}{reverse('accounts:login')}"
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", args=[uid, token])
    return f"{settings.PUBLIC_BASE_URL}{path}"


@transaction.atomic
def invite_user(
    *,
    email: str,
    role: str,
    kommune: Kommune | None = None,
    organisation: Organisation | None = None,
    first_name: str = "",
    last_name: str = "",
    title: str = "",
    by: Any,
    source: str = GrantSource.APP,
) -> tuple[Any, bool]:
    """Invite by e-mail: the user (created without a password if new) gets the right and an
    e-mail with a one-time link. Returns the user and whether it was created."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError("Skriv en gyldig e-mailadresse.") from exc
    if len(email) > 150:
        raise ValidationError("E-mailadressen må højst være 150 tegn.")
    _validate_scope(role, kommune, organisation)
    check_may_grant(by, role, kommune, organisation)
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    created = user is None
    if user is None:
        user = User(
            username=_unique_username(email),
            email=email,
            first_name=first_name.strip()[:150],
            last_name=last_name.strip()[:150],
        )
        user.set_unusable_password()
        user.save()
    grant_role(
        user=user,
        role=role,
        kommune=kommune,
        organisation=organisation,
        title=title,
        by=by,
        source=source,
    )
    _record(
        action=GrantAction.INVITED,
        user=user,
        role=role,
        kommune=kommune,
        organisation=organisation,
        by=by,
        source=source,
        note="ny bruger" if created else "eksisterende bruger",
    )
    inviter = (by.get_full_name() or by.get_username()) if by is not None else "Styringsdialog"
    link = invitation_link(user)
    how = (
        "Vælg din adgangskode her (linket virker én gang):"
        if settings.LOCAL_PASSWORD_LOGIN
        else "Log ind med din organisations log-ind (SSO) her:"
    )
    body = (
        f"{inviter} har givet dig rollen »{ROLE_LABELS[role]}« "
        f"({_target(kommune, organisation)}) i Styringsdialog.\n\n"
        f"Dit brugernavn er: {user.get_username()}\n\n{how}\n{link}\n"
    )
    message = EmailMessage(subject="Styringsdialog: Du er inviteret", body=body, to=[user.email])
    message.send()  # EMAIL_BACKEND queues it as a background job
    return user, created


# --- SSO: memberships follow the claims -------------------------------------------------------


def resolve(wanted: Wanted) -> tuple[Kommune | None, Organisation | None] | None:
    """The kommune / organisation a wanted right names (None if it names none we know)."""
    if wanted.role in KOMMUNE_ROLES:
        kommune = Kommune.objects.filter(code=wanted.kommune_code).first()
        return (kommune, None) if kommune else None
    if wanted.role in ORGANISATION_ROLES:
        qs = Organisation.objects.all()
        if wanted.organisation_cvr:
            qs = qs.filter(cvr=wanted.organisation_cvr)
        elif wanted.organisation_number:
            qs = qs.filter(number=wanted.organisation_number)
        else:
            return None
        organisation = qs.order_by("number").first()
        return (None, organisation) if organisation else None
    return (None, None)


@transaction.atomic
def sync_memberships_from_claims(
    *, user: Any, claims: Mapping[str, Any], rules: Iterable[Mapping[str, str]]
) -> tuple[list[Membership], list[str]]:
    """Make the user's SSO memberships what the claims give now: add what is new, remove SSO
    memberships the claims no longer give (rights granted in the app stay). Each change is a
    ``GrantRecord`` with source ``oidc``. Returns the added memberships and the removed
    rights as text."""
    keep: set[tuple[str, int | None, int | None]] = set()
    added: list[Membership] = []
    for wanted in wanted_rights(claims, rules):
        target = resolve(wanted)
        if target is None:
            continue
        kommune, organisation = target
        key = (wanted.role, getattr(kommune, "pk", None), getattr(organisation, "pk", None))
        keep.add(key)
        exists = Membership.objects.filter(
            user=user, role=wanted.role, kommune=kommune, organisation=organisation
        ).exists()
        if not exists:
            added.append(
                grant_role(
                    user=user,
                    role=wanted.role,
                    kommune=kommune,
                    organisation=organisation,
                    by=None,
                    source=GrantSource.OIDC,
                    note="efter claims ved log-ind",
                )
            )
    removed: list[str] = []
    for m in Membership.objects.filter(user=user, source="oidc").select_related(
        "kommune", "organisation"
    ):
        if (m.role, m.kommune_id, m.organisation_id) not in keep:
            removed.append(str(m))
            revoke_role(
                membership=m, by=None, source=GrantSource.OIDC, note="ikke længere i claims"
            )
    if hasattr(user, "_styringsdialog_scope"):
        del user._styringsdialog_scope
    return added, removed


# --- w1a: the SSO claim rules (page "SSO-regler", API, CLI) ------------------------------------

UNSET: Any = object()
CLAIM_RULE_FIELDS = (
    "claim",
    "value",
    "role",
    "kommune",
    "organisation",
    "organisation_by",
    "kommune_by",
    "active",
)


class ClaimRuleConflict(ValidationError):
    """Someone else changed the rule after the writer read it (a stale ``version``)."""

    def __init__(self, stored: int, yours: int) -> None:
        super().__init__(
            f"SSO-reglen er blevet ændret af en anden (version {stored}, du startede fra "
            f"{yours}). Hent reglen igen og prøv igen."
        )
        self.stored = stored
        self.yours = yours


def check_may_edit_claim_rules(by: Any) -> None:
    """403 unless ``by`` is an administrator (``by=None``: the operator, CLI)."""
    if by is not None and not can_edit_claim_rules(scope_for(by)):
        raise PermissionDenied("Kun en administrator kan ændre SSO-reglerne.")


def describe_claim_rule(rule: ClaimRule) -> str:
    """The rule as one line of Danish text (for the history)."""
    scope = ""
    if rule.kommune is not None:
        scope = f"kommune {rule.kommune.code} {rule.kommune.name}"
    elif rule.organisation is not None:
        scope = f"boligorganisation {rule.organisation.number} {rule.organisation.name}"
    elif rule.kommune_by:
        scope = "kommunen efter claimets værdi (kommunekode)"
    elif rule.organisation_by:
        how = "CVR-nummer" if rule.organisation_by == "cvr" else "LBF-nummer"
        scope = f"boligorganisationen efter claimets værdi ({how})"
    text = f"{rule.claim}={rule.value or '*'} → {ROLE_LABELS.get(rule.role, rule.role)}"
    if scope:
        text += f", {scope}"
    if not rule.active:
        text += " (ikke aktiv)"
    return text[:500]


def _set_claim_rule_fields(rule: ClaimRule, values: Mapping[str, Any]) -> None:
    """Apply and validate the given fields (kommune by code, organisation by LBF number)."""
    for name in ("claim", "value", "role", "organisation_by", "kommune_by"):
        if name in values:
            setattr(rule, name, (values[name] or "").strip())
    if "active" in values:
        rule.active = bool(values["active"])
    if "kommune" in values:
        code = (values["kommune"] or "").strip()
        rule.kommune = None
        if code:
            rule.kommune = Kommune.objects.filter(code=code.zfill(3)).first()
            if rule.kommune is None:
                raise ValidationError(f"Kommunen {code} findes ikke.")
    if "organisation" in values:
        number = (values["organisation"] or "").strip()
        rule.organisation = None
        if number:
            rule.organisation = Organisation.objects.filter(number=number.zfill(4)).first()
            if rule.organisation is None:
                raise ValidationError(f"Boligorganisationen {number} findes ikke.")
    if not rule.claim:
        raise ValidationError("Skriv navnet på claimet, fx groups.")
    if len(rule.claim) > 100:
        raise ValidationError("Claimets navn må højst være 100 tegn.")
    if len(rule.value) > 200:
        raise ValidationError("Værdien må højst være 200 tegn.")
    if rule.role not in Role.values:
        raise ValidationError("Vælg en rolle.")
    problem = rule_problem(rule.as_rule())
    if problem:
        raise ValidationError(f"Reglen er ikke gyldig: {problem}")
    label = ROLE_LABELS[rule.role]
    has_kommune = bool(rule.kommune_id or rule.kommune_by)
    has_organisation = bool(rule.organisation_id or rule.organisation_by)
    if rule.role in KOMMUNE_ROLES and has_organisation:
        raise ValidationError(f"Rollen »{label}« gælder en kommune, ikke en boligorganisation.")
    if rule.role in ORGANISATION_ROLES and has_kommune:
        raise ValidationError(f"Rollen »{label}« gælder en boligorganisation, ikke en kommune.")
    if rule.role not in KOMMUNE_ROLES + ORGANISATION_ROLES and (has_kommune or has_organisation):
        raise ValidationError(f"Rollen »{label}« gælder hele landet: angiv intet omfang.")
    if rule.kommune_id and rule.kommune_by:
        raise ValidationError("Angiv enten en fast kommune eller »værdien er kommunens kode«.")
    if rule.organisation_id and rule.organisation_by:
        raise ValidationError(
            "Angiv enten en fast boligorganisation eller »værdien er organisationens nummer«."
        )


def _claim_rule_event(
    *,
    rule: ClaimRule | None,
    rule_id: int,
    action: str,
    before: str,
    after: str,
    by: Any,
    source: str,
) -> None:
    ClaimRuleEvent.objects.create(
        rule=rule,
        rule_id_text=str(rule_id),
        action=action,
        before=before,
        after=after,
        by=by,
        by_name=by.get_username() if by is not None else "",
        source=source,
    )


@transaction.atomic
def create_claim_rule(*, by: Any, source: str = GrantSource.APP, **values: Any) -> ClaimRule:
    """A new SSO rule (fields as ``CLAIM_RULE_FIELDS``; kommune code, organisation number)."""
    check_may_edit_claim_rules(by)
    unknown = set(values) - set(CLAIM_RULE_FIELDS)
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    rule = ClaimRule(active=True)
    _set_claim_rule_fields(rule, values)
    rule.save()
    _claim_rule_event(
        rule=rule,
        rule_id=rule.pk,
        action=ClaimRuleEventAction.CREATED,
        before="",
        after=describe_claim_rule(rule),
        by=by,
        source=source,
    )
    return rule


@transaction.atomic
def update_claim_rule(
    *,
    rule: ClaimRule,
    by: Any,
    version: int | None = None,
    source: str = GrantSource.APP,
    **values: Any,
) -> ClaimRule:
    """Change the given fields. ``version`` is the version the writer read: when someone saved
    in between, nothing is written and ``ClaimRuleConflict`` is raised. A change bumps the
    version and is written to the history (old → new)."""
    check_may_edit_claim_rules(by)
    unknown = set(values) - set(CLAIM_RULE_FIELDS)
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    fresh = (
        ClaimRule.objects.select_for_update(of=("self",))
        .select_related("kommune", "organisation")
        .get(pk=rule.pk)
    )
    if version is not None and version != fresh.version:
        raise ClaimRuleConflict(stored=fresh.version, yours=version)
    before = describe_claim_rule(fresh)
    before_values = fresh.as_rule() | {"active": str(fresh.active)}
    _set_claim_rule_fields(fresh, values)
    if fresh.as_rule() | {"active": str(fresh.active)} != before_values:
        fresh.version += 1
        fresh.save()
        _claim_rule_event(
            rule=fresh,
            rule_id=fresh.pk,
            action=ClaimRuleEventAction.CHANGED,
            before=before,
            after=describe_claim_rule(fresh),
            by=by,
            source=source,
        )
    return fresh


@transaction.atomic
def delete_claim_rule(
    *, rule: ClaimRule, by: Any, version: int | None = None, source: str = GrantSource.APP
) -> None:
    """Delete the rule; the history keeps its text. Rights it gave stay until the user's next
    SSO login (then they follow the claims under the remaining rules)."""
    check_may_edit_claim_rules(by)
    fresh = (
        ClaimRule.objects.select_for_update(of=("self",))
        .select_related("kommune", "organisation")
        .get(pk=rule.pk)
    )
    if version is not None and version != fresh.version:
        raise ClaimRuleConflict(stored=fresh.version, yours=version)
    _claim_rule_event(
        rule=None,
        rule_id=fresh.pk,
        action=ClaimRuleEventAction.DELETED,
        before=describe_claim_rule(fresh),
        after="",
        by=by,
        source=source,
    )
    fresh.delete()
