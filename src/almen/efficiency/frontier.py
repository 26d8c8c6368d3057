"""DEA and FDH scores of some rows against one reference set, on plain arrays.

``dea_arrays`` is the engine under ``dea()``; it is public so that textbook examples (any number
of inputs and outputs) can be checked directly.

Speed-ups, neither of which changes a score:

* Column reduction: a reference row dominated by another one (FDH: strictly less of every
  input and at least the same outputs; under CRS with one output, compared per unit of output)
  lies inside the production possibility set of the rest, so its LP column is dropped.
  DEA-efficient rows are always among the survivors.
* Two phases: when every surviving row is itself being scored, those are solved first; only
  the ones with score 1 (the DEA frontier, usually far fewer) are kept as columns for the LPs
  of everybody else.
* Lockstep simplex (``method="simplex"``, the default): the LPs of a phase — of every group
  given to ``dea_many`` — are solved together by ``almen.efficiency.simplex`` (each group's
  plan is a generator yielding its (rows, columns) jobs, ``_drive`` collects one round of jobs
  from all of them); an LP the batch solver cannot certify is solved with HiGHS as below.
* Sorted warm starts (``method="sorted"``, HiGHS): within each phase the rows are
  sorted by the direction of their (inputs, outputs) vector — the angle in the plane of its
  two principal directions — and each of the ``batch`` slots of the HiGHS model works through
  its own stretch of that order, so that every LP starts from the optimal basis of a similar
  row. On the national data this cuts the simplex iterations by a fifth. An LP with a
  unique solution gives the same answer from any starting basis; where the solution is not
  unique (ties) the peers reported may differ, the score not.
* Equal outputs (the unit-cost model): the LP drops its output and VRS rows
  (``EnvelopmentLp(packing=True)``; with equal outputs CRS and VRS have the same optima).
  CRS with one output (the size model) is the same LP per unit of output: inputs x / y, output
  1, and lambda_j = mu_j y_o / y_j.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Literal

import numpy as np

from almen.efficiency.envelopment import INF, PHI_ZERO, EnvelopmentLp
from almen.efficiency.fdh import fdh_kernel, self_positions
from almen.efficiency.simplex import BatchSolution, Problem, problem, solve_many

Returns = Literal["crs", "vrs", "fdh"]
Method = Literal["simplex", "sorted", "two-phase"]
LAMBDA_EPS = 1e-9
"""Lambdas above this are reported as peers."""
__all__ = ["BATCH", "LAMBDA_EPS", "GroupSolution", "Method", "Returns", "dea_arrays"]
BATCH = {"simplex": 6, "sorted": 6, "two-phase": 16}
"""Departments per HiGHS solve by method (sorted: fewer, longer stretches of similar rows)."""
FRONTIER_TOL = 1e-6
"""Phase-one scores at or above 1 - FRONTIER_TOL keep their column in phase two."""

Solved = tuple[float, np.ndarray, np.ndarray, str]  # theta, peer positions, lambdas, status
Job = tuple[np.ndarray, np.ndarray]  # rows to solve, columns they may use


@dataclass(frozen=True, slots=True)
class GroupSolution:
    """Scores of the evaluated rows, in ``evaluate`` order; positions refer to rows of ``x``.

    score: theta (capped at 1 unless super-efficiency; inf when infeasible).
    status: "optimal", "infeasible" or "error: ...". peer_pos / lambdas: reference rows with
    lambda > LAMBDA_EPS and their lambdas.
    """

    score: np.ndarray
    status: np.ndarray
    peer_pos: tuple[np.ndarray, ...]
    lambdas: tuple[np.ndarray, ...]


def dea_arrays(
    x: np.ndarray,
    y: np.ndarray,
    *,
    returns: Returns = "crs",
    super_efficiency: bool = False,
    scale: bool = True,
    evaluate: np.ndarray | None = None,
    reference: np.ndarray | None = None,
    batch: int | None = None,
    method: Method = "simplex",
) -> GroupSolution:
    """Input-oriented DEA on plain arrays: x is m × inputs, y is m × outputs (all > 0).

    ``evaluate`` lists the row positions to score (default all); ``reference`` is a boolean
    mask of rows that may serve as peers (default all). A row may always serve as its own peer
    unless ``super_efficiency``. ``scale`` divides every column by its mean first (it changes
    no score mathematically, only the numerics). ``batch`` rows share one HiGHS solve
    (default ``BATCH[method]``). ``method="sorted"`` (HiGHS, the previous default) and
    ``method="two-phase"`` (HiGHS, rows in their given order) are kept to compare against
    (same scores; see the module docstring).
    """
    return dea_many(
        [(x, y, evaluate, reference)],
        returns=returns,
        super_efficiency=super_efficiency,
        scale=scale,
        batch=batch,
        method=method,
    )[0]


Group = tuple[np.ndarray, np.ndarray, "np.ndarray | None", "np.ndarray | None"]
"""x, y, evaluate, reference of one group, as the arguments of ``dea_arrays``."""


def dea_many(
    groups: list[Group],
    *,
    returns: Returns = "crs",
    super_efficiency: bool = False,
    scale: bool = True,
    batch: int | None = None,
    method: Method = "simplex",
) -> list[GroupSolution]:
    """``dea_arrays`` of several independent groups; with ``method="simplex"`` the LPs of
    every group are solved together, phase by phase (``almen.efficiency.simplex``)."""
    if returns not in ("crs", "vrs", "fdh"):
        raise ValueError(f"returns must be 'crs', 'vrs' or 'fdh', not {returns!r}")
    if method not in BATCH:
        raise ValueError(f"method must be 'simplex', 'sorted' or 'two-phase', not {method!r}")
    prepared = [
        _prepare(x, y, ev, ref, returns, super_efficiency, scale, batch, method)
        for x, y, ev, ref in groups
    ]
    solvers = [p for p in prepared if isinstance(p, _Prepared)]
    answers = iter(_drive([p.solver for p in solvers], [p.evaluate for p in solvers]))
    out = []
    for p in prepared:
        out.append(p if isinstance(p, GroupSolution) else p.finish(next(answers)))
    return out


@dataclass(frozen=True, slots=True)
class _Prepared:
    solver: _Solver
    evaluate: np.ndarray
    y: np.ndarray
    per_unit: bool
    super_efficiency: bool

    def finish(self, solved: list[Solved]) -> GroupSolution:
        if self.per_unit:  # mu_j = lambda_j y_j / y_o
            out = self.y[:, 0]
            solved = [
                (t, p, lam * out[o] / out[p], st)
                for o, (t, p, lam, st) in zip(self.evaluate.tolist(), solved, strict=True)
            ]
        sup = self.super_efficiency
        return GroupSolution(
            score=np.array(
                [t if sup or st != "optimal" else min(t, 1.0) for t, _, _, st in solved]
            ),
            status=np.array([st for _, _, _, st in solved], dtype=object),
            peer_pos=tuple(p for _, p, _, _ in solved),
            lambdas=tuple(lam for _, _, lam, _ in solved),
        )


def _prepare(
    x: np.ndarray,
    y: np.ndarray,
    evaluate: np.ndarray | None,
    reference: np.ndarray | None,
    returns: Returns,
    super_efficiency: bool,
    scale: bool,
    batch: int | None,
    method: Method,
) -> _Prepared | GroupSolution:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    m = len(x)
    evaluate = np.arange(m) if evaluate is None else np.asarray(evaluate, dtype=np.intp)
    reference = np.ones(m, dtype=bool) if reference is None else np.asarray(reference, dtype=bool)
    if returns == "fdh":
        return _fdh_group(x, y, evaluate, reference, super_efficiency)
    if scale:
        x, y = x / x.mean(axis=0), y / y.mean(axis=0)
    sort = method != "two-phase"
    per_unit = sort and returns == "crs" and y.shape[1] == 1 and bool((y > 0).all())
    if per_unit:  # CRS, one output: the same LP per unit of output (lambdas mapped back)
        x_lp, y_lp = x / y, np.ones_like(y)
    else:
        x_lp, y_lp = x, y
    solver = _Solver(
        x_lp,
        y_lp,
        reference,
        vrs=returns == "vrs",
        exclude_self=super_efficiency,
        batch=BATCH[method] if batch is None else batch,
        sort=sort,
        packing=sort and bool(np.all(y_lp == y_lp[:1])) and bool((x_lp > 0).any(axis=1).all()),
        lockstep=method == "simplex",
    )
    return _Prepared(solver, evaluate, y, per_unit, super_efficiency)


def _drive(solvers: list[_Solver], evaluates: list[np.ndarray]) -> list[list[Solved]]:
    """Run every solver's plan; the LP jobs of one round are solved together."""
    plans = [s.plan(e) for s, e in zip(solvers, evaluates, strict=True)]
    results: list[list[Solved] | None] = [None] * len(plans)
    jobs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for i, plan in enumerate(plans):
        try:
            jobs[i] = next(plan)
        except StopIteration as stop:
            results[i] = stop.value
    while jobs:
        keys = list(jobs)
        answers = _solve_jobs([(solvers[i], *jobs[i]) for i in keys])
        jobs = {}
        for i, answer in zip(keys, answers, strict=True):
            try:
                jobs[i] = plans[i].send(answer)
            except StopIteration as stop:
                results[i] = stop.value
    return [r if r is not None else [] for r in results]


