"""Synthetic resident indicators (kvarterprofil) for the demo, with three residential areas.

Departments in Ballerup, København and Aarhus with at least 100 residents and 50 households get
figures for 2019–2024 (smaller ones are left out, as LBF's diskretionering would). Three areas
are built from large departments, with the values below, so the lists have known answers:

* København, "Nordvestparken": ghettoområde/parallelsamfund every year 2019–2024, so an
  omdannelsesområde from 2023 (5 years running under the 2021 rules);
* København, "Sundbyvang": no category 2019–2020, forebyggelsesområde from 2021 (the category
  exists from the 2021 rules; 2024 sits exactly on the ≥ 2× conviction threshold);
* Ballerup, "Ballerup Vest" (not Almenbo): no category (the seed referat had no remarks).
"""

from __future__ import annotations

import hashlib

import numpy as np

from almen import registers as R
from almen.synth import SynthDepartment, SynthWorld
from styringsdialog.registers.services.residents import store_resident_rows

YEARS = tuple(range(2019, 2025))
KOMMUNER = ("151", "101", "751")
PERSONS = {"familie": 2.1, "ungdom": 1.1, "aeldre": 1.3, "pleje": 1.0}
HOUSEHOLDS = {"familie": 0.95, "ungdom": 1.0, "aeldre": 0.98, "pleje": 1.0}
FIELDS = ("non_western_pct", "unemployed_pct", "convicted_ratio", "low_education_pct", "income_pct")

# area code, name, kommune, minimum residents, values per field for 2019..2024
Area = tuple[str, str, str, int, dict[str, tuple[float, ...]]]
AREAS: tuple[Area, ...] = (
    (
        "101-01",
        "Nordvestparken",
        "101",
        2500,
        {
            "non_western_pct": (58, 57, 56, 55, 54, 52),
            "unemployed_pct": (46, 45, 44, 43, 42, 41),
            "convicted_ratio": (3.4, 3.3, 3.2, 3.1, 2.9, 2.8),
            "low_education_pct": (64, 63, 62, 61, 60.5, 59),
            "income_pct": (49, 50, 51, 52, 53, 54.5),
        },
    ),
    (
        "101-02",
        "Sundbyvang",
        "101",
        1500,
        {
            "non_western_pct": (33, 34, 35, 35, 36, 36),
            "unemployed_pct": (31, 32, 33, 33, 32, 31),
            "convicted_ratio": (1.8, 1.9, 2.1, 2.2, 2.1, 2.0),
            "low_education_pct": (52, 52, 53, 52, 51, 50),
            "income_pct": (66, 65, 64, 63, 63, 64),
        },
    ),
    (
        "151-01",
        "Ballerup Vest",
        "151",
        1000,
        {
            "non_western_pct": (24, 24, 25, 25, 26, 26),
            "unemployed_pct": (27, 27, 26, 26, 25, 25),
            "convicted_ratio": (1.4, 1.4, 1.3, 1.3, 1.2, 1.2),
            "low_education_pct": (45, 44, 44, 43, 43, 42),
            "income_pct": (72, 72, 73, 73, 74, 74),
        },
    ),
)


def _people(d: SynthDepartment) -> tuple[int, int]:
    residents = round(sum(n * PERSONS[t] for t, n in d.dwellings.items()))
    households = round(sum(n * HOUSEHOLDS[t] for t, n in d.dwellings.items()))
    return residents, households


def _rng(d: SynthDepartment) -> np.random.Generator:
    seed = int(
        hashlib.sha1(
            f"beboer/{d.org_number}/{d.number}".encode(), usedforsecurity=False
        ).hexdigest()[:12],
        16,
    )
    return np.random.default_rng(seed)


def _own_values(d: SynthDepartment) -> dict[str, list[float]]:
    rng = _rng(d)
    base = {
        "non_western_pct": rng.uniform(5, 35),
        "unemployed_pct": rng.uniform(15, 35),
        "convicted_ratio": rng.uniform(0.6, 2.0),
        "low_education_pct": rng.uniform(30, 55),
        "income_pct": rng.uniform(60, 95),
    }
    drift = {k: rng.normal(0, v / 60) for k, v in base.items()}
    return {
        k: [base[k] + drift[k] * i + rng.normal(0, base[k] / 40) for i in range(len(YEARS))]
        for k in FIELDS
    }


