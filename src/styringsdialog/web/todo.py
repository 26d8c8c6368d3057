"""The overview ("Overblik") as a to-do list: each app's part put together for one user.

``GET /api/v1/me/todo`` builds the same from the same app functions (``intake.todo``,
``meetings.todo``, ``intake.queries.kommune_overview``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse

from styringsdialog.accounts.permissions import Scope
from styringsdialog.intake import todo as intake_todo
from styringsdialog.intake.queries import kommune_overview
from styringsdialog.lib.todo import TodoItem
from styringsdialog.meetings import todo as meetings_todo
from styringsdialog.meetings.todo import YearRow
from styringsdialog.registry.models import Kommune


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    hint: str = ""


def caseworker_year(scope: Scope, kommune: Kommune, styringsaar: int, today: date) -> list[YearRow]:
    """The kommune's organisations for the styringsår: package, meeting, referat, overdue
    agreements. Four queries, however many organisations."""
    overview = kommune_overview(kommune=kommune, scope=scope, styringsaar=styringsaar, today=today)
    return meetings_todo.year_rows(
        kommune=kommune, styringsaar=styringsaar, packages=overview.rows, today=today
    )


def organisation_todo(scope: Scope, today: date) -> list[TodoItem]:
    """What awaits organisation staff, the most urgent first (late, then by deadline)."""
    items = [
        *intake_todo.organisation_todo(scope, today=today),
        *meetings_todo.organisation_todo(scope, today=today),
    ]
    return sorted(items, key=lambda i: (not i.late, i.deadline or date.max))


def admin_links(user: Any, scope: Scope) -> list[Link]:
    """The pages an analyst or administrator starts from."""
    links: list[Link] = []
    if scope.national:
        links.append(
            Link(
                "Offentlige referater og søgning",
                reverse("publication:portal"),
                "Som borgerne ser dem",
            )
        )
        links.append(
            Link(
                "Beregn effektivitetstal",
                reverse("benchmarking:start_run"),
                "Landsdækkende beregning; resultaterne ses pr. kommune, organisation og afdeling",
            )
        )
        links.append(Link("API-dokumentation", "/api/v1/docs", "Data og eksport til egne analyser"))
    if scope.admin:
        links.append(
            Link(
                "Officielle lister",
                reverse("registers:officielle_lister"),
                "Import af DAGI-områder m.m.",
            )
        )
        links.append(Link("Baggrundsjob", reverse("jobs:list"), "Importer, beregninger og e-mails"))
        # w1a: the SSO claim rules (page "SSO-regler")
        links.append(
            Link(
                "SSO-regler",
                reverse("users:claim_rules"),
                "Hvilke grupper fra log-ind-tjenesten giver hvilke roller",
            )
        )
        links.append(
            Link(
                "Nationale indstillinger",
                reverse("web:national_settings"),
                "Farveskala, spørgerammer pr. styringsår og kontoplan",
            )
        )
    return links
