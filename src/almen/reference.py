"""Reference data shipped with the package: kommuner, regioner and public sector figures.

Copied from the project's shared reference folder with provenance in
``docs/reference/data-sources.md``. Nothing here reads files outside the package.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class KommuneRef:
    code: str  # 3 digits, e.g. "151"
    name: str  # short name, e.g. "Ballerup"
    official_name: str  # "Ballerup Kommune"
    region_code: str  # DAGI code "1084"
    region_name: str  # "Region Hovedstaden"
    population: int  # DST FOLK1A 2026K3 (via AM Dashboard)
    almene_share_pct: float  # share of dwellings owned by almene boligselskaber (BOL101 EJER=20)


@dataclass(frozen=True, slots=True)
class RegionRef:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class RentStatistic:
    year: int
    area: str  # "Hele landet" or a region name
    housing_type: str  # e.g. "alle almene boliger", "almene familieboliger"
    rent_per_m2: int  # kr. per m² per year, 1 January
    source_url: str


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("almen.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def kommuner() -> tuple[KommuneRef, ...]:
    """The 98 kommuner, sorted by code."""
    indicators = {
        r["kommunekode"]: r for r in _rows("kommuner_boligindikatorer_2026_amdashboard.csv")
    }
    out = []
    for r in _rows("kommuner.csv"):
        ind = indicators[r["kommunekode"]]
        out.append(
            KommuneRef(
                code=r["kommunekode"],
                name=r["navn"],
                official_name=r["officielt_navn"],
                region_code=r["regionskode"],
                region_name=r["regionsnavn"],
                population=int(ind["befolkning_2026K3"]),
                almene_share_pct=float(ind["almene_andel_af_boliger_pct"]),
            )
        )
    return tuple(sorted(out, key=lambda k: k.code))


@cache
def regioner() -> tuple[RegionRef, ...]:
    return tuple(
        RegionRef(code=r["regionskode"], name=r["regionsnavn"]) for r in _rows("regioner.csv")
    )


@cache
def rent_statistics() -> tuple[RentStatistic, ...]:
    return tuple(
        RentStatistic(
            year=int(r["aar"]),
            area=r["omraade"],
            housing_type=r["boligtype"],
            rent_per_m2=int(r["husleje_kr_pr_m2_pr_aar"]),
            source_url=r["kilde_url"],
        )
        for r in _rows("lbf_huslejestatistik_landstal.csv")
    )
