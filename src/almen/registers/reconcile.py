"""Reconcile dwelling counts and m² between LBF stamdata, BBR and Danmarks Statistik (DuckDB).

Public API::

    result = reconcile(units=UnitColumns(...), lbf=[LbfDepartment, ...], lbf_reference_date=date(2024, 12, 31),
                       dst={"151": 8123, ...}, dst_reference_date=date(2025, 1, 1))
    result.figures       # dwellings and m² per source, per department and per kommune
    result.differences   # each difference split into parts, one reason code per part

Every difference between two sources is split into parts whose amounts add up to the whole
difference; each part carries one reason code (``REASONS``). The rules, in the order they are
applied, are documented in ``docs/reference/registers.md`` ("Reason codes") and in
``reasons.split_count``. DuckDB does the national-scale work (one scan over the units, grouped per
department and per kommune); the splitting runs per department in Python.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import duckdb
import numpy as np

from almen.formatting import format_number

from .bbr import property_key
from .codes import AlmenCriteria
from .columns import UnitColumns, address_key, day_number
from .lbf import LbfDepartment
from .reasons import MEASURES, REASONS, Candidates, settle_area, split_count


@dataclass(frozen=True, slots=True)
class Figure:
    level: str  # "department" | "kommune"
    kommune_code: str
    org_number: str | None
    dept_number: str | None
    source: str  # "lbf" | "bbr" | "dst"
    dwellings: int | None
    area_m2: int | None


@dataclass(frozen=True, slots=True)
class Difference:
    """One part of the difference ``value_b - value_a`` with one reason. The parts of one
    (level, department/kommune, measure, source pair) add up to ``value_b - value_a``."""

    level: str
    kommune_code: str
    org_number: str | None
    dept_number: str | None
    measure: str  # "dwellings" | "area_m2"
    source_a: str
    source_b: str
    value_a: int
    value_b: int
    amount: int
    reason: str
    note: str


@dataclass
class ReconciliationResult:
    figures: list[Figure]
    differences: list[Difference]
    criteria: dict[str, object]
    lbf_reference_date: date
    dst_reference_date: date | None
    coverage: tuple[str, ...]  # kommuner the BBR units cover
    stats: dict[str, float] = field(default_factory=dict)

    def for_department(self, org_number: str, dept_number: str) -> list[Difference]:
        return [
            d
            for d in self.differences
            if d.org_number == org_number and d.dept_number == dept_number
        ]

    def for_kommune(self, kommune_code: str, level: str = "kommune") -> list[Difference]:
        return [d for d in self.differences if d.kommune_code == kommune_code and d.level == level]


# --- DuckDB ---------------------------------------------------------------------------------


def _ints(values: frozenset[str]) -> str:
    codes = sorted(int(v) for v in values if v.isdigit())
    return ", ".join(str(c) for c in codes) or "NULL"


_ALMEN = {"either": "(own OR sup)", "ownership": "own", "support": "sup", "both": "(own AND sup)"}


def _sql(c: AlmenCriteria, lbf_day: int, dst_day: int) -> str:
    cnt = "almen AND res AND ex"
    return f"""
    WITH f AS (
      SELECT u.kommune, COALESCE(p.dept, a.dept, -1) AS dept, u.total_area AS area, u.valid_from,
             (u.usage BETWEEN {c.residential_min} AND {c.residential_max}) AS res,
             (u.status IN ({_ints(c.existing_statuses)})) AS ex,
             (u.status IN ({_ints(c.pending_statuses)})) AS pend,
             (u.ownership IN ({_ints(c.ownership_codes)})) AS own,
             (u.support IN ({_ints(c.support_codes)})) AS sup
      FROM units u
      LEFT JOIN props p ON u.property_key = p.pkey
      LEFT JOIN addrs a ON u.address_key = a.akey
    ), g AS (SELECT *, {_ALMEN[c.mode]} AS almen FROM f)
    SELECT GROUPING(dept) AS by_kommune, dept, kommune,
      count(*) FILTER ({cnt}) AS n_bbr, sum(area) FILTER ({cnt}) AS a_bbr,
      count(*) FILTER ({cnt} AND valid_from > {lbf_day}) AS n_late,
      sum(area) FILTER ({cnt} AND valid_from > {lbf_day}) AS a_late,
      count(*) FILTER (almen AND res AND NOT ex AND (pend OR valid_from > {lbf_day})) AS n_pend,
      sum(area) FILTER (almen AND res AND NOT ex AND (pend OR valid_from > {lbf_day})) AS a_pend,
      count(*) FILTER (res AND ex AND NOT almen) AS n_owner, sum(area) FILTER (res AND ex AND NOT almen) AS a_owner,
      count(*) FILTER (almen AND ex AND NOT res) AS n_nonres, sum(area) FILTER (almen AND ex AND NOT res) AS a_nonres,
      count(*) FILTER ({cnt} AND dept = -1) AS n_unm, sum(area) FILTER ({cnt} AND dept = -1) AS a_unm,
      count(*) FILTER ({cnt} AND NOT own) AS n_noown, sum(area) FILTER ({cnt} AND NOT own) AS a_noown,
      count(*) FILTER ({cnt} AND own AND valid_from > {dst_day}) AS n_dstlate,
      sum(area) FILTER ({cnt} AND own AND valid_from > {dst_day}) AS a_dstlate,
      count(*) AS n_all
    FROM g GROUP BY GROUPING SETS ((dept), (kommune))
    """


def _maps(
    lbf: Sequence[LbfDepartment], links: Mapping[tuple[str, str], Sequence[str]]
) -> tuple[dict, dict]:
    pkeys: dict[int, int] = {}
    akeys: dict[int, int] = {}
    for i, d in enumerate(lbf):
        for p in d.property_numbers:
            pkeys.setdefault(property_key(p), i)
        for a in links.get((d.org_number, d.dept_number), ()):
            k = address_key(a)
            if k:
                akeys.setdefault(k, i)
    props = {
        "pkey": np.fromiter(pkeys.keys(), np.int64, len(pkeys)),
        "dept": np.fromiter(pkeys.values(), np.int32, len(pkeys)),
    }
    addrs = {
        "akey": np.fromiter(akeys.keys(), np.int64, len(akeys)),
        "dept": np.fromiter(akeys.values(), np.int32, len(akeys)),
    }
    return props, addrs


def _scan(
    units: UnitColumns, props: dict, addrs: dict, sql: str, threads: int | None
) -> list[dict]:
    con = duckdb.connect(config={"threads": threads} if threads else {})
    try:
        con.register("units", units.as_dict())
        con.register("props", props)
        con.register("addrs", addrs)
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def _pair(row: Mapping[str, int | None] | None, n: str, a: str) -> tuple[int, int]:
    if row is None:
        return (0, 0)
    return (int(row[n] or 0), int(row[a] or 0))


def reconcile(
    *,
    units: UnitColumns,
    lbf: Sequence[LbfDepartment],
    lbf_reference_date: date,
    dst: Mapping[str, int] | None = None,
    dst_reference_date: date | None = None,
    criteria: AlmenCriteria | None = None,
    address_links: Mapping[tuple[str, str], Sequence[str]] | None = None,
    coverage: Sequence[str] | None = None,
    area_tolerance_pct: float = 0.5,
    threads: int | None = None,
) -> ReconciliationResult:
    """Reconcile per department and per kommune; see the module docstring.

    ``units`` are the BBR units (all owners; the criteria pick the almene dwellings). A unit
    belongs to a department when its property (``property_key``) is one of the department's
    BBR properties in ``lbf``, else when its DAR address is one of ``address_links``.
    ``coverage``: the kommuner the BBR extract covers (default: those with units); LBF and DST
    figures of other kommuner are compared without BBR (reason ``unexplained``).
    ``area_tolerance_pct``: m² left over after the count parts, up to this % of LBF's m², is
    not reported as ``area_definition``.
    """
    started = time.perf_counter()
    crit = criteria or AlmenCriteria()
    props, addrs = _maps(lbf, address_links or {})
    dst_day = day_number(dst_reference_date) if dst_reference_date else 2**31 - 1
    rows = (
        _scan(units, props, addrs, _sql(crit, day_number(lbf_reference_date), dst_day), threads)
        if len(units)
        else []
    )
    scanned = time.perf_counter()
    by_dept = {
        int(r["dept"]): r
        for r in rows
        if not r["by_kommune"] and r["dept"] is not None and r["dept"] >= 0
    }
    by_kommune = {f"{int(r['kommune']):03d}": r for r in rows if r["by_kommune"]}
    covered = tuple(sorted(coverage if coverage is not None else by_kommune))
    figures: list[Figure] = []
    differences: list[Difference] = []
    kommune_parts: dict[str, list[tuple[str, int, int]]] = {}
    for i, d in enumerate(lbf):
        figures.append(
            Figure(
                "department",
                d.kommune_code,
                d.org_number,
                d.dept_number,
                "lbf",
                d.dwellings,
                d.area_m2,
            )
        )
        if d.kommune_code not in covered:
            continue
        r = by_dept.get(i)
        bbr = _pair(r, "n_bbr", "a_bbr")
        figures.append(
            Figure("department", d.kommune_code, d.org_number, d.dept_number, "bbr", *bbr)
        )
        cand = Candidates(
            _pair(r, "n_pend", "a_pend"),
            _pair(r, "n_owner", "a_owner"),
            _pair(r, "n_nonres", "a_nonres"),
            _pair(r, "n_late", "a_late"),
        )
        lbf_pair = (d.dwellings, d.area_m2)
        parts = settle_area(
            split_count(lbf_pair, bbr, cand), bbr[1] - d.area_m2, d.area_m2, area_tolerance_pct
        )
        differences += _rows(
            "department",
            d.kommune_code,
            d.org_number,
            d.dept_number,
            "lbf",
            "bbr",
            lbf_pair,
            bbr,
            parts,
        )
        kommune_parts.setdefault(d.kommune_code, []).extend(parts)
    lbf_k: dict[str, tuple[int, int]] = {}
    for d in lbf:
        n, a = lbf_k.get(d.kommune_code, (0, 0))
        lbf_k[d.kommune_code] = (n + d.dwellings, a + d.area_m2)
    for code in sorted(set(lbf_k) | set(dst or {}) | set(covered)):
        figures_k, diffs_k = _kommune(
            code,
            lbf_k.get(code, (0, 0)),
            by_kommune.get(code),
            code in covered,
            kommune_parts.get(code, []),
            (dst or {}).get(code),
            dst is not None,
        )
        figures += figures_k
        differences += diffs_k
    stats = {
        "units": float(len(units)),
        "almene_units": float(sum(int(r["n_bbr"] or 0) for r in by_kommune.values())),
        "unmatched_units": float(sum(int(r["n_unm"] or 0) for r in by_kommune.values())),
        "departments": float(len(lbf)),
        "scan_seconds": scanned - started,
        "seconds": time.perf_counter() - started,
    }
    return ReconciliationResult(
        figures, differences, crit.as_dict(), lbf_reference_date, dst_reference_date, covered, stats
    )


def _kommune(
    code: str,
    lbf: tuple[int, int],
    r: Mapping | None,
    covered: bool,
    dept_parts: list[tuple[str, int, int]],
    dst: int | None,
    with_dst: bool,
) -> tuple[list[Figure], list[Difference]]:
    """Kommune figures and differences: LBF vs BBR (department parts + unmatched units) and
    LBF vs DST (the LBF→BBR parts + the BBR→DST parts: support-only dwellings are not EJER=20,
    dwellings registered after 1 January are not yet counted, the rest is unit_definition)."""
    figures = [Figure("kommune", code, None, None, "lbf", *lbf)]
    diffs: list[Difference] = []
    bbr = _pair(r, "n_bbr", "a_bbr")
    if covered:
        figures.append(Figure("kommune", code, None, None, "bbr", *bbr))
        parts = _merge([*dept_parts, ("unmatched_address", *_pair(r, "n_unm", "a_unm"))])
        rest = (
            bbr[0] - lbf[0] - sum(p[1] for p in parts),
            bbr[1] - lbf[1] - sum(p[2] for p in parts),
        )
        parts = _merge([*parts, ("unmatched_address", *rest)])
        diffs += _rows("kommune", code, None, None, "lbf", "bbr", lbf, bbr, parts)
    if with_dst and dst is not None:
        figures.append(Figure("kommune", code, None, None, "dst", dst, None))
        if covered:
            no_own, late = _pair(r, "n_noown", "a_noown")[0], _pair(r, "n_dstlate", "a_dstlate")[0]
            to_dst = [("ownership_code", -no_own, 0), ("reference_date", -late, 0)]
            to_dst.append(("unit_definition", dst - (bbr[0] - no_own - late), 0))
            dst_parts = _merge([(reason, n, 0) for reason, n, _ in parts] + to_dst)
        else:
            dst_parts = [("unexplained", dst - lbf[0], 0)]
        diffs += _rows(
            "kommune",
            code,
            None,
            None,
            "lbf",
            "dst",
            lbf,
            (dst, 0),
            dst_parts,
            measures=("dwellings",),
        )
    return figures, diffs


def _merge(parts: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    merged: dict[str, tuple[int, int]] = {}
    for reason, n, a in parts:
        old = merged.get(reason, (0, 0))
        merged[reason] = (old[0] + n, old[1] + a)
    return [(reason, n, a) for reason, (n, a) in merged.items() if n or a]


def _rows(
    level: str,
    kommune: str,
    org: str | None,
    dept: str | None,
    src_a: str,
    src_b: str,
    a: tuple[int, int],
    b: tuple[int, int],
    parts: list[tuple[str, int, int]],
    measures: tuple[str, ...] = ("dwellings", "area_m2"),
) -> list[Difference]:
    out = []
    for m, index in (("dwellings", 1), ("area_m2", 2)):
        if m not in measures:
            continue
        va, vb = a[index - 1], b[index - 1]
        for reason, *amounts in parts:
            amount = amounts[index - 1]
            if amount:
                out.append(
                    Difference(
                        level,
                        kommune,
                        org,
                        dept,
                        m,
                        src_a,
                        src_b,
                        va,
                        vb,
                        amount,
                        reason,
                        _note(reason, m, amount),
                    )
                )
    return out


def _note(reason: str, measure: str, amount: int) -> str:
    size = format_number(abs(amount))
    sign = "flere" if amount > 0 else "færre"
    what = MEASURES[measure]
    return f"{size} {what} {sign}: {REASONS[reason].lower()}"
