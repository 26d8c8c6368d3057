"""Seeded synthetic cost data shaped like the national stock, for tests and benchmarks.

Not real data. Shape: about 7,500 departments, five regions, dominant housing types in roughly
the sector's proportions, log-normal sizes (median ~60 dwellings) and nine raw accounts
(109, 110, 111, 112.1, 114, 115, 117, 121, 122) pooled to the seven account groups.
"""

from __future__ import annotations

import numpy as np

from almen.efficiency.data import DepartmentCosts

REGIONS = ("1081", "1082", "1083", "1084", "1085")
REGION_SHARES = (0.10, 0.22, 0.20, 0.35, 0.13)
TYPES = ("familie", "ungdom", "aeldre", "pleje")
TYPE_SHARES = (0.75, 0.10, 0.12, 0.03)
M2_PER_DWELLING = {"familie": 80.0, "ungdom": 40.0, "aeldre": 65.0, "pleje": 55.0}

RAW_ACCOUNTS = ("109", "110", "111", "112.1", "114", "115", "117", "121", "122")
RAW_LEVELS = np.array([1100.0, 600.0, 4000.0, 700.0, 3000.0, 2500.0, 800.0, 300.0, 200.0])
"""Typical kr. per dwelling per year (total ~13,000, inside the 8,000–30,000 range shown by
the Effektiviseringsenheden)."""


def synthetic_costs(
    n: int = 7_500, years: int = 1, *, seed: int = 0, first_year: int = 2021
) -> DepartmentCosts:
    """Return ``n`` departments × ``years`` accounting years (rows ordered year by year).

    Attributes are fixed across years; costs drift by ~2 % a year with fresh noise. Each
    department has a persistent efficiency level and account-specific noise, so frontiers are
    realistic (a few dominant departments, most scores 0.6–1.0).
    """
    rng = np.random.default_rng(seed)
    region = rng.choice(REGIONS, size=n, p=REGION_SHARES)
    htype = rng.choice(TYPES, size=n, p=TYPE_SHARES)
    share = np.where(htype == "familie", rng.uniform(0.7, 1.0, n), rng.uniform(0.55, 1.0, n))
    mixed = (htype == "familie") & (rng.random(n) < 0.03)  # no type above 50 %: still regional
    share = np.where(mixed, rng.uniform(0.35, 0.5, n), share)
    building = rng.choice(("etage", "taet-lav"), size=n, p=(0.6, 0.4))
    dwellings = np.clip(np.round(rng.lognormal(np.log(60.0), 0.9, n)), 1, 1500)
    m2 = np.array([M2_PER_DWELLING[t] for t in htype]) * dwellings * rng.uniform(0.85, 1.15, n)
    level = rng.lognormal(0.0, 0.15, n)
    mix = rng.lognormal(0.0, 0.25, (n, len(RAW_ACCOUNTS)))
    parts = []
    for y in range(years):
        noise = rng.lognormal(0.0, 0.08, (n, len(RAW_ACCOUNTS)))
        raw = RAW_LEVELS * 1.02**y * level[:, None] * mix * noise * dwellings[:, None]
        raw[:, 7:] *= rng.random((n, 1)) < 0.7  # departments without 121/122 (A/B ordning)
        parts.append(np.column_stack([raw[:, :6], raw[:, 6:].sum(axis=1)]))
    return DepartmentCosts.from_arrays(
        ids=[f"{i:05d}" for i in range(n)] * years,
        costs=np.vstack(parts),
        dwellings=np.tile(dwellings, years),
        area_m2=np.tile(m2, years),
        region=np.tile(region, years),
        housing_type=np.tile(htype, years),
        dominant_share=np.tile(share, years),
        building_type=np.tile(building, years),
        year=np.repeat(np.arange(first_year, first_year + years), n) if years > 1 else None,
    )
