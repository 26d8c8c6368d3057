"""Landing page, the logged-in overview and Danish error pages."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.intake.services import reminders
from styringsdialog.lib.params import bounded_int
from styringsdialog.meetings import services as meetings_services
from styringsdialog.meetings.services.meetings import MAX_YEAR, MIN_YEAR
from styringsdialog.registry.queries import (
    get_kommune_for_user,
    own_kommuner,
    own_organisations,
    visible_kommuner,
    visible_organisations,
)
from styringsdialog.web.todo import admin_links, caseworker_year, organisation_todo


def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.authenticated:
        return render(request, "web/landing.html")
    today = timezone.localdate()
    context: dict[str, object] = {
        "kommuner": own_kommuner(scope),
        "organisations": own_organisations(scope),
        "all_kommuner": visible_kommuner(scope) if scope.national else [],
        "today": today,
    }
    if not scope.national and not scope.kommune_ids:
        context["organisations"] = visible_organisations(scope)
    if scope.is_caseworker:
        year = _styringsaar(request.GET.get("aar"), today)
        context["styringsaar"] = year
        context["years"] = sorted({year, *range(today.year - 5, today.year + 2)}, reverse=True)
        context["kommune_years"] = [
            (kommune, caseworker_year(scope, kommune, year, today))
            for kommune in own_kommuner(scope).order_by("name")
        ]
    if scope.is_organisation_staff:
        context["todo"] = organisation_todo(scope, today)
    context["admin_links"] = admin_links(request.user, scope)
    return render(request, "web/home.html", context)


def _styringsaar(raw: str | None, today: date) -> int:
    return bounded_int(raw, minimum=MIN_YEAR, maximum=MAX_YEAR) or today.year


@login_required
def plan_meetings(request: HttpRequest, code: str) -> HttpResponse:
    """Confirm (GET) and create (POST) a planned meeting for every organisation without one."""
    kommune = get_kommune_for_user(request.user, code, write=True)
    today = timezone.localdate()
    year = _styringsaar(request.POST.get("aar") or request.GET.get("aar"), today)
    if request.method == "POST":
        try:
            created = meetings_services.plan_meetings_for_kommune(
                kommune=kommune, styringsaar=year, by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if created:
                messages.success(
                    request,
                    f"{len(created)} møde{'r' if len(created) != 1 else ''} planlagt for "
                    f"styringsår {year}. Ret datoerne på møderne.",
                )
            else:
                messages.info(request, f"Alle organisationer har allerede et møde i {year}.")
        return redirect(reverse("web:home") + f"?aar={year}")
    context = {
        "kommune": kommune,
        "styringsaar": year,
        "organisations": meetings_services.organisations_without_meeting(
            kommune=kommune, styringsaar=year
        ),
        "date": meetings_services.default_plan_date(year, today),
    }
    return render(request, "web/plan_meetings.html", context)


@login_required
def remind_late_packages(request: HttpRequest, code: str) -> HttpResponse:
    """Confirm (GET: who would get an e-mail) and send (POST) the late-package reminders."""
    kommune = get_kommune_for_user(request.user, code, write=True)
    if request.method == "POST":
        sent = reminders.remind_late_packages(kommune=kommune, by=request.user)
        if sent:
            messages.success(
                request, f"{len(sent)} påmindelse{'r' if len(sent) != 1 else ''} sendt."
            )
        else:
            messages.info(request, "Ingen påmindelser at sende (eller de er sendt i dag).")
        return redirect("web:home")
    today = timezone.localdate()
    context = {
        "kommune": kommune,
        "packages": reminders.late_packages(kommune=kommune, today=today),
        "emails": reminders.remind_late_packages(kommune=kommune, by=request.user, dry_run=True),
    }
    return render(request, "web/remind_late.html", context)


def _error(request: HttpRequest, exception: Exception | None, status: int) -> HttpResponse:
    message = (
        str(exception)
        if exception and str(exception) and not str(exception).startswith("{")
        else ""
    )
    return render(request, f"{status}.html", {"exception_message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, exception, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, exception, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Django's resolver messages are technical; only pass on messages we wrote ourselves.
    text = str(exception)
    friendly = (
        exception if text.endswith(".") and "Resolver" not in text and "path" not in text else None
    )
    return _error(request, friendly, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
