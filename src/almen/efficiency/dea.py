"""Input-oriented DEA within the peer groups, solved with HiGHS (``highspy``) directly.

Envelopment form for the evaluated department o with inputs x and outputs y:

    min theta  s.t.  sum_j lambda_j x_jk <= theta x_ok   (every input k)
                     sum_j lambda_j y_jr >= y_or         (every output r)
                     lambda >= 0;  VRS adds sum_j lambda_j = 1

Models: "unit-cost" — inputs are the 7 costs per unit (dwelling or m², ``Parameters``) and one
constant output, so CRS and VRS coincide; "size" — inputs are the 7 total costs and the output
is the number of dwellings (plus m² with ``include_area``). ``returns="fdh"`` uses the
vectorised FDH path on the same inputs and outputs.

By default (``method="simplex"``) the LPs of all peer groups are solved together by the
batched numpy simplex of ``almen.efficiency.simplex``, with HiGHS for any LP it cannot certify
(``almen.efficiency.frontier``). With ``method="sorted"`` or ``"two-phase"``, one HiGHS model
is built per peer group (``almen.efficiency.envelopment``); per department only
the theta column, the output bounds and (for trimming / super-efficiency) one lambda bound
change, and HiGHS warm-starts from the previous basis of a similar department (the rows are
sorted by direction, ``almen.efficiency.frontier``). ``workers=2`` splits the peer groups
between the parent and one forked process (the groups are independent, so the result is the
same as with one). Columns are scaled by their mean within
the group first: on unscaled data (kr. totals next to dwelling counts) HiGHS has returned
"optimal" with scores up to 0.02 too high. See ``almen.efficiency.frontier`` for the column
reduction that keeps the LPs small.
"""

from __future__ import annotations

import os
import pickle
import traceback
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from almen.efficiency.data import DepartmentCosts
from almen.efficiency.frontier import GroupSolution, Method, Returns, dea_arrays, dea_many
from almen.efficiency.params import Parameters
from almen.efficiency.peers import PeerGroups, peer_groups

Model = Literal["unit-cost", "size"]


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


def model_data(
    data: DepartmentCosts, pg: PeerGroups, model: Model, include_area: bool
) -> tuple[np.ndarray, np.ndarray]:
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
    method: Method = "simplex",
    workers: int = 1,
) -> DeaResult:
    """Input-oriented DEA score of every included row against its peer group.

    ``include_area`` adds m² as a second output in the "size" model. ``scale=False`` skips the
    per-group mean scaling (only to demonstrate why it exists). ``groups`` reuses a
    ``peer_groups`` result computed with the same params. ``method="sorted"`` and
    ``method="two-phase"`` are the previous HiGHS paths (``dea_arrays``; same scores).
    ``workers`` > 1 solves the peer groups in that many processes (fork; POSIX only, else
    one); the parent waits for its children.
    """
    if returns not in ("crs", "vrs", "fdh"):
        raise ValueError(f"returns must be 'crs', 'vrs' or 'fdh', not {returns!r}")
    if model not in ("unit-cost", "size"):
        raise ValueError(f"model must be 'unit-cost' or 'size', not {model!r}")
    params = params or Parameters()
    pg = groups if groups is not None else peer_groups(data, params)
    x, y = model_data(data, pg, model, include_area)
    included, exclusion = _area_exclusions(data, pg, model, include_area)
    score, status, index, lambdas = _solve_groups(
        pg, x, y, included, returns, super_efficiency, scale, method, workers
    )
    group_size = np.zeros(len(data), dtype=np.intp)
    for g in pg.groups:
        group_size[g.evaluated] = len(g.peers)
    return DeaResult(
        ids=data.ids,
        params=params,
        returns=returns,
        model=model,
        super_efficiency=super_efficiency,
        scaled=scale,
        score=score,
        status=status,
        peer_index=tuple(index),
        peers=tuple(tuple(data.ids[j] for j in idx.tolist()) for idx in index),
        lambdas=tuple(lambdas),
        peer_group=pg.labels,
        group_size=group_size,
        widened=pg.widened,
        widening_reason=pg.widening_reason,
        included=included,
        exclusion=exclusion,
        exclusion_accounts=pg.exclusion.accounts,
    )


