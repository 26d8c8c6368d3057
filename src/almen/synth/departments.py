"""Vectorised department attributes: size, age, type mix, m², lejemålsenheder, rent.

Everything is a numpy array with one row per department (``Frame``); the generator turns rows
into ``SynthDepartment`` records at the end. Seed-world departments are appended with fixed
values by ``append_seed``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from . import params as P
from .geography import places, region_rent_level
from .model import HOUSING_TYPES
from .seedworld import BALLERUP, SEED_DEPARTMENTS, seed_area, seed_lease_units

NT = len(HOUSING_TYPES)
FAMILIE, UNGDOM, AELDRE, PLEJE = range(NT)


@dataclass
class Frame:
    """Columns of the department table; every array has one entry per department."""

    kommune: np.ndarray  # str kommune code
    region: np.ndarray  # str region name
    size: np.ndarray  # int dwellings
    year_built: np.ndarray  # int
    month_into_use: np.ndarray  # int 1-12 for departments taken into use in 2020-2024, else 0
    etage: np.ndarray  # bool
    counts: np.ndarray  # (n, 4) int dwellings by HOUSING_TYPES
    area: np.ndarray  # (n, 4) int m² by HOUSING_TYPES
    lease_units: np.ndarray  # float
    has_board: np.ndarray  # bool
    rent: np.ndarray  # int kr./m², 1 January 2024
    seed: np.ndarray  # int index into SEED_DEPARTMENTS, -1 for generated departments

    def __len__(self) -> int:
        return len(self.size)

    def concat(self, other: Frame) -> Frame:
        return Frame(
            **{
                f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)])
                for f in fields(self)
            }
        )


def draw_sizes(rng: np.random.Generator, targets: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Department sizes per kommune, summing exactly to each kommune's target.

    Sizes are log-normal; draws stop once the target is reached and the last department takes
    the remainder (merged into the previous one if it would be smaller than ``SIZE_MIN``).
    """
    codes: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    mu = np.log(P.SIZE_MEDIAN)
    for code, target in sorted(targets.items()):
        if target <= 0:
            continue
        n_draw = int(target / 60) + 20
        s = np.clip(
            np.rint(rng.lognormal(mu, P.SIZE_SIGMA, n_draw)), P.SIZE_MIN, P.SIZE_MAX
        ).astype(np.int64)
        while s.sum() < target:
            s = np.concatenate([s, s])
        cum = np.cumsum(s)
        k = int(np.searchsorted(cum, target))  # cum[k] >= target
        s = s[: k + 1].copy()
        s[-1] = target - (cum[k - 1] if k > 0 else 0)
        if s[-1] < P.SIZE_MIN and len(s) > 1:
            s[-2] += s[-1]
            s = s[:-1]
        codes.append(np.full(len(s), code))
        sizes.append(s)
    return np.concatenate(codes), np.concatenate(sizes)


def _decade_years(rng: np.random.Generator, size: np.ndarray) -> np.ndarray:
    n = len(size)
    decades = np.array(P.DECADES)
    small = rng.choice(len(decades), n, p=np.array(P.DECADE_WEIGHTS) / sum(P.DECADE_WEIGHTS))
    large = rng.choice(
        len(decades), n, p=np.array(P.DECADE_WEIGHTS_LARGE) / sum(P.DECADE_WEIGHTS_LARGE)
    )
    idx = np.where(size > P.LARGE_DEPARTMENT, large, small)
    span = np.where(decades[idx] == 2020, 5, 10)
    return decades[idx] + (rng.random(n) * span).astype(np.int64)


def _dominant_type(rng: np.random.Generator, year: np.ndarray, size: np.ndarray) -> np.ndarray:
    before = np.cumsum(P.DOMINANT_SHARES_BEFORE)
    after = np.cumsum(P.DOMINANT_SHARES_FROM)
    u = rng.random(len(year))
    cum = np.where((year >= P.ELDERLY_HOUSING_FROM)[:, None], after[None, :], before[None, :])
    dom = np.minimum((u[:, None] >= cum).sum(axis=1), NT - 1)
    return np.where((dom == PLEJE) & (size > P.PLEJE_MAX_SIZE), AELDRE, dom)


def _counts(rng: np.random.Generator, dominant: np.ndarray, size: np.ndarray) -> np.ndarray:
    n = len(size)
    counts = np.zeros((n, NT), dtype=np.int64)
    counts[np.arange(n), dominant] = size
    prob = np.array([P.SECONDARY_PROB[t] for t in HOUSING_TYPES])[dominant]
    has_second = (rng.random(n) < prob) & (size >= 4)
    share = rng.uniform(*P.SECONDARY_SHARE, n)
    pick = rng.random(n)
    for i in np.nonzero(has_second)[0]:
        options = P.SECONDARY_TYPE[HOUSING_TYPES[dominant[i]]]
        second = HOUSING_TYPES.index(options[int(pick[i] * len(options))])
        k = max(1, int(round(size[i] * share[i])))
        counts[i, dominant[i]] -= k
        counts[i, second] += k
    return counts


def _etage(
    rng: np.random.Generator, year: np.ndarray, size: np.ndarray, dominant: np.ndarray
) -> np.ndarray:
    decade_idx = np.searchsorted(np.array(P.DECADES), year, side="right") - 1
    p = np.array(P.P_ETAGE_BY_DECADE)[decade_idx]
    p = (
        p
        + np.where(size > 150, P.P_ETAGE_LARGE_BONUS, 0.0)
        - np.where(size < 25, P.P_ETAGE_SMALL_MALUS, 0.0)
    )
    p = p + np.where((dominant == UNGDOM) | (dominant == PLEJE), P.P_ETAGE_UNGDOM_PLEJE_BONUS, 0.0)
    return rng.random(len(year)) < np.clip(p, 0.05, 0.98)


