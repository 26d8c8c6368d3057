"""The meetings app's part of the overview ("Overblik"): the caseworker's year at a glance and
what awaits an organisation's staff. Every function runs a fixed number of queries, however many
organisations there are."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.db.models import Count, Q
from django.urls import reverse

from styringsdialog.accounts.permissions import Scope
from styringsdialog.lib.todo import TodoItem
from styringsdialog.meetings.models import Agreement, Meeting
from styringsdialog.meetings.queries import visible_agreements, visible_meetings
from styringsdialog.registry.models import Kommune, Organisation


@dataclass(frozen=True)
class MeetingYear:
    """One organisation's meeting with the kommune for a styringsår (None: not planned)."""

    meeting: Meeting | None = None
    overdue_agreements: int = 0

    @property
    def meeting_label(self) -> str:
        if self.meeting is None:
            return "Ikke planlagt"
        return self.meeting.get_status_display()

    @property
    def referat_label(self) -> str:
        if self.meeting is None or not self.meeting.is_held:
            return ""
        return self.meeting.get_referat_status_display()


def kommune_year(
    *, kommune: Kommune, styringsaar: int, organisation_ids: Iterable[int], today: date
) -> dict[int, MeetingYear]:
    """Per organisation id: its first meeting with the kommune in the styringsår and the number
    of the kommune's overdue agreements with it. Two queries."""
    ids = list(organisation_ids)
    meetings: dict[int, Meeting] = {}
    for m in Meeting.objects.filter(
        kommune=kommune, styringsaar=styringsaar, organisation_id__in=ids
    ).order_by("date", "pk"):
        meetings.setdefault(m.organisation_id, m)
    overdue = dict(
        Agreement.objects.filter(kommune=kommune, organisation_id__in=ids)
        .overdue(today)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    return {
        pk: MeetingYear(meeting=meetings.get(pk), overdue_agreements=overdue.get(pk, 0))
        for pk in ids
    }


class PackageRow(Protocol):
    """What the intake app's kommune overview gives per organisation (``intake.queries.OverviewRow``)."""

    @property
    def organisation(self) -> Organisation: ...

    @property
    def package(self) -> Any: ...

    @property
    def state(self) -> Any: ...


@dataclass(frozen=True)
class YearRow:
    """One line of the caseworker's year at a glance."""

    organisation: Organisation
    package: Any  # the documentation package, or None
    package_state: Any  # its DeadlineState
    meeting: Meeting | None
    overdue_agreements: int

    @property
    def meeting_label(self) -> str:
        return MeetingYear(self.meeting).meeting_label

    @property
    def referat_label(self) -> str:
        return MeetingYear(self.meeting).referat_label


def year_rows(
    *, kommune: Kommune, styringsaar: int, packages: Iterable[PackageRow], today: date
) -> list[YearRow]:
    """The intake app's package rows completed with the meeting and overdue agreements of each
    organisation (``kommune_year``: two queries), in the order given."""
    rows = list(packages)
    year = kommune_year(
        kommune=kommune,
        styringsaar=styringsaar,
        organisation_ids=[r.organisation.pk for r in rows],
        today=today,
    )
    return [
        YearRow(
            organisation=r.organisation,
            package=r.package,
            package_state=r.state,
            meeting=year[r.organisation.pk].meeting,
            overdue_agreements=year[r.organisation.pk].overdue_agreements,
        )
        for r in rows
    ]


def organisation_todo(scope: Scope, *, today: date) -> list[TodoItem]:
    """What awaits organisation staff: invitations to coming meetings, referat drafts sent to
    them for comments, and agreements they report progress on. Three queries."""
    if not scope.organisation_ids:
        return []
    own = scope.organisation_ids
    items: list[TodoItem] = []
    # primary or one of the other organisations of a joint meeting
    theirs = Meeting.objects.filter(
        Q(organisation_id__in=own) | Q(other_organisations__pk__in=own)
    ).values("pk")
    meetings = visible_meetings(scope).with_related().filter(pk__in=theirs).order_by("date", "pk")
    for m in meetings.filter(
        status=Meeting.Status.PLANNED, invitation_sent_at__isnull=False, date__gte=today
    ):
        items.append(
            TodoItem(
                kind="invitation",
                title=f"Dagsorden til dialogmøde {m.date:%d.%m.%Y} med {m.kommune.name}",
                url=reverse("meetings:meeting", args=[m.pk]),
                organisation=m.organisation.number,
                status="Indkaldt",
                deadline=m.date,
            )
        )
    for m in meetings.filter(referat_status=Meeting.ReferatStatus.SENT):
        items.append(
            TodoItem(
                kind="referat",
                title=f"Referatudkast fra mødet {m.date:%d.%m.%Y} med {m.kommune.name} til kommentering",
                url=reverse("meetings:meeting", args=[m.pk]),
                organisation=m.organisation.number,
                status=m.get_referat_status_display(),
            )
        )
    agreements = (
        visible_agreements(scope)
        .unresolved()
        .filter(organisation_id__in=own, responsible_side__in=("organisation", "begge"))
        .select_related("organisation")
        .order_by("deadline", "pk")
    )
    for a in agreements:
        late = a.deadline is not None and a.deadline < today
        items.append(
            TodoItem(
                kind="agreement",
                title=f"Aftale: {a.text[:120]}",
                url=reverse("meetings:agreement", args=[a.pk]),
                organisation=a.organisation.number,
                status=a.get_status_display(),
                deadline=a.deadline,
                late=late,
            )
        )
    return items
