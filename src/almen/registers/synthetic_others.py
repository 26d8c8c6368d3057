"""Units of owners other than almene boligselskaber, to fill the synthetic national BBR.

Ownership codes 10, 30, 41, 40, 50, 60, 70, 80, 90 (never 20); usage about 80 % dwellings; never
an almen support code; property numbers from 1,000,000 up within each kommune, so they never
collide with the departments' (below 1,000,000). Shares are our assumption.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from almen import reference

from .bbr import PROPERTY_KEY_FACTOR
from .columns import UnitColumns, day_number

_OWNERS = (
    (10, 0.55),
    (30, 0.12),
    (41, 0.10),
    (40, 0.03),
    (50, 0.02),
    (60, 0.005),
    (70, 0.005),
    (80, 0.01),
    (90, 0.16),
)
_USES = (
    (120, 0.24),
    (121, 0.03),
    (131, 0.12),
    (132, 0.04),
    (140, 0.32),
    (110, 0.03),
    (190, 0.02),
    (321, 0.06),
    (322, 0.05),
    (323, 0.03),
    (331, 0.01),
    (441, 0.01),
    (510, 0.04),
)
_SUPPORT = ((0, 0.985), (15, 0.008), (20, 0.004), (30, 0.003))
_STATUS = ((6, 0.975), (3, 0.01), (2, 0.005), (10, 0.01))


def _draw(rng: np.random.Generator, table: tuple[tuple[int, float], ...], n: int) -> np.ndarray:
    codes, p = zip(*table, strict=True)
    return np.array(codes, dtype=np.int16)[rng.choice(len(codes), n, p=np.array(p) / sum(p))]


def other_owner_units(rng: np.random.Generator, kommuner: list[str], n: int) -> UnitColumns:
    """Units of every other owner, spread over the kommuner by population."""
    pop = {k.code: k.population for k in reference.kommuner()}
    w = np.array([pop.get(k, 1) for k in kommuner], dtype=float)
    kom = np.array([int(k) for k in kommuner], dtype=np.int16)[
        rng.choice(len(kommuner), n, p=w / w.sum())
    ]
    kom.sort()
    within = np.arange(n) - np.searchsorted(kom, kom)
    usage = _draw(rng, _USES, n)
    residential = (usage >= 110) & (usage <= 190)
    return UnitColumns(
        kommune=kom,
        property_key=kom.astype(np.int64) * PROPERTY_KEY_FACTOR + 1_000_000 + within // 8,
        address_key=rng.integers(1, 2**62, n, dtype=np.int64),
        usage=usage,
        status=_draw(rng, _STATUS, n),
        support=np.where(residential, _draw(rng, _SUPPORT, n), 0).astype(np.int16),
        ownership=_draw(rng, _OWNERS, n),
        housing_type=np.where(residential, 1, 9).astype(np.int8),
        total_area=np.where(
            residential, rng.lognormal(4.6, 0.35, n), rng.lognormal(5.6, 0.8, n)
        ).astype(np.int32),
        valid_from=rng.integers(
            day_number(date(1900, 1, 1)), day_number(date(2024, 12, 31)), n, dtype=np.int32
        ),
    )
