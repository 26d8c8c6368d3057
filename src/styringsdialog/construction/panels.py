"""The section this app adds to the kommune page: open construction cases by next milestone,
with a link to the kommune's construction overview (registered in ``apps.ready``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from styringsdialog.accounts.permissions import is_construction_reader, scope_for
from styringsdialog.construction.models import ConstructionCase, Milestone
from styringsdialog.construction.queries import kommune_overview
from styringsdialog.registry.panels import Panel


def kommune_panel(request: HttpRequest, kommune: Any) -> Panel | None:
    scope = scope_for(getattr(request, "user", None))
    if not is_construction_reader(scope):
        return None
    groups = kommune_overview(scope, kommune)
    return Panel(
        "Byggesager",
        "construction/panels/kommune.html",
        {
            "kommune": kommune,
            "groups": [(label, len(cases)) for _, label, cases in groups],
            "count": sum(len(cases) for _, _, cases in groups),
        },
        order=25,
    )


def kommune_fingerprint(kommune: Any) -> list[tuple[Any, tuple[str, ...]]]:
    """The panel shows open cases and their next milestone: cases (``updated_at`` moves on
    every write, also milestones and events) and milestones."""
    return [
        (ConstructionCase.objects.filter(kommune=kommune), ("pk", "updated_at")),
        (Milestone.objects.filter(case__kommune=kommune), ("pk",)),
    ]