LOCKSTEP_CELLS = 4_000_000
"""At most about this many LP × column cells in one lockstep run (its pricing matrix is that
many floats), so that many years or super-efficiency over large groups stay bounded in memory."""


def _bounded(items: list[int], cells: list[int]) -> list[list[int]]:
    """``items`` in order, cut into runs of at most LOCKSTEP_CELLS cells (at least one each)."""
    parts: list[list[int]] = [[]]
    used = 0
    for item, c in zip(items, cells, strict=True):
        if parts[-1] and used + c > LOCKSTEP_CELLS:
            parts.append([])
            used = 0
        parts[-1].append(item)
        used += c
    return parts


def _solve_jobs(jobs: list[tuple[_Solver, np.ndarray, np.ndarray]]) -> list[list[Solved]]:
    """Each (solver, rows, cols); the lockstep ones together, per LP row count."""
    out: list[list[Solved] | None] = [None] * len(jobs)
    by_rows: dict[int, list[int]] = {}
    built = {}
    for i, (solver, rows, cols) in enumerate(jobs):
        if len(rows) == 0:
            out[i] = []
        elif not solver.lockstep:
            out[i] = solver._highs(rows, cols)
        else:
            built[i] = solver._problem(rows, cols)
            by_rows.setdefault(built[i].a0.shape[0], []).append(i)
    for idx in by_rows.values():
        for part in _bounded(idx, [len(jobs[i][1]) * (len(jobs[i][2]) + 10) for i in idx]):
            for i, sol in zip(part, solve_many([built[i] for i in part]), strict=True):
                solver, rows, cols = jobs[i]
                out[i] = solver._decode(rows, cols, sol)
    return [o if o is not None else [] for o in out]


