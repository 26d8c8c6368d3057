"""Input container for the efficiency engine, and the exclusion rule.

One row is one department in one accounting year. Costs are the year's totals per account
group in kr. (any consistent currency unit works: scores are unit-free, ``potential_kr`` comes
out in the input unit).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from almen.efficiency.accounts import ACCOUNT_GROUPS, pool_accounts
from almen.efficiency.params import Parameters

HOUSING_TYPES: tuple[str, ...] = ("familie", "ungdom", "aeldre", "pleje")
BUILDING_TYPES: tuple[str, ...] = ("etage", "taet-lav")

EXCLUSION_REASONS: Mapping[str, str] = {
    "no_dwellings": "ingen boliger registreret",
    "no_area": "intet areal (m²) registreret",
    "missing_cost": "manglende udgift på en benchmarket kontogruppe",
    "negative_cost": "negativ udgift på en benchmarket kontogruppe",
    "zero_cost": "udgift på 0 kr. på en benchmarket kontogruppe",
}
"""Exclusion reason codes (in priority order) and their Danish text."""


@dataclass(frozen=True, slots=True)
class DepartmentCosts:
    """Column-oriented input: n departments (or department-years) and 7 account groups.

    ids: n identifiers (any hashable; returned as given).
    costs: n × 7 float, kr. per year per account group in ``ACCOUNT_GROUPS`` order; NaN means
        missing.
    dwellings: n, number of dwellings (also the size used for the size bands).
    area_m2: n, bruttoetageareal in m² (used when normalising per m²).
    region: n region codes ("1084"); housing_type: n dominant housing types (HOUSING_TYPES);
    dominant_share: n shares (0–1) of dwellings of the dominant type;
    building_type: n building types ("etage", "taet-lav", or "" if unknown);
    year: n accounting years, or None for a single year. Departments are only ever compared
        within the same year.
    """

    ids: np.ndarray
    costs: np.ndarray
    dwellings: np.ndarray
    area_m2: np.ndarray
    region: np.ndarray
    housing_type: np.ndarray
    dominant_share: np.ndarray
    building_type: np.ndarray
    year: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.ids)
        if self.costs.shape != (n, len(ACCOUNT_GROUPS)):
            raise ValueError(
                f"costs must have shape ({n}, {len(ACCOUNT_GROUPS)}), not {self.costs.shape}"
            )
        columns = (
            "dwellings",
            "area_m2",
            "region",
            "housing_type",
            "dominant_share",
            "building_type",
        )
        for name in columns:
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} must have length {n}")
        if self.year is not None and len(self.year) != n:
            raise ValueError(f"year must have length {n}")

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_arrays(
        cls,
        *,
        ids: Iterable[Any],
        costs: Any,
        dwellings: Any,
        area_m2: Any,
        region: Any,
        housing_type: Any,
        dominant_share: Any = None,
        building_type: Any = None,
        year: Any = None,
    ) -> DepartmentCosts:
        """Build from array-likes, converting dtypes; optional columns get neutral defaults
        (dominant_share 1.0, building_type "")."""
        id_arr = np.asarray(list(ids), dtype=object)
        n = len(id_arr)
        return cls(
            ids=id_arr,
            costs=np.asarray(costs, dtype=float).reshape(n, len(ACCOUNT_GROUPS)),
            dwellings=np.asarray(dwellings, dtype=float),
            area_m2=np.asarray(area_m2, dtype=float),
            region=np.asarray(region, dtype=str),
            housing_type=np.asarray(housing_type, dtype=str),
            dominant_share=np.ones(n)
            if dominant_share is None
            else np.asarray(dominant_share, dtype=float),
            building_type=np.full(n, "")
            if building_type is None
            else np.asarray(building_type, dtype=str),
            year=None if year is None else np.asarray(year, dtype=int),
        )

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> DepartmentCosts:
        """Build from one mapping per department (e.g. Django ``values()`` rows).

        Keys: "id", "costs" (mapping konto → kr.; raw 117/121/122 are pooled into "117.h",
        absent accounts become NaN), "dwellings", "area_m2", "region", "housing_type", and
        optionally "dominant_share", "building_type", "year".
        """
        rows = list(rows)
        with_year = any(r.get("year") is not None for r in rows)
        return cls.from_arrays(
            ids=[r["id"] for r in rows],
            costs=np.array([pool_accounts(r["costs"]) for r in rows]).reshape(
                len(rows), len(ACCOUNT_GROUPS)
            ),
            dwellings=[_num(r.get("dwellings")) for r in rows],
            area_m2=[_num(r.get("area_m2")) for r in rows],
            region=[str(r.get("region") or "") for r in rows],
            housing_type=[str(r.get("housing_type") or "") for r in rows],
            dominant_share=[_num(r.get("dominant_share", 1.0)) for r in rows],
            building_type=[str(r.get("building_type") or "") for r in rows],
            year=[int(r["year"]) for r in rows] if with_year else None,
        )

    def years(self) -> np.ndarray:
        """Accounting year per row (0 for every row when ``year`` is None)."""
        return np.zeros(len(self), dtype=int) if self.year is None else self.year

    def units(self, params: Parameters) -> np.ndarray:
        """Normalising unit per row: dwellings or m², as chosen by ``params.normalisation``."""
        return self.dwellings if params.normalisation == "dwelling" else self.area_m2


def _num(value: Any) -> float:
    return np.nan if value is None else float(value)


@dataclass(frozen=True, slots=True)
class Exclusions:
    """Why rows cannot be scored.

    reason: n reason codes ("" for included rows), see ``EXCLUSION_REASONS``.
    accounts: n strings naming the account groups behind a cost reason ("114, 117.h").
    """

    reason: np.ndarray
    accounts: np.ndarray

    @property
    def included(self) -> np.ndarray:
        """Boolean mask of rows that are scored and can serve as peers."""
        return self.reason == ""


def exclusions(data: DepartmentCosts, params: Parameters) -> Exclusions:
    """Apply the exclusion rule; the first matching reason (``EXCLUSION_REASONS`` order) wins.

    A row is excluded when it has no (or a non-finite) positive dwelling count, no positive
    area when normalising per m², or any account group that is missing, negative or zero.
    """
    n = len(data)
    costs = data.costs
    finite = np.isfinite(costs)
    checks = {
        "no_dwellings": ~(np.isfinite(data.dwellings) & (data.dwellings > 0)),
        "no_area": ~(np.isfinite(data.area_m2) & (data.area_m2 > 0))
        if params.normalisation == "m2"
        else np.zeros(n, dtype=bool),
        "missing_cost": ~finite.all(axis=1),
        "negative_cost": (finite & (costs < 0)).any(axis=1),
        "zero_cost": (costs == 0).any(axis=1),
    }
    per_account = {
        "missing_cost": ~finite,
        "negative_cost": finite & (costs < 0),
        "zero_cost": costs == 0,
    }
    reason = np.full(n, "", dtype=object)
    accounts = np.full(n, "", dtype=object)
    for code, mask in checks.items():
        hit = mask & (reason == "")
        reason[hit] = code
        if code in per_account:
            for i in np.flatnonzero(hit):
                accounts[i] = ", ".join(np.asarray(ACCOUNT_GROUPS)[per_account[code][i]])
    return Exclusions(reason=reason, accounts=accounts)


def unit_costs(data: DepartmentCosts, params: Parameters, included: np.ndarray) -> np.ndarray:
    """Cost per unit (dwelling or m²) per account group; rows not ``included`` are set to 1.0
    so that later arithmetic never produces NaN or division warnings."""
    out = np.ones_like(data.costs)
    units = data.units(params)
    out[included] = data.costs[included] / units[included, None]
    return out
