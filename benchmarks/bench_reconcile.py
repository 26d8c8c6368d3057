"""Register reconciliation at national scale: 4 million BBR units against LBF stamdata for the
~7,500 departments of the synthetic national world, plus DST per kommune.

Targets (issue #4): under 30 s and peak memory (RSS) under 2 GiB. Prints the median of
``BENCH_RUNS`` runs (default 3) of ``almen.registers.reconcile`` after one warm-up, the time to
generate the synthetic BBR, and the peak RSS of the process (``resource.getrusage``), which
includes the world, the 4 million units and DuckDB's working memory.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import machine_notes, median_time

from almen import registers as R
from almen import synth
from almen.registers.synthetic import generate_bbr

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
UNITS = int(os.environ.get("BENCH_UNITS", "4000000"))
TIME_LIMIT_S = 30.0
MEMORY_LIMIT_GIB = 2.0


def peak_rss_gib() -> float:
    """Peak resident set size of this process (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024**3 if sys.platform == "darwin" else 1024**2)


def main() -> int:
    print(f"Machine: {machine_notes()}")
    t0 = time.perf_counter()
    world = synth.generate(seed=2021, scale="national")
    t1 = time.perf_counter()
    bbr = generate_bbr(world, total_units=UNITS)
    t2 = time.perf_counter()
    print(
        f"World: {len(world.departments):,} departments ({t1 - t0:.1f} s); synthetic BBR: {len(bbr.units):,} units, "
        f"{bbr.units.nbytes() / 2**20:.0f} MiB as columns ({t2 - t1:.1f} s)"
    )

    result: list[R.ReconciliationResult] = []

    def run() -> None:
        result[:] = [
            R.reconcile(
                units=bbr.units,
                lbf=bbr.lbf,
                lbf_reference_date=bbr.lbf_reference_date,
                dst=bbr.dst,
                dst_reference_date=bbr.dst_reference_date,
            )
        ]

    median, times = median_time(run, runs=RUNS, warmup=1)
    r = result[0]
    departments = {(d.org_number, d.dept_number) for d in r.differences if d.level == "department"}
    peak = peak_rss_gib()
    print(
        f"Reconcile {len(bbr.units):,} units × {len(bbr.lbf):,} departments: median {median:.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in times)}; DuckDB scan {r.stats['scan_seconds']:.2f} s of the last)"
    )
    print(
        f"Result: {len(r.figures):,} figures, {len(r.differences)} difference parts in {len(departments)} departments, "
        f"{int(r.stats['almene_units']):,} almene units counted, {int(r.stats['unmatched_units'])} unmatched"
    )
    print(
        f"Peak RSS: {peak:.2f} GiB (limit {MEMORY_LIMIT_GIB} GiB); time limit {TIME_LIMIT_S:.0f} s"
    )
    ok = median < TIME_LIMIT_S and peak < MEMORY_LIMIT_GIB
    print("OK" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