class _Solver:
    """Chooses LP columns (reduction, two phases) and runs the batched envelopment LPs."""

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        reference: np.ndarray,
        *,
        vrs: bool,
        exclude_self: bool,
        batch: int,
        sort: bool = False,
        packing: bool = False,
        lockstep: bool = False,
    ):
        self.x, self.y, self.reference = x, y, reference
        self.vrs, self.exclude_self, self.batch, self.sort = vrs, exclude_self, batch, sort
        self.packing, self.lockstep = packing, lockstep

    def run(self, evaluate: np.ndarray) -> list[Solved]:
        """Solve the rows ``evaluate``; results in the same order."""
        return _drive([self], [evaluate])[0]

    def plan(self, evaluate: np.ndarray) -> Generator[Job, list[Solved], list[Solved]]:
        """The LPs to solve, as (rows, columns) jobs; each is sent back its answers."""
        own = evaluate[~self.reference[evaluate]]  # rows that may only be their own peer
        if self.exclude_self:
            return (yield evaluate, np.arange(len(self.x)))
        candidates = self._candidates()
        first = np.isin(candidates, evaluate)
        if not first.all() or len(candidates) == len(evaluate):
            return (yield evaluate, np.union1d(candidates, own))
        by_row = dict(zip(candidates.tolist(), (yield candidates, candidates), strict=True))
        frontier = np.array(  # unsolved rows stay too, to be safe
            [
                r
                for r, (t, _, _, st) in by_row.items()
                if t >= 1.0 - FRONTIER_TOL or st != "optimal"
            ],
            dtype=np.intp,
        )
        rest = evaluate[~np.isin(evaluate, candidates)]
        by_row.update(zip(rest.tolist(), (yield rest, np.union1d(frontier, own)), strict=True))
        return [by_row[r] for r in evaluate.tolist()]

    def _candidates(self) -> np.ndarray:
        """Reference rows not dominated by another reference row (see module docstring)."""
        peers = np.flatnonzero(self.reference)
        x, y = self.x[peers], self.y[peers]
        if not self.vrs and y.shape[1] == 1:
            x, y = x / y, np.ones_like(y)
        constant = bool(np.all(y == y[0]))
        theta, _ = fdh_kernel(
            x,
            x,
            np.arange(len(peers)),
            y_eval=None if constant else y,
            y_peer=None if constant else y,
        )
        return peers[theta >= 1.0]

    def _problem(self, rows: np.ndarray, cols: np.ndarray) -> Problem:
        """The LPs of ``rows`` over ``cols`` for ``almen.efficiency.simplex``.

        The phi form of ``EnvelopmentLp`` with b = (x_o, 0) >= 0. Packing: max sum m, X^T m
        <= x_o. VRS: phi = sum m substituted, so the output rows are sum_j m_j (y_o - y_j)
        <= 0 (A0 = -Y^T shifted by y_o in every column). CRS: an explicit phi column (0, y_o)
        with cost 1 after the m columns (x_j, -y_j).
        """
        x, y = self.x[cols], self.y[cols]
        n, k = x.shape
        allowed = np.tile(self.reference[cols], (len(rows), 1))
        position = np.full(len(self.x), -1, dtype=np.intp)
        position[cols] = np.arange(len(cols))
        own = position[rows]
        mine = own >= 0
        allowed[np.flatnonzero(mine), own[mine]] = not self.exclude_self
        b = self.x[rows]
        if self.packing:
            return problem(x.T, np.ones(n), b, allowed)
        r = y.shape[1]
        b = np.hstack([b, np.zeros((len(rows), r))])
        u = np.hstack([np.zeros((len(rows), k)), self.y[rows]])
        a0 = np.vstack([x.T, -y.T])
        if self.vrs:
            return problem(a0, np.ones(n), b, allowed, u, np.ones(n))
        s = np.r_[np.zeros(n), 1.0]
        allowed = np.hstack([allowed, np.ones((len(rows), 1), dtype=bool)])
        return problem(np.hstack([a0, np.zeros((k + r, 1))]), s, b, allowed, u, s)

    def _decode(self, rows: np.ndarray, cols: np.ndarray, sol: BatchSolution) -> list[Solved]:
        """theta, peers and lambdas from the lockstep solution; HiGHS for LPs not certified."""
        n = len(cols)
        phi = sol.v[:, n] if sol.v.shape[1] > n else sol.objective
        zero = phi <= PHI_ZERO
        lam = sol.v[:, :n] / np.where(zero, 1.0, phi)[:, None]
        hit = lam > LAMBDA_EPS
        hit[zero] = False
        li, lj = np.nonzero(hit)
        ends = np.cumsum(np.bincount(li, minlength=len(rows))).tolist()
        starts = [0, *ends[:-1]]
        chosen, values = cols[lj], lam[li, lj]
        peer_pos = [chosen[a:z] for a, z in zip(starts, ends, strict=True)]
        weights = [values[a:z] for a, z in zip(starts, ends, strict=True)]
        theta = 1.0 / np.where(zero, 1.0, phi)
        out: list[Solved] = [
            (float("inf"), cols[:0], np.zeros(0), "infeasible") if z else (t, p, w, "optimal")
            for z, t, p, w in zip(zero.tolist(), theta.tolist(), peer_pos, weights, strict=True)
        ]
        bad = np.flatnonzero(~sol.certified)
        if len(bad):
            for i, answer in zip(bad.tolist(), self._highs(rows[bad], cols), strict=True):
                out[i] = answer
        return out

    def _highs(self, rows: np.ndarray, cols: np.ndarray) -> list[Solved]:
        lp = EnvelopmentLp(
            self.x[cols],
            self.y[cols],
            np.where(self.reference[cols], INF, 0.0),
            vrs=self.vrs,
            slots=min(self.batch, len(rows)),
            packing=self.packing,
            dantzig=self.sort,
        )
        position = np.full(len(self.x), -1, dtype=np.intp)
        position[cols] = np.arange(len(cols))
        if self.sort:
            chunks = stretches(direction_order(self.x[rows], self.y[rows]), lp.slots)
        else:
            chunks = [
                np.arange(s, min(s + lp.slots, len(rows))) for s in range(0, len(rows), lp.slots)
            ]
        out: list[Solved] = [(0.0, cols[:0], np.zeros(0), "")] * len(rows)
        for idx in chunks:
            chunk = rows[idx]
            answers = lp.solve(
                self.x[chunk], self.y[chunk], position[chunk], exclude_self=self.exclude_self
            )
            for i, (theta, lam, status) in zip(idx.tolist(), answers, strict=True):
                keep = np.flatnonzero(lam > LAMBDA_EPS)
                out[i] = (theta, cols[keep], lam[keep], status)
        return out


