"""Sections this app adds to the registry's kommune and organisation pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.intake import queries
from styringsdialog.intake.models import (
    AccountingPeriod,
    DocumentationPackage,
    PackageEvent,
    PackageStatus,
)
from styringsdialog.intake.queries import visible_packages
from styringsdialog.lib.charts import CountChart, count_chart
from styringsdialog.registry.panels import Panel


def kommune_panel(request: HttpRequest, kommune: Any) -> Panel | None:
    """Packages of the newest styringsår: how many are submitted, late, missing."""
    scope = scope_for(getattr(request, "user", None))
    if not scope.authenticated:
        return None
    data = queries.kommune_overview(
        kommune=kommune, scope=scope, styringsaar=None, today=timezone.localdate()
    )
    late = [r for r in data.rows if r.state.is_late]
    return Panel(
        f"Dokumentationspakker {data.styringsaar}",
        "intake/panels/kommune.html",
        {"kommune": kommune, "overview": data, "late": late[:5], "chart": status_chart(data)},
        order=10,
    )


def organisation_panel(request: HttpRequest, organisation: Any) -> Panel | None:
    """The organisation's packages, newest styringsår first."""
    scope = scope_for(getattr(request, "user", None))
    if not scope.authenticated:
        return None
    today = timezone.localdate()
    packages = visible_packages(
        scope, DocumentationPackage.objects.filter(organisation=organisation)
    ).order_by("-styringsaar")
    rows = [(p, p.deadline_state(today)) for p in packages[:6]]
    return Panel(
        "Dokumentationspakker",
        "intake/panels/organisation.html",
        {"organisation": organisation, "rows": rows},
        order=10,
    )


def kommune_fingerprint(kommune: Any) -> list[tuple[Any, tuple[str, ...]]]:
    """What the kommune panel shows: the packages (every status change also writes a
    ``PackageEvent``) and the accounting periods. All rows, not only the kommune's: the tables
    are small and a join to the kommune's departments would cost more than it saves."""
    return [
        (
            DocumentationPackage.objects.all(),
            ("pk", "submitted_at", "reviewed_at", "meeting_held_on"),
        ),
        (PackageEvent.objects.all(), ("pk",)),
        (AccountingPeriod.objects.all(), ("pk",)),
    ]


def status_chart(data: Any) -> CountChart:
    """The kommune's organisations by the status of their package (or "Ikke oprettet")."""
    counts: dict[str, int] = {}
    labels = dict(PackageStatus.choices)
    order = ["Ikke oprettet", *labels.values()]
    for row in data.rows:
        label = "Ikke oprettet" if row.package is None else labels.get(row.package.status, "")
        counts[label] = counts.get(label, 0) + 1
    return count_chart(
        [(label, counts[label]) for label in order if label in counts],
        heading="Status",
        chart_id="chart-packages",
        title=f"Dokumentationspakker for styringsår {data.styringsaar} efter status",
        unit="Boligorganisationer",
    )
