"""A register difference becomes a case for the organisation (C6 → C9).

The text is built here, from the stored figures and difference parts of the newest
reconciliation run, and the case is opened through the meetings app's public write API
(``meetings.services.open_case``): no case text travels through a form."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from almen.formatting import format_number
from styringsdialog.meetings import services as meetings_services
from styringsdialog.registers import queries
from styringsdialog.registers.models import Difference, ReconciliationRun
from styringsdialog.registry.models import Department


def _num(value: int | None) -> str:
    return "–" if value is None else format_number(value)


def difference_case_text(
    *,
    department: Department,
    figures: dict[str, tuple[int | None, int | None]],
    parts: list[Difference],
) -> tuple[str, str]:
    """(title, text) of the case about ``department``'s LBF/BBR difference."""
    lbf = figures.get("lbf", (None, None))
    bbr = figures.get("bbr", (None, None))
    title = f"Uoverensstemmelse mellem LBF og BBR i afd. {department.number} {department.name}"
    text = (
        f"LBF stamdata: {_num(lbf[0])} boliger og {_num(lbf[1])} m². "
        f"BBR: {_num(bbr[0])} boliger og {_num(bbr[1])} m²."
    )
    for p in parts:
        sign = "+" if p.amount > 0 else ""
        text += f" {p.get_measure_display()} {sign}{_num(p.amount)}: {p.get_reason_display()}."
    text += f" Oplysningerne sendes til {department.organisation.name}."
    return title, text


@transaction.atomic
def open_difference_case(
    *, department: Department, by: Any, on: date | None = None
) -> tuple[Any, bool]:
    """Open a case (category "andet") about the department's difference in the newest run;
    returns ``(case, created)`` — a second click finds the open case instead of a duplicate. The
    case is a ``meetings`` Case: this app reaches meetings only through ``meetings.services``.

    Raises ``ValidationError`` (Danish) when there is no run or no difference to report."""
    run = ReconciliationRun.objects.latest_for_department(department)
    if run is None:
        raise ValidationError("Der er ingen afstemning for afdelingen.")
    parts = sorted(
        Difference.objects.filter(run=run, department=department).department_level(),
        key=queries.part_order,
    )
    if not parts:
        raise ValidationError("Afdelingen har ingen uoverensstemmelser i den nyeste afstemning.")
    figures = queries.department_figures(run=run, department=department)
    title, text = difference_case_text(department=department, figures=figures, parts=parts)
    return meetings_services.open_case_once(
        department=department,
        category=meetings_services.CASE_CATEGORY_OTHER,
        title=title,
        opened_on=on or timezone.localdate(),
        text=text,
        by=by,
    )