def direction_order(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Rows sorted by the angle of their unit (x, y) vector in its two principal directions."""
    if len(x) < 3:
        return np.arange(len(x))
    z = np.hstack([x, y])
    norm = np.linalg.norm(z, axis=1, keepdims=True)
    z = z / np.where(norm > 0, norm, 1.0)
    z -= z.mean(axis=0)
    _, _, vt = np.linalg.svd(z, full_matrices=False)
    return np.argsort(np.arctan2(z @ vt[1], z @ vt[0]), kind="stable")


def stretches(order: np.ndarray, slots: int) -> list[np.ndarray]:
    """Batches of ``order`` such that slot s of successive batches walks the s-th stretch."""
    n = len(order)
    length = -(-n // slots)
    padded = np.full(slots * length, -1, dtype=np.intp)
    padded[:n] = order
    return [row[row >= 0] for row in padded.reshape(slots, length).T]


def _fdh_group(
    x: np.ndarray,
    y: np.ndarray,
    evaluate: np.ndarray,
    reference: np.ndarray,
    super_efficiency: bool,
) -> GroupSolution:
    """FDH as DEA with a single peer (lambda 1), via the vectorised kernel."""
    peers = np.flatnonzero(reference)
    pos = self_positions(evaluate, peers, len(x))
    constant = bool(np.all(y == y[0]))
    theta, arg = fdh_kernel(
        x[evaluate],
        x[peers],
        pos,
        y_eval=None if constant else y[evaluate],
        y_peer=None if constant else y[peers],
    )
    if super_efficiency:
        score = theta
        chosen = np.where(arg >= 0, peers[np.maximum(arg, 0)], -1)
    else:
        score = np.minimum(theta, 1.0)
        chosen = np.where(theta < 1.0, peers[np.maximum(arg, 0)], evaluate)
    status = np.where(chosen >= 0, "optimal", "infeasible").astype(object)
    peer_pos = tuple(np.array([c] if c >= 0 else [], dtype=np.intp) for c in chosen.tolist())
    return GroupSolution(score, status, peer_pos, tuple(np.ones(len(p)) for p in peer_pos))
