"""A deterministic synthetic national BBR (and the LBF stamdata and DST figures that go with it).

Built from a synthetic world (``almen.synth``): every department's dwellings become BBR units
(ownership 20, the almen support code of their housing type, usage 140/131, status 6) on the
department's BBR properties and DAR addresses, with m² that add up to the department's
bruttoetageareal. Then the documented discrepancies are planted (``PLANTS`` and the world's
``register_area_differences``), and units of other owners fill the register up to
``total_units``. Table of plants and expected reasons: ``docs/reference/registers.md``.

    bbr = generate_bbr(world, total_units=4_000_000)
    reconcile(units=bbr.units, lbf=bbr.lbf, lbf_reference_date=bbr.lbf_reference_date,
              dst=bbr.dst, dst_reference_date=bbr.dst_reference_date)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import numpy as np

from almen.synth.model import HOUSING_TYPES, SynthDepartment, SynthWorld

from .bbr import PROPERTY_KEY_FACTOR, BbrUnit, format_property_number, property_key
from .columns import UnitColumns, address_key, day_number
from .lbf import LbfDepartment, LbfSection, departments_from_sections
from .synthetic_others import other_owner_units

LBF_REFERENCE_DATE = date(2024, 12, 31)
DST_YEAR = 2025
BBR_EXTRACT_DATE = date(2025, 3, 1)
LATE_UNIT_DATE = date(2025, 2, 1)  # after both LBF's and DST's reference dates
SUPPORT_BY_TYPE = (10, 25, 40, 42)  # order of HOUSING_TYPES
UNMATCHED_PROPERTY_NUMBER = (
    999_001  # above every generated (1,000–899,999) and seed (900,000+) number
)


@dataclass(frozen=True, slots=True)
class PlantSpec:
    kommune: str
    kind: str  # what is done to the units (see ``_apply``)
    units: int  # how many units (0 = all of the department's units; DST residual: the change)
    prefer: str = ""  # a housing type the department should have


# The planted count differences (docs/reference/registers.md, "Planted discrepancies").
PLANTS: tuple[PlantSpec, ...] = (
    PlantSpec("151", "marker_lost", 6),  # ownership 30, no support code → ownership_code −6
    PlantSpec("151", "under_construction", 10),  # status 3 → reference_date −10
    PlantSpec("151", "kommune_owned", 0, prefer="aeldre"),  # ownership 50, support kept → DST only
    PlantSpec("101", "not_residential", 8, prefer="pleje"),  # usage 449 → unit_definition −8
    PlantSpec("101", "unmatched", 5),  # on a property LBF does not list → unmatched_address −5
    PlantSpec("101", "late", 4),  # 4 new units registered 1 Feb 2025 → reference_date +4
    PlantSpec("101", "dst_residual", -12),  # DST counts 12 fewer → unit_definition −12 (LBF vs DST)
)
EXPECTED_REASON = {
    "marker_lost": "ownership_code",
    "under_construction": "reference_date",
    "kommune_owned": "ownership_code",
    "not_residential": "unit_definition",
    "unmatched": "unmatched_address",
    "late": "reference_date",
    "dst_residual": "unit_definition",
    "area": "area_definition",
}


@dataclass(frozen=True, slots=True)
class Plant:
    """One planted discrepancy and the difference it should produce (BBR − LBF, or DST − LBF)."""

    kind: str
    reason: str
    kommune_code: str
    org_number: str | None
    dept_number: str | None
    dwellings: int  # expected difference in dwellings at department level (0 for area/DST-only)
    area_m2: int  # expected m² difference (area plants)
    description: str


@dataclass
class SyntheticBbr:
    units: UnitColumns
    unit_department: np.ndarray  # int32: index into ``departments`` (-1 = other owners)
    unit_address: np.ndarray  # int16: index into the department's DAR ids (-1 = own UUID)
    departments: list[SynthDepartment]
    lbf_sections: list[LbfSection]
    lbf: list[LbfDepartment]
    dst: dict[str, int]
    plants: list[Plant]
    lbf_reference_date: date = LBF_REFERENCE_DATE
    dst_reference_date: date = date(DST_YEAR, 1, 1)
    extract_date: date = BBR_EXTRACT_DATE

    def units_of(self, org_number: str, dept_number: str) -> np.ndarray:
        """Indices of the units built from this department (planted ones included)."""
        i = next(
            k
            for k, d in enumerate(self.departments)
            if (d.org_number, d.number) == (org_number, dept_number)
        )
        return np.nonzero(self.unit_department == i)[0]

    def records(self, index: np.ndarray) -> list[BbrUnit]:
        """``BbrUnit`` records (with stable UUIDs) for the units at ``index``, e.g. for storage."""
        u = self.units
        out = []
        for i in index.tolist():
            d, a = int(self.unit_department[i]), int(self.unit_address[i])
            dar = (
                self.departments[d].dar_address_ids[a]
                if d >= 0 and a >= 0
                else _synthetic_uuid(0xADD, i)
            )
            key = int(u.property_key[i])
            out.append(
                BbrUnit(
                    unit_id=_synthetic_uuid(0xE1D, i),
                    kommune_code=f"{int(u.kommune[i]):03d}",
                    status=str(int(u.status[i])),
                    usage_code=str(int(u.usage[i])),
                    housing_type_code="1" if u.housing_type[i] == 1 else "E",
                    total_area=int(u.total_area[i]),
                    residential_area=int(u.total_area[i]) if u.housing_type[i] == 1 else 0,
                    commercial_area=0,
                    rooms=None,
                    letting_code="1",
                    support_code=str(int(u.support[i])) if u.support[i] >= 0 else "0",
                    address_id=dar,
                    building_id=None,
                    property_number=format_property_number(
                        key // PROPERTY_KEY_FACTOR, key % PROPERTY_KEY_FACTOR
                    ),
                    ownership_code=str(int(u.ownership[i])),
                    valid_from=_date(int(u.valid_from[i])),
                )
            )
        return out


def _synthetic_uuid(kind: int, i: int) -> str:
    """A stable, UUID-shaped id for synthetic unit ``i`` (version-4 layout; never a real id)."""
    return f"5e1d{kind:04x}-0000-4000-8000-{i:012x}"


def _date(days: int) -> date:
    return date.fromordinal(date(1970, 1, 1).toordinal() + days)


def _order(d: SynthDepartment) -> str:
    return hashlib.sha1(f"{d.org_number}-{d.number}".encode(), usedforsecurity=False).hexdigest()


def _almene(depts: list[SynthDepartment]) -> tuple[UnitColumns, np.ndarray, np.ndarray, np.ndarray]:
    """Units of every department (returns columns, department index, DAR index, housing type)."""
    counts = np.array(
        [[d.dwellings.get(t, 0) for t in HOUSING_TYPES] for d in depts], dtype=np.int64
    ).reshape(-1, 4)
    areas = np.array(
        [[d.area_m2.get(t, 0) for t in HOUSING_TYPES] for d in depts], dtype=np.int64
    ).reshape(-1, 4)
    g_dept, g_type = np.nonzero(counts)
    g_n, g_area = counts[g_dept, g_type], areas[g_dept, g_type]
    total = int(g_n.sum())
    dept = np.repeat(g_dept, g_n).astype(np.int32)
    htype = np.repeat(g_type, g_n).astype(np.int8)
    j = np.arange(total) - np.repeat(np.cumsum(g_n) - g_n, g_n)
    area = np.repeat(g_area // np.maximum(g_n, 1), g_n) + (
        j < np.repeat(g_area % np.maximum(g_n, 1), g_n)
    )
    n_dept = counts.sum(axis=1)
    k = np.arange(total) - np.repeat(np.cumsum(n_dept) - n_dept, n_dept)
    n_prop = np.array([max(1, len(d.bbr_property_numbers)) for d in depts])
    n_dar = np.array([max(1, len(d.dar_address_ids)) for d in depts])
    prop_flat = np.array(
        [property_key(p) for d in depts for p in d.bbr_property_numbers], dtype=np.int64
    )
    dar_flat = np.array([address_key(a) for d in depts for a in d.dar_address_ids], dtype=np.int64)
    prop_start = np.cumsum(n_prop) - n_prop
    dar_start = np.cumsum([len(d.dar_address_ids) for d in depts]) - [
        len(d.dar_address_ids) for d in depts
    ]
    prop_idx = k * n_prop[dept] // np.maximum(n_dept[dept], 1)
    dar_idx = (k % n_dar[dept]).astype(np.int16)
    etage = np.array([d.building_type == "etage" for d in depts])
    built = np.array(
        [day_number(d.taken_into_use or date(d.year_built, 6, 1)) for d in depts], dtype=np.int32
    )
    cols = UnitColumns(
        kommune=np.array([int(d.kommune_code) for d in depts], dtype=np.int16)[dept],
        property_key=prop_flat[prop_start[dept] + prop_idx],
        address_key=dar_flat[dar_start[dept] + dar_idx]
        if len(dar_flat)
        else np.zeros(total, np.int64),
        usage=np.where(etage[dept], 140, 131).astype(np.int16),
        status=np.full(total, 6, np.int16),
        support=np.array(SUPPORT_BY_TYPE, dtype=np.int16)[htype],
        ownership=np.full(total, 20, np.int16),
        housing_type=np.ones(total, np.int8),
        total_area=area.astype(np.int32),
        valid_from=built[dept],
    )
    return cols, dept, dar_idx, htype


def _lbf_sections(
    depts: list[SynthDepartment], cols: UnitColumns, dept: np.ndarray, htype: np.ndarray
) -> list[LbfSection]:
    """One LBF row per (department, property, housing type), from the units before any plant.
    The byggeafsnit number is the property's position in the department's list (1, 2, …)."""
    key = (dept.astype(np.int64) * 4 + htype) * 1_000_000_000_000 + cols.property_key
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    n = np.bincount(inverse)
    area = np.bincount(inverse, weights=cols.total_area)
    out = []
    for f, c, a in zip(first.tolist(), n.tolist(), area.tolist(), strict=True):
        d = depts[int(dept[f])]
        pkey = int(cols.property_key[f])
        number = format_property_number(pkey // PROPERTY_KEY_FACTOR, pkey % PROPERTY_KEY_FACTOR)
        section = (
            str(d.bbr_property_numbers.index(number) + 1)
            if number in d.bbr_property_numbers
            else "1"
        )
        out.append(
            LbfSection(
                d.org_number,
                d.number,
                d.name,
                d.kommune_code,
                section,
                number,
                HOUSING_TYPES[int(htype[f])],
                int(c),
                int(round(a)),
            )
        )
    return sorted(
        out,
        key=lambda s: (
            s.org_number,
            s.dept_number,
            int(s.section),
            HOUSING_TYPES.index(s.housing_type),
        ),
    )


def _spread(total: int, n: int) -> np.ndarray:
    return total // n + (np.arange(n) < total % n)


def _pick(depts: list[SynthDepartment], taken: set[int], spec: PlantSpec) -> int | None:
    """The planted department: in the kommune, not Almenbo, not already planted, big enough;
    the preferred housing type first, then a stable pseudo-random order (sha1 of the number)."""
    pool = [
        i
        for i, d in enumerate(depts)
        if d.kommune_code == spec.kommune
        and d.org_number != "0151"
        and i not in taken
        and d.total_dwellings >= spec.units + 10
    ]
    pool.sort(
        key=lambda i: (
            0 if spec.prefer and depts[i].dwellings.get(spec.prefer, 0) else 1,
            _order(depts[i]),
        )
    )
    return pool[0] if pool else None


def _plant(bbr: SyntheticBbr, world: SynthWorld, htype: np.ndarray) -> None:
    """Apply the area plants of ``world`` and the count plants of ``PLANTS`` to ``bbr``."""
    depts, cols, plants = bbr.departments, bbr.units, bbr.plants
    index = {(d.org_number, d.number): i for i, d in enumerate(depts)}
    taken = {index[k] for k in world.register_area_differences if k in index}
    for (org, num), m2 in world.register_area_differences.items():
        if (org, num) not in index:
            continue
        rows = np.nonzero(bbr.unit_department == index[(org, num)])[0]
        before = int(cols.total_area[rows].sum())
        cols.total_area[rows] = _spread(m2, len(rows))
        plants.append(
            Plant(
                "area",
                "area_definition",
                depts[index[(org, num)]].kommune_code,
                org,
                num,
                0,
                m2 - before,
                f"BBR-areal {m2} m² mod LBF {before} m²",
            )
        )
    extra: list[tuple[UnitColumns, int]] = []
    for spec in PLANTS:
        i = None if spec.kind == "dst_residual" else _pick(depts, taken, spec)
        if i is None:
            continue
        taken.add(i)
        rows = np.nonzero(bbr.unit_department == i)[0]
        chosen = rows if spec.units == 0 else rows[-spec.units :]
        if spec.prefer and spec.units == 0:
            preferred = rows[htype[rows] == HOUSING_TYPES.index(spec.prefer)]
            chosen = preferred if len(preferred) else rows
        plants.append(_apply(spec, depts[i], cols, chosen, bbr))
        if spec.kind == "late":
            new = cols.take(np.full(spec.units, rows[0]))
            new.total_area[:] = int(round(cols.total_area[rows].mean()))
            new.valid_from[:] = day_number(LATE_UNIT_DATE)
            extra.append((new, i))
    for new, i in extra:
        cols = UnitColumns.concat([cols, new])
        bbr.unit_department = np.concatenate([bbr.unit_department, np.full(len(new), i, np.int32)])
        bbr.unit_address = np.concatenate([bbr.unit_address, np.zeros(len(new), np.int16)])
    bbr.units = cols


def _apply(
    spec: PlantSpec, d: SynthDepartment, cols: UnitColumns, rows: np.ndarray, bbr: SyntheticBbr
) -> Plant:
    n = len(rows)
    label = f"afd. {d.org_number}-{d.number} {d.name}"
    if spec.kind == "marker_lost":
        cols.ownership[rows], cols.support[rows] = 30, 0
        return Plant(
            spec.kind,
            "ownership_code",
            d.kommune_code,
            d.org_number,
            d.number,
            -n,
            0,
            f"{n} boliger i {label} står med ejerforhold 30 og uden støttekode",
        )
    if spec.kind == "under_construction":
        cols.status[rows] = 3
        return Plant(
            spec.kind,
            "reference_date",
            d.kommune_code,
            d.org_number,
            d.number,
            -n,
            0,
            f"{n} boliger i {label} står som 'under opførsel'",
        )
    if spec.kind == "kommune_owned":
        cols.ownership[rows] = 50
        return Plant(
            spec.kind,
            "ownership_code",
            d.kommune_code,
            d.org_number,
            d.number,
            0,
            0,
            f"{n} almene boliger i {label} ejes af kommunen (ejerforhold 50); DST tæller dem ikke",
        )
    if spec.kind == "not_residential":
        cols.usage[rows] = 449
        return Plant(
            spec.kind,
            "unit_definition",
            d.kommune_code,
            d.org_number,
            d.number,
            -n,
            0,
            f"{n} enheder i {label} er registreret som institution (anvendelse 449)",
        )
    if spec.kind == "unmatched":
        cols.property_key[rows] = (
            int(d.kommune_code) * PROPERTY_KEY_FACTOR + UNMATCHED_PROPERTY_NUMBER
        )
        cols.address_key[rows] = np.arange(n) + 7_000_000_000
        bbr.unit_address[rows] = -1
        return Plant(
            spec.kind,
            "unmatched_address",
            d.kommune_code,
            d.org_number,
            d.number,
            -n,
            0,
            f"{n} boliger i {label} ligger på en ejendom, LBF ikke kender",
        )
    if spec.kind == "late":
        return Plant(
            spec.kind,
            "reference_date",
            d.kommune_code,
            d.org_number,
            d.number,
            spec.units,
            0,
            f"{spec.units} nye boliger i {label} registreret {LATE_UNIT_DATE:%d.%m.%Y}",
        )
    raise ValueError(f"ukendt plantning {spec.kind!r}")


def generate_bbr(
    world: SynthWorld,
    *,
    total_units: int = 4_000_000,
    seed: int | None = None,
    other_owners: bool = True,
) -> SyntheticBbr:
    """The synthetic BBR for ``world``: its almene departments' units with the plants, filled
    with units of other owners up to ``total_units`` (none with ``other_owners=False``).
    Deterministic for a given world and ``seed`` (default: the world's seed)."""
    depts = list(world.departments)
    cols, dept, dar_idx, htype = _almene(depts)
    sections = _lbf_sections(depts, cols, dept, htype)
    dst_day = day_number(date(DST_YEAR, 1, 1))
    bbr = SyntheticBbr(
        cols, dept, dar_idx, depts, sections, departments_from_sections(sections), {}, []
    )
    kommuner = sorted({d.kommune_code for d in depts})
    _plant(bbr, world, htype)
    if other_owners and total_units > len(bbr.units):
        rng = np.random.default_rng([seed if seed is not None else world.seed, 42])
        n = total_units - len(bbr.units)
        bbr.units = UnitColumns.concat([bbr.units, other_owner_units(rng, kommuner, n)])
        bbr.unit_department = np.concatenate([bbr.unit_department, np.full(n, -1, np.int32)])
        bbr.unit_address = np.concatenate([bbr.unit_address, np.full(n, -1, np.int16)])
    u = bbr.units
    counted = (
        (u.ownership == 20)
        & (u.usage >= 110)
        & (u.usage <= 190)
        & (u.status == 6)
        & (u.valid_from <= dst_day)
    )
    per = np.bincount(u.kommune[counted], minlength=1000)
    residual = {p.kommune: p.units for p in PLANTS if p.kind == "dst_residual"}
    bbr.dst = {k: int(per[int(k)]) + residual.get(k, 0) for k in kommuner}
    bbr.plants += [
        Plant(
            "dst_residual", "unit_definition", k, None, None, 0, 0, f"DST tæller {-r} boliger færre"
        )
        for k, r in residual.items()
        if k in bbr.dst
    ]
    return bbr
