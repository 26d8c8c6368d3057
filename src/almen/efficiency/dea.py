"""Input-oriented DEA within the peer groups, solved with HiGHS (``highspy``) directly.

Envelopment form for the evaluated department o with inputs x and outputs y:

    min theta  s.t.  sum_j lambda_j x_jk <= theta x_ok   (every input k)
                     sum_j lambda_j y_jr >= y_or         (every output r)
                     lambda >= 0;  VRS adds sum_j lambda_j = 1

Models: "unit-cost" — inputs are the 7 costs per unit (dwelling or m², ``Parameters``) and one
constant output, so CRS and VRS coincide; "size" — inputs are the 7 total costs and the output
is the number of dwellings (plus m² with ``include_area``). ``returns="fdh"`` uses the
vectorised FDH path on the same inputs and outputs.

One ``Highs`` object is built per peer group; per department only the theta column, the output
bounds and (for trimming / super-efficiency) one lambda bound change, and HiGHS warm-starts
from the previous basis. Columns are scaled by their mean within the group first: on unscaled
data (kr. totals next to dwelling counts) HiGHS has returned "optimal" with scores up to 0.02
too high.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import highspy
import numpy as np

from almen.efficiency.data import DepartmentCosts
from almen.efficiency.fdh import fdh_kernel, self_positions
from almen.efficiency.params import Parameters
from almen.efficiency.peers import PeerGroups, peer_groups

Returns = Literal["crs", "vrs", "fdh"]
Model = Literal["unit-cost", "size"]
LAMBDA_EPS = 1e-9
"""Lambdas above this are reported as peers."""

_INF = highspy.kHighsInf
_threads_ok = True  # becomes False if HiGHS's global scheduler already runs with more threads


@dataclass(frozen=True, slots=True)
class DeaResult:
    """Per-row DEA result, aligned with the input rows.

    score: theta; <= 1 except with ``super_efficiency`` (then > 1 for frontier departments and
        inf where the LP is infeasible, which VRS super-efficiency can be). 0.0 when excluded.
    status: "optimal", "infeasible", "excluded" or "error: <HiGHS model status>".
    peer_index / peers / lambdas: per row, reference rows, their ids and weights (lambda >
        LAMBDA_EPS), ordered by row index; empty when excluded. An efficient department usually
        lists itself with weight 1.
    peer_group, group_size, widened, widening_reason, included, exclusion, exclusion_accounts:
        as in ``FdhResult``.
    """

    ids: np.ndarray
    params: Parameters
    returns: str
    model: str
    super_efficiency: bool
    scaled: bool
    score: np.ndarray
    status: np.ndarray
    peer_index: tuple[np.ndarray, ...]
    peers: tuple[tuple[Any, ...], ...]
    lambdas: tuple[np.ndarray, ...]
    peer_group: np.ndarray
    group_size: np.ndarray
    widened: np.ndarray
    widening_reason: np.ndarray
    included: np.ndarray
    exclusion: np.ndarray
    exclusion_accounts: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def record(self, i: int) -> dict[str, Any]:
        """Row ``i`` as plain Python values (for storage or JSON)."""
        return {
            "id": self.ids[i],
            "included": bool(self.included[i]),
            "exclusion": str(self.exclusion[i]),
            "score": float(self.score[i]),
            "status": str(self.status[i]),
            "peers": list(self.peers[i]),
            "lambdas": self.lambdas[i].tolist(),
            "peer_group": str(self.peer_group[i]),
            "group_size": int(self.group_size[i]),
            "widened": bool(self.widened[i]),
        }


def model_data(data: DepartmentCosts, pg: PeerGroups, model: Model, include_area: bool) -> tuple[np.ndarray, np.ndarray]:
    """Inputs (n × 7) and outputs (n × r) of a DEA model (see the module docstring)."""
    if model == "unit-cost":
        return pg.unit_costs, np.ones((len(data), 1))
    if model == "size":
        inc = pg.exclusion.included[:, None]
        x = np.where(inc, data.costs, 1.0)
        cols = [data.dwellings, data.area_m2] if include_area else [data.dwellings]
        y = np.where(inc, np.column_stack(cols), 1.0)
        return x, np.where(np.isfinite(y) & (y > 0), y, 1.0)
    raise ValueError(f"model must be 'unit-cost' or 'size', not {model!r}")


def dea(
    data: DepartmentCosts,
    params: Parameters | None = None,
    *,
    returns: Returns = "crs",
    model: Model = "unit-cost",
    super_efficiency: bool = False,
    include_area: bool = False,
    scale: bool = True,
    groups: PeerGroups | None = None,
) -> DeaResult:
    """Input-oriented DEA score of every included row against its peer group.

    ``include_area`` adds m² as a second output in the "size" model. ``scale=False`` skips the
    per-group mean scaling (only to demonstrate why it exists). ``groups`` reuses a
    ``peer_groups`` result computed with the same params.
    """
    if returns not in ("crs", "vrs", "fdh"):
        raise ValueError(f"returns must be 'crs', 'vrs' or 'fdh', not {returns!r}")
    params = params or Parameters()
    pg = groups if groups is not None else peer_groups(data, params)
    x, y = model_data(data, pg, model, include_area)
    n = len(data)
    included, exclusion = _area_exclusions(data, pg, model, include_area)
    score = np.zeros(n)
    status = np.where(included, "optimal", "excluded").astype(object)
    lambdas: list[np.ndarray] = [np.zeros(0)] * n
    index: list[np.ndarray] = [np.zeros(0, dtype=np.intp)] * n
    for g in pg.groups:
        evaluated, peers = g.evaluated[included[g.evaluated]], g.peers[included[g.peers]]
        cols = np.union1d(peers, evaluated)  # trimmed rows take part only as themselves
        if len(evaluated) == 0:
            continue
        sol = dea_arrays(x[cols], y[cols], returns=returns, super_efficiency=super_efficiency, scale=scale,
                         evaluate=np.searchsorted(cols, evaluated), reference=np.isin(cols, peers))
        score[evaluated] = sol.score
        status[evaluated] = sol.status
        for e, row in enumerate(evaluated.tolist()):
            index[row] = cols[sol.peer_pos[e]]
            lambdas[row] = sol.lambdas[e]
    group_size = np.zeros(n, dtype=np.intp)
    for g in pg.groups:
        group_size[g.evaluated] = len(g.peers)
    return DeaResult(
        ids=data.ids, params=params, returns=returns, model=model, super_efficiency=super_efficiency,
        scaled=scale, score=score, status=status, peer_index=tuple(index),
        peers=tuple(tuple(data.ids[j] for j in idx.tolist()) for idx in index), lambdas=tuple(lambdas),
        peer_group=pg.labels, group_size=group_size, widened=pg.widened, widening_reason=pg.widening_reason,
        included=included, exclusion=exclusion, exclusion_accounts=pg.exclusion.accounts,
    )


def _area_exclusions(data: DepartmentCosts, pg: PeerGroups, model: str, include_area: bool) -> tuple[np.ndarray, np.ndarray]:
    """Included mask and reasons, adding "no_area" when m² is an output but missing."""
    included, reason = pg.exclusion.included.copy(), pg.exclusion.reason.copy()
    if model == "size" and include_area:
        no_area = included & ~(np.isfinite(data.area_m2) & (data.area_m2 > 0))
        included[no_area] = False
        reason[no_area] = "no_area"
    return included, reason


@dataclass(frozen=True, slots=True)
class GroupSolution:
    """DEA of some rows of one reference set; positions refer to the rows of ``x``."""

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
) -> GroupSolution:
    """Input-oriented DEA on plain arrays: x is m × inputs, y is m × outputs (all > 0).

    ``evaluate`` lists the row positions to score (default all); ``reference`` is a boolean
    mask of rows that may serve as peers (default all). A row always may serve as its own peer
    unless ``super_efficiency``.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    m = len(x)
    evaluate = np.arange(m) if evaluate is None else np.asarray(evaluate, dtype=np.intp)
    reference = np.ones(m, dtype=bool) if reference is None else np.asarray(reference, dtype=bool)
    if returns == "fdh":
        return _fdh_group(x, y, evaluate, reference, super_efficiency)
    if scale:
        x, y = x / x.mean(axis=0), y / y.mean(axis=0)
    cols = _lp_columns(x, y, evaluate, reference, super_efficiency)
    upper = np.where(reference[cols], _INF, 0.0)
    h = _build(x[cols], y[cols], upper, vrs=returns == "vrs")
    position = np.full(m, -1, dtype=np.intp)
    position[cols] = np.arange(len(cols))
    score, status = np.zeros(len(evaluate)), np.full(len(evaluate), "optimal", dtype=object)
    peer_pos, lambdas = [], []
    for e, row in enumerate(evaluate.tolist()):
        theta, lam, status[e] = _solve_one(h, x[row], y[row], int(position[row]), upper, super_efficiency)
        score[e] = theta if super_efficiency or status[e] != "optimal" else min(theta, 1.0)
        keep = np.flatnonzero(lam > LAMBDA_EPS)
        peer_pos.append(cols[keep])
        lambdas.append(lam[keep])
    return GroupSolution(score, status, tuple(peer_pos), tuple(lambdas))


