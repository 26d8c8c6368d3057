"""Organisations: how many per kommune, which departments each owns, numbers, names, administrators."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import params as P
from .geography import places
from .names import cvr_numbers, organisation_name
from .seedworld import ALMENBO_CVR, ALMENBO_NAME, ALMENBO_NUMBER, BALLERUP


@dataclass
class Orgs:
    home: list[str]  # kommune code
    number: list[str]
    cvr: list[str]
    name: list[str]
    administrator: list[str]


def organisations_per_kommune(dept_counts: dict[str, int], total: int) -> dict[str, int]:
    """Organisations per kommune ∝ departments ** 0.8, at least one, at most one per
    ``MIN_DEPARTMENTS_PER_ORG`` departments; the constant is bisected so the sum is near ``total``."""
    codes = sorted(c for c, n in dept_counts.items() if n > 0)
    n = np.array([dept_counts[c] for c in codes], dtype=float)
    cap = np.maximum(1, n // P.MIN_DEPARTMENTS_PER_ORG)

    def counts(c: float) -> np.ndarray:
        return np.clip(np.rint(c * n**P.ORGS_PER_DEPARTMENTS_EXPONENT), 1, cap).astype(int)

    lo, hi = 0.0, 10.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if counts(mid).sum() < total else (lo, mid)
    return dict(zip(codes, counts(hi).tolist(), strict=True))


def assign_departments(
    rng: np.random.Generator, kommune: np.ndarray, org_home: list[str]
) -> np.ndarray:
    """Owner (index into ``org_home``) of each department.

    Every organisation gets at least one department in its home kommune. Of the rest, a share
    ``P_DEPARTMENT_OUTSIDE_HOME`` goes to organisations homed in another kommune of the same
    landsdel (else the same region); the others to local organisations. Within each choice an
    organisation is picked with a log-normal weight, so some organisations grow large.
    """
    info = {p.code: p for p in places()}
    home = np.array(org_home)
    weight = rng.lognormal(0.0, P.ORG_SIZE_SIGMA, len(home))
    owner = np.full(len(kommune), -1)
    for code in sorted(set(kommune.tolist())):
        depts = rng.permutation(np.nonzero(kommune == code)[0])
        local = np.nonzero(home == code)[0]
        owner[depts[: len(local)]] = local
        rest = depts[len(local) :]
        near = np.array(
            [
                i
                for i, h in enumerate(org_home)
                if h != code and info[h].landsdel == info[code].landsdel
            ],
            dtype=int,
        )
        if len(near) == 0:
            near = np.array(
                [
                    i
                    for i, h in enumerate(org_home)
                    if h != code and info[h].region == info[code].region
                ],
                dtype=int,
            )
        outside = rng.random(len(rest)) < (P.P_DEPARTMENT_OUTSIDE_HOME if len(near) else 0.0)
        for pool, mask in ((local, ~outside), (near, outside)):
            if mask.any():
                w = weight[pool] / weight[pool].sum()
                owner[rest[mask]] = pool[rng.choice(len(pool), int(mask.sum()), p=w)]
    return owner


def _administrator(rng: np.random.Generator, region: str, n_departments: int, name: str) -> str:
    if n_departments >= P.SELF_ADMINISTERED_FROM:
        return name
    table = P.ADMINISTRATORS.get(region, P.ADMINISTRATORS["other"])
    choice = list(table)[int(rng.choice(len(table), p=np.array(list(table.values()))))]
    return name if choice == "self" else choice


def build_orgs(rng: np.random.Generator, org_home: list[str], n_departments: np.ndarray) -> Orgs:
    """Numbers, CVR, names and administrators. Index 0 is Almenbo (the seed world)."""
    info = {p.code: p for p in places()}
    n = len(org_home)
    pool = np.setdiff1d(np.arange(1, 10_000), [int(ALMENBO_NUMBER)])
    numbers = [ALMENBO_NUMBER] + [f"{x:04d}" for x in rng.choice(pool, n - 1, replace=False)]
    cvrs = [ALMENBO_CVR] + cvr_numbers(rng, n - 1, {ALMENBO_CVR})
    taken = {ALMENBO_NAME}
    names = [ALMENBO_NAME] + [organisation_name(rng, info[h].name, taken) for h in org_home[1:]]
    admins = [ALMENBO_NAME] + [
        _administrator(rng, info[h].region, int(n_departments[i + 1]), names[i + 1])
        for i, h in enumerate(org_home[1:])
    ]
    assert org_home[0] == BALLERUP
    return Orgs(home=org_home, number=numbers, cvr=cvrs, name=names, administrator=admins)
