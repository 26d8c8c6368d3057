"""The lockstep numpy simplex (``method="simplex"``, the default) against the HiGHS path, on
random groups with ties and degenerate cases, and its fallback to HiGHS."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

from almen.efficiency import dea_arrays
from almen.efficiency import simplex as sx
from almen.efficiency.frontier import dea_many

EXACT = 1e-9


def tricky_group(seed: int, n: int, outputs: int) -> tuple[np.ndarray, np.ndarray]:
    """Cost-like inputs and size-like outputs with duplicates, proportional rows, ties in one
    input, a dominated copy and (with two outputs) zero outputs."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(np.log(60), 0.8, (n, 1))
    x = size * rng.lognormal(0, 0.3, (n, 7)) * np.array([11, 6, 40, 7, 30, 25, 13.0])
    y = size * rng.lognormal(0, 0.1, (n, outputs))
    if outputs > 1:
        y[::5, 1] = 0.0
    x[1], y[1] = x[0], y[0]  # an exact duplicate
    x[2], y[2] = x[0], y[0]  # and a third copy
    x[4], y[4] = 2 * x[3], 2 * y[3]  # the same unit at twice the size (a CRS tie)
    x[6] = x[5] * np.r_[1.0, np.ones(6) * 1.5]  # ties with row 5 in one input
    y[6] = y[5]
    x[7], y[7] = x[8] * 1.3, y[8]  # dominated by row 8
    x[9:12] = x[9]  # equal inputs, different outputs
    return x, y


def check_lambdas(x, y, sol, evaluate, vrs: bool) -> None:
    """The reported peers and lambdas reach the score: sum l x <= theta x_o, sum l y >= y_o."""
    for e, o in enumerate(evaluate.tolist()):
        if sol.status[e] != "optimal":
            continue
        p, lam, theta = sol.peer_pos[e], sol.lambdas[e], sol.score[e]
        assert (lam @ x[p] <= theta * x[o] * (1 + 1e-7) + 1e-9).all()
        assert (lam @ y[p] >= y[o] * (1 - 1e-7) - 1e-9).all()
        if vrs:
            assert lam.sum() == pytest.approx(1.0, abs=1e-7)


def same(a, b) -> None:
    assert list(a.status) == list(b.status)
    finite = np.isfinite(b.score)
    assert np.array_equal(finite, np.isfinite(a.score))
    assert np.abs(a.score[finite] - b.score[finite]).max(initial=0.0) <= EXACT


