"""Reconciliation on a hand-built fixture with one planted cause per reason code (worked out by
hand below), plus properties: the parts of every difference add up to the whole."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almen import registers as R
from almen.registers.reasons import Candidates, split_count

LBF_DATE, DST_DATE = date(2024, 12, 31), date(2025, 1, 1)


def unit(
    i: int,
    prop: str | None,
    *,
    area: int = 80,
    status: str = "6",
    usage: str = "140",
    support: str = "10",
    ownership: str = "20",
    address: str | None = None,
    valid: date = date(2000, 1, 1),
    kommune: str = "151",
) -> R.BbrUnit:
    return R.BbrUnit(
        unit_id=f"u{i}",
        kommune_code=kommune,
        status=status,
        usage_code=usage,
        housing_type_code="1",
        total_area=area,
        residential_area=area,
        commercial_area=0,
        rooms=3,
        letting_code="1",
        support_code=support,
        address_id=address,
        building_id=None,
        property_number=prop,
        ownership_code=ownership,
        valid_from=valid,
    )  # type: ignore[arg-type]


def dept(
    org: str, num: str, n: int, area: int, props: tuple[str, ...], kommune: str = "151"
) -> R.LbfDepartment:
    return R.LbfDepartment(org, num, f"Afd {num}", kommune, n, area, props)


ADDRESSES = [f"00000000-0000-4000-8000-{i:012d}" for i in range(4)]


def fixture() -> tuple[list[R.BbrUnit], list[R.LbfDepartment]]:
    units: list[R.BbrUnit] = []
    n = iter(range(10_000))
    # A: 10 × 80 m², one owned by the kommune with support code 40 (counted; not EJER=20 for DST)
    units += [
        unit(
            next(n),
            "0151-000001",
            ownership="50" if i == 0 else "20",
            support="40" if i == 0 else "10",
        )
        for i in range(10)
    ]
    units += [
        unit(next(n), "0151-000002", area=95) for _ in range(10)
    ]  # B: m² differ (950 vs 1000)
    units += [unit(next(n), "0151-000003") for _ in range(8)]  # C: 8 fine …
    units += [unit(next(n), "0151-000003", status="3") for _ in range(2)]  # … 2 under construction
    units += [unit(next(n), "0151-000003", ownership="30", support="0")]  # … 1 without almen marker
    units += [
        unit(next(n), "0151-000003", usage="449", support="42")
    ]  # … 1 registered as institution
    units += [unit(next(n), "0151-000004") for _ in range(3)]  # D: 3 on its property …
    units += [unit(next(n), "0151-000099") for _ in range(2)]  # … 2 on a property LBF does not know
    units += [
        unit(next(n), None, address=ADDRESSES[i]) for i in range(4)
    ]  # E: matched by DAR address
    units += [unit(next(n), "0151-000006") for _ in range(6)]  # F: 6 …
    units += [
        unit(next(n), "0151-000006", valid=date(2025, 2, 1))
    ]  # … + 1 registered after both dates
    units += [
        unit(next(n), "0151-000500", ownership="10", support="0"),
        unit(next(n), "0151-000501", usage="322", ownership="30", support="0"),
    ]
    depts = [
        dept("0001", "001", 10, 800, ("0151-000001",)),
        dept("0001", "002", 10, 1000, ("0151-000002",)),
        dept("0001", "003", 12, 960, ("0151-000003",)),
        dept("0001", "004", 5, 400, ("0151-000004",)),
        dept("0001", "005", 4, 320, ("0151-000005",)),
        dept("0001", "006", 6, 480, ("0151-000006",)),
        dept("0002", "001", 20, 1600, ("0101-000001",), kommune="101"),
    ]
    return units, depts


def run(**kwargs) -> R.ReconciliationResult:
    units, depts = fixture()
    return R.reconcile(
        units=R.UnitColumns.from_units(units),
        lbf=depts,
        lbf_reference_date=LBF_DATE,
        dst={"151": 40, "101": 22},
        dst_reference_date=DST_DATE,
        address_links={("0001", "005"): ADDRESSES},
        **kwargs,
    )


def parts(
    result: R.ReconciliationResult, level: str, key: str, pair: tuple[str, str] = ("lbf", "bbr")
) -> set[tuple[str, str, int]]:
    return {
        (d.measure, d.reason, d.amount)
        for d in result.differences
        if d.level == level
        and (d.dept_number if level == "department" else d.kommune_code) == key
        and (d.org_number == "0001" or level == "kommune")
        and (d.source_a, d.source_b) == pair
    }


def test_departments_get_one_part_per_cause():
    result = run()
    assert parts(result, "department", "001") == set()
    assert parts(result, "department", "002") == {("area_m2", "area_definition", -50)}
    assert parts(result, "department", "003") == {
        ("dwellings", "reference_date", -2),
        ("area_m2", "reference_date", -160),
        ("dwellings", "ownership_code", -1),
        ("area_m2", "ownership_code", -80),
        ("dwellings", "unit_definition", -1),
        ("area_m2", "unit_definition", -80),
    }
    assert parts(result, "department", "004") == {
        ("dwellings", "unmatched_address", -2),
        ("area_m2", "unmatched_address", -160),
    }
    assert parts(result, "department", "005") == set()  # matched through its DAR addresses
    assert parts(result, "department", "006") == {
        ("dwellings", "reference_date", 1),
        ("area_m2", "reference_date", 80),
    }


def test_kommune_lbf_vs_bbr_adds_the_unmatched_units():
    result = run()
    assert parts(result, "kommune", "151") == {
        ("dwellings", "reference_date", -1),
        ("dwellings", "ownership_code", -1),
        ("dwellings", "unit_definition", -1),
        ("area_m2", "reference_date", -80),
        ("area_m2", "ownership_code", -80),
        ("area_m2", "unit_definition", -80),
        ("area_m2", "area_definition", -50),
    }


def test_kommune_lbf_vs_dst_chains_through_bbr():
    # LBF 47 → BBR 44 (above) → DST counts EJER=20 on 1 January: 44 − 1 (kommune-owned) − 1 (late) = 42; DST says 40.
    assert parts(run(), "kommune", "151", ("lbf", "dst")) == {
        ("dwellings", "reference_date", -2),
        ("dwellings", "ownership_code", -2),
        ("dwellings", "unit_definition", -3),
    }


def test_a_kommune_the_bbr_extract_does_not_cover_is_unexplained():
    result = run()
    assert parts(result, "kommune", "101", ("lbf", "dst")) == {("dwellings", "unexplained", 2)}
    assert parts(result, "kommune", "101") == set()
    assert result.coverage == ("151",)


def test_figures_per_source():
    figures = {
        (f.level, f.kommune_code, f.dept_number, f.source): (f.dwellings, f.area_m2)
        for f in run().figures
    }
    assert figures[("kommune", "151", None, "lbf")] == (47, 3960)
    assert figures[("kommune", "151", None, "bbr")] == (44, 3670)
    assert figures[("kommune", "151", None, "dst")] == (40, None)
    assert figures[("department", "151", "003", "bbr")] == (8, 640)
    assert ("department", "101", "001", "bbr") not in figures


def test_dst_mode_ownership_only_changes_what_bbr_counts():
    result = run(criteria=R.AlmenCriteria(mode="ownership"))
    assert parts(result, "department", "001") == {
        ("dwellings", "ownership_code", -1),
        ("area_m2", "ownership_code", -80),
    }


def test_area_tolerance_folds_small_rests_into_the_count_part():
    units = [unit(i, "0151-000001", area=81) for i in range(9)]
    lbf = [dept("0001", "001", 10, 800, ("0151-000001",))]
    strict = R.reconcile(
        units=R.UnitColumns.from_units(units),
        lbf=lbf,
        lbf_reference_date=LBF_DATE,
        area_tolerance_pct=0,
    )
    loose = R.reconcile(
        units=R.UnitColumns.from_units(units),
        lbf=lbf,
        lbf_reference_date=LBF_DATE,
        area_tolerance_pct=5,
    )
    assert {
        (d.measure, d.reason, d.amount) for d in strict.differences if d.level == "department"
    } == {
        ("dwellings", "unmatched_address", -1),
        ("area_m2", "unmatched_address", -80),
        ("area_m2", "area_definition", 9),
    }
    assert {
        (d.measure, d.reason, d.amount) for d in loose.differences if d.level == "department"
    } == {("dwellings", "unmatched_address", -1), ("area_m2", "unmatched_address", -71)}


def test_split_count_rules_in_order():
    cand = Candidates(pending=(1, 70), not_marked=(5, 400), not_residential=(5, 500), late=(0, 0))
    assert split_count((10, 800), (4, 320), cand) == [
        ("reference_date", -1, -70),
        ("ownership_code", -5, -400),
    ]
    assert split_count((10, 800), (12, 960), Candidates(late=(1, 90))) == [
        ("reference_date", 1, 90),
        ("unit_definition", 1, 80),
    ]
    assert split_count((10, 800), (10, 700), cand) == []


def test_empty_units_still_compare_lbf_with_dst():
    result = R.reconcile(
        units=R.UnitColumns.from_units([]),
        lbf=[dept("0001", "001", 10, 800, ("0151-000001",))],
        lbf_reference_date=LBF_DATE,
        dst={"151": 9},
        dst_reference_date=DST_DATE,
    )
    assert [(d.reason, d.amount) for d in result.differences] == [("unexplained", -1)]


@st.composite
def scenario(draw):
    n_depts = draw(st.integers(1, 4))
    depts, units = [], []
    for d in range(n_depts):
        prop = f"0151-{d + 1:06d}"
        depts.append(
            dept(
                "0001",
                f"{d + 1:03d}",
                draw(st.integers(0, 12)),
                draw(st.integers(0, 1200)),
                (prop,),
            )
        )
        for _ in range(draw(st.integers(0, 12))):
            units.append(
                unit(
                    len(units),
                    draw(st.sampled_from([prop, "0151-999999"])),
                    area=draw(st.integers(20, 150)),
                    status=draw(st.sampled_from(["6", "6", "3", "10"])),
                    usage=draw(st.sampled_from(["140", "131", "449"])),
                    support=draw(st.sampled_from(["10", "0", "42"])),
                    ownership=draw(st.sampled_from(["20", "30", "50"])),
                    valid=draw(st.sampled_from([date(2000, 1, 1), date(2025, 2, 1)])),
                )
            )
    return units, depts, draw(st.integers(0, 100))


@settings(max_examples=60, deadline=None)
@given(scenario())
def test_the_parts_of_every_difference_add_up_to_it(case):
    units, depts, dst = case
    result = R.reconcile(
        units=R.UnitColumns.from_units(units),
        lbf=depts,
        lbf_reference_date=LBF_DATE,
        dst={"151": dst},
        dst_reference_date=DST_DATE,
        coverage=["151"],
    )
    totals: dict[tuple, int] = defaultdict(int)
    gaps: dict[tuple, int] = {}
    for d in result.differences:
        key = (d.level, d.dept_number, d.measure, d.source_a, d.source_b)
        totals[key] += d.amount
        gaps[key] = d.value_b - d.value_a
        assert d.reason in R.REASONS and d.amount != 0
    assert dict(totals) == gaps


def test_unit_columns_check_their_lengths():
    cols = R.UnitColumns.from_units([unit(0, "0151-000001")])
    with pytest.raises(ValueError, match="kolonnen"):
        R.UnitColumns(**{**cols.as_dict(), "usage": cols.usage[:0]})
