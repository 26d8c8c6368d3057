"""Reason codes and the rules that split a difference into parts (``docs/reference/registers.md``).

Also ``unit_verdict``: why a single BBR unit is (not) counted, for the drill-down pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .codes import AlmenCriteria

REASONS = {
    "reference_date": "Opgørelsesdato",
    "ownership_code": "Ejerforholdskode",
    "unit_definition": "Enhedsdefinition",
    "unmatched_address": "Adresse eller ejendom ikke koblet",
    "area_definition": "Arealdefinition",
    "unexplained": "Uforklaret (BBR dækker ikke kommunen)",
}
REASON_DESCRIPTIONS = {
    "reference_date": "Kilderne er opgjort på forskellige datoer: boliger under opførelse, nedrevet eller registreret efter LBF's "
    "opgørelsesdato, eller (DST) registreret efter 1. januar.",
    "ownership_code": "Boligerne mangler ejerforholdskode 20 og almen støttekode i BBR, eller (DST) de er almene men ejes af "
    "fx kommunen, så DST's EJER=20 ikke tæller dem.",
    "unit_definition": "Kilderne tæller enheder forskelligt: BBR registrerer fx plejeboliger som institution, eller BBR har "
    "enheder, LBF ikke tæller som boliger. For DST: resten af forskellen (DST tæller kun enheder placeret i en bygning).",
    "unmatched_address": "BBR-enhederne ligger på en ejendom eller adresse, som ikke er koblet til afdelingen i LBF's stamdata.",
    "area_definition": "Samme boliger, forskelligt areal: LBF's bruttoetageareal mod BBR's samlede enhedsareal.",
    "unexplained": "BBR-udtrækket dækker ikke kommunen, så forskellen mellem LBF og DST kan ikke forklares.",
}
SOURCES = {"lbf": "LBF stamdata", "bbr": "BBR", "dst": "Danmarks Statistik"}
MEASURES = {"dwellings": "boliger", "area_m2": "m²"}


# --- splitting rules ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidates:
    """Units on a department's properties that may explain a difference (count, m²)."""

    pending: tuple[int, int] = (0, 0)  # almen dwellings not (yet/any longer) existing
    not_marked: tuple[int, int] = (0, 0)  # existing dwellings without an almen marker
    not_residential: tuple[int, int] = (0, 0)  # existing almen units with a non-dwelling usage
    late: tuple[int, int] = (0, 0)  # counted dwellings registered after LBF's reference date


def _mean(pair: tuple[int, int]) -> float:
    n, area = pair
    return area / n if n else 0.0


def split_count(
    lbf: tuple[int, int], bbr: tuple[int, int], c: Candidates
) -> list[tuple[str, int, int]]:
    """Split a department's BBR − LBF difference into (reason, dwellings, m²) parts.

    Shortfall (BBR counts fewer): first ``reference_date`` (almen dwellings that are projected,
    under construction or changed after LBF's date), then ``ownership_code`` (dwellings on the
    department's properties with no almen marker), then ``unit_definition`` (almen units with a
    non-dwelling usage), the rest ``unmatched_address`` (units not linked to the department).
    Excess: first ``reference_date`` (dwellings registered after LBF's date), the rest
    ``unit_definition``. m² of a part = count × the candidates' mean m² (unmatched: LBF's mean).
    Whatever m² difference is left is ``area_definition`` (applied by the caller).
    """
    n_lbf, n_bbr = lbf[0], bbr[0]
    parts: list[tuple[str, int, int]] = []
    gap = n_bbr - n_lbf
    if gap < 0:
        left = -gap
        for reason, pair in (
            ("reference_date", c.pending),
            ("ownership_code", c.not_marked),
            ("unit_definition", c.not_residential),
        ):
            take = min(left, pair[0])
            if take:
                parts.append((reason, -take, -round(take * _mean(pair))))
                left -= take
        if left:
            parts.append(("unmatched_address", -left, -round(left * _mean(lbf))))
    elif gap > 0:
        take = min(gap, c.late[0])
        if take:
            parts.append(("reference_date", take, round(take * _mean(c.late))))
        if gap - take:
            parts.append(("unit_definition", gap - take, round((gap - take) * _mean(bbr))))
    return parts


def settle_area(
    parts: list[tuple[str, int, int]], area_gap: int, a_lbf: int, tolerance_pct: float
) -> list[tuple[str, int, int]]:
    """``parts`` plus the m² they leave unexplained: a separate ``area_definition`` part, or, when
    the rest is within ``tolerance_pct`` of LBF's m² and there are count parts, added to the
    largest count part (the rounding of mean m²). The result always sums to ``area_gap``."""
    rest = area_gap - sum(p[2] for p in parts)
    if rest and abs(rest) > tolerance_pct / 100 * a_lbf:
        return [*parts, ("area_definition", 0, rest)]
    if rest and parts:  # within tolerance: fold the rounding into the largest part
        i = max(range(len(parts)), key=lambda k: abs(parts[k][1]))
        reason, n, a = parts[i]
        parts = [*parts[:i], (reason, n, a + rest), *parts[i + 1 :]]
    elif rest:
        return [("area_definition", 0, rest)]
    return parts


@dataclass(frozen=True, slots=True)
class UnitVerdict:
    counted: bool  # counted as an existing almen dwelling by BBR
    reason: str | None  # the reason code this unit can explain, if not counted normally
    text: str  # Danish explanation


def unit_verdict(
    *,
    usage_code: str | None,
    status: str | None,
    support_code: str | None,
    ownership_code: str | None,
    valid_from: date | None,
    lbf_reference_date: date | None,
    criteria: AlmenCriteria | None = None,
) -> UnitVerdict:
    """Why one unit is (not) counted, with the reason code it can explain (drill-down pages)."""
    c = criteria or AlmenCriteria()
    almen, res, ex = (
        c.is_almen(ownership_code, support_code),
        c.is_residential(usage_code),
        c.is_existing(status),
    )
    late = (
        valid_from is not None
        and lbf_reference_date is not None
        and valid_from > lbf_reference_date
    )
    if almen and res and ex:
        if late:
            return UnitVerdict(
                True, "reference_date", "Talt med, men registreret efter LBF's opgørelsesdato"
            )
        return UnitVerdict(True, None, "Talt med som almen bolig")
    if almen and res:
        return UnitVerdict(False, "reference_date", f"Ikke opført i BBR (status {status})")
    if res and ex:
        return UnitVerdict(False, "ownership_code", "Hverken ejerforhold 20 eller almen støttekode")
    if almen and ex:
        return UnitVerdict(
            False, "unit_definition", f"Anvendelse {usage_code} er ikke en bolig (110–190)"
        )
    return UnitVerdict(False, None, "Ikke en almen bolig")
