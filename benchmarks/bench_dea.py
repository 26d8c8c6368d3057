"""DEA before and after, interleaved in one process, against R Benchmarking's figures.

Run:  .venv/bin/python benchmarks/bench_dea.py [--departments 7500] [--runs 7]

Data: ``synthetic_costs(7500, 1, seed=1)`` (the national shape of ``bench_efficiency.py``),
peer groups computed once. Per run and model, in rotating order: "two-phase" (the first
HiGHS path, ``method="two-phase"``), "before" (the previous default, ``method="sorted"``: HiGHS
with sorted warm starts), "after" (the default, ``method="simplex"``: the lockstep numpy
simplex, one process) and "after, 2 workers" (``workers=2``: the peer groups split between this
process and one fork). CPU time is this process's plus its children's (``getrusage``), so the
forked worker is counted. Medians of ``--runs``; the scores of every variant are compared with
"before" (max |difference|), and so are the peer sets (how many rows differ) and the lambdas.
R Benchmarking 0.33's CPU seconds (measured on 7,555 departments, issue 17) exist for the two
VRS models; R runs on one core, so its CPU time is its wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from typing import Any

import numpy as np

from almen.efficiency import Parameters, dea, peer_groups
from almen.efficiency.synthetic import synthetic_costs

MODELS = [("unit-cost", "crs"), ("unit-cost", "vrs"), ("size", "crs"), ("size", "vrs")]
VARIANTS: dict[str, dict[str, Any]] = {
    "two-phase": {"method": "two-phase"},
    "before": {"method": "sorted"},
    "after": {},
    "after, 2 workers": {"workers": 2},
}
R_CPU = {("unit-cost", "vrs"): 2.1, ("size", "vrs"): 1.29}


def cpu() -> float:
    """CPU seconds of this process and its waited-for children (µs resolution)."""
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + child.ru_utime + child.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=7_500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    params = Parameters()
    data = synthetic_costs(args.departments, 1, seed=1)
    groups = peer_groups(data, params)
    print(f"{len(data)} departments, {len(groups.groups)} peer groups, {args.runs} runs")
    start = os.getloadavg()
    print(f"load average at start: {start[0]:.2f} {start[1]:.2f} {start[2]:.2f}")
    times: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    worst: dict[tuple[str, str, str], float] = {}
    peers_differ: dict[tuple[str, str, str], int] = {}
    worst_lambda: dict[tuple[str, str, str], float] = {}
    names = list(VARIANTS)
    for run in range(args.runs):
        for m, (model, returns) in enumerate(MODELS):
            scores: dict[str, np.ndarray] = {}
            results: dict[str, Any] = {}
            turn = (run + m) % len(names)
            for name in names[turn:] + names[:turn]:
                c, w = cpu(), time.perf_counter()
                res = dea(
                    data, params, returns=returns, model=model, groups=groups, **VARIANTS[name]
                )  # type: ignore[arg-type]
                times.setdefault((model, returns, name), []).append(
                    (time.perf_counter() - w, cpu() - c)
                )
                scores[name] = res.score
                results[name] = res
            for name in names:
                key = (model, returns, name)
                diff = float(np.abs(scores[name] - scores["before"]).max())
                worst[key] = max(worst.get(key, 0.0), diff)
                a, b = results[name], results["before"]
                same = [p == q for p, q in zip(a.peers, b.peers, strict=True)]
                peers_differ[key] = max(peers_differ.get(key, 0), same.count(False))
                lam = max(
                    (
                        float(np.abs(u - v).max(initial=0.0))
                        for u, v, s in zip(a.lambdas, b.lambdas, same, strict=True)
                        if s
                    ),
                    default=0.0,
                )
                worst_lambda[key] = max(worst_lambda.get(key, 0.0), lam)
    end = os.getloadavg()
    print(f"load average at end: {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}\n")
    print(
        f"{'model':<16} {'variant':<17} {'wall s':>7} {'CPU s':>7} {'× before (CPU)':>15}"
        f" {'R CPU s':>8} {'R / wall':>8} {'R / CPU':>8} {'max |Δscore|':>12}"
        f" {'peers ≠':>7} {'max |Δλ|':>9}"
    )
    for model, returns in MODELS:
        base = statistics.median(c for _, c in times[(model, returns, "before")])
        for name in names:
            runs = times[(model, returns, name)]
            wall = statistics.median(w for w, _ in runs)
            cpu_s = statistics.median(c for _, c in runs)
            r = R_CPU.get((model, returns))
            r_cols = (
                f"{r:8.2f} {r / wall:8.1f} {r / cpu_s:8.1f}" if r else f"{'–':>8} {'':>8} {'':>8}"
            )
            print(
                f"{model + ' ' + returns.upper():<16} {name:<17} {wall:7.3f} {cpu_s:7.3f}"
                f" {base / cpu_s:15.2f} {r_cols} {worst[(model, returns, name)]:12.1e}"
                f" {peers_differ[(model, returns, name)]:7d}"
                f" {worst_lambda[(model, returns, name)]:9.1e}"
            )


if __name__ == "__main__":
    main()
