"""Kommunal anvisning (DOMAIN.md §7): the figures the styringsdialog discusses. Django-free.

* ``looks_like_cpr`` — a household reference must never be a CPR number: refuse anything
  CPR-shaped (``DDMMYY-XXXX``, ``DDMMYY XXXX`` or ten digits whose first six are a valid date).
* ``vacancy_days_by_year`` — the days the kommune paid rent for an empty dwelling, split at
  1 January (both dates included: from the first day paid to the last).
* ``split_amount`` — an amount split over years in proportion to the days, to the øre, the
  rounding remainder on the last year, so the parts always add up to the whole.
* ``figures`` — per key (department, organisation) and year: dwellings offered and allocated,
  the achieved share (allocated ÷ vacant family dwellings that year) against the agreed share,
  vacancy days and rent paid, guarantee claims, approvals and payments.
* ``trend`` — the direction of the achieved share over the years.

Which year a ledger line counts in: *offered* by the date offered, *allocated*, *declined* and
*returned* by the date of the outcome, vacancy days and rent by the days (split at 1 January),
guarantee claims and approvals by the date claimed, guarantee payments by the date paid.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

__all__ = [
    "LEGAL_BASES",
    "OUTCOMES",
    "STATUTORY_MAX_SHARE",
    "LedgerLine",
    "YearFigures",
    "achieved_share",
    "figures",
    "looks_like_cpr",
    "split_amount",
    "trend",
    "vacancy_days",
    "vacancy_days_by_year",
]

LEGAL_BASES: dict[str, str] = {
    "fjerdedel": "Op til hver 4. ledige familiebolig (1/4-reglen)",
    "frivillig": "Frivillig aftale med boligorganisationen",
    "genhusning": "Genhusning – op til hver 3. ledige bolig",
}
# The share the law allows without an agreement (percent); a voluntary agreement sets its own.
STATUTORY_MAX_SHARE: dict[str, Decimal] = {
    "fjerdedel": Decimal(25),
    "genhusning": Decimal("33.33"),
}
OUTCOMES: dict[str, str] = {
    "afventer": "Afventer",
    "anvist": "Anvist",
    "afslaaet": "Afslået af kommunen",
    "returneret": "Returneret til boligorganisationen",
}

_CPR_RE = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})([- ]?)(\d{4})(?!\d)")
ØRE = Decimal("0.01")


def _valid_ddmmyy(dd: str, mm: str, yy: str) -> bool:
    day, month, year = int(dd), int(mm), int(yy)
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False


def looks_like_cpr(reference: str) -> bool:
    """True when ``reference`` holds something shaped like a CPR number anywhere in it: six
    digits that form a date (DDMMYY), optionally a hyphen or space, then four digits."""
    for m in _CPR_RE.finditer(reference or ""):
        dd, mm, yy, _sep, _tail = m.groups()
        if _valid_ddmmyy(dd, mm, yy):
            return True
    return False


def vacancy_days(start: date | None, end: date | None) -> int:
    """Days from ``start`` to ``end``, both included (0 when either is missing or end < start)."""
    if start is None or end is None or end < start:
        return 0
    return (end - start).days + 1


def vacancy_days_by_year(start: date | None, end: date | None) -> dict[int, int]:
    """The paid vacancy days per calendar year (both dates included)."""
    out: dict[int, int] = {}
    if start is None or end is None or end < start:
        return out
    cursor = start
    while cursor <= end:
        year_end = min(end, date(cursor.year, 12, 31))
        out[cursor.year] = (year_end - cursor).days + 1
        cursor = year_end + timedelta(days=1)
    return out


def split_amount(amount: Decimal, days_by_year: Mapping[int, int]) -> dict[int, Decimal]:
    """``amount`` over the years in proportion to the days, to the øre; the parts add up."""
    total_days = sum(days_by_year.values())
    if not days_by_year or total_days <= 0:
        return {}
    years = sorted(days_by_year)
    out: dict[int, Decimal] = {}
    rest = Decimal(amount)
    for year in years[:-1]:
        part = (Decimal(amount) * days_by_year[year] / total_days).quantize(
            ØRE, rounding=ROUND_HALF_UP
        )
        out[year] = part
        rest -= part
    out[years[-1]] = rest.quantize(ØRE, rounding=ROUND_HALF_UP)
    return out


@dataclass(frozen=True)
class LedgerLine:
    """One dwelling offered to the kommune, as the figures need it (no household data)."""

    key: Hashable  # what the figures group by (a department id, an organisation id, …)
    offered_on: date
    outcome: str = "afventer"
    outcome_on: date | None = None
    vacancy_from: date | None = None
    vacancy_to: date | None = None
    vacancy_amount: Decimal = Decimal(0)
    guarantee_claimed: Decimal = Decimal(0)
    guarantee_approved: Decimal = Decimal(0)
    guarantee_paid: Decimal = Decimal(0)
    guarantee_claimed_on: date | None = None
    guarantee_paid_on: date | None = None


@dataclass
class YearFigures:
    year: int
    offered: int = 0
    allocated: int = 0
    declined: int = 0
    returned: int = 0
    vacancies: int | None = None  # vacant family dwellings in the year (the share's base)
    agreed_share: Decimal | None = None  # percent
    vacant_dwellings: int = 0  # dwellings with paid vacancy days in the year
    vacancy_days: int = 0
    vacancy_amount: Decimal = Decimal(0)
    guarantee_claimed: Decimal = Decimal(0)
    guarantee_approved: Decimal = Decimal(0)
    guarantee_paid: Decimal = Decimal(0)
    guarantee_claims: int = 0

    @property
    def achieved_share(self) -> Decimal | None:
        return achieved_share(self.allocated, self.vacancies)

    @property
    def below_agreed(self) -> bool:
        share = self.achieved_share
        return share is not None and self.agreed_share is not None and share < self.agreed_share

    @property
    def average_vacancy_days(self) -> Decimal | None:
        if not self.vacant_dwellings:
            return None
        return (Decimal(self.vacancy_days) / self.vacant_dwellings).quantize(Decimal("0.1"))

    def as_dict(self) -> dict[str, object]:
        share = self.achieved_share
        avg = self.average_vacancy_days
        return {
            "year": self.year,
            "offered": self.offered,
            "allocated": self.allocated,
            "declined": self.declined,
            "returned": self.returned,
            "vacancies": self.vacancies,
            "agreed_share": None if self.agreed_share is None else str(self.agreed_share),
            "achieved_share": None if share is None else str(share),
            "below_agreed": self.below_agreed,
            "vacancy_days": self.vacancy_days,
            "average_vacancy_days": None if avg is None else str(avg),
            "vacancy_amount": str(self.vacancy_amount),
            "guarantee_claims": self.guarantee_claims,
            "guarantee_claimed": str(self.guarantee_claimed),
            "guarantee_approved": str(self.guarantee_approved),
            "guarantee_paid": str(self.guarantee_paid),
        }


def achieved_share(allocated: int, vacancies: int | None) -> Decimal | None:
    """Allocated ÷ vacant family dwellings, in percent with one decimal (None without a base)."""
    if not vacancies:
        return None
    return (Decimal(100) * allocated / vacancies).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class _Acc:
    years: dict[int, YearFigures] = field(default_factory=dict)

    def year(self, y: int) -> YearFigures:
        if y not in self.years:
            self.years[y] = YearFigures(year=y)
        return self.years[y]


def figures(
    lines: Iterable[LedgerLine],
    *,
    vacancies: Mapping[tuple[Any, int], int] | None = None,
    agreed: Mapping[tuple[Any, int], Decimal] | None = None,
) -> dict[Hashable, list[YearFigures]]:
    """Per key, the figures of every year that has any, oldest first.

    ``vacancies`` and ``agreed`` give, per (key, year), the vacant family dwellings and the agreed
    share (percent); a year that has only these (nothing in the ledger) still appears."""
    acc: dict[Hashable, _Acc] = {}

    def at(key: Hashable, y: int) -> YearFigures:
        return acc.setdefault(key, _Acc()).year(y)

    for line in lines:
        at(line.key, line.offered_on.year).offered += 1
        if line.outcome_on is not None:
            f = at(line.key, line.outcome_on.year)
            if line.outcome == "anvist":
                f.allocated += 1
            elif line.outcome == "afslaaet":
                f.declined += 1
            elif line.outcome == "returneret":
                f.returned += 1
        days = vacancy_days_by_year(line.vacancy_from, line.vacancy_to)
        for y, amount in split_amount(line.vacancy_amount, days).items():
            f = at(line.key, y)
            f.vacant_dwellings += 1
            f.vacancy_days += days[y]
            f.vacancy_amount += amount
        if line.guarantee_claimed_on is not None:
            f = at(line.key, line.guarantee_claimed_on.year)
            f.guarantee_claims += 1
            f.guarantee_claimed += line.guarantee_claimed
            f.guarantee_approved += line.guarantee_approved
        if line.guarantee_paid_on is not None:
            at(line.key, line.guarantee_paid_on.year).guarantee_paid += line.guarantee_paid
    for (key, y), n in (vacancies or {}).items():
        at(key, y).vacancies = n
    for (key, y), share in (agreed or {}).items():
        if key in acc and y in acc[key].years:
            acc[key].years[y].agreed_share = share
    return {key: [a.years[y] for y in sorted(a.years)] for key, a in acc.items()}


def trend(rows: Iterable[YearFigures]) -> str:
    """ "stigende", "faldende", "uændret" or "" — the achieved share of the last two years that
    have one (a change under one percentage point counts as unchanged)."""
    shares = [r.achieved_share for r in rows if r.achieved_share is not None]
    if len(shares) < 2:
        return ""
    diff = shares[-1] - shares[-2]
    if diff >= 1:
        return "stigende"
    if diff <= -1:
        return "faldende"
    return "uændret"
