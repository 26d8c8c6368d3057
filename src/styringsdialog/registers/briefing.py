"""Briefing sources (registered with ``registry.briefing``): register differences for the
organisation (under "Eventuelt", as in the seed referat item 7.a) and its kvarterprofiler."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from almen.formatting import format_number
from styringsdialog.registers.models import (
    AreaClassification,
    Difference,
    ReconciliationRun,
    ResidentIndicator,
)
from styringsdialog.registry.briefing import BriefingPoint

TITLE = "Uoverensstemmelser mellem LBF, BBR og DST"


def _signed(n: int) -> str:
    return ("+" if n > 0 else "−" if n < 0 else "") + format_number(abs(n))


def register_differences(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    """One point when the newest reconciliation finds differences in the organisation's
    departments or in its home kommune's total against Danmarks Statistik."""
    run = (
        ReconciliationRun.objects.filter(figures__department__organisation=organisation)
        .distinct()
        .order_by("-created_at", "-pk")
        .first()
    )
    if run is None:
        return []
    parts = list(
        Difference.objects.filter(
            run=run, level="department", department__organisation=organisation
        )
        .select_related("department")
        .order_by("department__number")
    )
    n_depts = run.figures.filter(
        level="department", source="bbr", department__organisation=organisation
    ).count()
    # Department-level differences always have a department (constraint
    # difference_department_level_has_department); the checks below only narrow the type.
    counts = {d.department for d in parts if d.measure == "dwellings" and d.department is not None}
    areas: dict[Any, int] = {}
    for d in parts:
        if d.measure == "area_m2":
            areas[d.department] = areas.get(d.department, 0) + d.amount
    dst = list(
        Difference.objects.filter(
            run=run, level="kommune", kommune_id=organisation.home_kommune_id, source_b="dst"
        )
    )
    if not (parts or dst):
        return []
    sentences = []
    if dst:
        total = sum(d.amount for d in dst)
        sentences.append(
            f"For kommunen som helhed tæller Danmarks Statistik {_signed(total)} almene boliger i forhold til "
            f"LBF's stamdata ({', '.join(sorted({d.get_reason_display().lower() for d in dst}))})."
        )
    if counts:
        sentences.append(
            f"Antallet af boliger afviger i {len(counts)} af {n_depts} afdelinger: "
            + ", ".join(f"{d.name}" for d in sorted(counts, key=lambda x: x.number))
            + "."
        )
    else:
        sentences.append(f"Antallet af boliger stemmer i {organisation.name}s afdelinger.")
    if areas:
        sentences.append(
            f"Der er {len(areas)} afdelinger, hvor m² ikke stemmer: "
            + ", ".join(
                f"{d.name} ({_signed(a)} m²)"
                for d, a in sorted(areas.items(), key=lambda x: x[0].number)
            )
            + "."
        )
    sentences.append(f"Oplysningerne sendes til {organisation.name}.")
    url = (
        reverse("registers:afstemning", args=[organisation.home_kommune.code])
        + f"?organisation={organisation.number}"
    )
    return [
        BriefingPoint(
            source="register_afstemning",
            title=TITLE,
            text=" ".join(sentences),
            evidence_url=url,
            severity="warning" if counts else "info",
            department_ids=tuple(
                sorted({d.department_id for d in parts if d.department_id is not None})
            ),
            order=90,
        )
    ]


def kvarterprofiles(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    """A point for reviewing the kvarterprofiler, naming departments in listed areas."""
    depts = (
        ResidentIndicator.objects.filter(department__organisation=organisation)
        .values_list("department", flat=True)
        .distinct()
    )
    n = depts.count()
    if not n:
        return []
    listed = (
        AreaClassification.objects.filter(area__departments__organisation=organisation)
        .exclude(category="")
        .select_related("area")
        .order_by("area", "-list_year")
    )
    latest: dict[int, AreaClassification] = {}
    for c in listed:
        latest.setdefault(c.area_id, c)
    text = f"Kvarterprofiler for {n} afdelinger med beboerdata."
    if latest:
        text += (
            " Boligområder på listerne: "
            + ", ".join(
                f"{c.area.name} ({c.label.lower()}, {c.list_year})" for c in latest.values()
            )
            + "."
        )
    first = organisation.departments.filter(pk__in=depts).order_by("number").first()
    url = reverse("registers:kvarterprofil", args=[organisation.number, first.number])
    return [
        BriefingPoint(
            source="kvarterprofil",
            title="Gennemgang af kvarterprofiler",
            text=text,
            evidence_url=url,
            severity="warning" if latest else "info",
            order=60,
        )
    ]
