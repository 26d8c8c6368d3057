"""Build the engine's inputs for one accounting year from the database.

Two queries: the year's account lines on the benchmarked konti and konto 120, and the master
data of every department. Both run on a raw cursor with the SQL that the ORM generates (no
per-row field converters: about three times faster on 75,000 lines), and are pivoted with numpy.

Only departments with account lines in the year take part. Departments taken into use during
the year have fewer than 12 months of accounts: they are left out of the efficiency score
(reason ``partial_year``; the Effektiviseringsenheden uses 12-month accounts, DOMAIN.md §3.1)
and their provisions are annualised for the key figures.

Imported facts (``DepartmentFact`` for the year: rent per m², m², dwellings, also per housing
type) take precedence over the master data for that year. Rent without a fact for the year is
the master rent only for the newest accounting year (the master rent is today's rent); older
years without an imported rent have no rent figures ("each year its own rent").

Accumulated provisions are the year's saldo ultimo on the balance konti 401–404 (DOMAIN.md §4).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import connections
from django.db.models import FloatField, QuerySet
from django.db.models.functions import Cast, ExtractMonth, ExtractYear

from almen.efficiency import ACCOUNT_GROUPS, DepartmentCosts
from almen.efficiency.accounts import POOLED_ACCOUNTS
from almen.keyfigures import KeyFigureInput, annualise, dominant_rent_type, peer_labels
from almen.keyfigures import months_in_use as months_in_use
from styringsdialog.registry.models import AccountLine, Department, DepartmentFact

HOUSING_TYPES: tuple[str, ...] = Department.HOUSING_TYPES
PROVISIONS_KONTO = "120"
GROUP_KONTI: tuple[tuple[str, ...], ...] = tuple(
    POOLED_ACCOUNTS.get(g, (g,)) for g in ACCOUNT_GROUPS
)
"""Raw konti behind each account group, in ``ACCOUNT_GROUPS`` order."""
BALANCE_KONTI: tuple[str, ...] = ("401", "402", "403", "404")
"""Balance konti of accumulated provisions (saldo ultimo), DOMAIN.md §4."""
KONTI: tuple[str, ...] = (
    tuple(k for group in GROUP_KONTI for k in group) + (PROVISIONS_KONTO,) + BALANCE_KONTI
)
KONTO_INDEX = {k: i for i, k in enumerate(KONTI)}


@dataclass(frozen=True)
class YearData:
    """Inputs for one accounting year.

    department_ids: every department with account lines in the year (sorted pks).
    months: months in use during the year (1–12), aligned with ``department_ids``.
    costs: the engine input for the full-year departments only (ids are department pks).
    key_input: key-figure input for every department in ``department_ids`` (provisions
        annualised for departments in use less than 12 months).
    """

    year: int
    department_ids: np.ndarray
    months: np.ndarray
    costs: DepartmentCosts
    key_input: KeyFigureInput
    rent_from_fact: np.ndarray | None = None
    """True where the year's rent is an imported fact (False: master data or none)."""

    def __len__(self) -> int:
        return len(self.department_ids)

    @property
    def partial_ids(self) -> np.ndarray:
        """Departments in use for less than the whole year (not scored)."""
        return self.department_ids[self.months < 12]

    def months_of(self, department_id: int) -> int:
        return int(self.months[np.searchsorted(self.department_ids, department_id)])


