"""Where the synthetic dwellings go, and what rent level each region anchors on."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from almen.reference import kommuner, rent_statistics

from . import params as P


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    region: str  # region name, "Region Hovedstaden"
    landsdel: str  # DST landsdel code, used as "neighbouring kommuner"
    weight: float  # population × almene_share_pct (an estimate of almene dwellings)


@cache
def places() -> tuple[Place, ...]:
    """All 98 kommuner with their landsdel and almene-dwelling weight, sorted by code."""
    text = resources.files("almen.data").joinpath("kommuner.csv").read_text(encoding="utf-8")
    landsdel = {r["kommunekode"]: r["dst_landsdel_kode"] for r in csv.DictReader(text.splitlines())}
    return tuple(
        Place(k.code, k.name, k.region_name, landsdel[k.code], k.population * k.almene_share_pct)
        for k in kommuner()
    )


def _apportion(weights: dict[str, float], total: int) -> dict[str, int]:
    """Largest-remainder rounding of ``total`` in proportion to ``weights``."""
    s = sum(weights.values())
    raw = {k: total * w / s for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    rest = total - sum(out.values())
    for k in sorted(raw, key=lambda k: (out[k] - raw[k], k))[:rest]:
        out[k] += 1
    return out


def kommune_targets(scale: str = "national") -> dict[str, int]:
    """Target number of almene dwellings per kommune code.

    National: 560,000 dwellings split in proportion to population × almene_share_pct (the
    shares normalised to sum to one). Small: 11,000 split the same way over ``SMALL_KOMMUNER``.
    The seed world (Almenbo in Ballerup) is part of Ballerup's target.
    """
    if scale == "national":
        return _apportion({p.code: p.weight for p in places()}, P.NATIONAL_DWELLINGS)
    if scale == "small":
        by_code = {p.code: p for p in places()}
        return _apportion({c: by_code[c].weight for c in P.SMALL_KOMMUNER}, P.SMALL_DWELLINGS)
    raise ValueError(f"unknown scale {scale!r}; expected 'national' or 'small'")


def _rent(year: int, area: str, housing_type: str) -> float:
    for r in rent_statistics():
        if (r.year, r.area, r.housing_type) == (year, area, housing_type):
            return float(r.rent_per_m2)
    raise LookupError((year, area, housing_type))


@cache
def rent_drift_2021_to_2024() -> float:
    """Factor from the 1 January 2021 rent level to 1 January 2024 (see params)."""
    lbf_2021_to_2023 = _rent(2023, "Hele landet", "alle almene boliger") / _rent(
        2021, "Hele landet", "alle almene boliger"
    )
    return lbf_2021_to_2023 * P.HUS1_2024K1 / P.HUS1_2023K1


@cache
def familie_rent_2021_by_region() -> dict[str, float]:
    """Familiebolig rent 2021 per region, kr./m²: three from LBF, two solved (see params)."""
    known = {
        region: _rent(2021, region, "almene familieboliger")
        for region in ("Region Hovedstaden", "Region Sjælland", "Region Syddanmark")
    }
    share: dict[str, float] = {}
    for p in places():
        share[p.region] = share.get(p.region, 0.0) + p.weight
    total = sum(share.values())
    share = {r: w / total for r, w in share.items()}
    national = _rent(2021, "Hele landet", "almene familieboliger")
    rest = national - sum(share[r] * v for r, v in known.items())
    w_m, w_n = share["Region Midtjylland"], share["Region Nordjylland"]
    midt = (rest + w_n * P.NORDJYLLAND_BELOW_MIDTJYLLAND) / (w_m + w_n)
    return known | {
        "Region Midtjylland": midt,
        "Region Nordjylland": midt - P.NORDJYLLAND_BELOW_MIDTJYLLAND,
    }


def type_rent_factor(housing_type: str) -> float:
    """Rent of a housing type relative to familieboliger (national 2021 figures)."""
    familie = _rent(2021, "Hele landet", "almene familieboliger")
    label = {
        "familie": "almene familieboliger",
        "ungdom": "almene ungdomsboliger",
        "aeldre": "almene ældreboliger",
        "pleje": "almene ældreboliger",
    }[housing_type]
    return _rent(2021, "Hele landet", label) / familie


def region_rent_level(region: str, housing_type: str, year: int = 2024) -> float:
    """The anchor rent (kr./m²/year, 1 January) for a region and housing type.

    Only 2021 and 2024 are defined: 2021 is the LBF statistic (two regions solved), 2024 is
    2021 drifted by ``rent_drift_2021_to_2024()``. Department rents scatter around this level.
    """
    level = familie_rent_2021_by_region()[region] * type_rent_factor(housing_type)
    if year == 2021:
        return level
    if year == 2024:
        return level * rent_drift_2021_to_2024()
    raise ValueError("rent anchors are defined for 2021 and 2024 only")