def _area(
    rng: np.random.Generator, counts: np.ndarray, etage: np.ndarray, year: np.ndarray
) -> np.ndarray:
    n = len(counts)
    m2 = np.empty((n, NT))
    for j, t in enumerate(HOUSING_TYPES):
        mean, sd, lo, hi = P.M2_PER_DWELLING[t]
        m2[:, j] = np.clip(rng.normal(mean, sd, n), lo, hi)
    m2[:, FAMILIE] += np.where(etage, 0.0, P.M2_TAET_LAV_BONUS) - np.where(
        year < 1960, P.M2_PRE_1960_PENALTY, 0.0
    )
    return np.rint(counts * m2).astype(np.int64)


def _lease_units(rng: np.random.Generator, size: np.ndarray, etage: np.ndarray) -> np.ndarray:
    n = len(size)
    erhverv_m2 = np.where(
        rng.random(n) < P.P_ERHVERV * np.where(etage, 1.3, 0.5), rng.uniform(*P.ERHVERV_M2, n), 0.0
    )
    garages = np.where(
        rng.random(n) < P.P_GARAGES * np.where(etage, 0.7, 1.6),
        np.rint(size * rng.uniform(*P.GARAGES_PER_DWELLING, n)),
        0.0,
    )
    return np.round(size + np.ceil(erhverv_m2 / 60.0) + garages / 5.0, 1)


def _has_board(rng: np.random.Generator, size: np.ndarray) -> np.ndarray:
    bounds = np.array([b for b, _ in P.P_BOARD_BY_SIZE])
    probs = np.array([p for _, p in P.P_BOARD_BY_SIZE])
    return rng.random(len(size)) < probs[np.searchsorted(bounds, size, side="left")]


def draw_frame(rng: np.random.Generator, kommune: np.ndarray, size: np.ndarray) -> Frame:
    """All attributes of the generated (non-seed) departments."""
    n = len(size)
    region_of = {p.code: p.region for p in places()}
    region = np.array([region_of[c] for c in kommune])
    year = _decade_years(rng, size)
    month = np.where(year >= 2020, rng.integers(1, 13, n), 0)
    dominant = _dominant_type(rng, year, size)
    counts = _counts(rng, dominant, size)
    etage = _etage(rng, year, size, dominant)
    area = _area(rng, counts, etage, year)
    frame = Frame(
        kommune=kommune,
        region=region,
        size=size,
        year_built=year,
        month_into_use=month,
        etage=etage,
        counts=counts,
        area=area,
        lease_units=_lease_units(rng, size, etage),
        has_board=_has_board(rng, size),
        rent=np.zeros(n, dtype=np.int64),
        seed=np.full(n, -1),
    )
    frame.rent = draw_rents(rng, frame)
    return frame


def draw_rents(rng: np.random.Generator, f: Frame) -> np.ndarray:
    """Rent per m² (1 January 2024): the area-weighted regional anchor of the department's type
    mix, times an era × kommune × department factor normalised to mean 1 within each region."""
    regions = sorted(set(f.region.tolist()))
    level = np.array([[region_rent_level(r, t) for t in HOUSING_TYPES] for r in regions])
    r_idx = np.searchsorted(np.array(regions), f.region)
    total_area = np.maximum(f.area.sum(axis=1), 1)
    base = (f.area * level[r_idx]).sum(axis=1) / total_area
    decade_idx = np.searchsorted(np.array(P.DECADES), f.year_built, side="right") - 1
    kommuner = sorted(set(f.kommune.tolist()))
    k_factor = dict(
        zip(kommuner, rng.lognormal(0.0, P.RENT_KOMMUNE_SD, len(kommuner)), strict=True)
    )
    factor = (
        np.array(P.RENT_ERA_FACTOR)[decade_idx]
        * np.array([k_factor[k] for k in f.kommune])
        * rng.lognormal(0.0, P.RENT_DEPARTMENT_SD, len(f))
    )
    for j in range(len(regions)):
        m = r_idx == j
        factor[m] /= np.average(factor[m], weights=total_area[m])
    return np.rint(base * factor).astype(np.int64)


def seed_frame() -> Frame:
    """The eight Almenbo departments as a Frame (fixed values, see seedworld)."""
    region = next(p.region for p in places() if p.code == BALLERUP)
    n = len(SEED_DEPARTMENTS)
    return Frame(
        kommune=np.full(n, BALLERUP),
        region=np.full(n, region),
        size=np.array([sum(d.dwellings.values()) for d in SEED_DEPARTMENTS]),
        year_built=np.array([d.year_built for d in SEED_DEPARTMENTS]),
        month_into_use=np.array(
            [d.taken_into_use.month if d.taken_into_use else 0 for d in SEED_DEPARTMENTS]
        ),
        etage=np.array([d.building_type == "etage" for d in SEED_DEPARTMENTS]),
        counts=np.array([[d.dwellings[t] for t in HOUSING_TYPES] for d in SEED_DEPARTMENTS]),
        area=np.array([[seed_area(d)[t] for t in HOUSING_TYPES] for d in SEED_DEPARTMENTS]),
        lease_units=np.array([seed_lease_units(d) for d in SEED_DEPARTMENTS]),
        has_board=np.array([d.has_board for d in SEED_DEPARTMENTS]),
        rent=np.array([d.rent_per_m2 for d in SEED_DEPARTMENTS]),
        seed=np.arange(n),
    )
