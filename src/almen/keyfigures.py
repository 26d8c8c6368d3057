"""Key figures of the styringsdialog: provisions (henlæggelser, konto 120) and rent.

* Provisions per m² and per dwelling per year, against a norm (default 200 kr./m²/year: the
  level the housing organisation itself named in the Ballerup referat of 27 May 2021; no
  statutory norm was found, DOMAIN.md §5 [U]).
* "Kritiske værdier": a department is critical when its provisions per m² fall below the lower
  (or above the upper) percentile of its peer group (DOMAIN.md §2.3; the percentiles are not
  confirmed, default 10/90 [U]).
* Accumulated provisions ("opsparede henlæggelser"): the balance of konto 401 (and 402–404
  where present) at the end of the year, per dwelling and per m², against the peer group's
  critical values (LBF benchmarks them per dwelling, DOMAIN.md §4 [C]; the flag uses the
  per-dwelling value).
* Rent per m² against the kommune and region means, weighted by m², **within the same housing
  type** (familie / ungdom / ældre; plejeboliger count as ældre): an ældrebolig is compared with
  ældreboliger, never with family dwellings.
* Part years: ``annualise`` turns an amount for ``months`` months into a full-year rate.
* Flags: see ``FLAG_TEXTS``.

Everything is vectorised with numpy; undefined figures (zero area, missing values) are NaN and
raise no flag.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

NORM_SOURCE = (
    "Referat af dialogmøde mellem Almenbo og Ballerup Kommune 27.05.2021: "
    "henlæggelserne bør være 200 kr. pr. m² pr. år (boligorganisationens udsagn, ikke et lovkrav)"
)

FLAG_TEXTS: Mapping[str, str] = {
    "henlaeggelser_under_norm": "Henlæggelser under normen pr. m²",
    "kritisk_lav_henlaeggelse": "Henlæggelser pr. m² under den nedre kritiske værdi i sammenligningsgruppen",
    "kritisk_hoej_henlaeggelse": "Henlæggelser pr. m² over den øvre kritiske værdi i sammenligningsgruppen",
    "hoej_husleje": "Husleje pr. m² over regionens grænse for høj husleje",
    "hoej_husleje_lave_henlaeggelser": "Høj husleje og henlæggelser under normen",
    "kritisk_lav_opsparing": "Opsparede henlæggelser pr. bolig under den nedre kritiske værdi i sammenligningsgruppen",
}
"""Flag codes (ASCII) and their Danish text."""


@dataclass(frozen=True, slots=True)
class KeyFigureParameters:
    """Norm, percentiles and thresholds (all configurable; see docs/reference/efficiency.md).

    provision_norm_per_m2: kr. per m² per year. lower/upper_percentile: the peer-group
    percentiles that make a value critical [U]. high_rent_percentile: rent above this
    percentile of the department's region counts as high [U]. min_group_size: percentiles are
    only computed for groups (and regions) with at least this many valid values.
    """

    provision_norm_per_m2: float = 200.0
    norm_source: str = NORM_SOURCE
    lower_percentile: float = 10.0
    upper_percentile: float = 90.0
    high_rent_percentile: float = 75.0
    min_group_size: int = 10

    def __post_init__(self) -> None:
        if not 0.0 <= self.lower_percentile <= self.upper_percentile <= 100.0:
            raise ValueError("need 0 <= lower_percentile <= upper_percentile <= 100")
        if not 0.0 <= self.high_rent_percentile <= 100.0:
            raise ValueError("high_rent_percentile must be in [0, 100]")


@dataclass(frozen=True, slots=True)
class KeyFigureInput:
    """n departments: ids; provisions (konto 120, kr. per year); dwellings; area_m2; rent_per_m2
    (kr. per m² per year); kommune and region codes; peer_group labels (e.g. from
    ``peer_labels``). NaN marks a missing number."""

    ids: np.ndarray
    provisions: np.ndarray
    dwellings: np.ndarray
    area_m2: np.ndarray
    rent_per_m2: np.ndarray
    kommune: np.ndarray
    region: np.ndarray
    peer_group: np.ndarray
    accumulated: np.ndarray | None = None
    """Accumulated provisions at year end (saldo ultimo konto 401 + 402–404), kr.; NaN = none."""
    housing_type: np.ndarray | None = None
    """Dominant housing type ("familie", "ungdom", "aeldre"); rent is compared within it."""
    norm_per_m2: np.ndarray | None = None
    """Per-row provisions norm (kr./m²/år, e.g. the kommune's); NaN → the parameters' norm."""

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> KeyFigureInput:
        """One mapping per department with the field names above (missing numbers → NaN)."""
        rows = list(rows)

        def num(key: str) -> np.ndarray:
            return np.array([np.nan if r.get(key) is None else float(r[key]) for r in rows])

        def text(key: str) -> np.ndarray:
            return np.array([str(r.get(key) or "") for r in rows], dtype=str)

        return cls(
            ids=np.array([r["id"] for r in rows], dtype=object),
            provisions=num("provisions"),
            dwellings=num("dwellings"),
            area_m2=num("area_m2"),
            rent_per_m2=num("rent_per_m2"),
            kommune=text("kommune"),
            region=text("region"),
            peer_group=text("peer_group"),
            accumulated=num("accumulated"),
            housing_type=text("housing_type"),
            norm_per_m2=num("norm_per_m2"),
        )


@dataclass(frozen=True, slots=True)
class KeyFigures:
    """Per-department key figures, aligned with the input rows (NaN = not computable).

    provisions_per_m2 / provisions_per_dwelling: kr. per year. norm_gap_per_m2: norm minus
    actual (positive = shortfall). peer_lower / peer_upper: the group's critical values of
    provisions per m²; peer_count: valid values in the group. kommune_rent / region_rent:
    m²-weighted mean rent; rent_vs_kommune_pct / rent_vs_region_pct: 100 (rent / mean - 1).
    region_high_rent: the region's high-rent threshold. flags: tuple of flag codes per row.
    """

    ids: np.ndarray
    params: KeyFigureParameters
    provisions_per_m2: np.ndarray
    provisions_per_dwelling: np.ndarray
    below_norm: np.ndarray
    norm_gap_per_m2: np.ndarray
    peer_count: np.ndarray
    peer_lower: np.ndarray
    peer_upper: np.ndarray
    critical_low: np.ndarray
    critical_high: np.ndarray
    rent_per_m2: np.ndarray
    kommune_rent: np.ndarray
    region_rent: np.ndarray
    rent_vs_kommune_pct: np.ndarray
    rent_vs_region_pct: np.ndarray
    region_high_rent: np.ndarray
    high_rent: np.ndarray
    flags: tuple[tuple[str, ...], ...]
    norm_per_m2: np.ndarray | None = None
    accumulated_per_m2: np.ndarray | None = None
    accumulated_per_dwelling: np.ndarray | None = None
    accumulated_peer_count: np.ndarray | None = None
    accumulated_peer_lower: np.ndarray | None = None
    accumulated_peer_upper: np.ndarray | None = None
    accumulated_critical_low: np.ndarray | None = None
    rent_group: np.ndarray | None = None


def key_figures(data: KeyFigureInput, params: KeyFigureParameters | None = None) -> KeyFigures:
    """Compute provisions, rent comparisons, critical values and flags for every department."""
    params = params or KeyFigureParameters()
    n = len(data.ids)
    norm = np.full(n, float(params.provision_norm_per_m2))
    if data.norm_per_m2 is not None:
        norm = np.where(np.isfinite(data.norm_per_m2), data.norm_per_m2, norm)
    per_m2 = _ratio(data.provisions, data.area_m2)
    per_dwelling = _ratio(data.provisions, data.dwellings)
    below = per_m2 < norm
    accumulated = data.accumulated if data.accumulated is not None else np.full(n, np.nan)
    acc_m2 = _ratio(accumulated, data.area_m2)
    acc_dw = _ratio(accumulated, data.dwellings)
    acc_lower = group_percentile(
        acc_dw, data.peer_group, params.lower_percentile, params.min_group_size
    )
    acc_upper = group_percentile(
        acc_dw, data.peer_group, params.upper_percentile, params.min_group_size
    )
    types = (
        np.asarray(data.housing_type, dtype=str)
        if data.housing_type is not None
        else np.full(n, "", dtype=str)
    )
    kommune_group = _join_labels(data.kommune, types)
    region_group = _join_labels(data.region, types)
    lower = group_percentile(
        per_m2, data.peer_group, params.lower_percentile, params.min_group_size
    )
    upper = group_percentile(
        per_m2, data.peer_group, params.upper_percentile, params.min_group_size
    )
    kommune_rent = weighted_group_mean(data.rent_per_m2, data.area_m2, kommune_group)
    region_rent = weighted_group_mean(data.rent_per_m2, data.area_m2, region_group)
    threshold = group_percentile(
        data.rent_per_m2, region_group, params.high_rent_percentile, params.min_group_size
    )
    high_rent = data.rent_per_m2 > threshold
    columns = {
        "henlaeggelser_under_norm": below,
        "kritisk_lav_henlaeggelse": per_m2 < lower,
        "kritisk_hoej_henlaeggelse": per_m2 > upper,
        "hoej_husleje": high_rent,
        "hoej_husleje_lave_henlaeggelser": high_rent & below,
        "kritisk_lav_opsparing": acc_dw < acc_lower,
    }
    return KeyFigures(
        ids=data.ids,
        params=params,
        provisions_per_m2=per_m2,
        provisions_per_dwelling=per_dwelling,
        below_norm=below,
        norm_gap_per_m2=norm - per_m2,
        peer_count=group_count(per_m2, data.peer_group),
        peer_lower=lower,
        peer_upper=upper,
        critical_low=columns["kritisk_lav_henlaeggelse"],
        critical_high=columns["kritisk_hoej_henlaeggelse"],
        rent_per_m2=data.rent_per_m2,
        kommune_rent=kommune_rent,
        region_rent=region_rent,
        rent_vs_kommune_pct=100.0 * (_ratio(data.rent_per_m2, kommune_rent) - 1.0),
        rent_vs_region_pct=100.0 * (_ratio(data.rent_per_m2, region_rent) - 1.0),
        region_high_rent=threshold,
        high_rent=high_rent,
        flags=_flags(columns, n),
        norm_per_m2=norm,
        accumulated_per_m2=acc_m2,
        accumulated_per_dwelling=acc_dw,
        accumulated_peer_count=group_count(acc_dw, data.peer_group),
        accumulated_peer_lower=acc_lower,
        accumulated_peer_upper=acc_upper,
        accumulated_critical_low=columns["kritisk_lav_opsparing"],
        rent_group=region_group,
    )


def _join_labels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array(
        [f"{x}|{y}" for x, y in zip(np.asarray(a, dtype=str), b, strict=True)], dtype=object
    )


RENT_TYPES: Mapping[str, str] = {
    "familie": "familie",
    "ungdom": "ungdom",
    "aeldre": "aeldre",
    "pleje": "aeldre",
}
"""Housing type → the type rent is compared within (plejeboliger are ældreboliger, [I])."""


def dominant_rent_type(dwellings: Mapping[str, float]) -> str:
    """The rent comparison type of a department from its dwellings per housing type: the type
    with most dwellings after pooling pleje with ældre; "" when there are none (ties: familie,
    then ungdom, then ældre)."""
    pooled: dict[str, float] = {"familie": 0.0, "ungdom": 0.0, "aeldre": 0.0}
    for kind, count in dwellings.items():
        if kind in RENT_TYPES and count and math.isfinite(float(count)):
            pooled[RENT_TYPES[kind]] += float(count)
    best = max(pooled, key=lambda k: pooled[k])
    return best if pooled[best] > 0 else ""


def annualise(amount: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Full-year rate of an amount that covers ``months`` months (1–12): amount × 12 / months;
    NaN where months is outside 1–12 or the amount is missing."""
    amount = np.asarray(amount, dtype=float)
    months = np.asarray(months, dtype=float)
    ok = np.isfinite(amount) & (months >= 1) & (months <= 12)
    out = np.full(amount.shape, np.nan)
    out[ok] = amount[ok] * 12.0 / months[ok]
    return out


def months_in_use(taken_year: np.ndarray, taken_month: np.ndarray, year: int) -> np.ndarray:
    """Months of ``year`` a department is in use: 13 − month when it was taken into use during
    the year, else 12 (taken into use 1 August → 5 months: August to December)."""
    taken_year = np.asarray(taken_year)
    in_year = taken_year == year
    month = np.where(in_year, np.asarray(taken_month), 1)
    return np.where(in_year, 13 - month, 12).clip(1, 12).astype(int)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den where den > 0 and both are finite, else NaN (no warnings)."""
    ok = np.isfinite(num) & np.isfinite(den) & (den > 0)
    out = np.full(len(num), np.nan)
    out[ok] = num[ok] / den[ok]
    return out


def _flags(columns: Mapping[str, np.ndarray], n: int) -> tuple[tuple[str, ...], ...]:
    hits: list[list[str]] = [[] for _ in range(n)]
    for code, mask in columns.items():
        for i in np.flatnonzero(mask):
            hits[i].append(code)
    return tuple(tuple(h) for h in hits)


def _codes(labels: np.ndarray) -> tuple[np.ndarray, int]:
    uniq, codes = np.unique(np.asarray(labels), return_inverse=True)
    return codes, len(uniq)


def group_count(values: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per row: the number of finite values in the row's group."""
    codes, n_groups = _codes(labels)
    return np.bincount(codes, weights=np.isfinite(values), minlength=n_groups).astype(int)[codes]


def group_percentile(
    values: np.ndarray, labels: np.ndarray, q: float, min_count: int = 1
) -> np.ndarray:
    """Per row: the q-th percentile (numpy's default linear interpolation) of the finite values
    in the row's group; NaN for groups with fewer than ``min_count`` (and at least 1) values."""
    codes, n_groups = _codes(labels)
    idx = np.flatnonzero(np.isfinite(values))
    idx = idx[np.lexsort((values[idx], codes[idx]))]
    counts = np.bincount(codes[idx], minlength=n_groups)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    pos = np.maximum(counts - 1, 0) * (q / 100.0)
    lo, hi = np.floor(pos).astype(int), np.ceil(pos).astype(int)
    ordered = np.r_[values[idx], np.nan]  # the sentinel serves empty groups
    safe_lo = np.where(counts > 0, starts + lo, len(idx))
    safe_hi = np.where(counts > 0, starts + hi, len(idx))
    pct = ordered[safe_lo] + (ordered[safe_hi] - ordered[safe_lo]) * (pos - lo)
    pct[counts < max(min_count, 1)] = np.nan
    return pct[codes]


def weighted_group_mean(values: np.ndarray, weights: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per row: the weight-weighted mean of the group's values (rows with a non-finite value or
    weight <= 0 are left out); NaN when nothing is left."""
    codes, n_groups = _codes(labels)
    ok = np.isfinite(values) & np.isfinite(weights) & (weights > 0)
    w = np.where(ok, weights, 0.0)
    total = np.bincount(codes, weights=np.where(ok, values, 0.0) * w, minlength=n_groups)
    weight = np.bincount(codes, weights=w, minlength=n_groups)
    return _ratio(total, weight)[codes]


AREA_BANDS_M2: tuple[float, ...] = (0.0, 51.0, 71.0, 91.0, math.inf)
"""Average dwelling size bands (m²): <51, 51–70, 71–90, >90, after LBF's examples [I]."""
AGE_BANDS: tuple[int, ...] = (0, 1960, 1980, 2000, 10_000)
"""Construction-year bands: before 1960, 1960–79, 1980–99, 2000 and later [I]."""


def peer_labels(
    region: np.ndarray,
    building_type: np.ndarray,
    area_m2: np.ndarray,
    dwellings: np.ndarray,
    year_built: np.ndarray,
    *,
    area_bands: tuple[float, ...] = AREA_BANDS_M2,
    age_bands: tuple[int, ...] = AGE_BANDS,
) -> np.ndarray:
    """Key-figure peer group per department: region × building type × average dwelling size
    band × age band (LBF's "sammenlignelige afdelinger", DOMAIN.md §2.2), e.g.
    "1084|etage|51-70m2|1960-1979". Unknown values give "?" in their part."""
    avg = _ratio(np.asarray(area_m2, dtype=float), np.asarray(dwellings, dtype=float))
    size = _band_text(avg, area_bands, "m2")
    age = _band_text(np.asarray(year_built, dtype=float), age_bands, "")
    parts = [np.asarray(region, dtype=str), np.asarray(building_type, dtype=str), size, age]
    return np.array(["|".join(p) for p in zip(*parts, strict=True)], dtype=object)


def _band_text(values: np.ndarray, edges: tuple[float, ...], unit: str) -> np.ndarray:
    names = []
    for lo, hi in zip(edges, edges[1:], strict=False):
        if math.isinf(hi) or hi >= 10_000:
            names.append(f"{int(lo)}+{unit}")
        elif lo <= 0:
            names.append(f"<{int(hi)}{unit}")
        else:
            names.append(f"{int(lo)}-{int(hi) - 1}{unit}")
    idx = np.clip(
        np.searchsorted(
            np.asarray(edges, dtype=float), np.nan_to_num(values, nan=-1.0), side="right"
        )
        - 1,
        0,
        len(names) - 1,
    )
    return np.where(
        np.isfinite(values) & (values >= edges[0]), np.asarray(names, dtype=object)[idx], "?"
    )