def fetch_rows(qs: QuerySet) -> list[tuple]:
    """Rows of a ``values_list`` queryset, fetched without Django's per-row converters."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _account_lines(year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    qs = (
        AccountLine.objects.filter(year=year, konto__in=KONTI)
        .order_by()
        .values_list("department_id", "konto", Cast("amount", FloatField()))
    )
    rows = fetch_rows(qs)
    n = len(rows)
    dept = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    col = np.fromiter((KONTO_INDEX[r[1]] for r in rows), dtype=np.intp, count=n)
    amount = np.fromiter((r[2] for r in rows), dtype=float, count=n)
    return dept, col, amount


DEPARTMENT_COLUMNS = (
    "pk",
    *(f"dwellings_{t}" for t in HOUSING_TYPES),
    *(f"area_{t}" for t in HOUSING_TYPES),
    "kommune__code",
    "kommune__region__code",
    "building_type",
    "year_built",
)


def _departments(ids: np.ndarray) -> list[tuple]:
    qs = Department.objects.order_by("pk").values_list(
        *DEPARTMENT_COLUMNS,
        ExtractYear("taken_into_use"),
        ExtractMonth("taken_into_use"),
        Cast("rent_per_m2", FloatField()),
    )
    rows = fetch_rows(qs)
    wanted = set(ids.tolist())
    return [r for r in rows if r[0] in wanted]


def _pivot(ids: np.ndarray, dept: np.ndarray, col: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """len(ids) × len(KONTI) amounts in kr.; NaN where the department has no line."""
    raw = np.full((len(ids), len(KONTI)), np.nan)
    raw[np.searchsorted(ids, dept), col] = amount  # (department, year, konto) is unique
    return raw


def pool(raw: np.ndarray) -> np.ndarray:
    """n × 7 account-group costs from n × len(KONTI) raw amounts (as ``almen.pool_accounts``:
    a pooled group is NaN only when none of its konti is present)."""
    out = np.empty((len(raw), len(ACCOUNT_GROUPS)))
    start = 0
    for k, konti in enumerate(GROUP_KONTI):
        part = raw[:, start : start + len(konti)]
        out[:, k] = np.where(np.isnan(part).all(axis=1), np.nan, np.nansum(part, axis=1))
        start += len(konti)
    return out


FACT_CODES: tuple[str, ...] = (
    "rent_per_m2",
    "dwellings_total",
    "area_total",
    *(f"dwellings_{t}" for t in HOUSING_TYPES),
    *(f"area_{t}" for t in HOUSING_TYPES),
)
"""``DepartmentFact`` codes that override the master data for their year."""


def year_facts(year: int, ids: np.ndarray) -> dict[str, dict[int, float]]:
    """code → {department pk: value} of the imported facts for ``year`` (only ``FACT_CODES``)."""
    wanted = set(ids.tolist())
    out: dict[str, dict[int, float]] = {}
    qs = (
        DepartmentFact.objects.filter(year=year, code__in=FACT_CODES)
        .order_by()
        .values_list("department_id", "code", Cast("value", FloatField()))
    )
    for dept_id, code, value in fetch_rows(qs):
        if dept_id in wanted and value is not None:
            out.setdefault(code, {})[dept_id] = float(value)
    return out


def _overlay(values: np.ndarray, ids: np.ndarray, facts: dict[int, float]) -> np.ndarray:
    """``values`` with the facts' values at their departments (returns a new array)."""
    out = np.array(values, dtype=float)
    if facts:
        pos = {int(d): i for i, d in enumerate(ids.tolist())}
        for dept_id, value in facts.items():
            out[pos[dept_id]] = value
    return out


def newest_accounting_year() -> int | None:
    return AccountLine.objects.order_by("-year").values_list("year", flat=True).first()


