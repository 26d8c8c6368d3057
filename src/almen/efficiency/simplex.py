"""Many small LPs of the same shape solved in lockstep: a batched revised simplex in numpy.

Every LP l is  max c^T v  s.t.  A_l v <= b_l,  v >= 0,  with b_l >= 0, so the slack basis is
feasible and no phase one is needed. The LPs share the matrix up to a rank-one term:
A_l = A0 + u_l s^T (u_l a vector per LP, s a 0/1 mask of the columns it shifts), and each LP
may use only its ``allowed`` columns. That covers every DEA envelopment LP of one peer group
(``almen.efficiency.frontier``): the department's inputs are b_l, its outputs are u_l.

Why: a HiGHS run costs 50–150 µs for an LP of 8–9 rows however warm its start, while one
simplex iteration of a few hundred such LPs together is a handful of numpy operations.

``solve_many`` runs the LPs of several such problems (peer groups) with the same number of rows
together. Each LP keeps its own basis inverse (m × m, m = rows). Pricing is Dantzig's (largest
reduced cost); after ``BLAND_AFTER`` lockstep iterations the LPs still running switch to
Bland's rule, which cannot cycle.
An LP is *certified* only if, with the basis inverse refined once against the basis matrix
rebuilt from the data, its basic solution is primal feasible, its duals are dual feasible
(every allowed column's reduced cost <= DUAL_TOL, every dual >= -DUAL_TOL) and the primal and
dual objectives agree. Anything else — an iteration limit, an unbounded ray, a failed
certificate — is reported as not certified, and the caller solves that LP another way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PRIMAL_TOL = 1e-9
DUAL_TOL = 1e-9
PIVOT_TOL = 1e-9
BLAND_AFTER = 60
MAX_ITER = 400
BARRED = 1e30


@dataclass(frozen=True, slots=True)
class BatchSolution:
    """Per LP: the value of every structural variable (L × N), the objective, and whether
    the optimum is certified (if not, the other fields of that LP mean nothing)."""

    v: np.ndarray
    objective: np.ndarray
    certified: np.ndarray
    iterations: int


@dataclass(frozen=True, slots=True)
class Problem:
    """L LPs  max c^T v, (A0 + u_l s^T) v <= b_l, v >= 0, v_j = 0 unless allowed[l, j].

    a0: m × N; c: N; b: L × m (>= 0); allowed: L × N booleans; u: L × m; s: N (0/1).
    """

    a0: np.ndarray
    c: np.ndarray
    b: np.ndarray
    allowed: np.ndarray
    u: np.ndarray
    s: np.ndarray


def problem(
    a0: np.ndarray,
    c: np.ndarray,
    b: np.ndarray,
    allowed: np.ndarray,
    u: np.ndarray | None = None,
    s: np.ndarray | None = None,
) -> Problem:
    """A ``Problem`` with float arrays (u and s default to no shift)."""
    a0 = np.asarray(a0, dtype=float)
    b = np.asarray(b, dtype=float)
    m, n = a0.shape
    if u is None or s is None:
        u, s = np.zeros((len(b), m)), np.zeros(n)
    return Problem(
        a0,
        np.asarray(c, dtype=float),
        b,
        np.asarray(allowed, dtype=bool),
        np.asarray(u, dtype=float),
        np.asarray(s, dtype=float),
    )


def solve_batch(
    a0: np.ndarray,
    c: np.ndarray,
    b: np.ndarray,
    allowed: np.ndarray,
    u: np.ndarray | None = None,
    s: np.ndarray | None = None,
) -> BatchSolution:
    """Solve the LPs of one ``Problem`` (see there)."""
    return solve_many([problem(a0, c, b, allowed, u, s)])[0]


def solve_many(problems: list[Problem]) -> list[BatchSolution]:
    """Solve the LPs of several problems with the same number of rows, all in lockstep.

    Only the pricing (one matrix product per problem and iteration) is done problem by
    problem; everything else runs over all LPs at once.
    """
    problems = [pr for pr in problems]
    if not problems:
        return []
    m = problems[0].a0.shape[0]
    sizes = np.array([len(pr.b) for pr in problems])
    widths = np.array([pr.a0.shape[1] for pr in problems])
    n_groups, total = len(problems), int(sizes.sum())
    if total == 0:
        return [
            BatchSolution(np.zeros((0, pr.a0.shape[1])), np.zeros(0), np.zeros(0, bool), 0)
            for pr in problems
        ]
    gid = np.repeat(np.arange(n_groups), sizes)
    first_lp = np.r_[0, np.cumsum(sizes)]
    col_off = np.r_[0, np.cumsum(widths + m)]
    cols_t = np.zeros((int(col_off[-1]), m))  # column j of [A0 | I] of every problem, as rows
    s_all = np.zeros(len(cols_t))
    c_all = np.zeros(len(cols_t))
    mats = []
    ex_col = np.full(total, -1)
    ex_ok = np.zeros(total, dtype=bool)
    dense: list[np.ndarray | None] = []
    for g, pr in enumerate(problems):
        n, o = widths[g], col_off[g]
        cols_t[o : o + n] = pr.a0.T
        cols_t[o + n : o + n + m] = np.eye(m)
        s_all[o : o + n], c_all[o : o + n] = pr.s, pr.c
        # A column barred for most LPs is barred in the product (cost -BARRED); the LPs
        # that differ from their column's majority are fixed one entry each afterwards,
        # or with a whole penalty row when an LP has more than one such entry.
        column_ok = 2 * pr.allowed.sum(axis=0) > len(pr.b)
        differs = pr.allowed != column_ok
        per_lp = differs.sum(axis=1)
        mat = np.zeros((m + 2, n + m))
        mat[:m, :n] = -pr.a0
        mat[:m, n:] = -np.eye(m)
        mat[m, :n] = np.where(column_ok, pr.c, -BARRED)
        mat[m + 1, :n] = -pr.s
        mats.append(mat)
        if (per_lp > 1).any():
            dense.append(np.where(pr.allowed, 0.0, -BARRED) - np.where(column_ok, 0.0, -BARRED))
        else:
            dense.append(None)
            one = np.flatnonzero(per_lp == 1)
            j = np.argmax(differs[one], axis=1)
            ex_col[first_lp[g] + one] = j
            ex_ok[first_lp[g] + one] = pr.allowed[one, j]
    any_dense = any(pen is not None for pen in dense)
    b_all = np.vstack([pr.b for pr in problems])
    u_all = np.vstack([pr.u for pr in problems])
    shifted = bool(s_all.any())
    width = int((widths + m).max())

    act = np.arange(total)
    gl = gid.copy()
    off = col_off[gid]
    basis = widths[gid][:, None] + np.arange(m)[None, :]  # the slacks (local column indices)
    binv = np.tile(np.eye(m), (total, 1, 1))
    xb = b_all.copy()
    ub = u_all.copy()
    ex, exok = ex_col.copy(), ex_ok.copy()
    pi_aug = np.zeros((total, m + 2))
    pi_aug[:, m] = 1.0
    live = np.ones(total, dtype=bool)
    f_basis, f_binv = basis.copy(), binv.copy()
    finished = np.zeros(total, dtype=bool)
    failed = np.zeros(total, dtype=bool)
    rows = np.arange(total)
    d = np.full((total, width), -BARRED)
    bounds = np.searchsorted(gl, np.arange(n_groups + 1))
    it = 0
    while True:
        la = len(act)
        r = rows[:la]
        cb = c_all[off[:, None] + basis]
        np.einsum("li,lij->lj", cb, binv, out=pi_aug[:, :m])
        if shifted:
            np.einsum("li,li->l", pi_aug[:, :m], ub, out=pi_aug[:, m + 1])
        for g in range(n_groups):
            lo, hi = bounds[g], bounds[g + 1]
            if hi > lo:
                d[lo:hi, : widths[g] + m] = pi_aug[lo:hi] @ mats[g]
                if any_dense and dense[g] is not None:
                    d[lo:hi, : widths[g]] += dense[g][act[lo:hi] - first_lp[g]]  # type: ignore[index]
        e = np.flatnonzero(ex >= 0)
        if len(e):
            j = ex[e]
            jj = off[e] + j
            exact = c_all[jj] - np.einsum("li,li->l", pi_aug[e, :m], cols_t[jj])
            if shifted:
                exact -= pi_aug[e, m + 1] * s_all[jj]
            d[e, j] = np.where(exok[e], exact, -BARRED)
        dv = d[:la]
        if it >= BLAND_AFTER:  # Bland: the first improving column
            improving = dv > DUAL_TOL
            q = np.argmax(improving, axis=1)
            better = improving[r, q]
        else:
            q = np.argmax(dv, axis=1)
            better = dv[r, q] > DUAL_TOL
        better &= live
        stop = live & ~better
        if stop.any():  # optimal, to be certified
            idx = act[stop]
            f_basis[idx], f_binv[idx] = basis[stop], binv[stop]
            finished[idx] = True
            live &= ~stop
        n_live = int(live.sum())
        if n_live == 0:
            break
        if it >= MAX_ITER:
            failed[act[live]] = True
            break
        if n_live < 0.75 * la:  # drop the LPs that are done
            act, gl, off, basis, q, ex = (
                act[live],
                gl[live],
                off[live],
                basis[live],
                q[live],
                ex[live],
            )
            binv, xb, ub, pi_aug, exok = binv[live], xb[live], ub[live], pi_aug[live], exok[live]
            live = np.ones(n_live, dtype=bool)
            la = n_live
            r = rows[:la]
            bounds = np.searchsorted(gl, np.arange(n_groups + 1))
            width = int((widths[gl] + m).max())
            d = np.full((la, width), -BARRED)
        it += 1
        qq = off + q
        aq = cols_t[qq]
        if shifted:
            aq += s_all[qq][:, None] * ub
        alpha = np.einsum("lij,lj->li", binv, aq)
        ok = alpha > PIVOT_TOL
        ok &= live[:, None]
        ratio = np.full((la, m), np.inf)
        np.divide(xb, alpha, out=ratio, where=ok)
        rmin = ratio.min(axis=1)
        unbounded = live & np.isinf(rmin)
        if unbounded.any():
            failed[act[unbounded]] = True
            live &= ~unbounded
        if it > BLAND_AFTER:  # smallest basic index among the ties
            tie = ratio <= rmin[:, None] + 1e-12
            p = np.argmin(np.where(tie, basis, np.iinfo(basis.dtype).max), axis=1)
        else:  # largest pivot among the (near) ties
            tie = ratio <= rmin[:, None] * (1 + 1e-9) + 1e-12
            p = np.argmax(np.where(tie, alpha, 0.0), axis=1)
        piv = np.where(live, alpha[r, p], 1.0)
        alpha *= live[:, None]
        step = xb[r, p] / piv
        xb -= step[:, None] * alpha
        np.maximum(xb, 0.0, out=xb)
        xb[r, p] = step
        prow = binv[r, p] / piv[:, None]
        binv -= alpha[:, :, None] * prow[:, None, :]
        binv[r, p] = prow
        basis[r, p] = np.where(live, q, basis[r, p])
    good = finished & ~failed
    # The certificate (module docstring), for all LPs at once; only the reduced costs are
    # priced problem by problem, against the exact ``allowed`` masks.
    gb = col_off[gid][:, None] + f_basis
    bt = cols_t[gb]  # bt[l, j] = basic column j of LP l
    if shifted:
        bt += s_all[gb][:, :, None] * u_all[:, None, :]
    bm = bt.transpose(0, 2, 1)
    xb = np.einsum("lij,lj->li", f_binv, b_all)
    xb += np.einsum("lij,lj->li", f_binv, b_all - np.einsum("lij,lj->li", bm, xb))
    cb = c_all[gb]
    pi = np.einsum("li,lij->lj", cb, f_binv)
    pi += np.einsum("li,lij->lj", cb - np.einsum("li,lij->lj", pi, bm), f_binv)
    residual = np.abs(np.einsum("lij,lj->li", bm, xb) - b_all).max(axis=1)
    pu = np.einsum("li,li->l", pi, u_all)
    primal = np.einsum("li,li->l", cb, xb)
    dual = np.einsum("li,li->l", pi, b_all)
    good &= (xb >= -PRIMAL_TOL).all(axis=1) & (pi >= -DUAL_TOL).all(axis=1)
    good &= residual <= PRIMAL_TOL * (1.0 + np.abs(b_all).max(axis=1))
    good &= np.abs(primal - dual) <= 1e-9 * (1.0 + np.abs(primal))
    struct = f_basis < widths[gid][:, None]
    vals = np.where(struct, np.maximum(xb, 0.0), 0.0)  # tiny negatives within PRIMAL_TOL
    out = []
    for g, pr in enumerate(problems):
        lo, hi, n = first_lp[g], first_lp[g + 1], widths[g]
        if n:
            d = pr.c - pi[lo:hi] @ pr.a0 - pu[lo:hi, None] * pr.s
            good[lo:hi] &= np.where(pr.allowed, d, -np.inf).max(axis=1) <= DUAL_TOL
        v = np.zeros((hi - lo, n + 1))
        np.put_along_axis(v, np.where(struct[lo:hi], f_basis[lo:hi], n), vals[lo:hi], axis=1)
        ok = good[lo:hi]
        out.append(BatchSolution(v[:, :n] * ok[:, None], primal[lo:hi] * ok, ok, it))
    return out
