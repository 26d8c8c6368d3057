"""The kommune's "Brugere og roller" page: who has which right since when, invite by e-mail,
grant and remove rights, and the grant history; and (w1a) the page "SSO-regler": the claim
rules an administrator keeps, with their history."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from styringsdialog.accounts.models import Role
from styringsdialog.accounts.permissions import (
    can_administer_users_of,
    can_edit_claim_rules,
    scope_for,
)
from styringsdialog.registry.queries import visible_kommuner
from styringsdialog.users import queries, services
from styringsdialog.users.claims import RuleError, parse_rules
from styringsdialog.users.forms import ClaimRuleForm, GrantForm
from styringsdialog.users.oidc import oidc_enabled

ORG_ROLES = (Role.ORGANISATION, Role.ADMINISTRATION)


def _context(request: HttpRequest, kommune, form) -> dict:
    return {
        "kommune": kommune,
        "memberships": queries.kommune_memberships(kommune),
        "history": queries.kommune_history(kommune)[:200],
        "organisations": queries.kommune_organisations(kommune),
        "can_write": can_administer_users_of(scope_for(request.user), kommune.pk),
        "form": form,
        # w1a: a kommune administrator without another role cannot open the kommune page
        "can_see_kommune": visible_kommuner(scope_for(request.user)).filter(pk=kommune.pk).exists(),
    }


@login_required
def kommune_users(request: HttpRequest, code: str) -> HttpResponse:
    kommune = queries.get_kommune_for_user_admin(request.user, code)
    return render(request, "users/kommune_users.html", _context(request, kommune, GrantForm()))


@login_required
@require_POST
def grant(request: HttpRequest, code: str) -> HttpResponse:
    """Invite a new user by e-mail, or give an existing user (username or e-mail) a right."""
    kommune = queries.get_kommune_for_user_admin(request.user, code, write=True)
    form = GrantForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        role = data["role"]
        organisation = None
        try:
            if role in ORG_ROLES:
                organisation = queries.organisation_in_kommune(
                    kommune, data["organisation"].strip()
                )
                if organisation is None:
                    raise ValidationError(
                        "Boligorganisationen har hverken hjemsted eller afdelinger i kommunen."
                    )
            scope_kw = {"organisation": organisation} if organisation else {"kommune": kommune}
            existing = queries.find_user(data["email"])
            if existing is not None:
                services.grant_role(
                    user=existing, role=role, title=data["title"], by=request.user, **scope_kw
                )
                messages.success(request, f"{existing.get_username()} har fået rettigheden.")
            else:
                user, _ = services.invite_user(
                    email=data["email"],
                    role=role,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    title=data["title"],
                    by=request.user,
                    **scope_kw,
                )
                messages.success(request, f"Invitationen er sendt til {user.email}.")
            return redirect("users:kommune_users", code=kommune.code)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
    return render(request, "users/kommune_users.html", _context(request, kommune, form), status=422)


@login_required
@require_POST
def revoke(request: HttpRequest, code: str, membership_id: int) -> HttpResponse:
    kommune = queries.get_kommune_for_user_admin(request.user, code, write=True)
    membership = queries.get_membership_for_user_admin(request.user, kommune, membership_id)
    services.revoke_role(membership=membership, by=request.user)
    messages.success(request, f"Rettigheden er fjernet fra {membership.user.get_username()}.")
    return redirect("users:kommune_users", code=kommune.code)


class SsoStartView(OIDCAuthenticationRequestView):
    """/oidc/authenticate/: 404 while SSO is not configured (no client id), else the redirect
    to the identity provider (mozilla-django-oidc)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("Log ind med SSO er ikke slået til.")
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """/oidc/callback/: 404 while SSO is not configured."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("Log ind med SSO er ikke slået til.")
        return super().get(request)


# --- w1a: the SSO claim rules -----------------------------------------------------------------


def _rule_initial(rule) -> dict:
    return {
        "claim": rule.claim,
        "value": rule.value,
        "role": rule.role,
        "kommune": rule.kommune.code if rule.kommune_id else "",
        "kommune_by": rule.kommune_by,
        "organisation": rule.organisation.number if rule.organisation_id else "",
        "organisation_by": rule.organisation_by,
        "active": rule.active,
        "version": rule.version,
    }


def _rules_context(request: HttpRequest, form, rule=None) -> dict:
    return {
        "rules": queries.claim_rules_for_user(request.user),
        "history": queries.claim_rule_history()[:200],
        "can_write": can_edit_claim_rules(scope_for(request.user)),
        "form": form,
        "rule": rule,
        "setting_rules": claim_rules_from_setting(),
    }


def claim_rules_from_setting() -> list[str]:
    """The rules of STYRINGSDIALOG_OIDC_CLAIM_RULES, as text (shown read-only)."""
    try:
        rules = parse_rules(getattr(settings, "OIDC_CLAIM_RULES", "") or "")
    except RuleError as exc:
        return [str(exc)]
    return [", ".join(f"{k}={v}" for k, v in r.items()) for r in rules]


def _form_values(form: ClaimRuleForm) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@login_required
def claim_rules(request: HttpRequest) -> HttpResponse:
    queries.claim_rules_for_user(request.user)
    return render(request, "users/claim_rules.html", _rules_context(request, ClaimRuleForm()))


@login_required
@require_POST
def claim_rule_create(request: HttpRequest) -> HttpResponse:
    queries.claim_rules_for_user(request.user, write=True)
    form = ClaimRuleForm(request.POST)
    if form.is_valid():
        try:
            rule = services.create_claim_rule(by=request.user, **_form_values(form))
            messages.success(
                request, f"SSO-reglen er oprettet: {services.describe_claim_rule(rule)}"
            )
            return redirect("users:claim_rules")
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
    return render(request, "users/claim_rules.html", _rules_context(request, form), status=422)


@login_required
def claim_rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    write = request.method == "POST"
    rule = queries.get_claim_rule_for_user(request.user, rule_id, write=write)
    if not write:
        form = ClaimRuleForm(initial=_rule_initial(rule))
        return render(request, "users/claim_rule_edit.html", _rules_context(request, form, rule))
    form = ClaimRuleForm(request.POST)
    if form.is_valid():
        try:
            services.update_claim_rule(
                rule=rule,
                by=request.user,
                version=form.cleaned_data.get("version"),
                **_form_values(form),
            )
            messages.success(request, "SSO-reglen er gemt.")
            return redirect("users:claim_rules")
        except services.ClaimRuleConflict as exc:
            form.add_error(None, " ".join(exc.messages))
            status = 409
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
            status = 422
    else:
        status = 422
    return render(
        request, "users/claim_rule_edit.html", _rules_context(request, form, rule), status=status
    )


@login_required
@require_POST
def claim_rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = queries.get_claim_rule_for_user(request.user, rule_id, write=True)
    text = services.describe_claim_rule(rule)
    services.delete_claim_rule(rule=rule, by=request.user)
    messages.success(request, f"SSO-reglen er slettet: {text}")
    return redirect("users:claim_rules")