def load_year(year: int) -> YearData:
    """Inputs for ``year`` (see ``YearData``); empty when the year has no account lines."""
    dept, col, amount = _account_lines(year)
    rows = _departments(np.unique(dept))
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    keep = np.isin(dept, ids)
    raw = _pivot(ids, dept[keep], col[keep], amount[keep])
    facts = year_facts(year, ids)
    t = len(HOUSING_TYPES)
    dwellings = np.array([r[1 : 1 + t] for r in rows], dtype=float).reshape(len(rows), t)
    area = np.array([r[1 + t : 1 + 2 * t] for r in rows], dtype=float).reshape(len(rows), t)
    for k, kind in enumerate(HOUSING_TYPES):
        dwellings[:, k] = _overlay(dwellings[:, k], ids, facts.get(f"dwellings_{kind}", {}))
        area[:, k] = _overlay(area[:, k], ids, facts.get(f"area_{kind}", {}))
    text = np.array([r[1 + 2 * t : 4 + 2 * t] for r in rows], dtype=str).reshape(len(rows), 3)
    kommune, region, building = text[:, 0], text[:, 1], text[:, 2]
    year_built = np.array([r[4 + 2 * t] for r in rows], dtype=float)
    taken = np.array([(r[5 + 2 * t] or 0, r[6 + 2 * t] or 0) for r in rows], dtype=int).reshape(
        len(rows), 2
    )
    rent = np.array([np.nan if r[7 + 2 * t] is None else r[7 + 2 * t] for r in rows], dtype=float)
    newest = newest_accounting_year()
    if newest is not None and year < newest:
        rent = np.full(len(rows), np.nan)  # today's rent is not this year's rent
    rent = _overlay(rent, ids, facts.get("rent_per_m2", {}))
    rent_from_fact = np.isin(ids, list(facts.get("rent_per_m2", {})))
    months = months_in_use(taken[:, 0], taken[:, 1], year)
    total_dw = _overlay(dwellings.sum(axis=1), ids, facts.get("dwellings_total", {}))
    total_area = _overlay(area.sum(axis=1), ids, facts.get("area_total", {}))
    balance = raw[:, [KONTO_INDEX[k] for k in BALANCE_KONTI]]
    accumulated = np.where(np.isnan(balance).all(axis=1), np.nan, np.nansum(balance, axis=1))
    rent_types = np.array(
        [
            dominant_rent_type(dict(zip(HOUSING_TYPES, row, strict=True)))
            for row in dwellings.tolist()
        ],
        dtype=str,
    )
    full = months == 12
    costs = DepartmentCosts.from_arrays(
        ids=ids[full].tolist(),
        costs=pool(raw[full]),
        dwellings=total_dw[full],
        area_m2=total_area[full],
        region=region[full],
        housing_type=np.asarray(HOUSING_TYPES)[dwellings.argmax(axis=1)][full] if len(rows) else [],
        dominant_share=_share(dwellings)[full],
        building_type=building[full],
    )
    key_input = KeyFigureInput(
        ids=ids.astype(object),
        provisions=annualise(raw[:, KONTO_INDEX[PROVISIONS_KONTO]], months),
        dwellings=total_dw,
        area_m2=total_area,
        rent_per_m2=rent,
        kommune=kommune,
        region=region,
        peer_group=peer_labels(region, building, total_area, total_dw, year_built),
        accumulated=accumulated,
        housing_type=rent_types,
    )
    return YearData(year, ids, months, costs, key_input, rent_from_fact)


def _share(dwellings: np.ndarray) -> np.ndarray:
    """Share of the dominant housing type (0 when there are no dwellings)."""
    total = dwellings.sum(axis=1)
    return np.divide(
        dwellings.max(axis=1, initial=0), total, out=np.zeros(len(total)), where=total > 0
    )


def accounting_years() -> list[int]:
    """Accounting years with account lines, newest first: the years a run can be made for.

    A loose index scan in one query (a recursive CTE stepping from one year to the next lower
    one by ``MAX(year) … WHERE year < …``, each step one seek in the index that leads with the
    year) instead of ``SELECT DISTINCT year``, which reads every one of the national 484,151
    account lines (about 25 ms of the efficiency pages' CPU time, docs/benchmarks.md)."""
    from django.db import connection

    table = connection.ops.quote_name(AccountLine._meta.db_table)
    sql = (
        f"WITH RECURSIVE y(year) AS (SELECT MAX(year) FROM {table} "
        f"UNION ALL SELECT (SELECT MAX(year) FROM {table} WHERE year < y.year) "
        f"FROM y WHERE y.year IS NOT NULL) SELECT year FROM y WHERE year IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [int(row[0]) for row in cursor.fetchall()]
