"""Demo content for kommunal anvisning (called by ``styringsdialog demo-data``).

* Ballerup: an agreement (frivillig aftale, 25 %) with Almenbo for its departments in Ballerup,
  and a 1/4-rule agreement with each other organisation in Ballerup, with a ledger for the last
  three accounting years of the world in which the shares are met — the seed referat says
  "Samarbejdet med boligkontoret fungerer fint".
* A few other kommuner: a framework agreement (rammeaftale) with a trappemodel over some of
  their departments (steps 1–3, each with its share and flexible letting criteria, and a yearly
  review), and a ledger in which one department falls below its share.

The years come from the world (its last accounting years), so the demo moves with the world's
dates; everything else is drawn from a generator seeded by the world's seed. Idempotent: if
Ballerup already has an anvisning agreement, nothing is done.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction

from almen import synth
from styringsdialog.anvisning import services
from styringsdialog.anvisning.models import AnvisningAgreement
from styringsdialog.registry.models import Department, Kommune, Organisation

Progress = Callable[[str, int, int], None]
STAGE = "Anvisning"
OTHER_KOMMUNER = ("101", "159", "265", "751")  # København, Gladsaxe, Roskilde, Aarhus
STEPS = {
    1: (Decimal(10), "Ingen særlige kriterier."),
    2: (Decimal(20), "Fortrinsret for husstande i beskæftigelse eller under uddannelse."),
    3: (Decimal(33), "Fleksibel udlejning til unge under uddannelse; kommunen anviser hver 3."),
}


def _years(world: Any) -> list[int]:
    years = sorted(getattr(world, "years", ()) or ())
    if not years:
        years = [date.today().year - 1]
    return list(range(years[-1] - 2, years[-1] + 1))


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _ledger(
    rng: random.Random,
    kommune: Kommune,
    department: Department,
    years: list[int],
    share: Decimal,
    *,
    shortfall: bool = False,
) -> None:
    family = department.dwellings_familie or department.dwellings_total or 20
    for year in years:
        vacancies = max(2, round(family * rng.uniform(0.06, 0.1)))
        target = max(1, round(vacancies * float(share) / 100 + 0.3))
        offered = max(1, target - 1) if shortfall else target
        services.set_vacancies(
            department=department, kommune=kommune, year=year, vacancies=vacancies, by=None
        )
        rent = _money(rng.uniform(4800, 8600))
        for n in range(offered):
            offered_on = date(year, 1, 1) + timedelta(days=rng.randrange(0, 330))
            declined = shortfall and n == 0
            days = rng.choice((0, 0, 5, 12, 21, 30))
            values: dict[str, Any] = {
                "address": f"{department.address or department.name} {n + 1}".strip()[:200],
                "rent": rent,
                "outcome": "afslaaet" if declined else "anvist",
                "outcome_on": offered_on + timedelta(days=days + 3),
                "household_ref": "" if declined else f"H-{year}-{rng.randrange(1, 999):03d}",
            }
            if days:
                values.update(
                    vacancy_from=offered_on,
                    vacancy_to=offered_on + timedelta(days=days - 1),
                    vacancy_amount=_money(float(rent) * 12 / 365 * days),
                )
            if not declined and rng.random() < 0.15:
                claimed = _money(rng.uniform(4000, 25000))
                on = min(date(year, 12, 28), offered_on + timedelta(days=rng.randrange(60, 200)))
                approved = _money(float(claimed) * rng.uniform(0.6, 1))
                values.update(
                    guarantee_claimed=claimed,
                    guarantee_claimed_on=on,
                    guarantee_approved=approved,
                    guarantee_paid=approved,
                    guarantee_paid_on=on + timedelta(days=30),
                )
            services.add_entry(
                kommune=kommune,
                department=department,
                dwelling=f"{department.number}{n + 1:02d}{year % 100:02d}",
                offered_on=offered_on,
                by=None,
                **values,
            )


def _ballerup(rng: random.Random, years: list[int]) -> None:
    ballerup = Kommune.objects.get(code=synth.BALLERUP)
    start, end = date(years[0], 1, 1), date(years[-1] + 2, 12, 31)
    for org in Organisation.objects.filter(home_kommune=ballerup).order_by("number"):
        departments = list(
            Department.objects.filter(organisation=org, kommune=ballerup).order_by("number")[:4]
        )
        if not departments:
            continue
        almenbo = org.number == synth.ALMENBO_NUMBER
        share = Decimal(25)
        services.create_agreement(
            kommune=ballerup,
            organisation=org,
            title=f"Anvisningsaftale {ballerup.name} – {org.name}",
            legal_basis="frivillig" if almenbo else "fjerdedel",
            valid_from=start,
            valid_to=end,
            departments=[services.DepartmentTerms(d, share) for d in departments],
            note="Samarbejdet med boligkontoret fungerer fint." if almenbo else "",
            by=None,
        )
        for d in departments:
            _ledger(rng, ballerup, d, years, share)


def _framework(rng: random.Random, kommune: Kommune, years: list[int]) -> None:
    departments = list(
        Department.objects.filter(kommune=kommune, dwellings_familie__gt=20)
        .select_related("organisation")
        .order_by("organisation__number", "number")[:6]
    )
    if not departments:
        return
    steps = [1 + (i % 3) for i in range(len(departments))]
    agreement = services.create_agreement(
        kommune=kommune,
        organisation=None,
        title=f"Strategisk udlejnings- og anvisningsaftale, {kommune.name}",
        legal_basis="frivillig",
        trappemodel=True,
        valid_from=date(years[0], 8, 1),
        valid_to=date(years[-1] + 2, 7, 31),
        departments=[
            services.DepartmentTerms(d, STEPS[s][0], s, STEPS[s][1])
            for d, s in zip(departments, steps, strict=True)
        ],
        note="Trappemodel: afdelingernes trin revurderes hvert år.",
        by=None,
    )
    for i, covered in enumerate(agreement.departments.select_related("department")):
        _ledger(rng, kommune, covered.department, years, covered.share, shortfall=i == 1)
        if i == 0:  # one step moved up at the yearly review
            services.review_step(
                covered=covered,
                year=years[-1],
                share=STEPS[min(3, (covered.step or 1) + 1)][0],
                step=min(3, (covered.step or 1) + 1),
                note="Afdelingen er i god udvikling; flere boliger til kommunen.",
                reviewed_on=date(years[-1], 8, 1),
                by=None,
            )


def load_demo(*, world: Any, progress: Progress | None = None) -> None:
    report = progress or (lambda stage, done, total: None)
    if AnvisningAgreement.objects.filter(kommune__code=synth.BALLERUP).exists():
        return
    rng = random.Random(f"{getattr(world, 'seed', 2021)}-anvisning")
    years = _years(world)
    kommuner = list(Kommune.objects.filter(code__in=OTHER_KOMMUNER).order_by("code"))
    with transaction.atomic():
        _ballerup(rng, years)
        report(STAGE, 1, 1 + len(kommuner))
        for i, kommune in enumerate(kommuner, start=2):
            _framework(rng, kommune, years)
            report(STAGE, i, 1 + len(kommuner))
