"""The best-practice rule of the Effektiviseringsenheden as an input-oriented FDH score.

For department i with cost per unit c[i, k] on the 7 account groups and peers j in its group:

    theta(i, j) = max_k c[j, k] / c[i, k]        (< 1 iff j is cheaper on *every* account)
    E(i)        = min(1, min_{j != i} theta(i, j))

effektivitetstal = round-half-up(100 E); potential_pct = 100 (1 - E);
potential_kr = (1 - E) × the department's total cost on the 7 groups (DOMAIN.md §3.2, [I]).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from almen.efficiency.accounts import ACCOUNT_GROUPS
from almen.efficiency.data import DepartmentCosts
from almen.efficiency.params import Parameters
from almen.efficiency.peers import PeerGroups, peer_groups


@dataclass(frozen=True, slots=True)
class FdhResult:
    """Per-row FDH result, aligned with the input rows.

    Excluded rows (``included`` False) carry ``exclusion`` (a reason code) and neutral values:
    score 0.0, effektivitetstal 0, potentials 0, best_peer -1, best_peer_id None,
    binding_account -1, zero gaps. No field is ever NaN.

    score: E in (0, 1]. effektivitetstal: round-half-up of 100 E. potential_pct: 100 (1 - E). potential_kr: (1 - E) × total cost (input unit).
    best_peer / best_peer_id: row index / id of best practice (the row itself when E = 1); ties
        go to the peer with the lowest total cost per unit, then the lowest row index.
    binding_account / binding_account_code: index / code of the account on which best practice
        is *least* cheaper (it sets E); -1 / "" when E = 1.
    own_unit_cost, peer_unit_cost: n × 7 cost per unit of the row and of its best practice.
    peer_cheaper_pct: n × 7, 100 (1 - peer/own) per account; its minimum equals potential_pct.
    peer_group / group_size: label of the row's group and the number of peers used (after
        trimming, including the row itself when it is a peer).
    widened / widening_reason: the peer-group widening flag and its Danish reason.
    trimmed: the row is scored but not used as a peer (trimming).
    """

    ids: np.ndarray
    params: Parameters
    accounts: tuple[str, ...]
    score: np.ndarray
    effektivitetstal: np.ndarray
    potential_pct: np.ndarray
    potential_kr: np.ndarray
    best_peer: np.ndarray
    best_peer_id: np.ndarray
    binding_account: np.ndarray
    binding_account_code: np.ndarray
    own_unit_cost: np.ndarray
    peer_unit_cost: np.ndarray
    peer_cheaper_pct: np.ndarray
    peer_group: np.ndarray
    group_size: np.ndarray
    widened: np.ndarray
    widening_reason: np.ndarray
    trimmed: np.ndarray
    included: np.ndarray
    exclusion: np.ndarray
    exclusion_accounts: np.ndarray
    group_descriptions: dict[str, str]

    def __len__(self) -> int:
        return len(self.ids)

    def record(self, i: int) -> dict[str, Any]:
        """Row ``i`` as plain Python values (for storage or JSON)."""
        return {
            "id": self.ids[i],
            "included": bool(self.included[i]),
            "exclusion": str(self.exclusion[i]),
            "exclusion_accounts": str(self.exclusion_accounts[i]),
            "score": float(self.score[i]),
            "effektivitetstal": int(self.effektivitetstal[i]),
            "potential_pct": float(self.potential_pct[i]),
            "potential_kr": float(self.potential_kr[i]),
            "best_peer_id": self.best_peer_id[i],
            "binding_account": str(self.binding_account_code[i]),
            "own_unit_cost": dict(zip(self.accounts, self.own_unit_cost[i].tolist(), strict=True)),
            "peer_unit_cost": dict(
                zip(self.accounts, self.peer_unit_cost[i].tolist(), strict=True)
            ),
            "peer_cheaper_pct": dict(
                zip(self.accounts, self.peer_cheaper_pct[i].tolist(), strict=True)
            ),
            "peer_group": str(self.peer_group[i]),
            "group_size": int(self.group_size[i]),
            "widened": bool(self.widened[i]),
            "widening_reason": str(self.widening_reason[i]),
            "trimmed": bool(self.trimmed[i]),
        }


def fdh_kernel(
    x_eval: np.ndarray,
    x_peer: np.ndarray,
    self_pos: np.ndarray,
    *,
    y_eval: np.ndarray | None = None,
    y_peer: np.ndarray | None = None,
    chunk_bytes: int = 32 * 2**20,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised FDH: for each evaluated row r, min over admissible peers p of
    max_k x_peer[p, k] / x_eval[r, k], and the first peer position attaining it.

    A peer is admissible unless it is the row itself (``self_pos[r]``, -1 if not a peer) or,
    when outputs are given, produces less than the row on some output. Rows without an
    admissible peer get (inf, -1). Works in blocks of rows of about ``chunk_bytes``.
    """
    n_e, n_p = len(x_eval), len(x_peer)
    best = np.full(n_e, np.inf)
    arg = np.full(n_e, -1, dtype=np.intp)
    if n_p == 0 or n_e == 0:
        return best, arg
    peer_cols = np.ascontiguousarray(x_peer.T)
    block = max(1, chunk_bytes // (16 * n_p))
    for start in range(0, n_e, block):
        stop = min(n_e, start + block)
        theta = _theta_block(x_eval[start:stop], peer_cols)
        if y_eval is not None and y_peer is not None:
            for r in range(y_eval.shape[1]):
                theta[y_peer[None, :, r] < y_eval[start:stop, r, None]] = np.inf
        pos = self_pos[start:stop]
        own = np.flatnonzero(pos >= 0)
        theta[own, pos[own]] = np.inf
        a = theta.argmin(axis=1)
        arg[start:stop] = a
        best[start:stop] = theta[np.arange(stop - start), a]
    arg[~np.isfinite(best)] = -1
    return best, arg


def _theta_block(x_eval: np.ndarray, peer_cols: np.ndarray) -> np.ndarray:
    """m × n_p matrix of max_k peer[k] / eval[k]; divides (not multiplies by reciprocals) so
    the values equal the pure-Python reference bit for bit."""
    theta = np.divide(peer_cols[0][None, :], x_eval[:, 0, None])
    buf = np.empty_like(theta)
    for k in range(1, peer_cols.shape[0]):
        np.divide(peer_cols[k][None, :], x_eval[:, k, None], out=buf)
        np.maximum(theta, buf, out=theta)
    return theta


def dominating_min(
    x_eval: np.ndarray, x_peer: np.ndarray, *, chunk_bytes: int = 32 * 2**20
) -> tuple[np.ndarray, np.ndarray]:
    """Like ``fdh_kernel`` but exact only where the result is < 1, about twice as fast.

    ``x_peer`` must be ordered by increasing row total. theta(i, j) < 1 needs j cheaper on every
    account, hence cheaper in total, so each block of evaluated rows (taken in increasing
    total) only scans the prefix of peers not dearer in total than its dearest row. Where no
    scanned peer gives theta < 1 the result is >= 1 (possibly inf) and the position arbitrary;
    callers treat that as "on the frontier". The row itself may be among the peers (theta 1).
    """
    n_e, n_p = len(x_eval), len(x_peer)
    best = np.full(n_e, np.inf)
    arg = np.full(n_e, -1, dtype=np.intp)
    peer_total = x_peer.sum(axis=1)
    eval_total = x_eval.sum(axis=1)
    order = np.argsort(eval_total, kind="stable")
    peer_cols = np.ascontiguousarray(x_peer.T)
    block = int(np.clip(chunk_bytes // (16 * max(n_p, 1)), 1, 256))
    for start in range(0, n_e, block):
        rows = order[start : start + block]
        width = int(np.searchsorted(peer_total, eval_total[rows[-1]], side="right"))
        if width == 0:
            continue
        theta = _theta_block(x_eval[rows], peer_cols[:, :width])
        a = theta.argmin(axis=1)
        arg[rows] = a
        best[rows] = theta[np.arange(len(rows)), a]
    return best, arg


def fdh(
    data: DepartmentCosts, params: Parameters | None = None, *, groups: PeerGroups | None = None
) -> FdhResult:
    """Score every row with the best-practice (FDH) rule within its peer group.

    ``groups`` may be passed to reuse a ``peer_groups`` result computed with the same params.
    """
    params = params or Parameters()
    pg = groups if groups is not None else peer_groups(data, params)
    m = np.full(len(data), np.inf)
    best = np.full(len(data), -1, dtype=np.intp)
    for g in pg.groups:
        theta, arg = dominating_min(
            pg.unit_costs[g.evaluated], pg.unit_costs[g.peers], chunk_bytes=params.chunk_bytes
        )
        m[g.evaluated] = theta
        best[g.evaluated] = np.where(arg >= 0, g.peers[np.maximum(arg, 0)], -1)
    return build_result(data, params, pg, m, best)


def self_positions(evaluated: np.ndarray, peers: np.ndarray, n: int) -> np.ndarray:
    """Position of each evaluated row in ``peers`` (-1 when it is not a peer); n = row count."""
    position = np.full(n, -1, dtype=np.intp)
    position[peers] = np.arange(len(peers))
    return position[evaluated]


def fdh_reference(data: DepartmentCosts, params: Parameters | None = None) -> FdhResult:
    """Brute-force pure-Python FDH (one loop per department and peer) on the same peer groups.

    For tests and the benchmark only; same contract and tie-break as ``fdh``.
    """
    params = params or Parameters()
    pg = peer_groups(data, params)
    uc = pg.unit_costs.tolist()
    m = [float("inf")] * len(data)
    best = [-1] * len(data)
    for g in pg.groups:
        peers = g.peers.tolist()
        for i in g.evaluated.tolist():
            for j in peers:
                if j == i:
                    continue
                theta = max(cj / ci for cj, ci in zip(uc[j], uc[i], strict=True))
                if theta < m[i]:
                    m[i], best[i] = theta, j
    return build_result(data, params, pg, np.array(m), np.array(best, dtype=np.intp))


def build_result(
    data: DepartmentCosts,
    params: Parameters,
    pg: PeerGroups,
    theta_min: np.ndarray,
    best: np.ndarray,
) -> FdhResult:
    """Derive every reported field from ``theta_min`` (min theta over peers; any value >= 1
    means "on the frontier") and the row index ``best`` attaining it."""
    inc = pg.exclusion.included
    score = np.where(inc, np.minimum(1.0, theta_min), 0.0)
    best_peer, binding, ratio = _best_practice(pg, inc, theta_min, best)
    uc = pg.unit_costs
    total = np.where(inc, np.nansum(np.where(inc[:, None], data.costs, 0.0), axis=1), 0.0)
    return FdhResult(
        ids=data.ids,
        params=params,
        accounts=ACCOUNT_GROUPS,
        score=score,
        effektivitetstal=np.where(inc, np.floor(100.0 * score + 0.5 + 1e-9), 0).astype(int),
        potential_pct=np.where(inc, 100.0 * (1.0 - score), 0.0),
        potential_kr=np.where(inc, (1.0 - score) * total, 0.0),
        best_peer=best_peer,
        best_peer_id=np.array(
            [data.ids[b] if b >= 0 else None for b in best_peer.tolist()], dtype=object
        ),
        binding_account=binding,
        binding_account_code=np.where(
            binding >= 0, np.asarray(ACCOUNT_GROUPS, dtype=object)[binding], ""
        ),
        own_unit_cost=np.where(inc[:, None], uc, 0.0),
        peer_unit_cost=np.where(inc[:, None], uc[np.maximum(best_peer, 0)], 0.0),
        peer_cheaper_pct=np.where(inc[:, None], 100.0 * (1.0 - ratio), 0.0),
        peer_group=pg.labels,
        group_size=_group_sizes(pg, len(data)),
        widened=pg.widened,
        widening_reason=pg.widening_reason,
        trimmed=pg.trimmed,
        included=inc,
        exclusion=pg.exclusion.reason,
        exclusion_accounts=pg.exclusion.accounts,
        group_descriptions=pg.descriptions,
    )


def _best_practice(
    pg: PeerGroups, inc: np.ndarray, theta_min: np.ndarray, best: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best-practice row (the row itself on the frontier, -1 if excluded), binding account
    (-1 on the frontier or excluded) and the n × 7 ratio peer / own cost per unit."""
    frontier = inc & (theta_min >= 1.0)
    best_peer = np.where(frontier, np.arange(len(inc)), np.where(inc, best, -1))
    uc = pg.unit_costs
    ratio = np.where(inc[:, None], uc[np.maximum(best_peer, 0)] / uc, 1.0)
    binding = np.where(inc & ~frontier, ratio.argmax(axis=1), -1)
    return best_peer, binding, ratio


def _group_sizes(pg: PeerGroups, n: int) -> np.ndarray:
    """Number of peers used for each row (0 when excluded)."""
    size = np.zeros(n, dtype=np.intp)
    for g in pg.groups:
        size[g.evaluated] = len(g.peers)
    return size
