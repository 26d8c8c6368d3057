"""The input-oriented DEA envelopment LP on a reused HiGHS model, several departments per solve.

For department o the envelopment LP is

    min theta  s.t.  sum_j l_j x_j <= theta x_o,  sum_j l_j y_j >= y_o,  l >= 0  (VRS: sum l = 1)

It is solved in the reciprocal variables phi = 1 / theta and m_j = l_j / theta:

    max phi    s.t.  sum_j m_j x_j <= x_o,  sum_j m_j y_j - phi y_o >= 0,  m >= 0  (VRS: sum m = phi)

so the department's inputs are only row bounds and its outputs only the phi coefficients
(constant in the unit-cost model).

With ``packing=True`` (every output the same constant, as in the unit-cost model; every column
with a positive input) the LP is only the input rows: max sum_j m_j s.t. sum_j m_j x_j <= x_o,
m >= 0, and phi = sum_j m_j. Its optimum is the CRS one, and also the VRS one: with equal
outputs an optimal lambda of the CRS LP sums to exactly 1 (scaling it down would lower theta),
so CRS and VRS have the same optimal solutions, and the output and VRS rows can go. Changing bounds keeps the previous basis dual feasible, so
HiGHS's dual simplex warm-starts in a few iterations without touching the matrix. theta = 1/phi
and l = m / phi. When the theta LP is infeasible (VRS super-efficiency) the phi LP has
optimum 0, reported as theta = inf, "infeasible".

Why batches: every ``Highs.run()`` carries a fixed cost (highspy 1.16 re-reads the CPU topology
from /sys on each call) that dwarfs the few iterations needed. The model therefore holds
``slots`` independent copies of the LP (block-diagonal, one phi and one m set per slot);
maximising the sum of the phis solves every slot at once.
"""

from __future__ import annotations

import highspy
import numpy as np

INF = highspy.kHighsInf
PHI_ZERO = 1e-12
"""phi at or below this means the theta LP is infeasible."""
_state = {"threads_ok": True}  # False once HiGHS's scheduler was found started with >1 thread

Solution = tuple[float, np.ndarray, str]  # theta, lambdas over the columns, status


