"""The best-practice (FDH) rule: hand-worked cases, exclusions, properties, brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almen.efficiency import ACCOUNT_GROUPS, DepartmentCosts, Parameters, fdh, fdh_reference
from almen.efficiency.synthetic import synthetic_costs

ONE_GROUP = Parameters(min_peers=0)


def make(unit_costs, dwellings=None, **columns) -> DepartmentCosts:
    """Departments in one region/type/size band; ``unit_costs`` are kr. per dwelling."""
    unit = np.asarray(unit_costs, dtype=float)
    n = len(unit)
    dw = np.full(n, 10.0) if dwellings is None else np.asarray(dwellings, dtype=float)
    defaults = dict(
        ids=columns.pop("ids", [chr(ord("A") + i) if i < 26 else f"D{i}" for i in range(n)]),
        area_m2=dw * 80,
        region=["1084"] * n,
        housing_type=["familie"] * n,
    )
    defaults.update(columns)
    return DepartmentCosts.from_arrays(costs=unit * dw[:, None], dwellings=dw, **defaults)


# Hand-worked: B is cheaper than A on every account; at worst (account 110) 10 % cheaper.
A = [100, 100, 100, 100, 100, 100, 100]
B = [80, 90, 70, 60, 75, 85, 50]
C = [120, 50, 110, 100, 100, 100, 100]  # cheapest on 110, so nobody dominates C


def test_it_scores_a_dominated_department_by_its_best_practice_peer():
    r = fdh(make([A, B, C]), ONE_GROUP)
    assert r.score[0] == pytest.approx(0.9, abs=1e-15)
    assert r.effektivitetstal.tolist() == [90, 100, 100]
    assert r.potential_pct[0] == pytest.approx(10.0)
    assert r.potential_kr[0] == pytest.approx(0.1 * 700 * 10)
    assert r.best_peer_id[0] == "B"
    assert r.binding_account_code[0] == "110"
    assert r.peer_cheaper_pct[0] == pytest.approx([20, 10, 30, 40, 25, 15, 50])
    assert r.peer_unit_cost[0] == pytest.approx(B)
    assert r.own_unit_cost[0] == pytest.approx(A)


def test_it_makes_undominated_departments_their_own_best_practice():
    r = fdh(make([A, B, C]), ONE_GROUP)
    assert r.score[1:].tolist() == [1.0, 1.0]
    assert r.best_peer_id[1:].tolist() == ["B", "C"]
    assert r.binding_account[1:].tolist() == [-1, -1]
    assert r.binding_account_code[1:].tolist() == ["", ""]
    assert r.potential_kr[1:].tolist() == [0.0, 0.0]


def test_it_needs_cheaper_on_every_account_not_only_in_total():
    # D is far cheaper in total than A but dearer on 117.h: it is not best practice for A.
    d = [10, 10, 10, 10, 10, 10, 101]
    r = fdh(make([A, d]), ONE_GROUP)
    assert r.score[0] == 1.0


def test_it_breaks_ties_by_the_cheapest_peer_in_total():
    # Two peers reach the same theta (0.5 via account 109); the cheaper in total wins.
    dear = [50, 40, 40, 40, 40, 40, 40]
    cheap = [50, 10, 10, 10, 10, 10, 10]
    r = fdh(make([A, dear, cheap]), ONE_GROUP)
    assert r.score[0] == 0.5
    assert r.best_peer_id[0] == "C"
    assert fdh_reference(make([A, dear, cheap]), ONE_GROUP).best_peer_id[0] == "C"


def test_it_normalises_per_m2_when_asked():
    data = make([A, B], area_m2=[800.0, 400.0])  # B has half the area: dearer per m²
    by_dwelling = fdh(data, ONE_GROUP)
    by_m2 = fdh(data, Parameters(min_peers=0, normalisation="m2"))
    assert by_dwelling.score[0] == pytest.approx(0.9)
    assert by_m2.own_unit_cost[1] == pytest.approx(np.array(B) * 10 / 400)
    assert by_m2.score.tolist() == [1.0, 1.0]  # per m², B no longer beats A on every account


@pytest.mark.parametrize(
    ("row", "dwellings", "reason", "accounts"),
    [
        ([100, 0, 100, 100, 100, 100, 100], 10, "zero_cost", "110"),
        ([100, 100, -5, 100, 100, -1, 100], 10, "negative_cost", "111, 115"),
        ([100, 100, 100, np.nan, 100, 100, 100], 10, "missing_cost", "112.1"),
        (A, 0, "no_dwellings", ""),
        (A, np.nan, "no_dwellings", ""),
    ],
)
def test_it_excludes_unusable_rows_with_a_reason_and_no_nan(row, dwellings, reason, accounts):
    data = make([A, B, row], dwellings=[10, 10, dwellings])
    r = fdh(data, ONE_GROUP)
    assert not r.included[2]
    assert r.exclusion[2] == reason
    assert r.exclusion_accounts[2] == accounts
    assert r.peer_group[2] == "" and r.best_peer_id[2] is None
    assert r.score[0] == pytest.approx(0.9)  # the excluded row is no peer
    for field in (
        "score",
        "potential_pct",
        "potential_kr",
        "own_unit_cost",
        "peer_unit_cost",
        "peer_cheaper_pct",
    ):
        assert np.isfinite(getattr(r, field)).all(), field


def test_it_excludes_missing_area_only_when_normalising_per_m2():
    data = make([A, B], area_m2=[800.0, 0.0])
    assert fdh(data, ONE_GROUP).included.all()
    assert fdh(data, Parameters(min_peers=0, normalisation="m2")).exclusion.tolist() == [
        "",
        "no_area",
    ]


def test_record_returns_plain_values():
    rec = fdh(make([A, B]), ONE_GROUP).record(0)
    assert rec["best_peer_id"] == "B" and rec["binding_account"] == "110"
    assert set(rec["peer_cheaper_pct"]) == set(ACCOUNT_GROUPS)
    assert isinstance(rec["effektivitetstal"], int)


def test_rounding_of_effektivitetstal_is_half_up():
    r = fdh(make([A, [74.5] * 7]), ONE_GROUP)
    assert r.effektivitetstal[0] == 75


def test_vectorised_agrees_with_brute_force_on_national_shaped_data():
    data = synthetic_costs(1_200, years=2, seed=7)
    params = Parameters(trim_pct=5.0)
    fast, slow = fdh(data, params), fdh_reference(data, params)
    assert np.array_equal(fast.score, slow.score)
    assert np.array_equal(fast.best_peer, slow.best_peer)
    assert np.array_equal(fast.binding_account, slow.binding_account)


def test_small_memory_blocks_give_the_same_result():
    data = synthetic_costs(600, seed=3)
    big = fdh(data, Parameters())
    small = fdh(data, Parameters(chunk_bytes=2**16))
    assert np.array_equal(big.score, small.score) and np.array_equal(big.best_peer, small.best_peer)


# --- properties -------------------------------------------------------------------------------

costs_matrix = st.integers(2, 10).flatmap(
    lambda n: st.lists(
        st.lists(
            st.floats(1.0, 1000.0, allow_nan=False, allow_subnormal=False), min_size=7, max_size=7
        ),
        min_size=n,
        max_size=n,
    )
)


def theta_min_others(unit: np.ndarray, i: int) -> float:
    """min over j != i of max_k c[j,k] / c[i,k] (brute force)."""
    return min((max(unit[j] / unit[i]) for j in range(len(unit)) if j != i), default=np.inf)


@settings(max_examples=60, deadline=None)
@given(costs_matrix)
def test_scores_lie_in_zero_one_and_equal_one_exactly_when_undominated(rows):
    unit = np.array(rows)
    r = fdh(make(unit), ONE_GROUP)
    assert ((r.score > 0) & (r.score <= 1)).all()
    for i in range(len(unit)):
        dominated = any((unit[j] < unit[i]).all() for j in range(len(unit)) if j != i)
        assert (r.score[i] < 1) == dominated


@settings(max_examples=60, deadline=None)
@given(costs_matrix, st.floats(1.0, 4.0), st.data())
def test_scaling_a_departments_costs_by_t_divides_its_theta_by_t(rows, t, data):
    # Exact property: E'(i) = min(1, m(i) / t) with m(i) = min over the OTHER peers of theta.
    # So a department that was not on the frontier (E < 1) gets E / t; a frontier department
    # may stay at 1. Other departments' scores can only rise (i became a weaker peer).
    unit = np.array(rows)
    i = data.draw(st.integers(0, len(unit) - 1))
    before = fdh(make(unit), ONE_GROUP)
    scaled = unit.copy()
    scaled[i] *= t
    after = fdh(make(scaled), ONE_GROUP)
    m = theta_min_others(unit, i)
    assert after.score[i] == pytest.approx(min(1.0, m / t), rel=1e-12)
    if before.score[i] < 1:
        assert after.score[i] == pytest.approx(before.score[i] / t, rel=1e-12)
    assert (np.delete(after.score, i) >= np.delete(before.score, i) - 1e-15).all()


@settings(max_examples=60, deadline=None)
@given(costs_matrix, st.lists(st.floats(1.0, 1000.0, allow_nan=False), min_size=7, max_size=7))
def test_adding_a_peer_never_raises_a_score(rows, extra):
    # Holds for a fixed peer group (no widening or trimming changes): min over a superset.
    unit = np.array(rows)
    before = fdh(make(unit), ONE_GROUP)
    after = fdh(make(np.vstack([unit, extra])), ONE_GROUP)
    assert (after.score[:-1] <= before.score + 1e-15).all()


@settings(max_examples=40, deadline=None)
@given(costs_matrix, st.floats(0.01, 100.0))
def test_scores_do_not_depend_on_the_currency_unit(rows, factor):
    unit = np.array(rows)
    assert fdh(make(unit * factor), ONE_GROUP).score == pytest.approx(
        fdh(make(unit), ONE_GROUP).score, rel=1e-12
    )


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 40), st.sampled_from([0.0, 5.0, 20.0]))
def test_vectorised_equals_brute_force_on_random_groups(seed, min_peers, trim):
    data = synthetic_costs(150, seed=seed)
    params = Parameters(min_peers=min_peers, trim_pct=trim)
    fast, slow = fdh(data, params), fdh_reference(data, params)
    assert np.array_equal(fast.score, slow.score)
    assert np.array_equal(fast.best_peer, slow.best_peer)
