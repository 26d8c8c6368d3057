"""Peer groups: who is compared with whom.

Rule (DOMAIN.md §3.1 [C], details [I]): departments of roughly the same size (size band), with
the same dominant housing type, in the same region and year. Departments dominated by a type in
``Parameters.national_types`` are compared nationwide. A *cell* (the departments sharing those
attributes) with fewer than ``min_peers`` other included departments is widened: first to
adjacent size bands in the same region and type (one band each side per step), then nationwide
for the type (again starting from its own band). Such departments are flagged.

Peer sets of widened cells may overlap other groups: the departments of the neighbouring band
keep their own, unwidened group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from almen.efficiency.data import DepartmentCosts, Exclusions, exclusions, unit_costs
from almen.efficiency.params import Parameters

NATIONAL = "DK"
"""Scope code of a nationwide peer group."""

ANY_BUILDING = "*"

TYPE_NAMES = {
    "familie": "Familieboliger",
    "ungdom": "Ungdomsboliger",
    "aeldre": "Ældreboliger",
    "pleje": "Plejeboliger",
}


class Spec(NamedTuple):
    """The attributes that define one peer group."""

    year: int
    scope: str  # a region code or NATIONAL
    housing_type: str
    building: str  # a building type, or ANY_BUILDING
    band_lo: int
    band_hi: int


@dataclass(frozen=True, slots=True)
class PeerGroup:
    """One comparison group.

    evaluated: row indices scored against this group.
    peers: row indices used as reference (after trimming), ordered by total cost per unit, then
        row index; the FDH tie-break relies on this order.
    n_members: included departments in the group before trimming.
    widened / reason: whether any evaluated cell was widened into this group, and the first
        such reason (Danish). Per-row flags in ``PeerGroups`` are authoritative: a widened
        cell can land on the same spec as an unwidened one.
    """

    label: str
    description: str
    spec: Spec
    evaluated: np.ndarray
    peers: np.ndarray
    n_members: int
    widened: bool
    reason: str


@dataclass(frozen=True, slots=True)
class PeerGroups:
    """Peer-group assignment of every row.

    labels: n group labels ("" for excluded rows); group_index: n indices into ``groups`` (-1
    for excluded rows); widened / widening_reason: per row; trimmed: rows that are scored but
    not used as peers in their own group; exclusion: the exclusion rule's outcome;
    unit_costs: n × 7 cost per unit (1.0 on excluded rows).
    """

    labels: np.ndarray
    group_index: np.ndarray
    groups: tuple[PeerGroup, ...]
    widened: np.ndarray
    widening_reason: np.ndarray
    trimmed: np.ndarray
    exclusion: Exclusions
    unit_costs: np.ndarray

    @property
    def descriptions(self) -> dict[str, str]:
        """Group label → Danish description."""
        return {g.label: g.description for g in self.groups}


Key = tuple[int, str, str, str, int]


class _Cells:
    """Included rows indexed by (year, type) and then by (region, building, band)."""

    def __init__(self, groups: dict[Key, np.ndarray]):
        self.index: dict[tuple[int, str], list[tuple[str, str, int, np.ndarray]]] = {}
        for (year, region, htype, building, band), rows in groups.items():
            self.index.setdefault((year, htype), []).append((region, building, band, rows))

    def _parts(self, spec: Spec) -> list[np.ndarray]:
        return [
            rows
            for region, building, band, rows in self.index.get((spec.year, spec.housing_type), [])
            if spec.band_lo <= band <= spec.band_hi
            and (spec.scope == NATIONAL or region == spec.scope)
            and (spec.building == ANY_BUILDING or building == spec.building)
        ]

    def rows(self, spec: Spec) -> np.ndarray:
        """Sorted row indices of the included rows matching ``spec``."""
        parts = self._parts(spec)
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.intp)

    def count(self, spec: Spec) -> int:
        return sum(len(p) for p in self._parts(spec))


Column = tuple[np.ndarray, np.ndarray]  # (distinct values, code of each row)


def _encode(values: np.ndarray) -> Column:
    uniq, codes = np.unique(values, return_inverse=True)
    return uniq, codes


def _group_rows(columns: list[Column], rows: np.ndarray) -> dict[tuple, np.ndarray]:
    """Split ``rows`` by the combined value of encoded ``columns``: key → sorted row indices."""
    if len(rows) == 0:
        return {}
    key = np.zeros(len(rows), dtype=np.int64)
    for uniq, codes in columns:
        key = key * len(uniq) + codes[rows]
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    parts = np.split(rows[order], starts[1:])
    return {tuple(uniq[codes[p[0]]].item() for uniq, codes in columns): p for p in parts}


def band_index(dwellings: np.ndarray, params: Parameters) -> np.ndarray:
    """Size band per row (0-based); non-finite counts fall in band 0."""
    d = np.where(np.isfinite(dwellings), dwellings, 0.0)
    idx = np.searchsorted(np.asarray(params.size_bands), d, side="right") - 1
    return np.clip(idx, 0, params.n_bands - 1)


def peer_groups(data: DepartmentCosts, params: Parameters | None = None) -> PeerGroups:
    """Assign every included row to a peer group (see the module docstring for the rule)."""
    params = params or Parameters()
    excl = exclusions(data, params)
    inc = excl.included
    uc = unit_costs(data, params, inc)
    n = len(data)
    band = band_index(data.dwellings, params)
    building = data.building_type if params.split_by_building_type else np.full(n, ANY_BUILDING)
    national = np.isin(data.housing_type, params.national_types) & (
        data.dominant_share > params.national_share
    )
    scope = np.where(national, NATIONAL, data.region)
    years = data.years()
    rows = np.flatnonzero(inc)
    year_c, type_c, building_c, band_c = (
        _encode(c) for c in (years, data.housing_type, building, band)
    )
    cells = _Cells(_group_rows([year_c, _encode(data.region), type_c, building_c, band_c], rows))
    resolved: dict[Spec, list[tuple[np.ndarray, str]]] = {}
    for key, members in _group_rows(
        [year_c, _encode(scope), type_c, building_c, band_c], rows
    ).items():
        start = Spec(int(key[0]), str(key[1]), str(key[2]), str(key[3]), int(key[4]), int(key[4]))
        spec, reason = _widen(start, cells, params)
        resolved.setdefault(spec, []).append((members, reason))
    return _assemble(data, params, excl, uc, cells, resolved)


def _widen(start: Spec, cells: _Cells, params: Parameters) -> tuple[Spec, str]:
    """Widen ``start`` until it has ``min_peers`` others; return the spec and a reason."""
    need = params.min_peers + 1
    own = cells.count(start)
    if own >= need:
        return start, ""
    stages = [(start.scope, start.building)]
    if start.building != ANY_BUILDING:
        stages.append((start.scope, ANY_BUILDING))
    if start.scope != NATIONAL:
        stages.append((NATIONAL, ANY_BUILDING))
    last_hi = params.n_bands - 1
    spec = start
    for scope, building in stages:
        for step in range(params.n_bands):
            lo, hi = max(0, start.band_lo - step), min(last_hi, start.band_hi + step)
            spec = start._replace(scope=scope, building=building, band_lo=lo, band_hi=hi)
            if cells.count(spec) >= need:
                return spec, _reason(own, params, spec, enough=True)
            if lo == 0 and hi == last_hi:
                break
    return spec, _reason(own, params, spec, enough=False)


def _reason(own: int, params: Parameters, spec: Spec, *, enough: bool) -> str:
    head = f"Kun {own - 1} andre sammenlignelige afdelinger (mindst {params.min_peers} kræves)"
    target = _describe(spec, params, with_year=False)
    if enough:
        return f"{head}; gruppen er udvidet til {target}."
    return f"{head}; heller ikke nok på landsplan, sammenlignet med {target}."


def _assemble(
    data: DepartmentCosts,
    params: Parameters,
    excl: Exclusions,
    uc: np.ndarray,
    cells: _Cells,
    resolved: dict[Spec, list[tuple[np.ndarray, str]]],
) -> PeerGroups:
    """Build the groups (sorted by label) and the per-row arrays."""
    n = len(data)
    total = uc.sum(axis=1)
    labels = np.full(n, "", dtype=object)
    group_index = np.full(n, -1, dtype=np.intp)
    widened = np.zeros(n, dtype=bool)
    widening_reason = np.full(n, "", dtype=object)
    trimmed = np.zeros(n, dtype=bool)
    is_peer = np.zeros(n, dtype=bool)  # scratch
    with_year = data.year is not None
    groups: list[PeerGroup] = []
    for spec in sorted(resolved, key=lambda s: _label(s, params, with_year)):
        for rows, reason in resolved[spec]:
            widened[rows] = bool(reason)
            widening_reason[rows] = reason
        g = _group(spec, resolved[spec], cells.rows(spec), total, params, with_year)
        labels[g.evaluated] = g.label
        group_index[g.evaluated] = len(groups)
        is_peer[g.peers] = True
        trimmed[g.evaluated] = ~is_peer[g.evaluated]
        is_peer[g.peers] = False
        groups.append(g)
    return PeerGroups(
        labels, group_index, tuple(groups), widened, widening_reason, trimmed, excl, uc
    )


def _group(
    spec: Spec,
    cells: list[tuple[np.ndarray, str]],
    members: np.ndarray,
    total: np.ndarray,
    params: Parameters,
    with_year: bool,
) -> PeerGroup:
    reasons = [reason for _, reason in cells if reason]
    return PeerGroup(
        label=_label(spec, params, with_year),
        description=_describe(spec, params, with_year),
        spec=spec,
        evaluated=np.sort(np.concatenate([rows for rows, _ in cells])),
        peers=_trim(members, total, params.trim_pct),
        n_members=len(members),
        widened=bool(reasons),
        reason=reasons[0] if reasons else "",
    )


def _trim(members: np.ndarray, total: np.ndarray, trim_pct: float) -> np.ndarray:
    """Members ordered by (total cost per unit, row), without ``trim_pct`` % at each end."""
    order = members[np.lexsort((members, total[members]))]
    k = int(np.floor(trim_pct / 100.0 * len(order)))
    return order[k : len(order) - k] if k else order


def _label(spec: Spec, params: Parameters, with_year: bool) -> str:
    parts = [str(spec.year)] if with_year else []
    parts += [spec.scope, spec.housing_type]
    if spec.building != ANY_BUILDING:
        parts.append(spec.building)
    parts.append(params.band_label(spec.band_lo, spec.band_hi))
    return "|".join(parts)


def _describe(spec: Spec, params: Parameters, with_year: bool) -> str:
    parts = [TYPE_NAMES.get(spec.housing_type, spec.housing_type or "ukendt boligtype")]
    parts.append("hele landet" if spec.scope == NATIONAL else f"region {spec.scope}")
    if spec.building != ANY_BUILDING:
        parts.append(spec.building)
    parts.append(params.band_label(spec.band_lo, spec.band_hi).replace("-", "–") + " boliger")
    if with_year:
        parts.append(str(spec.year))
    return ", ".join(parts)