def _lp_columns(x: np.ndarray, y: np.ndarray, evaluate: np.ndarray, reference: np.ndarray,
                super_efficiency: bool) -> np.ndarray:
    """Row positions that need an LP column.

    A reference row FDH-dominated by another reference row (cheaper on every input, at least
    the same outputs) lies inside the production possibility set of the others, so dropping its
    column changes no score (CRS or VRS); DEA-efficient rows are always FDH-efficient. This
    shrinks the LPs several-fold. Not valid for super-efficiency, where all columns are kept.
    Evaluated rows outside the reference set keep a column for their own turn.
    """
    if super_efficiency:
        return np.arange(len(x))
    peers = np.flatnonzero(reference)
    constant = bool(np.all(y == y[0]))
    theta, _ = fdh_kernel(x[peers], x[peers], np.arange(len(peers)),
                          y_eval=None if constant else y[peers], y_peer=None if constant else y[peers])
    return np.union1d(peers[theta >= 1.0], evaluate[~reference[evaluate]])


def _solve_one(h: highspy.Highs, x_row: np.ndarray, y_row: np.ndarray, col: int, upper: np.ndarray,
               super_efficiency: bool) -> tuple[float, np.ndarray, str]:
    """Point the LP at one evaluated row (theta column, output bounds, own lambda) and solve."""
    k_in = len(x_row)
    for k in range(k_in):
        h.changeCoeff(k, 0, -float(x_row[k]))
    for r, value in enumerate(y_row.tolist()):
        h.changeRowBounds(k_in + r, value, _INF)
    if col >= 0:
        h.changeColBounds(1 + col, 0.0, 0.0 if super_efficiency else _INF)
    result = _run(h)
    if col >= 0:
        h.changeColBounds(1 + col, 0.0, float(upper[col]))
    return result


