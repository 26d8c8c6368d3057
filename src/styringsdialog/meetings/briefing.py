"""Briefing (C10): data-backed agenda points per organisation and styringsår.

The meetings app registers three sources with ``registry.briefing`` (in ``apps.ready``):
last year's agreements to follow up, older open or overdue agreements, and open cases per
department. Other apps (benchmarking, …) register theirs. The write that turns the points a
caseworker ticked into sub-items is ``services.briefing.create_agenda_from_briefing``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.urls import reverse

from styringsdialog.meetings.agenda import DEFAULT_TEMPLATE_ITEMS
from styringsdialog.meetings.models import Agreement, Case, Meeting
from styringsdialog.meetings.querysets import UNRESOLVED_AGREEMENT_STATUSES, today
from styringsdialog.registry.briefing import BriefingPoint, collect_briefing

# Which template item (by key) a point from a source goes under. Sources are matched by prefix;
# anything else (efficiency, provisions, rent, …) belongs under the styringsrapport review.
SOURCE_TARGETS = (
    ("aftaler", "opfoelgning"),
    ("opfoelgning", "opfoelgning"),
    ("sager", "sager"),
    ("byggesag", "sager"),  # construction cases (construction.briefing)
    ("tema", "temaer"),
    ("kvarterprofil", "kvarterprofiler"),
    ("beboer", "kvarterprofiler"),
    ("omraade", "kvarterprofiler"),
    ("anvisning", "anvisning"),
    ("register", "eventuelt"),
)
DEFAULT_TARGET = "styringsrapport"
TEMPLATE_TITLES = dict(DEFAULT_TEMPLATE_ITEMS)


def target_key(source: str) -> str:
    """The template key of the agenda item a point from ``source`` is placed under."""
    for prefix, key in SOURCE_TARGETS:
        if source.startswith(prefix):
            return key
    return DEFAULT_TARGET


def point_id(point: BriefingPoint) -> str:
    """A short stable id for a point, so a ticked checkbox survives a re-computation."""
    raw = f"{point.source}|{point.title}|{point.evidence_url}".encode()
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:12]


def briefing_points(organisation: Any, styringsaar: int) -> list[tuple[str, BriefingPoint]]:
    """(id, point) for every point every registered source proposes."""
    return [(point_id(p), p) for p in collect_briefing(organisation, styringsaar)]


# --- sources ---------------------------------------------------------------------------------


def _agreement_point(a: Agreement, source: str, title: str, order: int) -> BriefingPoint:
    overdue = (
        a.deadline is not None
        and a.deadline < today()
        and a.status in UNRESOLVED_AGREEMENT_STATUSES
    )
    deadline = f", frist {a.deadline:%d.%m.%Y}" if a.deadline else ""
    text = f"Aftale fra {a.styringsaar}: {a.text} (status: {a.get_status_display().lower()}{deadline}{', overskredet' if overdue else ''})."
    return BriefingPoint(
        source=source,
        title=f"{title}: {a.text[:120]}",
        text=text,
        evidence_url=reverse("meetings:agreement", args=[a.pk]),
        severity="warning" if overdue else "info",
        department_ids=tuple(d.pk for d in a.departments.all()),
        order=order,
    )


def _home_agreements(organisation: Any):
    return Agreement.objects.filter(
        organisation=organisation, kommune_id=organisation.home_kommune_id
    ).prefetch_related("departments")


def last_year_agreements(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    """Every agreement from last year's dialogue that is not yet closed or carried over."""
    qs = (
        _home_agreements(organisation)
        .filter(styringsaar=styringsaar - 1)
        .exclude(status__in=Agreement.FINAL_STATUSES)
    )
    return [_agreement_point(a, "aftaler_sidste_aar", "Opfølgning", 20) for a in qs]


def open_agreements(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    """Older agreements still unresolved (overdue ones flagged)."""
    qs = _home_agreements(organisation).filter(styringsaar__lt=styringsaar - 1).unresolved()
    return [_agreement_point(a, "aftaler_aabne", "Åben aftale", 25) for a in qs]


def open_cases(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    """One point per department with open cases, listing them."""
    cases = Case.objects.open().filter(
        department__organisation=organisation, kommune_id=organisation.home_kommune_id
    )
    by_dept: dict[int, list[Case]] = {}
    for c in cases.select_related("department").order_by("department__number", "opened_on"):
        by_dept.setdefault(c.department_id, []).append(c)
    points = []
    for dept_cases in by_dept.values():
        d = dept_cases[0].department
        titles = "; ".join(f"{c.title} ({c.get_status_display().lower()})" for c in dept_cases)
        points.append(
            BriefingPoint(
                source="sager",
                title=f"Afd. {d.name}: {len(dept_cases)} {'åben sag' if len(dept_cases) == 1 else 'åbne sager'}",
                text=titles + ".",
                evidence_url=reverse(
                    "meetings:department_cases", args=[organisation.number, d.number]
                ),
                department_ids=(d.pk,),
                order=40,
            )
        )
    return points


# --- agenda from points ----------------------------------------------------------------------


def meetings_for_briefing(organisation: Any, styringsaar: int):
    """Editable meetings with the organisation in the styringsår (targets for "Opret dagsorden")."""
    qs = (
        Meeting.objects.with_related()
        .for_organisation(organisation.pk)
        .filter(styringsaar=styringsaar)
    )
    return qs.filter(referat_status__in=(Meeting.ReferatStatus.DRAFT, Meeting.ReferatStatus.SENT))


__all__ = [
    "briefing_points",
    "last_year_agreements",
    "meetings_for_briefing",
    "open_agreements",
    "open_cases",
    "point_id",
    "target_key",
]
