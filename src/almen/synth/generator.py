"""``generate()``: draw the columns, then turn them into records at the end."""

from __future__ import annotations

import dataclasses
import gc
import uuid
from collections import Counter
from datetime import date

import numpy as np

from . import params as P
from .accounts import YEARS, Accounts, draw_accounts, official_scores
from .departments import Frame, draw_frame, draw_sizes, seed_frame
from .geography import kommune_targets, places
from .model import (
    HOUSING_TYPES,
    SynthAccountLine,
    SynthAnomaly,
    SynthDepartment,
    SynthOfficialScore,
    SynthOrganisation,
    SynthWorld,
)
from .names import department_name, street_address
from .orgs import Orgs, assign_departments, build_orgs, organisations_per_kommune
from .seedworld import (
    ALMENBO_NUMBER,
    BALLERUP,
    SEED_DEPARTMENTS,
    SEED_NAMES,
    seed_bbr_numbers,
    seed_dar_ids,
)

# One independent random stream per concern, so a change in one concern leaves the others alone.
_STREAMS = {
    "sizes": 1,
    "departments": 2,
    "owners": 3,
    "organisations": 4,
    "numbering": 5,
    "labels": 6,
    "accounts": 7,
    "registers": 8,
}
SCALES = ("national", "small")


def _rng(seed: int, stream: str) -> np.random.Generator:
    return np.random.default_rng([seed, _STREAMS[stream]])


