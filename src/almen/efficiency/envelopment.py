"""The input-oriented DEA envelopment LP on a reused HiGHS model, several departments per solve.

Why batches: every ``Highs.run()`` carries a fixed cost (in highspy 1.16 it re-reads the CPU
topology from /sys on each call) that dwarfs the few simplex iterations a warm-started DEA LP
needs. The model therefore holds ``slots`` independent copies of the LP (block-diagonal, one
theta and one lambda set per slot); minimising the sum of the thetas solves every slot at
once. Between solves only the theta column, the output bounds and one lambda bound per slot
change, and HiGHS warm-starts from the previous basis.
"""

from __future__ import annotations

import highspy
import numpy as np

INF = highspy.kHighsInf
_state = {"threads_ok": True}  # False once HiGHS's scheduler was found started with >1 thread


class EnvelopmentLp:
    """``slots`` copies of: min theta s.t. sum_j l_j x_j <= theta x_o, sum_j l_j y_j >= y_o,
    l >= 0 (VRS: sum_j l_j = 1), over the columns ``x`` (m × k), ``y`` (m × r).

    ``upper`` holds each lambda's upper bound (INF for a reference column, 0 for a column that
    may only serve as its own peer).
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, upper: np.ndarray, *, vrs: bool, slots: int):
        self.x, self.y, self.upper, self.vrs = x, y, upper, vrs
        self.m, self.k = x.shape
        self.r = y.shape[1]
        self.rows = self.k + self.r + (1 if vrs else 0)
        self.width = self.m + 1
        self.slots = max(1, slots)
        self.h = _new_highs()
        self.h.passModel(self._lp())
        self._single: EnvelopmentLp | None = None

    def _lp(self) -> highspy.HighsLp:
        k, m, rows, s = self.k, self.m, self.rows, self.slots
        block = np.hstack([self.x, self.y] + ([np.ones((m, 1))] if self.vrs else []))
        nnz = k + m * rows
        starts = (np.r_[0, k + rows * np.arange(m)][None, :] + nnz * np.arange(s)[:, None]).ravel()
        index = (
            np.r_[np.arange(k), np.tile(np.arange(rows), m)][None, :] + rows * np.arange(s)[:, None]
        ).ravel()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = s * self.width, s * rows
        lp.col_cost_ = np.tile(np.r_[1.0, np.zeros(m)], s)
        lp.col_lower_ = np.zeros(s * self.width)
        lp.col_upper_ = np.tile(np.r_[INF, self.upper], s)
        convex = np.ones(1 if self.vrs else 0)
        lp.row_lower_ = np.tile(np.r_[np.full(k, -INF), np.zeros(self.r), convex], s)
        lp.row_upper_ = np.tile(np.r_[np.zeros(k), np.full(self.r, INF), convex], s)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.r_[starts, s * nnz].astype(np.int32)
        lp.a_matrix_.index_ = index.astype(np.int32)
        lp.a_matrix_.value_ = np.tile(np.r_[-np.ones(k), block.ravel()], s)
        return lp

    def solve(
        self, x_o: np.ndarray, y_o: np.ndarray, own: np.ndarray, *, exclude_self: bool
    ) -> list[tuple[float, np.ndarray, str]]:
        """Solve for up to ``slots`` departments at once.

        x_o, y_o: their inputs and outputs (one row each); own: their column in this LP or -1.
        ``exclude_self`` bars a department from its own column (super-efficiency).
        Returns (theta, lambdas over the m columns, status) per department.
        """
        n = len(x_o)
        if n > self.slots:
            raise ValueError("more departments than slots")
        self._point(x_o, y_o)
        cols = np.array(
            [s * self.width + 1 + c for s, c in enumerate(own.tolist()) if c >= 0], dtype=np.int32
        )
        own_upper = np.full(len(cols), 0.0 if exclude_self else INF)
        self.h.changeColsBounds(len(cols), cols, np.zeros(len(cols)), own_upper)
        state = _run(self.h)
        self.h.changeColsBounds(
            len(cols), cols, np.zeros(len(cols)), self.upper[own[own >= 0]].astype(float)
        )
        if state != highspy.HighsModelStatus.kOptimal:
            return self._one_by_one(x_o, y_o, own, exclude_self, state)
        values = np.asarray(self.h.getSolution().col_value).reshape(self.slots, self.width)[:n]
        return [(float(v[0]), v[1:], "optimal") for v in values]

    def _point(self, x_o: np.ndarray, y_o: np.ndarray) -> None:
        """Write the departments' inputs (theta column) and outputs (row bounds) into slots;
        unused slots get output bounds 0, which is always feasible."""
        n = len(x_o)
        for s in range(n):
            base, col = s * self.rows, s * self.width
            for k, value in enumerate(x_o[s].tolist()):
                self.h.changeCoeff(base + k, col, -value)
        lower = np.zeros((self.slots, self.r))
        lower[:n] = y_o
        out_rows = (
            np.arange(self.slots)[:, None] * self.rows + self.k + np.arange(self.r)[None, :]
        ).ravel()
        self.h.changeRowsBounds(
            len(out_rows), out_rows.astype(np.int32), lower.ravel(), np.full(len(out_rows), INF)
        )

    def _one_by_one(
        self,
        x_o: np.ndarray,
        y_o: np.ndarray,
        own: np.ndarray,
        exclude_self: bool,
        state: highspy.HighsModelStatus,
    ) -> list[tuple[float, np.ndarray, str]]:
        """Fallback when a batch is not optimal (e.g. one infeasible super-efficiency LP)."""
        if self.slots == 1:
            if state == highspy.HighsModelStatus.kInfeasible:
                return [(float("inf"), np.zeros(self.m), "infeasible")]
            return [(0.0, np.zeros(self.m), f"error: {self.h.modelStatusToString(state)}")]
        if self._single is None:
            self._single = EnvelopmentLp(self.x, self.y, self.upper, vrs=self.vrs, slots=1)
        out = []
        for i in range(len(x_o)):
            out += self._single.solve(
                x_o[i : i + 1], y_o[i : i + 1], own[i : i + 1], exclude_self=exclude_self
            )
        return out


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
