"""Briefing source "anvisning" (registered in ``apps.AnvisningConfig.ready``): the figures of
the organisation's departments in its home kommune, as the draft of the minutes under the
template item "Anvisning – samarbejde med boligkontoret". Aggregates only."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from styringsdialog.anvisning.models import LedgerEntry
from styringsdialog.anvisning.queries import kommune_figures
from styringsdialog.anvisning.text import year_sentence
from styringsdialog.registry.briefing import BriefingPoint

TITLE = "Anvisning – samarbejde med boligkontoret"


def anvisning_text(organisation: Any, styringsaar: int) -> tuple[str, str] | None:
    """(text, severity) for the organisation and styringsår, or None without a ledger."""
    kommune = organisation.home_kommune
    if kommune is None:
        return None
    entries = LedgerEntry.objects.filter(department__organisation=organisation)
    if not entries.filter(kommune=kommune).exists():
        return None
    year = styringsaar - 1
    lines: list[str] = []
    severity = "info"
    org_rows, dept_rows = kommune_figures(kommune, entries)
    for row in org_rows:
        shown = [y for y in row.years if y.year <= year][-1:]
        for f in shown:
            lines.append(year_sentence("I alt", f))
        if row.trend:
            lines.append(f"Udviklingen i den opnåede andel er {row.trend}.")
    for row in dept_rows:
        shown = [y for y in row.years if y.year == year]
        for f in shown:
            sentence = year_sentence(f"Afd. {row.key.split('-')[1]}", f)
            if f.below_agreed:
                severity = "warning"
            lines.append(sentence)
        if row.prevention:
            lines.append(
                f"Afd. {row.key.split('-')[1]} ligger i et forebyggelsesområde: husstande på "
                "visse overførselsindkomster kan ikke anvises dertil."
            )
    if not lines:
        return None
    return " ".join(lines), severity


def anvisning_points(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    found = anvisning_text(organisation, styringsaar)
    if found is None:
        return []
    text, severity = found
    return [
        BriefingPoint(
            source="anvisning",
            title=TITLE,
            text=text,
            evidence_url=reverse("anvisning:organisation", args=[organisation.number]),
            severity=severity,
            order=60,
        )
    ]