def _solve_groups(
    pg: PeerGroups,
    x: np.ndarray,
    y: np.ndarray,
    included: np.ndarray,
    returns: Returns,
    super_efficiency: bool,
    scale: bool,
    method: Method = "simplex",
    workers: int = 1,
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """Run ``dea_arrays`` per peer group; map positions back to row indices."""
    n = len(x)
    score = np.zeros(n)
    status = np.where(included, "optimal", "excluded").astype(object)
    index: list[np.ndarray] = [np.zeros(0, dtype=np.intp)] * n
    lambdas: list[np.ndarray] = [np.zeros(0)] * n
    tasks = []
    for g in pg.groups:
        evaluated, peers = g.evaluated[included[g.evaluated]], g.peers[included[g.peers]]
        if len(evaluated):
            tasks.append((evaluated, peers, np.union1d(peers, evaluated)))

    def solve(task: tuple[np.ndarray, np.ndarray, np.ndarray]) -> GroupSolution:
        evaluated, peers, cols = task  # trimmed rows take part only as themselves
        return dea_arrays(
            x[cols],
            y[cols],
            returns=returns,
            super_efficiency=super_efficiency,
            scale=scale,
            evaluate=np.searchsorted(cols, evaluated),
            reference=np.isin(cols, peers),
            method=method,
        )

    if method == "simplex":  # every group's LPs together, per worker (see dea_many)
        shares = _shares([len(t[0]) * len(t[2]) for t in tasks], max(1, min(workers, len(tasks))))
        chunks = [[tasks[i] for i in share] for share in shares if share]

        def solve_chunk(chunk: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> Any:
            return dea_many(
                [
                    (x[cols], y[cols], np.searchsorted(cols, ev), np.isin(cols, peers))
                    for ev, peers, cols in chunk
                ],
                returns=returns,
                super_efficiency=super_efficiency,
                scale=scale,
                method=method,
            )

        solved = [s for part in _map(solve_chunk, chunks, workers, [1] * len(chunks)) for s in part]
        tasks = [t for chunk in chunks for t in chunk]
    else:
        solved = _map(solve, tasks, workers)
    for (evaluated, _, cols), sol in zip(tasks, solved, strict=True):
        score[evaluated] = sol.score
        status[evaluated] = sol.status
        for e, row in enumerate(evaluated.tolist()):
            index[row] = cols[sol.peer_pos[e]]
            lambdas[row] = sol.lambdas[e]
    return score, status, index, lambdas


def _map(fn: Any, tasks: list[Any], workers: int, work: list[int] | None = None) -> list[Any]:
    """``[fn(t) for t in tasks]``, the tasks shared among ``workers`` processes.

    The shares are balanced by LP work (rows × columns) and each is solved in task order, so
    the answers do not depend on ``workers``. A child that fails or dies leaves its share to
    the parent.
    """
    workers = min(workers, len(tasks))
    if workers <= 1 or not hasattr(os, "fork"):
        return [fn(t) for t in tasks]
    share = _shares(work or [len(t[0]) * len(t[2]) for t in tasks], workers)
    children = []
    for w in range(1, workers):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: solve share w, send it, leave without cleanup
            try:
                os.close(read)
                try:
                    answer: Any = [fn(tasks[i]) for i in share[w]]
                except BaseException:  # reported to the parent, which redoes the share
                    answer = traceback.format_exc()
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(answer, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)
        os.close(write)
        children.append((pid, read, w))
    out: list[Any] = [None] * len(tasks)
    try:
        for i in share[0]:
            out[i] = fn(tasks[i])
    except BaseException:  # reap the children before passing the error on
        for pid, read, _ in children:
            os.close(read)  # a child still writing gets EPIPE and exits
            os.waitpid(pid, 0)
        raise
    for pid, read, w in children:
        try:
            with os.fdopen(read, "rb") as pipe:
                answer = pickle.load(pipe)
        except (EOFError, pickle.UnpicklingError):
            answer = None
        os.waitpid(pid, 0)
        if not isinstance(answer, list):  # the child failed: solve its share here
            answer = [fn(tasks[i]) for i in share[w]]
        for i, sol in zip(share[w], answer, strict=True):
            out[i] = sol
    return out


def _shares(work: list[int], workers: int) -> list[list[int]]:
    """Task indices per worker: largest first to the least loaded (deterministic), each sorted."""
    load = [0] * workers
    share: list[list[int]] = [[] for _ in range(workers)]
    for i in sorted(range(len(work)), key=lambda i: (-work[i], i)):
        w = min(range(workers), key=lambda w: (load[w], w))
        share[w].append(i)
        load[w] += work[i]
    return [sorted(s) for s in share]


def _area_exclusions(
    data: DepartmentCosts, pg: PeerGroups, model: str, include_area: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Included mask and reasons, adding "no_area" when m² is an output but missing."""
    included, reason = pg.exclusion.included.copy(), pg.exclusion.reason.copy()
    if model == "size" and include_area:
        no_area = included & ~(np.isfinite(data.area_m2) & (data.area_m2 > 0))
        included[no_area] = False
        reason[no_area] = "no_area"
    return included, reason
