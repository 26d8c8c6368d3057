"""Writes to the registry. Keyword-only, validated first, one transaction each.

``load_world`` loads a whole synthetic (or converted) world: it checks every record, reports
*all* problems in Danish and writes nothing unless everything is valid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from almen import reference
from almen.kontoplan import Plan, shipped_plan
from almen.synth.model import (
    DEMO_KONTI,
    SynthAccountLine,
    SynthDepartment,
    SynthOrganisation,
    SynthWorld,
)
from styringsdialog.lib.bulk import insert_rows
from styringsdialog.registry.models import (
    Account,
    AccountLine,
    ChartOfAccounts,
    DataSource,
    Department,
    Kommune,
    Organisation,
    Region,
)

Progress = Callable[[str, int, int], None]


class RegistryError(Exception):
    """Invalid registry input. ``errors`` holds every problem found, in Danish."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class LoadSummary:
    kommuner: int
    organisations: int
    departments: int
    account_lines: int


def ensure_kommuner() -> int:
    """Create the 5 regions and 98 kommuner from the package's reference data (idempotent)."""
    regions = {
        r.code: Region.objects.update_or_create(code=r.code, defaults={"name": r.name})[0]
        for r in reference.regioner()
    }
    for k in reference.kommuner():
        Kommune.objects.update_or_create(
            code=k.code,
            defaults={
                "name": k.name,
                "official_name": k.official_name,
                "region": regions[k.region_code],
            },
        )
    return Kommune.objects.count()


def load_chart_of_accounts(
    *, plan: Plan, sha256: str = "", replace_unused: bool = False
) -> tuple[ChartOfAccounts, bool]:
    """Store a kontoplan version (``almen.kontoplan.Plan``); returns (chart, created).

    A version is immutable once stored: loading the same version again with the same accounts
    changes nothing; with other accounts it is refused (give the new plan a new version), unless
    ``replace_unused`` and no account line points at the version yet.
    """
    wanted = {(a.konto, a.name, a.group, a.evidence, a.source) for a in plan.accounts}
    with transaction.atomic():
        chart = ChartOfAccounts.objects.select_for_update().filter(version=plan.version).first()
        if chart is not None:
            have = set(chart.accounts.values_list("konto", "name", "group", "evidence", "source"))
            if have == wanted:
                return chart, False
            if not replace_unused or AccountLine.objects.filter(chart=chart).exists():
                raise ValidationError(
                    f"Kontoplanen version {plan.version} findes allerede med et andet indhold. "
                    "En indlæst version ændres ikke; giv den nye plan et nyt versionsnummer."
                )
            chart.accounts.all().delete()
        else:
            chart = ChartOfAccounts(version=plan.version)
        chart.valid_from = plan.valid_from
        chart.note = plan.note
        chart.source = plan.source
        chart.sha256 = sha256
        chart.loaded_at = timezone.now()
        chart.save()
        Account.objects.bulk_create(
            Account(
                chart=chart,
                konto=a.konto,
                name=a.name,
                group=a.group,
                evidence=a.evidence,
                source=a.source,
            )
            for a in plan.accounts
        )
    return chart, True


def ensure_chart_of_accounts() -> ChartOfAccounts:
    """The kontoplan that ships with the project (``almen/data/kontoplan_afdelinger.json``)."""
    return load_chart_of_accounts(plan=shipped_plan())[0]


def validate_world(world: SynthWorld, known_kommuner: set[str]) -> list[str]:
    """Every problem in the world, as Danish messages. Empty list: it can be loaded."""
    errors: list[str] = []
    orgs: set[str] = set()
    for o in world.organisations:
        errors += _validate_org(o, known_kommuner, orgs)
    depts: set[tuple[str, str]] = set()
    for d in world.departments:
        errors += _validate_dept(d, known_kommuner, orgs, depts)
    bad_konti = {line.konto for line in world.account_lines} - set(DEMO_KONTI)
    errors += [f"Ukendt konto {k!r} i regnskabslinjerne." for k in sorted(bad_konti)]
    return errors


def _validate_org(o: SynthOrganisation, kommuner: set[str], seen: set[str]) -> list[str]:
    errors = []
    if o.home_kommune not in kommuner:
        errors.append(f"Organisation {o.number} ({o.name}): ukendt kommunekode {o.home_kommune!r}.")
    if not (len(o.number) == 4 and o.number.isdigit()):
        errors.append(f"Organisation {o.number!r}: LBF-nummeret skal være fire cifre.")
    if o.number in seen:
        errors.append(f"Organisation {o.number}: nummeret findes to gange.")
    seen.add(o.number)
    return errors


def _validate_dept(
    d: SynthDepartment, kommuner: set[str], orgs: set[str], seen: set[tuple[str, str]]
) -> list[str]:
    label = f"Afdeling {d.org_number}-{d.number} ({d.name})"
    errors = []
    if d.org_number not in orgs:
        errors.append(f"{label}: organisationen {d.org_number} findes ikke.")
    if d.kommune_code not in kommuner:
        errors.append(f"{label}: ukendt kommunekode {d.kommune_code!r}.")
    if not (len(d.number) == 3 and d.number.isdigit()):
        errors.append(f"{label}: afdelingsnummeret skal være tre cifre.")
    if (d.org_number, d.number) in seen:
        errors.append(
            f"{label}: afdelingsnummeret {d.number} findes to gange i organisation {d.org_number}."
        )
    seen.add((d.org_number, d.number))
    for t, v in {**d.dwellings, **{f"m² {k}": a for k, a in d.area_m2.items()}}.items():
        if v < 0:
            errors.append(f"{label}: negativ værdi for {t} ({v}).")
    if d.rent_per_m2 < 0:
        errors.append(f"{label}: negativ husleje ({d.rent_per_m2}).")
    return errors


