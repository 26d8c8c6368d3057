"""Benchmark the efficiency engine at national scale on synthetic data.

Run:  .venv/bin/python benchmarks/bench_efficiency.py [--departments 7500] [--repeat 5]

Data: ``almen.efficiency.synthetic.synthetic_costs`` (seeded numpy; ~7,500 departments, five
regions, four housing types, nine raw accounts pooled to the seven account groups), one year
and five years. Timed: FDH (vectorised), the pure-Python reference loop (one run; ratio),
DEA CRS and VRS (unit-cost and size models). Medians of ``--repeat`` runs (DEA: of 3).
Peak memory: tracemalloc peak of one FDH run, and the process's maximum RSS at the end.
Not a test: numbers depend on the machine and on what else runs on it (see load average).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import highspy
import numpy as np

from almen.efficiency import Parameters, dea, fdh, fdh_reference, peer_groups
from almen.efficiency.synthetic import synthetic_costs


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds) over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def machine_notes() -> list[str]:
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")),
                model,
            )
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return [
        f"CPU: {model}; cores available: {len(os.sched_getaffinity(0))}",
        f"Python {platform.python_version()}, numpy {np.__version__}, highspy {highspy.Highs().version()}",
        f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
    ]


def peak_fdh_bytes(data, params: Parameters) -> int:
    tracemalloc.start()
    fdh(data, params)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=7_500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    params = Parameters()
    for note in machine_notes():
        print(note)
    one, five = (
        synthetic_costs(args.departments, 1, seed=1),
        synthetic_costs(args.departments, 5, seed=1),
    )
    groups = peer_groups(one, params)
    print(
        f"data: {len(one)} departments; {len(groups.groups)} peer groups, {int(groups.widened.sum())} departments widened"
    )
    print(
        f"      five years: {len(five)} rows; {len(peer_groups(five, params).groups)} peer groups\n"
    )
    rows: list[tuple[str, float, float]] = []

    def run(label: str, fn: Callable[[], Any], repeat: int) -> float:
        wall, cpu = timed(fn, repeat)
        rows.append((label, wall, cpu))
        print(f"{label:<44} {wall:8.3f} s wall {cpu:8.3f} s CPU  (median of {repeat})", flush=True)
        return wall

    fdh1 = run("FDH, 1 year (incl. peer groups)", lambda: fdh(one, params), args.repeat)
    run("FDH, 5 years (incl. peer groups)", lambda: fdh(five, params), args.repeat)
    loop = run("FDH pure-Python reference loop, 1 year", lambda: fdh_reference(one, params), 1)
    print(f"{'  → vectorised speed-up':<44} {loop / fdh1:8.0f} ×")
    for model in ("unit-cost", "size"):
        for returns in ("crs", "vrs"):
            label = f"DEA {returns.upper()} {model}, 1 year"
            run(
                label,
                lambda m=model, r=returns: dea(one, params, returns=r, model=m, groups=groups),
                3,
            )
    print(
        f"\npeak traced memory of one FDH run (1 year): {peak_fdh_bytes(one, params) / 2**20:.1f} MiB"
    )
    print(
        f"peak traced memory of one FDH run (5 years): {peak_fdh_bytes(five, params) / 2**20:.1f} MiB"
    )
    print(
        f"max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    load = os.getloadavg()
    print(f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
