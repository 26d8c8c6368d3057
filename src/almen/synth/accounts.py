"""Account amounts, latent efficiency, official scores and planted data problems (vectorised).

Amounts are built as ``base × region × scale × posting-practice factor × (1 / efficiency,
benchmarked konti only) × inflation × yearly noise × months in use / 12``, where the product of
the department factors is normalised per konto so that the 2020 sector mean equals the base
rate. See ``params`` for
each factor's value and source.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import params as P
from .departments import Frame
from .seedworld import SEED_DEPARTMENTS, SEED_PROVISION_GROWTH, SEED_YEAR

YEARS = np.array(P.YEARS)
KONTI = P.KONTI
K = {k: j for j, k in enumerate(KONTI)}
BENCH = np.array([k in P.BENCHMARKED_KONTI for k in KONTI])
ANOMALY_KINDS = ("missing", "zero", "negative")
# The 2021 efficiency of Lundebjerg (no 2020 score: only five months of accounts).
SEED_EFFICIENCY_NEW = 0.83
SEED_EFFICIENCY_TREND = 0.005


@dataclass
class Accounts:
    amount_ore: np.ndarray  # (n, years, konti) int64
    present: np.ndarray  # (n, years, konti) bool; False = no line
    months: np.ndarray  # (n, years) int, months of the year the department was in use
    efficiency: np.ndarray  # (n, years) latent efficiency in (0, 1]
    anomalies: list[tuple[int, int, str, str]]  # (department row, year index, konto, kind)


def months_in_use(f: Frame) -> np.ndarray:
    """Months of each accounting year a department was in use (12, partial, or 0 before)."""
    yb = f.year_built[:, None]
    m = f.month_into_use[:, None]
    part = np.where(YEARS[None, :] == yb, 13 - m, np.where(YEARS[None, :] < yb, 0, 12))
    return np.where(m > 0, part, 12)


def latent_efficiency(rng: np.random.Generator, f: Frame) -> np.ndarray:
    """Efficiency per department and year: a Beta-shaped level, a trend and yearly noise."""
    n = len(f)
    potential = np.clip(P.EFF_SCALE * rng.beta(*P.EFF_BETA, n) - P.EFF_SHIFT, 0.0, 1.0 - P.EFF_MIN)
    e0 = 1.0 - potential
    trend = rng.normal(*P.EFF_TREND, n)
    noise = rng.normal(0.0, P.EFF_YEARLY_SD, (n, len(YEARS)))
    t = YEARS - YEARS[0]
    for row in np.nonzero(f.seed >= 0)[0]:
        score = SEED_DEPARTMENTS[f.seed[row]].official_score_2020
        e0[row] = score / 100 if score is not None else SEED_EFFICIENCY_NEW
        trend[row] = SEED_EFFICIENCY_TREND
        noise[row] = 0.0
    return np.clip(e0[:, None] + trend[:, None] * t[None, :] + noise, P.EFF_MIN, 1.0)


def _base(rng: np.random.Generator, f: Frame) -> tuple[np.ndarray, np.ndarray]:
    """(n, konti) yearly amount in kr. at the base rates, and the region × scale multiplier."""
    n = len(f)
    drivers = {"D": f.size.astype(float), "A": f.area.sum(axis=1).astype(float), "L": f.lease_units}
    base = np.stack([drivers[d] * rate for d, rate in (P.ACCOUNT_BASE[k] for k in KONTI)], axis=1)
    b_ordning = rng.random(n) >= P.P_A_ORDNING
    area = drivers["A"]
    base[:, K["117"]] = np.where(b_ordning, P.B_ORDNING_117 * area, base[:, K["117"]])
    base[:, K["121"]] = np.where(b_ordning, P.B_ORDNING_121 * area, base[:, K["121"]])
    provision = np.clip(
        P.ACCOUNT_BASE["120"][1] * rng.lognormal(0.0, P.PROVISION_SD, n), *P.PROVISION_RANGE
    )
    provision *= np.where(f.year_built < 1970, P.PROVISION_PRE_1970, 1.0)
    provision *= np.where(f.year_built >= 2010, P.PROVISION_FROM_2010, 1.0)
    base[:, K["120"]] = provision * area
    vac = rng.gamma(P.VACANCY_SHAPE, P.ACCOUNT_BASE["129"][1] / P.VACANCY_SHAPE, n)
    base[:, K["129"]] = vac * area
    region = np.array([P.REGION_COST_FACTOR[r] for r in f.region])
    scale = (np.maximum(f.size, 1) / 60.0) ** P.SCALE_ELASTICITY
    keep = np.isin(np.array(KONTI), ["120", "129"])
    return base, np.where(keep[None, :], 1.0, (region * scale)[:, None])


def draw_accounts(rng: np.random.Generator, f: Frame) -> Accounts:
    """Amounts for every department, accounting year and konto, plus the planted anomalies."""
    n, ny, nk = len(f), len(YEARS), len(KONTI)
    months = months_in_use(f)
    eff = latent_efficiency(rng, f)
    base, mult = _base(rng, f)
    inflation = np.array([P.INFLATION_INDEX[int(y)] for y in YEARS])
    mult = mult * rng.lognormal(0.0, P.ACCOUNT_STRUCTURAL_SD, (n, nk))
    # Normalise so that the first year's sector mean of each konto per driver unit equals its
    # base rate: the multipliers then move departments around the documented level.
    first = mult * np.where(BENCH[None, :], 1.0 / eff[:, :1], 1.0)
    generated = f.seed < 0
    mult /= (base[generated] * first[generated]).sum(axis=0) / base[generated].sum(axis=0)
    sd = np.array([P.ACCOUNT_YEARLY_SD.get(k, P.ACCOUNT_YEARLY_SD_DEFAULT) for k in KONTI])
    yearly = np.exp(rng.normal(0.0, 1.0, (n, ny, nk)) * sd[None, None, :])
    inv_eff = np.where(BENCH[None, None, :], 1.0 / eff[:, :, None], 1.0)
    kr = (
        base[:, None, :]
        * mult[:, None, :]
        * yearly
        * inv_eff
        * inflation[None, :, None]
        * (months / 12.0)[:, :, None]
    )
    _seed_provisions(kr, f, months)
    present = np.broadcast_to((months > 0)[:, :, None], kr.shape).copy()
    anomalies = _plant_anomalies(rng, f, kr, present)
    return Accounts(np.rint(kr * 100).astype(np.int64), present, months, eff, anomalies)


def _seed_provisions(kr: np.ndarray, f: Frame, months: np.ndarray) -> None:
    """Konto 120 of the seed departments: the planted kr./m², growing 4 % a year, no noise."""
    for row in np.nonzero(f.seed >= 0)[0]:
        d = SEED_DEPARTMENTS[f.seed[row]]
        growth = (1 + SEED_PROVISION_GROWTH) ** (YEARS - SEED_YEAR)
        kr[row, :, K["120"]] = d.provision_2020 * growth * f.area[row].sum() * months[row] / 12.0


def _plant_anomalies(
    rng: np.random.Generator, f: Frame, kr: np.ndarray, present: np.ndarray
) -> list[tuple[int, int, str, str]]:
    """One missing, zero or negative benchmarked line in ``ANOMALY_SHARE`` (at least three) of the generated
    departments that were in use all five years (kinds in rotation; rows chosen at random)."""
    eligible = np.nonzero((f.seed < 0) & (f.month_into_use == 0))[0]
    count = max(len(ANOMALY_KINDS), int(round(P.ANOMALY_SHARE * len(eligible))))
    rows = np.sort(rng.choice(eligible, count, replace=False))
    years = rng.integers(0, len(YEARS), count)
    konti = rng.choice(list(P.BENCHMARKED_KONTI), count)
    out = []
    for j, (row, y, konto) in enumerate(
        zip(rows.tolist(), years.tolist(), konti.tolist(), strict=True)
    ):
        kind = ANOMALY_KINDS[j % len(ANOMALY_KINDS)]
        k = K[konto]
        if kind == "missing":
            present[row, y, k] = False
        elif kind == "zero":
            kr[row, y, k] = 0.0
        else:
            kr[row, y, k] *= P.ANOMALY_NEGATIVE_FACTOR
        out.append((row, y, konto, kind))
    return out


def official_scores(acc: Accounts, f: Frame) -> np.ndarray:
    """(n, years) official effektivitetstal, -1 where none is published: years with fewer than
    12 months of accounts and years with a planted anomaly. Seed 2020 scores are exact."""
    score = np.clip(np.rint(100 * acc.efficiency), 0, 100).astype(np.int64)
    score[acc.months < 12] = -1
    for row, y, _, _ in acc.anomalies:
        score[row, y] = -1
    y0 = int(np.nonzero(YEARS == SEED_YEAR)[0][0])
    for seed_row in np.nonzero(f.seed >= 0)[0].tolist():
        planted = SEED_DEPARTMENTS[f.seed[seed_row]].official_score_2020
        score[seed_row, y0] = planted if planted is not None else -1
    return score