def registry_is_empty() -> bool:
    return not Organisation.objects.exists()


def load_world(
    world: SynthWorld, *, source_name: str, progress: Progress | None = None
) -> LoadSummary:
    """Validate and load a world into an empty registry, all-or-nothing."""
    ensure_kommuner()
    kommuner = dict(Kommune.objects.values_list("code", "pk"))
    errors = validate_world(world, set(kommuner))
    if not registry_is_empty():
        errors.insert(
            0,
            "Registret indeholder allerede boligorganisationer; demodata indlæses kun i en tom database.",
        )
    if errors:
        raise RegistryError(errors)
    report = progress or (lambda stage, done, total: None)
    with transaction.atomic():
        chart = ensure_chart_of_accounts()
        source = DataSource.objects.create(
            kind=DataSource.Kind.DEMO,
            name=source_name,
            reference_date=date(max(world.years), 12, 31),
        )
        org_ids = _load_organisations(world.organisations, kommuner, source)
        report("Organisationer", len(org_ids), len(org_ids))
        dept_ids = _load_departments(world.departments, kommuner, org_ids, source, report)
        n_lines = _load_account_lines(world.account_lines, dept_ids, chart, source, report)
    return LoadSummary(len(kommuner), len(org_ids), len(dept_ids), n_lines)


def _load_organisations(
    orgs: list[SynthOrganisation], kommuner: dict[str, int], source: DataSource
) -> dict[str, int]:
    Organisation.objects.bulk_create(
        [
            Organisation(
                number=o.number,
                cvr=o.cvr,
                name=o.name,
                home_kommune_id=kommuner[o.home_kommune],
                administrator=o.administrator,
                source=source,
            )
            for o in orgs
        ],
        batch_size=1000,
    )
    return dict(Organisation.objects.values_list("number", "pk"))


def _department_from(
    d: SynthDepartment, kommuner: dict[str, int], org_ids: dict[str, int], source: DataSource
) -> Department:
    dept = Department(
        organisation_id=org_ids[d.org_number],
        number=d.number,
        name=d.name,
        kommune_id=kommuner[d.kommune_code],
        address=d.address,
        year_built=d.year_built,
        taken_into_use=d.taken_into_use,
        building_type=d.building_type,
        has_board=d.has_board,
        lease_units=Decimal(str(round(d.lease_units, 2))),
        rent_per_m2=Decimal(d.rent_per_m2),
        bbr_property_numbers=list(d.bbr_property_numbers),
        dar_address_ids=list(d.dar_address_ids),
        source=source,
    )
    for t in Department.HOUSING_TYPES:
        setattr(dept, f"dwellings_{t}", d.dwellings.get(t, 0))
        setattr(dept, f"area_{t}", d.area_m2.get(t, 0))
    dept.recompute_totals()
    return dept


def _load_departments(
    depts: list[SynthDepartment],
    kommuner: dict[str, int],
    org_ids: dict[str, int],
    source: DataSource,
    report: Progress,
) -> dict[tuple[str, str], int]:
    batch = 2000
    for start in range(0, len(depts), batch):
        Department.objects.bulk_create(
            [_department_from(d, kommuner, org_ids, source) for d in depts[start : start + batch]]
        )
        report("Afdelinger", min(start + batch, len(depts)), len(depts))
    return {
        (o, n): pk
        for o, n, pk in Department.objects.values_list("organisation__number", "number", "pk")
    }


def _load_account_lines(
    lines: list[SynthAccountLine],
    dept_ids: dict[tuple[str, str], int],
    chart: ChartOfAccounts,
    source: DataSource,
    report: Progress,
) -> int:
    """Half a million rows: ``lib.bulk`` is ~10× faster than ``bulk_create`` here."""
    total = len(lines)
    rows = (
        (
            dept_ids[(x.org_number, x.dept_number)],
            x.year,
            x.konto,
            _ore_to_kr(x.amount_ore),
            chart.pk,
            source.pk,
        )
        for x in lines
    )
    return insert_rows(
        AccountLine,
        ("department", "year", "konto", "amount", "chart", "source"),
        rows,
        batch=20000,
        progress=lambda done: report("Regnskabslinjer", done, total),
    )


def _ore_to_kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole}.{frac:02d}"


def create_organisation(
    *, number: str, name: str, home_kommune_code: str, cvr: str = "", administrator: str = ""
) -> Organisation:
    """Create one organisation, with Danish errors for unknown kommune and duplicate numbers."""
    errors = _validate_org(
        SynthOrganisation(
            number=number,
            cvr=cvr,
            name=name,
            home_kommune=home_kommune_code,
            administrator=administrator,
        ),
        set(Kommune.objects.values_list("code", flat=True)),
        set(Organisation.objects.filter(number=number).values_list("number", flat=True)),
    )
    if errors:
        raise RegistryError(errors)
    with transaction.atomic():
        return Organisation.objects.create(
            number=number,
            name=name,
            cvr=cvr,
            administrator=administrator,
            home_kommune=Kommune.objects.get(code=home_kommune_code),
        )
