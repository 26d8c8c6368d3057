"""Briefing source (C10) of construction cases: one point per open case of the organisation in
its home kommune, with the next milestone; overruns against the maksimumbeløb and given
guarantees are flagged. Registered as ``"byggesager"`` in ``apps.ready``; the meetings app
places points of that prefix under "Status for aktuelle sager" (``SOURCE_TARGETS``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from almen.construction import kr
from styringsdialog.construction.models import ConstructionCase
from styringsdialog.construction.queries import case_checks
from styringsdialog.registry.briefing import BriefingPoint


def open_construction_cases(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    cases = (
        ConstructionCase.objects.filter(
            organisation=organisation, kommune_id=organisation.home_kommune_id
        )
        .exclude(status=ConstructionCase.Status.CLOSED)
        .select_related("department")
        .prefetch_related("milestones")
        .order_by("opened_on", "pk")
    )
    points = []
    for case in cases:
        checks = case_checks(case)
        parts = [f"{case.get_kind_display()}, {case.department_label}."]
        parts.append(
            f"Næste milepæl: {checks.next_milestone_label.lower()}."
            if checks.next_milestone
            else "Alle milepæle er godkendt."
        )
        severity = "info"
        for check in checks.against_maximum:
            if check.over:
                parts.append(check.text)
                severity = "warning"
        guaranteed = sum(
            (
                m.guarantee_amount or Decimal(0)
                for m in case.milestones.all()
                if m.kind == "garanti"
            ),
            Decimal(0),
        )
        if guaranteed:
            parts.append(f"Kommunen har givet garanti for {kr(guaranteed)}.")
        points.append(
            BriefingPoint(
                source="byggesager",
                title=f"Byggesag: {case.title[:120]}",
                text=" ".join(parts),
                evidence_url=reverse("construction:case", args=[case.pk]),
                severity=severity,
                department_ids=(case.department_id,) if case.department_id else (),
                order=42,
            )
        )
    return points
