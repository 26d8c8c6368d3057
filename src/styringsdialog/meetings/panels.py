"""Sections this app adds to the registry pages (registered in ``apps.MeetingsConfig.ready``).

Each provider returns None when the user may not use meeting pages (analysts see no panel)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from styringsdialog.accounts.permissions import (
    Scope,
    can_write_organisation,
    is_meeting_reader,
    scope_for,
)
from styringsdialog.lib.charts import CountChart, count_chart
from styringsdialog.meetings.models import Agreement, Case, Meeting
from styringsdialog.meetings.queries import (
    today,
    visible_agreements,
    visible_cases,
    visible_meetings,
)
from styringsdialog.registry.panels import Panel

LIMIT = 10


def _reader(request: HttpRequest) -> Scope | None:
    scope = scope_for(getattr(request, "user", None))
    return scope if is_meeting_reader(scope) else None


def overdue_agreements_panel(request: HttpRequest, kommune: Any) -> Panel | None:
    scope = _reader(request)
    if scope is None:
        return None
    qs = (
        visible_agreements(scope, Agreement.objects.filter(kommune=kommune))
        .overdue()
        .select_related("organisation")
    )
    rows = list(qs.order_by("deadline", "pk")[: LIMIT + 1])
    count = qs.count() if len(rows) > LIMIT else len(rows)
    return Panel(
        "Overskredne aftaler",
        "meetings/panels/overdue_agreements.html",
        {"kommune": kommune, "rows": rows[:LIMIT], "count": count, "today": today()},
        order=20,
    )


def kommune_meetings_panel(request: HttpRequest, kommune: Any) -> Panel | None:
    scope = _reader(request)
    if scope is None:
        return None
    qs = visible_meetings(scope, Meeting.objects.with_related().filter(kommune=kommune))
    return Panel(
        "Dialogmøder",
        "meetings/panels/meetings.html",
        {
            "kommune": kommune,
            "rows": list(qs[:LIMIT]),
            "can_create": scope.can_write_kommune(kommune.pk),
            "chart": status_chart(qs),
        },
        order=21,
    )


def organisation_panel(request: HttpRequest, organisation: Any) -> Panel | None:
    scope = _reader(request)
    if scope is None:
        return None
    meetings = visible_meetings(
        scope, Meeting.objects.with_related().for_organisation(organisation.pk)
    )
    agreements = (
        visible_agreements(scope, Agreement.objects.filter(organisation=organisation))
        .unresolved()
        .select_related("kommune")
    )
    cases = visible_cases(
        scope, Case.objects.open().filter(department__organisation=organisation)
    ).select_related("department")
    return Panel(
        "Dialogmøder, aftaler og sager",
        "meetings/panels/organisation.html",
        {
            "organisation": organisation,
            "meetings": list(meetings[:5]),
            "agreements": list(agreements.order_by("deadline", "pk")[:LIMIT]),
            "cases": list(cases[:LIMIT]),
            "today": today(),
            "is_home_caseworker": can_write_organisation(scope, organisation),
            "year": today().year,
        },
        order=20,
    )


def department_panel(request: HttpRequest, department: Any) -> Panel | None:
    scope = _reader(request)
    if scope is None:
        return None
    cases = visible_cases(scope, Case.objects.filter(department=department)).order_by(
        "status", "-opened_on"
    )
    agreements = visible_agreements(
        scope, Agreement.objects.filter(departments=department)
    ).order_by("-styringsaar", "pk")
    return Panel(
        "Sager og aftaler",
        "meetings/panels/department.html",
        {
            "department": department,
            "cases": list(cases[:LIMIT]),
            "agreements": list(agreements[:LIMIT]),
            "today": today(),
        },
        order=20,
    )


def kommune_fingerprint(kommune: Any) -> list[tuple[Any, tuple[str, ...]]]:
    """What the two kommune panels show: the kommune's meetings (status, referat status; every
    service saves ``updated_at``) and agreements (status, deadline)."""
    return [
        (Meeting.objects.filter(kommune=kommune), ("pk", "updated_at")),
        (Agreement.objects.filter(kommune=kommune), ("pk", "updated_at")),
    ]


def status_chart(meetings: Any) -> CountChart:
    """The kommune's meetings by status (planned, held) and their referater by status, in one
    query (a GROUP BY over the visible meetings)."""
    from django.db.models import Count

    counts = {
        (row["status"], row["referat_status"]): row["n"]
        for row in meetings.order_by().values("status", "referat_status").annotate(n=Count("pk"))
    }
    rows = [
        (f"Møde {label.lower()}", sum(n for (s, _), n in counts.items() if s == code))
        for code, label in Meeting.Status.choices
    ]
    held = Meeting.Status.HELD
    rows += [
        (
            f"Referat: {label.lower()}",
            sum(n for (s, r), n in counts.items() if r == code and s == held),
        )
        for code, label in Meeting.ReferatStatus.choices
    ]
    return count_chart(
        rows,
        heading="Status",
        chart_id="chart-meetings",
        title="Dialogmøder og referater efter status",
        unit="Møder",
    )
