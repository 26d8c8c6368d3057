"""Named public reads: filter choices for the portal and the organisation's dataark (with embargo).

Everything here is public, so it reads only published referater and — for key figures — only
styringsår whose dialogue meeting has been marked held (DOMAIN §1.6: the publication gate).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import Count, Max, Q, Sum

from almen.keyfigures import annualise, months_in_use
from styringsdialog.benchmarking.queries.inputs import newest_accounting_year, year_facts
from styringsdialog.meetings.models import Meeting
from styringsdialog.publication.models import PublishedReferat
from styringsdialog.registry.models import AccountLine, Department, Kommune, Organisation

PROVISIONS_KONTO = "120"  # henlæggelser til planlagt og periodisk vedligeholdelse og fornyelse


def published_generation() -> str:
    """Changes whenever anything is published: the number of referater and versions, the newest.

    Published rows are never changed or deleted (migrations 0004/0005), so a new referat or a
    correction is the only change — one small aggregate, the key of the public page cache.
    """
    row = PublishedReferat.objects.order_by().aggregate(
        n=Count("pk"), newest=Max("updated_at"), versions=Max("current_id")
    )
    newest = row["newest"].timestamp() if row["newest"] else 0
    return f"{row['n']}-{row['versions'] or 0}-{newest}"


def kommune_choices() -> list[tuple[str, str]]:
    ids = PublishedReferat.objects.values("kommune_id")
    return list(
        Kommune.objects.filter(pk__in=ids).order_by("name").values_list("code", "official_name")
    )


def organisation_choices() -> list[tuple[str, str]]:
    ids = PublishedReferat.objects.values("organisation_id")
    others = PublishedReferat.other_organisations.through.objects.values("organisation_id")
    qs = Organisation.objects.filter(Q(pk__in=ids) | Q(pk__in=others)).order_by("name")
    return [(number, f"{name} ({number})") for number, name in qs.values_list("number", "name")]


def year_choices() -> list[int]:
    return list(
        PublishedReferat.objects.order_by("-styringsaar")
        .values_list("styringsaar", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class DepartmentFigures:
    number: str
    name: str
    kommune: str
    dwellings: int
    area: int
    rent_per_m2: Decimal | None
    provisions_per_m2: Decimal | None
    annualised: bool = False
    """Provisions of a part year (taken into use during the year) shown as a full-year rate."""


@dataclass
class YearSheet:
    """One styringsår on the dataark: figures only when its meeting is held (else embargoed)."""

    styringsaar: int
    held: bool
    meeting_date: object = None
    departments: list[DepartmentFigures] = field(default_factory=list)

    @property
    def regnskabsaar(self) -> int:
        return self.styringsaar - 1

    @property
    def total_dwellings(self) -> int:
        return sum(d.dwellings for d in self.departments)

    @property
    def total_area(self) -> int:
        return sum(d.area for d in self.departments)


def year_sheets(org: Organisation) -> list[YearSheet]:
    """Newest styringsår first. A year counts as held when any of its meetings is marked held."""
    years: dict[int, YearSheet] = {}
    meetings = Meeting.objects.for_organisation(org.pk).order_by("-styringsaar", "date")
    for styringsaar, status, held_at, on in meetings.values_list(
        "styringsaar", "status", "held_at", "date"
    ):
        sheet = years.setdefault(styringsaar, YearSheet(styringsaar, held=False))
        if status == Meeting.Status.HELD or held_at is not None:
            sheet.held, sheet.meeting_date = True, on
    departments = list(org.departments.select_related("kommune").order_by("number"))
    for sheet in years.values():
        if sheet.held:
            sheet.departments = _figures(departments, sheet.regnskabsaar)
    return sorted(years.values(), key=lambda s: -s.styringsaar)


def _figures(departments: list[Department], regnskabsaar: int) -> list[DepartmentFigures]:
    provisions = dict(
        AccountLine.objects.filter(
            department__in=departments, year=regnskabsaar, konto=PROVISIONS_KONTO
        )
        .values_list("department_id")
        .annotate(total=Sum("amount"))
        .values_list("department_id", "total")
    )
    facts = year_facts(regnskabsaar, np.array([d.pk for d in departments], dtype=np.int64))
    newest = newest_accounting_year()
    out = []
    for d in departments:
        taken = d.taken_into_use
        months = int(
            months_in_use(
                np.array([taken.year if taken else 0]),
                np.array([taken.month if taken else 1]),
                regnskabsaar,
            )[0]
        )
        amount = provisions.get(d.pk)
        area = facts.get("area_total", {}).get(d.pk, d.area_total)
        dwellings = facts.get("dwellings_total", {}).get(d.pk, d.dwellings_total)
        per_m2 = None
        if amount is not None and area:
            yearly = float(annualise(np.array([float(amount)]), np.array([months]))[0])
            per_m2 = Decimal(str(round(yearly / float(area), 2)))
        rent: Decimal | None = d.rent_per_m2 if newest is None or regnskabsaar >= newest else None
        if d.pk in facts.get("rent_per_m2", {}):
            rent = Decimal(str(facts["rent_per_m2"][d.pk]))
        out.append(
            DepartmentFigures(
                d.number,
                d.name,
                d.kommune.name,
                int(dwellings),
                int(area),
                rent,
                per_m2,
                annualised=months < 12 and per_m2 is not None,
            )
        )
    return out


def organisation_referater(org: Organisation) -> list[PublishedReferat]:
    return list(
        PublishedReferat.objects.for_organisation(org.number)
        .with_related()
        .order_by("-meeting_date")
    )
