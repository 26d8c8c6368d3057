"""Run the engine for one method and turn its result into plain row records for storage.

FDH rows come straight from ``almen.efficiency.fdh``. DEA rows are derived from the DEA
reference (the lambda-weighted combination of peers): per account group, the reference cost
per unit of the evaluated department, and the binding account is the one where the reference
is least cheaper. Excluded rows carry an explicit reason code and no numbers.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from almen.efficiency import (
    ACCOUNT_GROUPS,
    EXCLUSION_REASONS,
    DeaResult,
    DepartmentCosts,
    FdhResult,
    Parameters,
    account_label,
    dea,
    explain,
    fdh,
    format_kr,
    format_number,
    format_pct,
    peer_groups,
    round_half_up,
)

METHODS: Mapping[str, dict[str, str]] = {
    "fdh": {},
    "dea-vrs": {"returns": "vrs", "model": "size"},
    "dea-crs": {"returns": "crs", "model": "size"},
}
"""Method code → ``almen.efficiency.dea`` options. The "size" model (total costs as inputs,
dwellings as output) is used for both DEA variants: with the "unit-cost" model CRS and VRS
coincide, so only "size" lets the returns to scale matter."""


@dataclass
class Row:
    """One department's outcome, ready to become a ``DepartmentResult``."""

    department_id: int
    score: float = 0.0
    effektivitetstal: int | None = None
    potential_pct: float | None = None
    potential_kr: float | None = None
    best_peer_id: int | None = None
    binding_account: str = ""
    per_account: dict[str, dict[str, float]] = field(default_factory=dict)
    peer_group: str = ""
    peer_group_description: str = ""
    group_size: int = 0
    widened: bool = False
    widening_reason: str = ""
    trimmed: bool = False
    excluded_reason: str = ""
    exclusion_accounts: str = ""
    explanation: str = ""
    dea_peers: list[int] = field(default_factory=list)
    dea_lambdas: list[float] = field(default_factory=list)


def parameters_to_json(params: Parameters) -> dict[str, Any]:
    """Every ``Parameters`` field as JSON (an infinite band edge becomes null)."""
    out = dataclasses.asdict(params)
    out["size_bands"] = [None if math.isinf(b) else b for b in params.size_bands]
    out["national_types"] = list(params.national_types)
    return out


def parameters_from_json(data: Mapping[str, Any]) -> Parameters:
    """Inverse of ``parameters_to_json`` (extra keys such as "dea" are ignored)."""
    names = {f.name for f in dataclasses.fields(Parameters)}
    kwargs = {k: v for k, v in data.items() if k in names}
    if "size_bands" in kwargs:
        kwargs["size_bands"] = tuple(
            math.inf if b is None else float(b) for b in kwargs["size_bands"]
        )
    if "national_types" in kwargs:
        kwargs["national_types"] = tuple(kwargs["national_types"])
    return Parameters(**kwargs)


EXCLUSION_TEXTS: Mapping[str, str] = {
    **EXCLUSION_REASONS,
    "partial_year": "regnskabet dækker under 12 måneder (afdelingen taget i brug i året)",
    "dea_infeasible": "DEA-modellen har ingen løsning for afdelingen",
    "dea_error": "DEA-beregningen fejlede for afdelingen",
    "too_few_peers": "for få sammenlignelige afdelinger",
}
"""Every exclusion reason code (almen's and ours) → Danish text."""


def run_method(
    data: DepartmentCosts, method: str, params: Parameters
) -> tuple[FdhResult | DeaResult, dict[str, str]]:
    """The engine's result and the Danish description of each peer-group label."""
    if method not in METHODS:
        raise ValueError(f"Ukendt metode {method!r}; vælg en af {', '.join(METHODS)}.")
    groups = peer_groups(data, params)
    if method == "fdh":
        return fdh(data, params, groups=groups), groups.descriptions
    return dea(data, params, groups=groups, **METHODS[method]), groups.descriptions  # type: ignore[arg-type]


def peer_ids(result: FdhResult | DeaResult) -> set[int]:
    """Department ids named in the explanations (best practice or DEA references)."""
    if isinstance(result, FdhResult):
        return {int(p) for p in result.best_peer_id.tolist() if p is not None}
    return {int(p) for peers in result.peers for p in peers}


def per_account_table(own: np.ndarray, peer: np.ndarray) -> list[dict[str, dict[str, float]]]:
    """Per row, account group → own and reference cost per unit and the % cheaper (rounded to
    0.01); ``own`` and ``peer`` are n × 7 and ``own`` must be positive."""
    cheaper = np.round(100.0 * (1.0 - peer / own), 2).tolist()
    own_r, peer_r = np.round(own, 2).tolist(), np.round(peer, 2).tolist()
    return [
        {
            code: {"own": o, "peer": p, "cheaper_pct": c}
            for code, o, p, c in zip(ACCOUNT_GROUPS, oo, pp, cc, strict=True)
        }
        for oo, pp, cc in zip(own_r, peer_r, cheaper, strict=True)
    ]


def _common(result: FdhResult | DeaResult, i: int, descriptions: Mapping[str, str]) -> Row:
    label = str(result.peer_group[i])
    return Row(
        department_id=int(result.ids[i]),
        peer_group=label,
        peer_group_description=descriptions.get(label, ""),
        group_size=int(result.group_size[i]),
        widened=bool(result.widened[i]),
        widening_reason=str(result.widening_reason[i]),
        excluded_reason=str(result.exclusion[i]),
        exclusion_accounts=str(result.exclusion_accounts[i]),
    )


