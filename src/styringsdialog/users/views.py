"""The kommune's "Brugere og roller" page: who has which right since when, invite by e-mail,
grant and remove rights, and the grant history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from styringsdialog.accounts.models import Role
from styringsdialog.accounts.permissions import can_administer_users_of, scope_for
from styringsdialog.users import queries, services
from styringsdialog.users.forms import GrantForm
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