@pytest.mark.parametrize("returns", ["crs", "vrs"])
@pytest.mark.parametrize("outputs", ["one", "two", "equal"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_simplex_equals_highs_on_tricky_groups(seed, outputs, returns):
    n = [40, 120, 15][seed - 1]
    x, y = tricky_group(seed, n, 2 if outputs == "two" else 1)
    if outputs == "equal":
        y = np.ones_like(y)
    new = dea_arrays(x, y, returns=returns, method="simplex")
    old = dea_arrays(x, y, returns=returns, method="sorted")
    same(new, old)
    check_lambdas(x, y, new, np.arange(n), returns == "vrs")
    assert new.score[0] == pytest.approx(new.score[2], abs=EXACT)


@pytest.mark.parametrize("returns", ["crs", "vrs"])
@pytest.mark.parametrize("outputs", ["one", "two", "equal"])
def test_super_efficiency_subsets_and_own_peers_equal_highs(outputs, returns):
    x, y = tricky_group(4, 60, 2 if outputs == "two" else 1)
    if outputs == "equal":
        y = np.ones_like(y)
    for kw in (
        {"super_efficiency": True},
        {"evaluate": np.arange(0, 60, 2), "reference": np.arange(60) % 3 != 1},
        {"reference": np.arange(60) % 4 != 0},
        {"super_efficiency": True, "reference": np.arange(60) % 5 != 2},
    ):
        new = dea_arrays(x, y, returns=returns, method="simplex", **kw)
        old = dea_arrays(x, y, returns=returns, method="sorted", **kw)
        same(new, old)
        evaluate = kw.get("evaluate", np.arange(60))
        check_lambdas(x, y, new, evaluate, returns == "vrs")


@pytest.mark.parametrize("returns", ["crs", "vrs"])
def test_degenerate_groups(returns):
    for x, y in (
        (np.array([[3.0, 4.0]]), np.array([[2.0]])),  # alone
        (np.tile([[5.0, 1.0, 2.0]], (6, 1)), np.ones((6, 1))),  # six identical units
        (np.tile([[5.0, 1.0, 2.0]], (6, 1)), np.arange(1.0, 7.0)[:, None]),  # same inputs
        (np.array([[1.0], [2.0], [2.0]]), np.array([[1.0], [1.0], [2.0]])),
    ):
        new = dea_arrays(x, y, returns=returns, method="simplex")
        old = dea_arrays(x, y, returns=returns, method="sorted")
        same(new, old)
        check_lambdas(x, y, new, np.arange(len(x)), returns == "vrs")


def test_many_groups_at_once_equal_one_by_one():
    """Groups of different LP shapes (equal outputs give fewer rows) in one lockstep run."""
    groups = []
    for seed, n in ((5, 30), (6, 80), (7, 12)):
        x, y = tricky_group(seed, n, 1)
        groups.append((x, y, None, None))
    x, _ = tricky_group(8, 25, 1)
    groups.append((x, np.ones((25, 1)), None, None))  # packing
    for returns in ("crs", "vrs"):
        together = dea_many(groups, returns=returns)  # type: ignore[arg-type]
        for (x, y, _, _), sol in zip(groups, together, strict=True):
            alone = dea_arrays(x, y, returns=returns, method="sorted")  # type: ignore[arg-type]
            same(sol, alone)


@pytest.mark.parametrize("returns", ["crs", "vrs"])
def test_lps_that_are_not_certified_go_to_highs(monkeypatch, returns):
    x, y = tricky_group(9, 50, 2)
    expected = dea_arrays(x, y, returns=returns, method="sorted")
    monkeypatch.setattr(sx, "MAX_ITER", 1)  # most LPs hit the iteration limit
    same(dea_arrays(x, y, returns=returns), expected)
    monkeypatch.setattr(sx, "MAX_ITER", 400)
    monkeypatch.setattr(sx, "DUAL_TOL", -1.0)  # no certificate can hold
    same(dea_arrays(x, y, returns=returns), expected)


def test_solve_batch_matches_linprog_with_barred_columns():
    rng = np.random.default_rng(3)
    m, n, lps = 5, 30, 40
    a0 = rng.uniform(0.1, 2.0, (m, n))
    a0[3:] -= 1.0  # rows with negative entries, as the output rows
    c = rng.uniform(0.5, 1.5, n)
    b = rng.uniform(0.5, 2.0, (lps, m))
    b[:, 3:] = 0.0  # degenerate, as the output rows
    u = np.zeros((lps, m))
    u[:, 3:] = rng.uniform(0.0, 1.0, (lps, 2))
    s = (rng.random(n) < 0.5).astype(float)
    allowed = np.tile(rng.random(n) < 0.8, (lps, 1))
    allowed[np.arange(lps), rng.integers(0, n, lps)] ^= True  # one exception per LP
    allowed[: lps // 4, :4] = False  # and more than one for some (the dense penalty)
    sol = sx.solve_batch(a0, c, b, allowed, u, s)
    for lp in range(lps):
        a = a0 + np.outer(u[lp], s)
        bounds = [(0, None) if ok else (0, 0) for ok in allowed[lp]]
        ref = linprog(-c, A_ub=a, b_ub=b[lp], bounds=bounds, method="highs")
        if ref.status == 3:  # unbounded: never certified
            assert not sol.certified[lp]
            continue
        assert ref.status == 0
        if sol.certified[lp]:
            assert sol.objective[lp] == pytest.approx(-ref.fun, rel=1e-9, abs=1e-9)
            v = sol.v[lp]
            assert (v[~allowed[lp]] == 0).all()
            assert (a @ v <= b[lp] + 1e-9).all()
    assert sol.certified.mean() > 0.5


def test_random_groups_with_integer_data_equal_highs():
    """Heavily degenerate LPs (small integer data, many ties), random options."""
    rng = np.random.default_rng(0)
    for trial in range(40):
        n, outputs = int(rng.integers(12, 60)), int(rng.integers(1, 3))
        x, y = tricky_group(1000 + trial, n, outputs)
        x = np.round(x / x.mean(axis=0) * 4) + 1
        y = np.round(y / y.mean(axis=0) * 3) + (outputs == 1)
        returns = ("crs", "vrs")[trial % 2]
        kw: dict = {}
        if trial % 3 == 0:
            kw["super_efficiency"] = True
        if trial % 4 == 1:
            kw["reference"] = rng.random(n) < 0.7
        if trial % 5 == 2:
            kw["evaluate"] = np.sort(rng.choice(n, n // 2, replace=False))
        new = dea_arrays(x, y, returns=returns, **kw)
        old = dea_arrays(x, y, returns=returns, method="sorted", **kw)
        same(new, old)
        check_lambdas(x, y, new, kw.get("evaluate", np.arange(n)), returns == "vrs")


@pytest.mark.parametrize("returns", ["crs", "vrs"])
def test_a_lone_department_with_super_efficiency(returns):
    x, y = np.array([[3.0, 4.0]]), np.array([[2.0]])
    new = dea_arrays(x, y, returns=returns, super_efficiency=True)
    old = dea_arrays(x, y, returns=returns, super_efficiency=True, method="sorted")
    same(new, old)
    assert new.status.tolist() == ["infeasible"] and new.score[0] == np.inf


def test_lockstep_runs_are_bounded_in_size_with_the_same_answers(monkeypatch):
    import almen.efficiency.frontier as frontier

    groups = [(*tricky_group(20 + g, 30, 1), None, None) for g in range(4)]
    whole = dea_many(groups, returns="vrs")
    monkeypatch.setattr(frontier, "LOCKSTEP_CELLS", 500)  # one group per run
    for a, b in zip(dea_many(groups, returns="vrs"), whole, strict=True):
        same(a, b)
    assert frontier._bounded([1, 2, 3], [400, 200, 100]) == [[1], [2, 3]]