def fdh_rows(result: FdhResult, names: Mapping[Any, str]) -> list[Row]:
    rows = []
    inc = np.flatnonzero(result.included)
    tables = dict(
        zip(
            inc.tolist(),
            per_account_table(result.own_unit_cost[inc], result.peer_unit_cost[inc]),
            strict=True,
        )
    )
    for i in range(len(result)):
        row = _common(result, i, result.group_descriptions)
        row.explanation = explain(result, i, names)
        if result.included[i]:
            row.score = float(result.score[i])
            row.effektivitetstal = int(result.effektivitetstal[i])
            row.potential_pct = float(result.potential_pct[i])
            row.potential_kr = float(result.potential_kr[i])
            row.best_peer_id = int(result.best_peer_id[i])
            row.binding_account = str(result.binding_account_code[i])
            row.per_account = tables[i]
            row.trimmed = bool(result.trimmed[i])
        rows.append(row)
    return rows


def dea_rows(
    result: DeaResult,
    data: DepartmentCosts,
    names: Mapping[int, str],
    descriptions: Mapping[str, str],
) -> list[Row]:
    units = data.units(result.params)
    rows = []
    for i in range(len(result)):
        row = _common(result, i, descriptions)
        status = str(result.status[i])
        if result.included[i] and status != "optimal":
            row.excluded_reason = "dea_infeasible" if status == "infeasible" else "dea_error"
        if not result.included[i] or row.excluded_reason.startswith("dea_"):
            row.explanation = _excluded_text(row)
            rows.append(row)
            continue
        _fill_dea(row, result, data, units, i, names)
        rows.append(row)
    return rows


def _fill_dea(
    row: Row,
    result: DeaResult,
    data: DepartmentCosts,
    units: np.ndarray,
    i: int,
    names: Mapping[int, str],
) -> None:
    index, lambdas = result.peer_index[i], result.lambdas[i]
    theta = min(1.0, float(result.score[i]))
    own = data.costs[i] / units[i]
    reference = (lambdas[:, None] * data.costs[index]).sum(axis=0) / units[i] if len(index) else own
    row.score = theta
    row.effektivitetstal = round_half_up(100.0 * theta)
    row.potential_pct = 100.0 * (1.0 - theta)
    row.potential_kr = (1.0 - theta) * float(np.nansum(data.costs[i]))
    row.per_account = per_account_table(own[None, :], reference[None, :])[0]
    row.dea_peers = [int(p) for p in result.peers[i]]
    row.dea_lambdas = [round(float(x), 6) for x in lambdas]
    frontier = theta >= 1.0 - 1e-9
    if len(index):
        row.best_peer_id = int(data.ids[index[int(np.argmax(lambdas))]])
    if not frontier:
        row.binding_account = ACCOUNT_GROUPS[
            int(np.argmin([v["cheaper_pct"] for v in row.per_account.values()]))
        ]
    row.explanation = dea_explanation(row, names)


def dea_explanation(row: Row, names: Mapping[int, str]) -> str:
    """Danish explanation of a DEA row, in the style of ``almen.efficiency.explain``."""
    if not row.binding_account:
        text = "Afdelingen ligger på DEA-fronten: ingen vægtet kombination af sammenlignelige afdelinger er billigere på alle konti."
    else:
        parts = [
            f"{names.get(p, f'afd. {p}')} (vægt {format_number(w, 2)})"
            for p, w in sorted(
                zip(row.dea_peers, row.dea_lambdas, strict=True), key=lambda pw: -pw[1]
            )
        ]
        cheapest = min(v["cheaper_pct"] for v in row.per_account.values())
        at_least = math.floor(cheapest * 10 + 1e-9) / 10
        text = (
            f"Referencen er en vægtet kombination af {_join(parts)}: mindst {format_pct(at_least)} "
            f"billigere på alle konti; bindende konto {account_label(row.binding_account)}. "
            f"Effektiviseringspotentiale {format_kr(row.potential_kr or 0.0)}"
        )
    if row.widened:
        text += f" {row.widening_reason}"
    return text


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def _excluded_text(row: Row) -> str:
    detail = f" (kontogruppe {row.exclusion_accounts})" if row.exclusion_accounts else ""
    return (
        f"Ikke beregnet: {EXCLUSION_TEXTS.get(row.excluded_reason, row.excluded_reason)}{detail}."
    )


def partial_year_row(department_id: int, months: int) -> Row:
    return Row(
        department_id=department_id,
        excluded_reason="partial_year",
        explanation=f"Ikke beregnet: regnskabet dækker kun {months} måned{'' if months == 1 else 'er'} "
        "(afdelingen blev taget i brug i løbet af året).",
    )


def mark_too_few(row: Row, minimum: int) -> None:
    """Withhold a score computed against fewer than ``minimum`` other departments: no
    effektivitetstal, no colour, no briefing point, not published (setting
    ``BENCHMARK_MIN_COMPARABLE``); the explanation keeps what was computed."""
    computed = row.effektivitetstal
    others = max(row.group_size - 1, 0)
    row.excluded_reason = "too_few_peers"
    row.effektivitetstal = None
    row.potential_pct = None
    row.potential_kr = None
    row.explanation = (
        f"Ikke vist: for få sammenlignelige afdelinger ({others}; mindst {minimum} kræves). "
        + (
            f"Beregnet ville tallet være {computed}, men det er ikke sammenligneligt. "
            if computed is not None
            else ""
        )
        + row.explanation
    ).strip()
