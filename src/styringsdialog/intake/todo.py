"""The intake app's part of the overview ("Overblik"): packages that await organisation staff."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.urls import reverse

from styringsdialog.accounts.permissions import Scope
from styringsdialog.intake.models import DocumentationPackage, PackageStatus
from styringsdialog.lib.todo import TodoItem


def organisation_todo(scope: Scope, *, today: date) -> list[TodoItem]:
    """Packages of the user's organisations that are not submitted yet, with their formal
    deadline and how many answers are given. One query."""
    if not scope.organisation_ids:
        return []
    packages = (
        DocumentationPackage.objects.filter(
            organisation_id__in=scope.organisation_ids, status=PackageStatus.CREATED
        )
        .select_related("organisation")
        .annotate(answered=Count("answers", distinct=True))
        .order_by("deadline_formal", "organisation__number")
    )
    items = []
    for p in packages:
        state = p.deadline_state(today)
        items.append(
            TodoItem(
                kind="package",
                title=(
                    f"Dokumentationspakke {p.styringsaar} skal indsendes ({p.answered} svar givet)"
                ),
                url=reverse("intake:package", args=[p.organisation.number, p.styringsaar]),
                organisation=p.organisation.number,
                status=state.label,
                deadline=p.deadline_formal,
                late=state.is_late,
            )
        )
    return items
