"""The sorted DEA path (default) against the previous two-phase path and a plain LP per unit,
including ties and degenerate groups; and the forked workers against one process."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

from almen.efficiency import Parameters, dea, dea_arrays, peer_groups
from almen.efficiency.synthetic import synthetic_costs

EXACT = 1e-9


def straightforward(x: np.ndarray, y: np.ndarray, reference: np.ndarray, vrs: bool) -> np.ndarray:
    """min theta per row over every reference row and itself: one scipy LP per row, no
    column reduction, no phases, no warm start (mean-scaled like dea_arrays)."""
    x, y = x / x.mean(axis=0), y / y.mean(axis=0)
    n, k = x.shape
    out = []
    for o in range(n):
        cols = np.flatnonzero(reference | (np.arange(n) == o))
        a_ub = np.vstack(
            [np.c_[-x[o][:, None], x[cols].T], np.c_[np.zeros((y.shape[1], 1)), -y[cols].T]]
        )
        b_ub = np.r_[np.zeros(k), -y[o]]
        eq = {"A_eq": np.r_[0.0, np.ones(len(cols))][None, :], "b_eq": [1.0]} if vrs else {}
        tight = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
        res = linprog(
            np.r_[1.0, np.zeros(len(cols))],
            A_ub=a_ub,
            b_ub=b_ub,
            bounds=[(0, None)] * (1 + len(cols)),
            method="highs",
            options=tight,
            **eq,
        )
        assert res.status == 0
        out.append(min(res.fun, 1.0))
    return np.array(out)


def random_group(seed: int, n: int, outputs: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Seven cost-like inputs and size-like outputs, with duplicated and proportional rows."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(np.log(60), 0.8, (n, 1))
    x = size * rng.lognormal(0, 0.3, (n, 7)) * np.array([11, 6, 40, 7, 30, 25, 13.0])
    y = size * rng.lognormal(0, 0.1, (n, outputs))
    if n >= 6:
        x[1], y[1] = x[0], y[0]  # an exact duplicate
        x[3], y[3] = 2 * x[2], 2 * y[2]  # the same unit at twice the size (a CRS tie)
        x[5] = x[4] * np.r_[1.0, np.ones(6) * 1.5]  # ties with row 4 in one input
        y[5] = y[4]
    return x, y


def same_answers(a, b, *, peers: bool) -> None:
    assert np.abs(a.score - b.score).max() <= EXACT
    assert list(a.status) == list(b.status)
    if peers:
        for i in range(len(a.score)):
            assert a.peer_pos[i].tolist() == b.peer_pos[i].tolist(), i
            assert np.abs(a.lambdas[i] - b.lambdas[i]).max(initial=0.0) <= 1e-7, i


@pytest.mark.parametrize("returns", ["crs", "vrs"])
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_sorted_path_equals_the_two_phase_path_and_a_plain_lp_per_unit(seed, returns):
    n = [60, 150, 23, 90][seed - 1]
    x, y = random_group(seed, n, outputs=1 + seed % 2)
    sorted_ = dea_arrays(x, y, returns=returns)
    previous = dea_arrays(x, y, returns=returns, method="two-phase")
    same_answers(sorted_, previous, peers=False)  # ties: the peers may differ, not the score
    plain = straightforward(x, y, np.ones(n, dtype=bool), returns == "vrs")
    assert np.abs(sorted_.score - plain).max() <= EXACT
    assert sorted_.score[0] == pytest.approx(sorted_.score[1], abs=EXACT)  # the duplicate
    if returns == "crs":
        assert sorted_.score[2] == pytest.approx(sorted_.score[3], abs=EXACT)


@pytest.mark.parametrize("returns", ["crs", "vrs"])
def test_paths_agree_when_only_some_rows_are_scored_or_may_be_peers(returns):
    x, y = random_group(7, 80)
    evaluate = np.arange(0, 80, 3)
    reference = np.arange(80) % 4 != 1  # rows 1, 5, … may only be their own peer
    kw = {"returns": returns, "evaluate": evaluate, "reference": reference}
    sorted_ = dea_arrays(x, y, **kw)
    previous = dea_arrays(x, y, method="two-phase", **kw)
    same_answers(sorted_, previous, peers=False)
    plain = straightforward(x, y, reference, returns == "vrs")[evaluate]
    assert np.abs(sorted_.score - plain).max() <= EXACT


@pytest.mark.parametrize("returns", ["crs", "vrs"])
def test_degenerate_groups(returns):
    alone = dea_arrays(np.array([[3.0, 4.0]]), np.array([[2.0]]), returns=returns)
    assert alone.score.tolist() == [1.0] and alone.peer_pos[0].tolist() == [0]
    same = np.tile([[5.0, 1.0, 2.0]], (6, 1))  # six identical units
    both = [dea_arrays(same, np.ones((6, 1)), returns=returns, method=m) for m in BOTH]
    assert both[0].score == pytest.approx(np.ones(6), abs=EXACT)
    same_answers(both[0], both[1], peers=False)
    two = dea_arrays(np.array([[1.0], [2.0]]), np.array([[1.0], [1.0]]), returns=returns)
    assert two.score == pytest.approx([1.0, 0.5], abs=EXACT)
    # Zero outputs (dea_arrays allows them where the LP stays bounded): some units produce
    # nothing of the second output; VRS scores them, CRS too as long as one output is > 0.
    x, y = random_group(9, 40, outputs=2)
    y[::5, 1] = 0.0
    sorted_ = dea_arrays(x, y, returns=returns)
    previous = dea_arrays(x, y, returns=returns, method="two-phase")
    same_answers(sorted_, previous, peers=False)
    assert (
        np.abs(sorted_.score - straightforward(x, y, np.ones(40, bool), returns == "vrs")).max()
        <= EXACT
    )


BOTH = ("sorted", "two-phase")


@pytest.mark.parametrize("returns", ["crs", "vrs"])
@pytest.mark.parametrize("outputs", ["one", "equal", "two"])
def test_super_efficiency_is_the_same_on_both_paths(returns, outputs):
    x, y = random_group(11, 50, outputs=2 if outputs == "two" else 1)
    if outputs == "equal":
        y = np.ones_like(y)
    new, old = (
        dea_arrays(x, y, returns=returns, super_efficiency=True, method=m)
        for m in BOTH  # type: ignore[arg-type]
    )
    assert list(new.status) == list(old.status)
    finite = np.isfinite(old.score)
    assert np.array_equal(finite, np.isfinite(new.score))
    assert np.abs(new.score[finite] - old.score[finite]).max() <= EXACT
    assert (new.score[finite] > 1.0).any()  # some rows are super-efficient


@pytest.fixture(scope="module")
def departments():
    data = synthetic_costs(700, seed=5)
    params = Parameters(min_peers=20)
    return data, params, peer_groups(data, params)


@pytest.mark.parametrize("model", ["unit-cost", "size"])
@pytest.mark.parametrize("returns", ["crs", "vrs"])
def test_dea_paths_give_the_same_scores_peers_and_weights(departments, model, returns):
    data, params, groups = departments
    kw = {"returns": returns, "model": model, "groups": groups}
    new, old = (dea(data, params, method=m, **kw) for m in BOTH)  # type: ignore[arg-type]
    assert np.abs(new.score - old.score).max() <= EXACT
    assert list(new.status) == list(old.status)
    # continuous synthetic data: every LP solution is unique, so the peers are the same
    assert new.peers == old.peers
    assert (
        max(np.abs(a - b).max(initial=0.0) for a, b in zip(new.lambdas, old.lambdas, strict=True))
        <= 1e-7
    )


@pytest.mark.parametrize("model", ["unit-cost", "size"])
def test_forked_workers_give_exactly_the_one_process_result(departments, model):
    data, params, groups = departments
    one = dea(data, params, returns="vrs", model=model, groups=groups)
    two = dea(data, params, returns="vrs", model=model, groups=groups, workers=2)
    three = dea(data, params, returns="crs", model=model, groups=groups, workers=3)
    assert np.array_equal(one.score, two.score) and one.peers == two.peers
    assert all(np.array_equal(a, b) for a, b in zip(one.lambdas, two.lambdas, strict=True))
    crs = dea(data, params, returns="crs", model=model, groups=groups)
    assert np.array_equal(crs.score, three.score) and crs.peers == three.peers


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        dea_arrays(np.ones((2, 1)), np.ones((2, 1)), method="fast")  # type: ignore[arg-type]


def test_a_failing_worker_leaves_its_groups_to_the_parent():
    import os
    import sys

    dea_module = sys.modules["almen.efficiency.dea"]
    parent = os.getpid()

    def square(task):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return task[0][0] ** 2

    tasks = [(np.array([i]), None, np.arange(i + 1)) for i in range(6)]
    assert dea_module._map(square, tasks, 2) == [i * i for i in range(6)]

    def child_dies(task):
        if os.getpid() != parent:
            os._exit(3)
        return -task[0][0]

    assert dea_module._map(child_dies, tasks, 3) == [-i for i in range(6)]


def test_an_error_in_the_parent_reaps_the_workers():
    import os
    import sys

    dea_module = sys.modules["almen.efficiency.dea"]
    parent = os.getpid()

    def fails_here(task):
        if os.getpid() == parent:
            raise ValueError("parent")
        return 1

    tasks = [(np.array([i]), None, np.arange(i + 1)) for i in range(4)]
    with pytest.raises(ValueError):
        dea_module._map(fails_here, tasks, 2)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind
