"""Many small LPs of the same shape solved in lockstep: a batched revised simplex in numpy.

Every LP l is  max c^T v  s.t.  A_l v <= b_l,  v >= 0,  with b_l >= 0, so the slack basis is
feasible and no phase one is needed. The LPs share the matrix up to a rank-one term:
A_l = A0 + u_l s^T (u_l a vector per LP, s a 0/1 mask of the columns it shifts), and each LP
may use only its ``allowed`` columns. That covers every DEA envelopment LP of one peer group
(``almen.efficiency.frontier``): the department's inputs are b_l, its outputs are u_l.

Why: a HiGHS run costs 50–150 µs for an LP of 8–9 rows however warm its start, while one
simplex iteration of a few hundred such LPs together is a handful of numpy operations.

Each LP keeps its own basis inverse (m × m, m = rows). Pricing is Dantzig's (largest reduced
cost); after ``BLAND_AFTER`` iterations an LP switches to Bland's rule, which cannot cycle.
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


@dataclass(frozen=True, slots=True)
class BatchSolution:
    """Per LP: the value of every structural variable (L × N), the objective, and whether
    the optimum is certified (if not, the other fields of that LP mean nothing)."""

    v: np.ndarray
    objective: np.ndarray
    certified: np.ndarray
    iterations: int


def solve_batch(
    a0: np.ndarray,
    c: np.ndarray,
    b: np.ndarray,
    allowed: np.ndarray,
    u: np.ndarray | None = None,
    s: np.ndarray | None = None,
) -> BatchSolution:
    """Solve the L LPs  max c^T v, (A0 + u_l s^T) v <= b_l, v >= 0, v_j = 0 unless allowed.

    a0: m × N; c: N; b: L × m (>= 0); allowed: L × N booleans; u: L × m; s: N (0/1).
    """
    m, n = a0.shape
    big = len(b)
    b = np.asarray(b, dtype=float)
    if u is None or s is None:
        u, s = np.zeros((big, m)), np.zeros(n)
    shifted = bool(s.any())
    cfull = np.r_[c, np.zeros(m)]
    a0t = np.ascontiguousarray(a0.T)
    eye = np.eye(m)
    # state of the active LPs
    act = np.arange(big)
    basis = np.tile(np.arange(n, n + m), (big, 1))
    binv = np.tile(eye, (big, 1, 1))
    xb = b.copy()
    ub, al = u, allowed
    done = np.zeros(big, dtype=bool)
    failed = np.zeros(big, dtype=bool)
    f_basis, f_binv = basis.copy(), binv.copy()
    it = 0
    bland = False
    rows = np.arange(big)
    while len(act):
        if it >= MAX_ITER:
            failed[act] = True
            break
        it += 1
        if it > BLAND_AFTER:
            bland = True
        la = len(act)
        r = rows[:la]
        pi = np.einsum("li,lij->lj", cfull[basis], binv)
        d = c - pi @ a0
        if shifted:
            d -= np.einsum("li,li->l", pi, ub)[:, None] * s
        d = np.where(al, d, -np.inf)
        struct = basis < n
        if struct.any():
            li, pi_ = np.nonzero(struct)
            d[li, basis[li, pi_]] = -np.inf
        full = np.concatenate([d, -pi], axis=1)
        if bland:
            pos = full > DUAL_TOL
            q = np.argmax(pos, axis=1)
            best = pos[r, q]
        else:
            q = np.argmax(full, axis=1)
            best = full[r, q] > DUAL_TOL
        fin = ~best
        if fin.any():  # optimal (to be certified): store and drop
            idx = act[fin]
            f_basis[idx], f_binv[idx] = basis[fin], binv[fin]
            done[idx] = True
            keep = best
            act, basis, binv, xb, ub, al, q = (
                act[keep], basis[keep], binv[keep], xb[keep], ub[keep], al[keep], q[keep]
            )
            la = len(act)
            if not la:
                break
            r = rows[:la]
        is_struct = q < n
        aq = np.where(
            is_struct[:, None],
            a0t[np.minimum(q, n - 1)] + (s[np.minimum(q, n - 1)][:, None] * ub if shifted else 0.0),
            eye[np.maximum(q - n, 0)],
        )
        alpha = np.einsum("lij,lj->li", binv, aq)
        ok = alpha > PIVOT_TOL
        ratio = np.where(ok, np.maximum(xb, 0.0) / np.where(ok, alpha, 1.0), np.inf)
        rmin = ratio.min(axis=1)
        unbounded = ~np.isfinite(rmin)
        if bland:  # smallest basic index among the ties
            tie = ratio <= rmin[:, None] + 1e-12
            p = np.argmin(np.where(tie, basis, np.iinfo(basis.dtype).max), axis=1)
        else:  # largest pivot among the (near) ties
            tie = ratio <= rmin[:, None] * (1 + 1e-9) + 1e-12
            p = np.argmax(np.where(tie, alpha, -np.inf), axis=1)
        if unbounded.any():
            failed[act[unbounded]] = True
            keep = ~unbounded
            act, basis, binv, xb, ub, al, q, alpha, p = (
                act[keep], basis[keep], binv[keep], xb[keep], ub[keep], al[keep], q[keep],
                alpha[keep], p[keep],
            )
            la = len(act)
            if not la:
                break
            r = rows[:la]
        piv = alpha[r, p]
        step = np.maximum(xb[r, p], 0.0) / piv
        xb = np.maximum(xb - step[:, None] * alpha, 0.0)
        xb[r, p] = step
        prow = binv[r, p] / piv[:, None]
        binv -= alpha[:, :, None] * prow[:, None, :]
        binv[r, p] = prow
        basis[r, p] = q
    return _certify(a0, c, b, allowed, u, s, f_basis, f_binv, done & ~failed, it)


def _certify(
    a0: np.ndarray,
    c: np.ndarray,
    b: np.ndarray,
    allowed: np.ndarray,
    u: np.ndarray,
    s: np.ndarray,
    basis: np.ndarray,
    binv: np.ndarray,
    done: np.ndarray,
    iterations: int,
) -> BatchSolution:
    """Refine the final bases against the data and check optimality (module docstring)."""
    m, n = a0.shape
    big = len(b)
    v = np.zeros((big, n))
    objective = np.zeros(big)
    certified = np.zeros(big, dtype=bool)
    idx = np.flatnonzero(done)
    if not len(idx):
        return BatchSolution(v, objective, certified, iterations)
    basis, binv, b_, u_ = basis[idx], binv[idx], b[idx], u[idx]
    cfull = np.r_[c, np.zeros(m)]
    struct = basis < n
    safe = np.minimum(basis, n - 1)
    cols = np.where(  # basis matrices, column by column: (L, m rows, m basic columns)
        struct[:, None, :],
        a0[:, safe].transpose(1, 0, 2) + u_[:, :, None] * s[safe][:, None, :],
        np.eye(m)[:, np.maximum(basis - n, 0)].transpose(1, 0, 2),
    )
    xb = np.einsum("lij,lj->li", binv, b_)
    xb += np.einsum("lij,lj->li", binv, b_ - np.einsum("lij,lj->li", cols, xb))
    cb = cfull[basis]
    pi = np.einsum("li,lij->lj", cb, binv)
    pi += np.einsum("li,lij->lj", cb - np.einsum("li,lij->lj", pi, cols), binv)
    residual = np.abs(np.einsum("lij,lj->li", cols, xb) - b_).max(axis=1)
    d = c - pi @ a0 - np.einsum("li,li->l", pi, u_)[:, None] * s
    d = np.where(allowed[idx], d, -np.inf)
    primal = np.einsum("li,li->l", cb, xb)
    dual = np.einsum("li,li->l", pi, b_)
    scale = 1.0 + np.abs(primal)
    good = (
        (xb >= -PRIMAL_TOL).all(axis=1)
        & (d <= DUAL_TOL).all(axis=1)
        & (pi >= -DUAL_TOL).all(axis=1)
        & (residual <= PRIMAL_TOL * (1.0 + np.abs(b_).max(axis=1)))
        & (np.abs(primal - dual) <= 1e-9 * scale)
    )
    # basic structural values (clipped at 0: tiny negatives within PRIMAL_TOL)
    vals = np.where(struct, np.maximum(xb, 0.0), 0.0)
    sub = np.zeros((len(idx), n + 1))
    np.put_along_axis(sub, np.where(struct, basis, n), vals, axis=1)
    v[idx] = sub[:, :n]
    objective[idx] = primal
    certified[idx] = good
    return BatchSolution(v, objective, certified, iterations)