class EnvelopmentLp:
    """``slots`` copies of the LP above over the columns ``x`` (m × k) and ``y`` (m × r).

    ``upper`` holds each column's upper bound (INF for a reference column, 0 for a column that
    may only serve as its own peer). ``packing``: see the module docstring. ``dantzig``: the
    dual simplex prices by largest infeasibility instead of steepest edge.
    """

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        upper: np.ndarray,
        *,
        vrs: bool,
        slots: int,
        packing: bool = False,
        dantzig: bool = False,
    ):
        self.packing, self.dantzig = packing, dantzig
        if packing:
            y, vrs = y[:, :0], False
        self.x, self.y, self.upper, self.vrs = x, y, upper, vrs
        self.m, self.k = x.shape
        self.r = y.shape[1]
        self.rows = self.k + self.r + (1 if vrs else 0)
        self.width = self.m + 1
        self.slots = max(1, slots)
        self._phi_coef = np.ones((self.slots, self.r))  # current y_o per slot in the phi column
        self._in_rows = (
            (np.arange(self.slots)[:, None] * self.rows + np.arange(self.k)[None, :])
            .ravel()
            .astype(np.int32)
        )
        self._in_lower = np.full(len(self._in_rows), -INF)
        self.h = _new_highs()
        if dantzig:  # plain largest-infeasibility pricing: a few % faster on these small LPs
            self.h.setOptionValue("simplex_dual_edge_weight_strategy", 0)
        self.h.passModel(self._lp())
        self._single: EnvelopmentLp | None = None

    def _lp(self) -> highspy.HighsLp:
        k, r, m, rows, s = self.k, self.r, self.m, self.rows, self.slots
        block = np.hstack([self.x, self.y] + ([np.ones((m, 1))] if self.vrs else []))
        phi_rows = np.arange(k, rows)  # output rows (and the VRS row)
        nnz = len(phi_rows) + m * rows
        starts = np.r_[0, len(phi_rows) + rows * np.arange(m)]
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = s * self.width, s * rows
        if self.packing:  # maximise the sum of the m's; phi is fixed at 0 and unused
            lp.col_cost_ = np.tile(np.r_[0.0, -np.ones(m)], s)
            lp.col_upper_ = np.tile(np.r_[0.0, self.upper], s)
        else:  # maximise the sum of the phis
            lp.col_cost_ = np.tile(np.r_[-1.0, np.zeros(m)], s)
            lp.col_upper_ = np.tile(np.r_[INF, self.upper], s)
        lp.col_lower_ = np.zeros(s * self.width)
        vrs_row = np.zeros(1 if self.vrs else 0)
        lp.row_lower_ = np.tile(np.r_[np.full(k, -INF), np.zeros(r), vrs_row], s)
        lp.row_upper_ = np.tile(np.r_[np.ones(k), np.full(r, INF), vrs_row], s)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.r_[
            (starts[None, :] + nnz * np.arange(s)[:, None]).ravel(), s * nnz
        ].astype(np.int32)
        index = np.r_[phi_rows, np.tile(np.arange(rows), m)]
        lp.a_matrix_.index_ = (
            (index[None, :] + rows * np.arange(s)[:, None]).ravel().astype(np.int32)
        )
        lp.a_matrix_.value_ = np.tile(np.r_[-np.ones(len(phi_rows)), block.ravel()], s)
        return lp

    def solve(
        self, x_o: np.ndarray, y_o: np.ndarray, own: np.ndarray, *, exclude_self: bool
    ) -> list[Solution]:
        """Solve for up to ``slots`` departments at once.

        x_o, y_o: their inputs and outputs (one row each); own: their column here, or -1.
        ``exclude_self`` bars a department from its own column (super-efficiency).
        """
        n = len(x_o)
        if n > self.slots:
            raise ValueError("more departments than slots")
        self._point(x_o, y_o)
        present = own >= 0
        if present.any():
            cols = (np.flatnonzero(present) * self.width + 1 + own[present]).astype(np.int32)
            zeros = np.zeros(len(cols))
            self.h.changeColsBounds(
                len(cols), cols, zeros, np.full(len(cols), 0.0 if exclude_self else INF)
            )
            state = _run(self.h)
            self.h.changeColsBounds(len(cols), cols, zeros, self.upper[own[present]].astype(float))
        else:
            state = _run(self.h)
        if state != highspy.HighsModelStatus.kOptimal:
            return self._one_by_one(x_o, y_o, own, exclude_self, state)
        values = np.asarray(self.h.getSolution().col_value).reshape(self.slots, self.width)[:n]
        if self.packing:
            return [_theta(float(v[1:].sum()), v[1:]) for v in values]
        return [_theta(v[0], v[1:]) for v in values]

    def _point(self, x_o: np.ndarray, y_o: np.ndarray) -> None:
        """Inputs into the row bounds (unused slots get 1s), outputs into the phi column."""
        n = len(x_o)
        upper = np.ones((self.slots, self.k))
        upper[:n] = x_o
        self.h.changeRowsBounds(  # type: ignore[attr-defined]  # missing from highspy's stubs
            len(self._in_rows), self._in_rows, self._in_lower, upper.ravel()
        )
        if self.packing:
            return
        changed = self._phi_coef[:n] != y_o
        if not changed.any():
            return
        for s, r in zip(*np.nonzero(changed), strict=True):
            self.h.changeCoeff(
                int(s * self.rows + self.k + r), int(s * self.width), -float(y_o[s, r])
            )
            self._phi_coef[s, r] = y_o[s, r]

    def _one_by_one(
        self,
        x_o: np.ndarray,
        y_o: np.ndarray,
        own: np.ndarray,
        exclude_self: bool,
        state: highspy.HighsModelStatus,
    ) -> list[Solution]:
        """Fallback when a batch is not solved to optimality."""
        if self.slots == 1:
            return [(0.0, np.zeros(self.m), f"error: {self.h.modelStatusToString(state)}")]
        if self._single is None:
            self._single = EnvelopmentLp(
                self.x,
                self.y,
                self.upper,
                vrs=self.vrs,
                slots=1,
                packing=self.packing,
                dantzig=self.dantzig,
            )
        out: list[Solution] = []
        for i in range(len(x_o)):
            out += self._single.solve(
                x_o[i : i + 1], y_o[i : i + 1], own[i : i + 1], exclude_self=exclude_self
            )
        return out


def _theta(phi: float, m: np.ndarray) -> Solution:
    if phi <= PHI_ZERO:
        return float("inf"), np.zeros(len(m)), "infeasible"
    return 1.0 / phi, m / phi, "optimal"


def _new_highs() -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    if _state["threads_ok"]:
        h.setOptionValue("threads", 1)
    return h


def _run(h: highspy.Highs) -> highspy.HighsModelStatus:
    h.run()
    state = h.getModelStatus()
    if state == highspy.HighsModelStatus.kNotset and _state["threads_ok"]:
        # HiGHS's process-wide scheduler was already started with another thread count, and
        # then refuses threads=1; fall back to its default for the rest of the process.
        _state["threads_ok"] = False
        h.setOptionValue("threads", 0)
        h.run()
        state = h.getModelStatus()
    return state
