"""Scoped lookups of the user administration: 404 outside the reader's kommune, 403 read-only."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from styringsdialog.accounts.models import Membership, User
from styringsdialog.accounts.permissions import (
    can_administer_users_of,
    can_edit_claim_rules,
    can_read_claim_rules,
    can_read_users_of,
    membership_in_kommune_filter,
    not_found,
    require,
    scope_for,
)
from styringsdialog.registry.models import Kommune, Organisation
from styringsdialog.users.models import ClaimRule, ClaimRuleEvent, GrantRecord


def get_kommune_for_user_admin(user: Any, code: str, *, write: bool = False) -> Kommune:
    """The kommune whose users the reader sees (administrators, the kommune's administrators;
    its caseworkers read-only); others 404."""
    scope = scope_for(user)
    kommune = Kommune.objects.filter(code=code).first()
    if kommune is None or not can_read_users_of(scope, kommune.pk):
        not_found("Siden findes ikke.")
    if write:
        require(
            can_administer_users_of(scope, kommune.pk),
            "Kun kommunens administrator kan tildele og fjerne rettigheder.",
        )
    return kommune


def kommune_organisations(kommune: Kommune) -> QuerySet[Organisation]:
    """Organisations with their hjemsted or a department in the kommune."""
    return (
        Organisation.objects.filter(Q(home_kommune=kommune) | Q(departments__kommune=kommune))
        .distinct()
        .order_by("number")
    )


def kommune_memberships(kommune: Kommune) -> QuerySet[Membership]:
    """Every right held in the kommune, with who holds it and since when."""
    ids = Membership.objects.filter(membership_in_kommune_filter(kommune.pk)).values("pk")
    return (
        Membership.objects.filter(pk__in=ids)
        .select_related("user", "kommune", "organisation")
        .order_by("user__username", "role", "pk")
    )


def kommune_history(kommune: Kommune) -> QuerySet[GrantRecord]:
    orgs = kommune_organisations(kommune).values("pk")
    return GrantRecord.objects.filter(Q(kommune=kommune) | Q(organisation__in=orgs)).select_related(
        "kommune", "organisation"
    )


def get_membership_for_user_admin(user: Any, kommune: Kommune, membership_id: int) -> Membership:
    membership = kommune_memberships(kommune).filter(pk=membership_id).first()
    if membership is None:
        not_found("Rettigheden findes ikke.")
    return membership


def find_user(identifier: str) -> User | None:
    """A user by username or e-mail (case-insensitive)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username__iexact=identifier).first()
    if user is None:
        user = User.objects.filter(email__iexact=identifier).order_by("pk").first()
    return user


def organisation_in_kommune(kommune: Kommune, number: str) -> Organisation | None:
    """The organisation (by LBF number) if it has its hjemsted or a department in the kommune."""
    return kommune_organisations(kommune).filter(number=number).first()


# --- w1a: the SSO claim rules -----------------------------------------------------------------


def claim_rules_for_user(user: Any, *, write: bool = False) -> QuerySet[ClaimRule]:
    """The SSO rules: administrators (write), analysts (read-only, 403 on write); others 404."""
    scope = scope_for(user)
    if not can_read_claim_rules(scope):
        not_found("Siden findes ikke.")
    if write:
        require(can_edit_claim_rules(scope), "Kun en administrator kan ændre SSO-reglerne.")
    return ClaimRule.objects.select_related("kommune", "organisation").order_by(
        "claim", "value", "pk"
    )


def get_claim_rule_for_user(user: Any, rule_id: int, *, write: bool = False) -> ClaimRule:
    rule = claim_rules_for_user(user, write=write).filter(pk=rule_id).first()
    if rule is None:
        not_found("SSO-reglen findes ikke.")
    return rule


def claim_rule_history() -> QuerySet[ClaimRuleEvent]:
    return ClaimRuleEvent.objects.all()


def user_admin_kommuner(user: Any) -> list[Kommune]:
    """w1a: the kommuner whose users and roles the user administers as kommune administrator
    (their way in: the home page and the header navigation lead to these pages)."""
    ids = scope_for(user).user_admin_kommune_ids
    if not ids:
        return []
    return list(Kommune.objects.filter(pk__in=ids).order_by("name"))
