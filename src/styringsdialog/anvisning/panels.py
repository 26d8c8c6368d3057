"""Links from the kommune and organisation pages to their anvisning pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from styringsdialog.accounts.permissions import is_anvisning_reader, scope_for
from styringsdialog.registry.panels import Panel


def kommune_panel(request: HttpRequest, kommune: Any) -> Panel | None:
    if not is_anvisning_reader(scope_for(getattr(request, "user", None))):
        return None
    return Panel(
        "Anvisning",
        "anvisning/panels/link.html",
        {"url": reverse("anvisning:kommune", args=[kommune.code]), "name": kommune.name},
        order=70,
    )


def organisation_panel(request: HttpRequest, organisation: Any) -> Panel | None:
    if not is_anvisning_reader(scope_for(getattr(request, "user", None))):
        return None
    return Panel(
        "Anvisning",
        "anvisning/panels/link.html",
        {
            "url": reverse("anvisning:organisation", args=[organisation.number]),
            "name": organisation.name,
        },
        order=70,
    )


def department_panel(request: HttpRequest, department: Any) -> Panel | None:
    if not is_anvisning_reader(scope_for(getattr(request, "user", None))):
        return None
    organisation = department.organisation
    return Panel(
        "Anvisning",
        "anvisning/panels/link.html",
        {
            "url": reverse("anvisning:organisation", args=[organisation.number]),
            "name": organisation.name,
        },
        order=70,
    )
