"""The lockout page that django-axes shows after too many wrong passwords (``AXES_LOCKOUT_CALLABLE``),
and "Min profil" (the kinds of e-mail a user receives)."""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from styringsdialog.accounts import services
from styringsdialog.accounts.forms import LoginForm, NotificationPreferencesForm
from styringsdialog.accounts.models import Membership
from styringsdialog.accounts.queries import api_tokens_of, enabled_kinds, get_own_api_token


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """429 with a Danish explanation and ``Retry-After``: the login form is not shown again
    until the cool-off has passed (each new attempt meanwhile starts it over)."""
    cool_off = get_cool_off(request)
    seconds = max(1, math.ceil(cool_off.total_seconds())) if cool_off else None
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": math.ceil(seconds / 60) if seconds else None},
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """ "Min profil": name, e-mail, roles, and the kinds of e-mail the user receives."""
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST)
        if form.is_valid():
            services.set_notification_preferences(
                user=request.user, enabled=form.cleaned_data["enabled"]
            )
            messages.success(request, "Dine valg af e-mails er gemt.")
            return redirect("accounts:profile")
    else:
        form = NotificationPreferencesForm(initial={"enabled": enabled_kinds(request.user)})
    memberships = Membership.objects.filter(user_id=request.user.pk or 0).select_related(
        "kommune", "organisation"
    )
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})


@never_cache
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """ "Mine API-tokens": the user's tokens (name, created, last used), a form to create one —
    whose key is shown on this one answer only — and a button to revoke each."""
    new_token, error = None, None
    name = ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            token, raw = services.create_api_token(user=request.user, name=name)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            new_token, name = {"name": token.name, "raw": raw}, ""
    context = {
        "tokens": api_tokens_of(request.user),
        "new_token": new_token,
        "error": error,
        "name": name,
        "max_tokens": services.MAX_TOKENS_PER_USER,
    }
    return render(request, "accounts/api_tokens.html", context, status=422 if error else 200)


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_own_api_token(request.user, token_id)
    services.revoke_api_token(token=token)
    messages.success(request, f"Tokenet »{token.name}« er tilbagekaldt og virker ikke længere.")
    return redirect("accounts:api_tokens")


# --- h16a: the login page with single sign-on --------------------------------------------------


class LoginView(auth_views.LoginView):
    """ "Log ind": the password form (unless ``LOCAL_PASSWORD_LOGIN`` is off) and the SSO
    button (when ``OIDC_RP_CLIENT_ID`` is set). With passwords off a POST is refused (403)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_PASSWORD_LOGIN:
            raise PermissionDenied("Log ind med adgangskode er slået fra. Brug SSO.")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["local_login"] = settings.LOCAL_PASSWORD_LOGIN
        context["sso_enabled"] = bool(settings.OIDC_RP_CLIENT_ID)
        context["sso_label"] = settings.OIDC_BUTTON_LABEL
        context["sso_failed"] = self.request.GET.get("sso") == "fejl"
        return context