def _fdh_group(x: np.ndarray, y: np.ndarray, evaluate: np.ndarray, reference: np.ndarray,
               super_efficiency: bool) -> GroupSolution:
    """FDH as DEA with a single peer (lambda 1), via the vectorised kernel."""
    peers = np.flatnonzero(reference)
    pos = self_positions(evaluate, peers, len(x))
    constant = bool(np.all(y == y[0]))
    theta, arg = fdh_kernel(x[evaluate], x[peers], pos,
                            y_eval=None if constant else y[evaluate], y_peer=None if constant else y[peers])
    if super_efficiency:
        score = theta
        chosen = np.where(arg >= 0, peers[np.maximum(arg, 0)], -1)
    else:
        score = np.minimum(theta, 1.0)
        chosen = np.where(theta < 1.0, peers[np.maximum(arg, 0)], evaluate)
    status = np.where(chosen >= 0, "optimal", "infeasible").astype(object)
    peer_pos = tuple(np.array([c] if c >= 0 else [], dtype=np.intp) for c in chosen.tolist())
    return GroupSolution(score, status, peer_pos, tuple(np.ones(len(p)) for p in peer_pos))


def _run(h: highspy.Highs) -> tuple[float, np.ndarray, str]:
    """Solve; return (theta, lambdas, status text)."""
    global _threads_ok
    h.run()
    state = h.getModelStatus()
    if state == highspy.HighsModelStatus.kNotset and _threads_ok:
        # The process-wide HiGHS scheduler was started with another thread count.
        _threads_ok = False
        h.setOptionValue("threads", 0)
        h.run()
        state = h.getModelStatus()
    if state == highspy.HighsModelStatus.kOptimal:
        values = np.asarray(h.getSolution().col_value)
        return float(values[0]), values[1:], "optimal"
    if state == highspy.HighsModelStatus.kInfeasible:
        return np.inf, np.zeros(0), "infeasible"
    return 0.0, np.zeros(0), f"error: {h.modelStatusToString(state)}"


def _build(xs: np.ndarray, ys: np.ndarray, upper: np.ndarray, *, vrs: bool) -> highspy.Highs:
    """The envelopment LP of one group: column 0 is theta, columns 1.. are the lambdas."""
    m, k_in = xs.shape
    r_out = ys.shape[1]
    n_rows = k_in + r_out + (1 if vrs else 0)
    block = np.hstack([xs, ys, np.ones((m, 1))]) if vrs else np.hstack([xs, ys])
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = m + 1, n_rows
    lp.col_cost_ = np.r_[1.0, np.zeros(m)]
    lp.col_lower_ = np.zeros(m + 1)
    lp.col_upper_ = np.r_[_INF, upper]
    lp.row_lower_ = np.r_[np.full(k_in, -_INF), np.zeros(r_out), np.ones(1 if vrs else 0)]
    lp.row_upper_ = np.r_[np.zeros(k_in), np.full(r_out, _INF), np.ones(1 if vrs else 0)]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.r_[0, k_in + n_rows * np.arange(m + 1)].astype(np.int32)
    lp.a_matrix_.index_ = np.r_[np.arange(k_in), np.tile(np.arange(n_rows), m)].astype(np.int32)
    lp.a_matrix_.value_ = np.r_[-np.ones(k_in), block.ravel()]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    if _threads_ok:
        h.setOptionValue("threads", 1)
    h.passModel(lp)
    return h