def _near(d: SynthDepartment, values: dict[str, tuple[float, ...]]) -> dict[str, list[float]]:
    rng = _rng(d)
    return {
        k: [v + rng.normal(0, 1.5 if k != "convicted_ratio" else 0.1) for v in values[k]]
        for k in FIELDS
    }


def _members(
    depts: list[SynthDepartment], taken: set[tuple[str, str]], kommune: str, minimum: int
) -> list[SynthDepartment]:
    pool = sorted(
        (
            d
            for d in depts
            if d.kommune_code == kommune
            and d.org_number != "0151"
            and (d.org_number, d.number) not in taken
        ),
        key=lambda d: (-d.total_dwellings, d.org_number, d.number),
    )
    out, total = [], 0
    for d in pool:
        if total >= minimum:
            break
        out.append(d)
        total += _people(d)[0]
    return out


def _clip(field: str, value: float) -> float:
    top = 10.0 if field == "convicted_ratio" else 100.0 if field != "income_pct" else 300.0
    return round(min(max(value, 0.0), top), 1 if field != "convicted_ratio" else 2)


def _row(
    year_i: int,
    d: SynthDepartment | None,
    area: Area | None,
    people: tuple[int, int],
    values: dict[str, list[float]],
    area_code: str | None,
) -> R.ResidentRow:
    indicators = {f: _clip(f, values[f][year_i]) for f in FIELDS}
    if d is not None:
        kommune_code = d.kommune_code
    else:
        assert area is not None, "an area row needs its area"
        kommune_code = area[2]
    return R.ResidentRow(
        row=0,
        year=YEARS[year_i],
        level="afdeling" if d else "omraade",
        org_number=d.org_number if d else None,
        dept_number=d.number if d else None,
        area_code=area_code,
        area_name=area[1] if area else "",
        kommune_code=kommune_code,
        residents=people[0],
        households=people[1],
        values={**indicators, "convicted_pct": None},
    )


def resident_rows(world: SynthWorld) -> list[R.ResidentRow]:
    """The demo's beboerdata rows (departments and areas), deterministic for a world."""
    depts = [d for d in world.departments if d.kommune_code in KOMMUNER]
    taken: set[tuple[str, str]] = set()
    rows: list[R.ResidentRow] = []
    membership: dict[tuple[str, str], str] = {}
    for area in AREAS:
        code, _, kommune, minimum, values = area
        members = _members(depts, taken, kommune, minimum)
        if not members:
            continue
        taken |= {(d.org_number, d.number) for d in members}
        membership.update({(d.org_number, d.number): code for d in members})
        totals = (sum(_people(d)[0] for d in members), sum(_people(d)[1] for d in members))
        rows += [
            _row(i, None, area, totals, {k: list(v) for k, v in values.items()}, code)
            for i in range(len(YEARS))
        ]
    areas = {a[0]: a for a in AREAS}
    for d in depts:
        people = _people(d)
        if people[0] < 100 or people[1] < 50:
            continue
        area_code = membership.get((d.org_number, d.number))
        dept_values = _near(d, areas[area_code][4]) if area_code else _own_values(d)
        rows += [_row(i, d, None, people, dept_values, area_code) for i in range(len(YEARS))]
    return rows


def load_resident_demo(*, world: SynthWorld) -> None:
    rows = resident_rows(world)
    digest = hashlib.sha256(
        repr(
            [(r.year, r.level, r.org_number, r.dept_number, r.area_code, r.values) for r in rows]
        ).encode()
    ).hexdigest()
    store_resident_rows(
        rows=rows,
        file_name="demo-beboerdata.csv",
        sha256=digest,
        note="Syntetiske beboerdata (demo); ingen rigtige personoplysninger.",
    )
