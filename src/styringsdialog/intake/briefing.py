"""Briefing source (C10) from the documentation package, registered in ``apps.ready``.

Points: lateness against the package deadline (with the correction window,
``INTAKE_CORRECTION_WINDOW_MONTHS``), and every answer the catalogue marks as a point for the
dialogue (``Question.concern_answers``, e.g. "nej" to a control question or to an audit opinion
without qualification). Each links to the answer on the package page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from styringsdialog.intake.models import Answer, DocumentationPackage
from styringsdialog.intake.periods import lateness
from styringsdialog.registry.briefing import BriefingPoint

ORDER = 25  # after last year's agreements, before the figures


def package_points(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    package = DocumentationPackage.objects.filter(
        organisation=organisation, styringsaar=styringsaar
    ).first()
    if package is None:
        return []
    url = reverse("intake:package", args=[organisation.number, styringsaar])
    points = []
    late = lateness(
        submitted_on=package.submitted_on,
        deadline_provisional=package.deadline_provisional,
        deadline_formal=package.deadline_formal,
        window_months=settings.INTAKE_CORRECTION_WINDOW_MONTHS,
        today=timezone.localdate(),
    )
    if late is not None:
        code, text, _ = late
        points.append(
            BriefingPoint(
                source="styringsrapport-frist",
                title="Dokumentationspakken: "
                + {
                    "ikke_indsendt": "ikke indsendt til tiden",
                    "for_sent": "indsendt for sent",
                    "korrektionsperiode": "indsendt i korrektionsperioden",
                }[code],
                text=text,
                evidence_url=url + "#status",
                severity={"ikke_indsendt": "critical", "for_sent": "warning"}.get(code, "info"),
                order=ORDER,
            )
        )
    answers = (
        Answer.objects.filter(package=package)
        .exclude(question__concern_answers=[])
        .select_related("question", "department")
        .order_by("question__order", "department__number")
    )
    for a in answers:
        q = a.question
        if a.value.casefold() not in {str(c).casefold() for c in q.concern_answers}:
            continue
        where = f" (afd. {a.department.number} {a.department.name})" if a.department else ""
        points.append(
            BriefingPoint(
                source="styringsrapport-svar",
                title=f"Styringsrapporten {q.code}{where}: svaret er '{a.value}'",
                text=f"{q.text} Svar: {a.value}.",
                evidence_url=f"{url}#q-{q.code}",
                severity="warning",
                department_ids=(a.department_id,) if a.department_id else (),
                order=ORDER + 1,
            )
        )
    return points
