"""Demo construction cases (called by ``styringsdialog demo-data`` after the meetings demo, so
the seed meeting of 27 May 2021 exists).

* Lundebjerg (Almenbo, Ballerup): the new dwellings of the seed referat's item 4 — skema A and
  B, taken into use from 1 August 2020, complaints (painting, hobs, hot water), delayed gardens,
  compensation of three months' rent, defects, meetings with the residents (the one on 9 June
  2021), the cadastral case sent to Geodatastyrelsen; skema C and the 1-year inspection
  afterwards. Its dates are derived from the referat's; it is linked to the referat's item 4,
  to the meetings app's Lundebjerg cases and to the agreement on the energy-grant material.
* Kirstinelund (Almenbo): balconies with LBF renovation support (the referat's item 3 "ny etape
  med opsætning af altaner"), application, recommendation and the kommune's guarantee, dated
  relative to today.
* A new project for a new department, skema A this year and over the maksimumbeløb.

Figures are invented; the demo's rates are marked as not confirmed (illustrative, not Social-
og Boligstyrelsens). Idempotent: nothing is done when the Lundebjerg case exists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from almen import synth
from almen.construction import maksimumbeloeb, pick_rate
from styringsdialog.accounts.models import User
from styringsdialog.construction import services
from styringsdialog.construction.models import ConstructionCase, MaximumRate
from styringsdialog.construction.queries import rate_rows
from styringsdialog.registry.models import Department, Kommune, Organisation

Progress = Callable[[str, int, int], None]
STAGE = "Byggesager"

# Dates of the seed referat (27 May 2021): residents moved in from 1 August 2020; a new
# meeting with the residents on 9 June 2021; the matrikel case had been sent to Geodatastyrelsen.
SEED_MEETING = date(2021, 5, 27)
TAKEN_INTO_USE = date(2020, 8, 1)
RESIDENT_MEETING = date(2021, 6, 9)
LUNDEBJERG_TITLE = "Nye boliger i afd. Lundebjerg"
DEMO_SOURCE = "Demodata: illustrativ sats (ikke Social- og Boligstyrelsens officielle tal)"


def _demo_rate(year: int, region: str, per_dwelling: int, per_m2: int) -> None:
    MaximumRate.objects.get_or_create(
        year=year,
        housing_type="familie",
        region=region,
        defaults={
            "per_dwelling": Decimal(per_dwelling),
            "per_m2": Decimal(per_m2),
            "source": DEMO_SOURCE,
            "confirmed": False,
        },
    )


def _maximum(case: ConstructionCase, year: int) -> Decimal:
    rate = pick_rate(
        rate_rows(), year=year, housing_type=case.housing_type, region=case.rate_region
    )
    assert rate is not None
    return maksimumbeloeb(rate, dwellings=case.dwellings, area_m2=case.area_m2).amount


def load_demo(*, world: Any, progress: Progress | None = None) -> ConstructionCase | None:
    report = progress or (lambda stage, done, total: None)
    if ConstructionCase.objects.filter(title=LUNDEBJERG_TITLE).exists():
        return None
    ballerup = Kommune.objects.get(code=synth.BALLERUP)
    almenbo = Organisation.objects.get(number=synth.ALMENBO_NUMBER)
    torben = User.objects.filter(username="torben").first()
    claus = User.objects.filter(username="claus").first()
    with transaction.atomic():
        services.ensure_seed_rates()
        lundebjerg = load_lundebjerg(ballerup, almenbo, torben=torben, claus=claus)
        report(STAGE, 1, 3)
        kirstinelund_balconies(ballerup, almenbo, by=torben)
        report(STAGE, 2, 3)
        new_project(ballerup, almenbo, by=torben)
        report(STAGE, 3, 3)
    return lundebjerg


def load_lundebjerg(
    kommune: Kommune, organisation: Organisation, *, torben: User | None, claus: User | None
) -> ConstructionCase:
    department = Department.objects.get(organisation=organisation, number=synth.LUNDEBJERG)
    moved_in = department.taken_into_use or TAKEN_INTO_USE
    skema_b = moved_in - timedelta(days=520)  # building start, about 17 months before moving in
    skema_a = skema_b - timedelta(days=270)
    _demo_rate(skema_b.year, "hovedstaden", 0, 23_500)
    case = services.open_construction_case(
        kommune=kommune,
        organisation=organisation,
        department=department,
        kind="nybyggeri",
        title=LUNDEBJERG_TITLE,
        housing_type="familie",
        rate_region="hovedstaden",
        dwellings=department.dwellings_total or 70,
        area_m2=Decimal(department.area_total or 6_300),
        responsible="Torben",
        description=(
            "Opførelsen blev delt op i syv fagentrepriser, for at anskaffelsessummen kunne holdes "
            "inden for maksimumbeløbet (referatet af dialogmødet 27. maj 2021, punkt 4)."
        ),
        opened_on=skema_a - timedelta(days=30),
        by=torben,
    )
    maximum = _maximum(case, skema_b.year)
    rent = Decimal(department.area_total or 6_300) * Decimal(1_050)
    for kind, when, share, annual_rent in (
        ("skema_a", skema_a, Decimal("0.97"), None),
        ("skema_b", skema_b, Decimal("0.985"), rent),
        ("ibrugtagning", moved_in, None, None),
        ("eftersyn_1", moved_in + timedelta(days=365), None, None),
        ("skema_c", moved_in + timedelta(days=487), Decimal("0.996"), rent * Decimal("1.01")),
    ):
        services.record_milestone(
            case=case,
            kind=kind,
            date=when,
            anskaffelsessum=(maximum * share).quantize(Decimal(1)) if share else None,
            annual_rent=annual_rent.quantize(Decimal(1)) if annual_rent else None,
            decision="Godkendt administrativt." if kind.startswith("skema") else "",
            by=torben,
        )
    events: list[dict[str, Any]] = [
        {
            "kind": "kompensation",
            "date": moved_in,
            "text": "Boligerne var endnu ikke helt færdige ved indflytningen; beboerne har fået en "
            "kompensation på tre måneders leje.",
            "months_of_rent": Decimal(3),
            "paid_by": "Ikke oplyst i referatet",
        },
        {
            "kind": "klage",
            "date": SEED_MEETING - timedelta(days=30),
            "text": "Henvendelser fra beboerne i de nye boliger: utilfredshed med malerarbejde, "
            "kogeplader, varmt vand mm.",
        },
        {"kind": "mangel", "date": moved_in, "text": "Malerarbejde", "status": "i_gang"},
        {"kind": "mangel", "date": moved_in, "text": "Kogeplader", "status": "udbedret"},
        {"kind": "mangel", "date": moved_in, "text": "Varmt vand", "status": "i_gang"},
        {
            "kind": "mangel",
            "date": moved_in,
            "text": "Forsinkelser på at etablere haver og udearealer",
            "status": "aaben",
        },
        {
            "kind": "beboermoede",
            "date": RESIDENT_MEETING,
            "text": "Nyt møde med beboerne (tidligere møder er holdt).",
        },
        {
            "kind": "registrering",
            "date": SEED_MEETING,
            "text": "Der arbejdes på at få de nye matrikler på plads; sagen er sendt.",
            "recipient": "Geodatastyrelsen",
            "status": "sendt",
        },
    ]
    for values in events:
        services.add_event(case=case, by=claus if values["kind"] == "klage" else torben, **values)
    _link_to_seed_meeting(case, organisation, by=torben)
    return case


def _link_to_seed_meeting(case: ConstructionCase, organisation: Organisation, *, by: Any) -> None:
    """The seed referat's item 4, the meetings app's Lundebjerg cases and the agreement about
    the energy-grant material (by model name: this app does not import meetings)."""
    agenda_item = apps.get_model("meetings", "AgendaItem")
    meeting_case = apps.get_model("meetings", "Case")
    agreement = apps.get_model("meetings", "Agreement")
    items = agenda_item.objects.filter(
        meeting__organisation=organisation, meeting__date=SEED_MEETING, key="sager"
    ).values_list("pk", flat=True)
    cases = meeting_case.objects.filter(department=case.department).values_list("pk", flat=True)
    agreements = agreement.objects.filter(
        organisation=organisation, departments=case.department
    ).values_list("pk", flat=True)
    services.link(
        case=case,
        by=by,
        case_ids=list(cases),
        agreement_ids=list(agreements),
        agenda_item_ids=list(items),
    )


def kirstinelund_balconies(
    kommune: Kommune, organisation: Organisation, *, by: User | None
) -> ConstructionCase:
    department = Department.objects.get(organisation=organisation, number=synth.KIRSTINELUND)
    today = timezone.localdate()
    case = services.open_construction_case(
        kommune=kommune,
        organisation=organisation,
        department=department,
        kind="renovering_lbf",
        title="Ny etape med altaner i afd. Kirstinelund",
        housing_type="familie",
        dwellings=department.dwellings_total or 212,
        area_m2=Decimal(department.area_total or 16_000),
        loan_amount=Decimal(48_000_000),
        property_value=Decimal(120_000_000),
        prior_debt=Decimal(40_000_000),
        opened_on=today - timedelta(days=240),
        by=by,
    )
    for kind, days_ago in (("lbf_ansoegning", 200), ("anbefaling", 150), ("garanti", 120)):
        services.record_milestone(
            case=case, kind=kind, date=today - timedelta(days=days_ago), by=by
        )
    return case


def new_project(
    kommune: Kommune, organisation: Organisation, *, by: User | None
) -> ConstructionCase:
    today = timezone.localdate()
    _demo_rate(today.year, "" if today.year >= 2024 else "hovedstaden", 350_000, 19_000)
    case = services.open_construction_case(
        kommune=kommune,
        organisation=organisation,
        new_department_name="Lundebjerg Vest",
        kind="nybyggeri",
        title="Nye familieboliger, Lundebjerg Vest",
        housing_type="familie",
        rate_region="hovedstaden",
        dwellings=32,
        area_m2=Decimal(2_720),
        opened_on=today - timedelta(days=120),
        by=by,
    )
    maximum = _maximum(case, today.year)
    services.record_milestone(
        case=case,
        kind="skema_a",
        date=today - timedelta(days=60),
        anskaffelsessum=(maximum * Decimal("1.02")).quantize(Decimal(1)),
        decision="Tilsagn givet; anskaffelsessummen skal nedbringes til maksimumbeløbet før skema B.",
        by=by,
    )
    return case