def generate(seed: int = 2021, scale: str = "national", today: date | None = None) -> SynthWorld:
    """A complete synthetic world: organisations, departments, five years of accounts,
    official effektivitetstal, planted register m² differences and planted account anomalies.

    The accounting years are the five years ending with the year before ``today``
    (``params.years_for``; 2020-2024 when ``today`` is None). The world is drawn for the
    canonical years and then relabelled, so the figures depend on ``seed`` and ``scale`` only and
    the same ``seed``, ``scale`` and year of ``today`` always give an identical world; the seed world
    (Almenbo in Ballerup, see ``seedworld``) is identical in every world. ``scale`` is
    ``"national"`` (98 kommuner, ~7,500 departments) or ``"small"`` (six kommuner, ~150
    departments).
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {SCALES}")
    if seed < 0:
        raise ValueError("seed must be a non-negative integer")
    seeded = seed_frame()
    targets = kommune_targets(scale)
    targets[BALLERUP] = max(
        targets[BALLERUP] - int(seeded.size.sum()), P.MIN_OTHER_BALLERUP_DWELLINGS
    )
    kommune, size = draw_sizes(_rng(seed, "sizes"), targets)
    generated = draw_frame(_rng(seed, "departments"), kommune, size)

    total_orgs = P.NATIONAL_ORGANISATIONS if scale == "national" else P.SMALL_ORGANISATIONS
    per_kommune = organisations_per_kommune(dict(Counter(kommune.tolist())), total_orgs - 1)
    homes = [code for code in sorted(per_kommune) for _ in range(per_kommune[code])]
    owner = assign_departments(_rng(seed, "owners"), kommune, homes) + 1  # 0 is Almenbo
    frame = seeded.concat(generated)
    owner = np.concatenate([np.zeros(len(seeded), dtype=np.int64), owner])
    orgs = build_orgs(_rng(seed, "organisations"), [BALLERUP, *homes], np.bincount(owner))
    dept_numbers = _number_departments(_rng(seed, "numbering"), owner, frame)

    acc = draw_accounts(_rng(seed, "accounts"), frame)
    scores = official_scores(acc, frame)
    shift = P.year_offset(today)
    if shift:
        frame = _shift_built(frame, shift)
    world = SynthWorld(seed=seed, scale=scale, years=P.years_for(today))
    org_numbers = np.array(orgs.number)[owner]
    order = np.lexsort((dept_numbers, org_numbers))
    world.organisations = _organisations(orgs)
    world.departments = _departments(_rng(seed, "labels"), frame, orgs, owner, dept_numbers, order)
    world.account_lines = _account_lines(acc, org_numbers, dept_numbers, order, shift)
    world.official_scores = _scores(scores, org_numbers, dept_numbers, order, shift)
    world.register_area_differences = _register_differences(
        _rng(seed, "registers"), frame, org_numbers, dept_numbers
    )
    world.anomalies = [
        SynthAnomaly(
            str(org_numbers[row]), str(dept_numbers[row]), int(YEARS[y]) + shift, konto, kind
        )
        for row, y, konto, kind in acc.anomalies
    ]
    return world


def _shift_built(f: Frame, shift: int) -> Frame:
    """Generated departments built within the canonical years move with them, so their first,
    partial year of accounts stays the year they were taken into use."""
    recent = (f.year_built >= YEARS[0]) & (f.seed < 0)  # the seed world keeps its real dates
    return dataclasses.replace(f, year_built=np.where(recent, f.year_built + shift, f.year_built))


def _number_departments(rng: np.random.Generator, owner: np.ndarray, f: Frame) -> np.ndarray:
    """3-digit numbers within each organisation, in order of year built, with occasional gaps
    (departments sold or merged). Almenbo keeps its planted numbers."""
    out = np.empty(len(owner), dtype=object)
    tiebreak = rng.random(len(owner))
    gaps = np.where(rng.random(len(owner)) < 0.15, rng.integers(2, 5, len(owner)), 1)
    for org in np.unique(owner):
        rows = np.nonzero(owner == org)[0]
        if org == 0:
            out[rows] = [SEED_DEPARTMENTS[s].number for s in f.seed[rows]]
            continue
        rows = rows[np.lexsort((tiebreak[rows], f.year_built[rows]))]
        nums = np.cumsum(gaps[rows])
        if nums[-1] > 999:
            nums = np.arange(1, len(rows) + 1)
        out[rows] = [f"{x:03d}" for x in nums]
    return out


def _organisations(orgs: Orgs) -> list[SynthOrganisation]:
    recs = [
        SynthOrganisation(
            number=orgs.number[i],
            cvr=orgs.cvr[i],
            name=orgs.name[i],
            home_kommune=orgs.home[i],
            administrator=orgs.administrator[i],
        )
        for i in range(len(orgs.number))
    ]
    return sorted(recs, key=lambda o: o.number)


def _bbr_numbers(rng: np.random.Generator, f: Frame) -> list[tuple[str, ...]]:
    """BBR ejendomsnumre "KKKK-NNNNNN", unique within each kommune (900000+ is kept for the seed)."""
    per = 1 + (f.size > 150) + (f.size > 400)
    out: list[tuple[str, ...]] = [()] * len(f)
    for code in sorted(set(f.kommune.tolist())):
        rows = np.nonzero((f.kommune == code) & (f.seed < 0))[0]
        nums = (rng.choice(899_000, int(per[rows].sum()), replace=False) + 1_000).tolist()
        pos = 0
        for r in rows.tolist():
            k = int(per[r])
            out[r] = tuple(f"{int(code):04d}-{x:06d}" for x in nums[pos : pos + k])
            pos += k
    return out


def _departments(
    rng: np.random.Generator,
    f: Frame,
    orgs: Orgs,
    owner: np.ndarray,
    numbers: np.ndarray,
    order: np.ndarray,
) -> list[SynthDepartment]:
    town = {p.code: p.name for p in places()}
    bbr = _bbr_numbers(rng, f)
    n_dar = np.minimum(12, 1 + f.size // 30)
    raw = rng.bytes(16 * int(n_dar.sum()))
    starts = np.concatenate([[0], np.cumsum(n_dar)])
    taken: dict[int, set[str]] = {}
    recs: list[SynthDepartment] = []
    for r in order.tolist():
        o = int(owner[r])
        if f.seed[r] >= 0:
            d = SEED_DEPARTMENTS[f.seed[r]]
            name, address, taken_into_use = d.name, d.address, d.taken_into_use
            bbr_r, dar = seed_bbr_numbers(d), seed_dar_ids(d)
        else:
            name = department_name(rng, taken.setdefault(o, set(SEED_NAMES)))
            address = street_address(rng, town[f.kommune[r]])
            m = int(f.month_into_use[r])
            taken_into_use = date(int(f.year_built[r]), m, 1) if m else None
            bbr_r = bbr[r]
            dar = tuple(
                str(uuid.UUID(bytes=raw[16 * i : 16 * i + 16], version=4))
                for i in range(int(starts[r]), int(starts[r + 1]))
            )
        recs.append(
            SynthDepartment(
                org_number=orgs.number[o],
                number=str(numbers[r]),
                name=name,
                kommune_code=str(f.kommune[r]),
                address=address,
                year_built=int(f.year_built[r]),
                taken_into_use=taken_into_use,
                building_type="etage" if f.etage[r] else "taet-lav",
                dwellings=dict(zip(HOUSING_TYPES, f.counts[r].tolist(), strict=True)),
                area_m2=dict(zip(HOUSING_TYPES, f.area[r].tolist(), strict=True)),
                lease_units=float(f.lease_units[r]),
                rent_per_m2=int(f.rent[r]),
                bbr_property_numbers=bbr_r,
                dar_address_ids=dar,
                has_board=bool(f.has_board[r]),
            )
        )
    return recs


def _account_lines(
    acc: Accounts,
    org_numbers: np.ndarray,
    dept_numbers: np.ndarray,
    order: np.ndarray,
    shift: int = 0,
) -> list[SynthAccountLine]:
    """Lines ordered by organisation, department, year, konto."""
    rows, ys, ks = np.nonzero(acc.present[order])
    amounts = acc.amount_ore[order][rows, ys, ks].tolist()
    orgs = org_numbers[order][rows].tolist()
    depts = dept_numbers[order][rows].tolist()
    years = (YEARS[ys] + shift).tolist()
    konti = np.array(P.KONTI, dtype=object)[ks].tolist()
    # Half a million small objects: collecting garbage while they are made only costs time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return list(map(SynthAccountLine, orgs, depts, years, konti, amounts))
    finally:
        if enabled:
            gc.enable()


def _scores(
    score: np.ndarray,
    org_numbers: np.ndarray,
    dept_numbers: np.ndarray,
    order: np.ndarray,
    shift: int = 0,
) -> list[SynthOfficialScore]:
    rows, ys = np.nonzero(score[order] >= 0)
    vals = score[order][rows, ys].tolist()
    return list(
        map(
            SynthOfficialScore,
            org_numbers[order][rows].tolist(),
            dept_numbers[order][rows].tolist(),
            (YEARS[ys] + shift).tolist(),
            vals,
        )
    )


def _register_differences(
    rng: np.random.Generator, f: Frame, org_numbers: np.ndarray, dept_numbers: np.ndarray
) -> dict[tuple[str, str], int]:
    """Planted BBR/DST m² that differ from ours: three Almenbo departments (fixed) and
    ``REGISTER_DIFF_SHARE`` of the generated departments (±1.5-8 %, dwelling counts equal)."""
    out: dict[tuple[str, str], int] = {}
    for row in np.nonzero(f.seed >= 0)[0]:
        d = SEED_DEPARTMENTS[f.seed[row]]
        if d.register_m2 is not None:
            out[(ALMENBO_NUMBER, d.number)] = d.register_m2
    eligible = np.nonzero(f.seed < 0)[0]
    count = max(3, int(round(P.REGISTER_DIFF_SHARE * len(eligible))))
    rows = np.sort(rng.choice(eligible, count, replace=False))
    rel = rng.uniform(*P.REGISTER_DIFF_RANGE, count) * rng.choice([-1.0, 1.0], count)
    area = f.area[rows].sum(axis=1)
    for row, a, x in zip(rows.tolist(), area.tolist(), rel.tolist(), strict=True):
        out[(str(org_numbers[row]), str(dept_numbers[row]))] = int(round(a * (1 + x)))
    return dict(sorted(out.items()))
