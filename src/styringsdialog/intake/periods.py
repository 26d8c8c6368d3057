"""Accounting periods, deadlines and how late a package is (DOMAIN.md §1.2, §1.6, §11.2).

Styringsår N is built on the accounting period that ends in year N−1: 1/1–31/12 N−1 for a
calendar year, 1/4 N−2 – 31/3 N−1 for an organisation whose year starts 1 April. Provisional
accounts go to LBF within 5 months of the period's end, formal accounts within 6 months.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

PROVISIONAL_MONTHS = 5
FORMAL_MONTHS = 6


def _days(n: int) -> str:
    """The number of days in Danish: 1 dag, 2 dage."""
    return f"{n} dag" if n == 1 else f"{n} dage"


def add_months(d: date, months: int) -> date:
    """``d`` plus whole months; the last day of a month stays the last day (31/3 + 6 → 30/9)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    at_month_end = d.day == calendar.monthrange(d.year, d.month)[1]
    return date(year, month + 1, last if at_month_end else min(d.day, last))


def period_for(styringsaar: int, start_month: int = 1) -> tuple[date, date]:
    """(first day, last day) of the accounting period behind styringsår ``styringsaar``."""
    if not 1 <= start_month <= 12:
        raise ValueError(f"start_month must be 1–12, got {start_month}")
    end_year = styringsaar - 1
    end_month = 12 if start_month == 1 else start_month - 1
    end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    start = date(end_year if start_month == 1 else end_year - 1, start_month, 1)
    return start, end


def deadlines(period_end: date) -> tuple[date, date]:
    """(provisional accounts to LBF, formal accounts to the kommune and LBF)."""
    return add_months(period_end, PROVISIONAL_MONTHS), add_months(period_end, FORMAL_MONTHS)


@dataclass(frozen=True)
class DeadlineState:
    """How a package stands against its deadlines. ``severity`` picks the colour, ``label`` says it."""

    code: str
    label: str
    severity: str  # "ok" | "info" | "warning" | "danger"

    @property
    def is_late(self) -> bool:
        return self.severity == "danger"


def missing_state(styringsaar: int, today: date, start_month: int = 1) -> DeadlineState:
    """The state of a package that has not been created: late once the formal deadline has passed."""
    formal = deadlines(period_for(styringsaar, start_month)[1])[1]
    if today > formal:
        return DeadlineState(
            "ikke_oprettet", "Ingen pakke oprettet, og fristen er passeret", "danger"
        )
    return DeadlineState("ikke_oprettet", "Ingen pakke oprettet endnu", "info")


def deadline_state(
    *, submitted_on: date | None, deadline_provisional: date, deadline_formal: date, today: date
) -> DeadlineState:
    """The package's state on ``today``: submitted on time or late, waiting, or overdue."""
    if submitted_on is not None:
        if submitted_on > deadline_formal:
            days = (submitted_on - deadline_formal).days
            return DeadlineState(
                "for_sent", f"Indsendt for sent ({_days(days)} efter fristen)", "warning"
            )
        return DeadlineState("rettidig", "Indsendt rettidigt", "ok")
    if today > deadline_formal:
        days = (today - deadline_formal).days
        return DeadlineState(
            "overskredet", f"Ikke indsendt – fristen er overskredet med {_days(days)}", "danger"
        )
    if today > deadline_provisional:
        return DeadlineState(
            "foreloebig_overskredet", "Ikke indsendt – fristen til LBF er passeret", "warning"
        )
    return DeadlineState("afventer", "Afventer indsendelse", "info")


def correction_deadline(deadline_provisional: date, window_months: int) -> date:
    """The last day corrections to the provisional accounts are accepted: the deadline to LBF plus
    the correction window (one month, BEK 1238/2010; ``INTAKE_CORRECTION_WINDOW_MONTHS``)."""
    return add_months(deadline_provisional, window_months)


def lateness(
    *,
    submitted_on: date | None,
    deadline_provisional: date,
    deadline_formal: date,
    window_months: int,
    today: date,
) -> tuple[str, str, int] | None:
    """(code, Danish text, days) when a package is late or was submitted late, else None.

    Late means after the formal deadline and after the correction window (whichever is later);
    after the deadline to LBF but within the correction window is reported as such, not as late.
    """
    last = max(deadline_formal, correction_deadline(deadline_provisional, window_months))
    if submitted_on is None:
        if today > last:
            days = (today - last).days
            return (
                "ikke_indsendt",
                f"Pakken er ikke indsendt; fristen var {last:%d.%m.%Y} ({_days(days)} siden).",
                days,
            )
        return None
    if submitted_on > last:
        days = (submitted_on - last).days
        return (
            "for_sent",
            f"Pakken blev indsendt {submitted_on:%d.%m.%Y}, {_days(days)} efter fristen {last:%d.%m.%Y}.",
            days,
        )
    if submitted_on > deadline_provisional:
        days = (submitted_on - deadline_provisional).days
        return (
            "korrektionsperiode",
            f"Pakken blev indsendt {submitted_on:%d.%m.%Y}, efter fristen til LBF ({deadline_provisional:%d.%m.%Y}), men inden for korrektionsperioden til {last:%d.%m.%Y}.",
            days,
        )
    return None
