"""National demo data: generation plus loading into a fresh SQLite database (target < 90 s).

Each run migrates an empty SQLite file and runs ``styringsdialog demo-data`` in a subprocess,
so every run pays the full cost a newcomer pays in ``make run``. Prints the median of 3 runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import machine_notes

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
BIN = Path(sys.executable).parent


def one_run() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "STYRINGSDIALOG_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        }
        subprocess.run([BIN / "styringsdialog", "migrate", "-v", "0"], env=env, check=True)
        t0 = time.perf_counter()
        subprocess.run(
            [BIN / "styringsdialog", "demo-data", "-v", "0"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - t0


def main() -> None:
    print(f"Machine: {machine_notes()}")
    times = [one_run() for _ in range(RUNS)]
    print(
        f"demo-data national (generate + load into SQLite, incl. extensions): median {statistics.median(times):.1f} s "
        f"over {RUNS} runs {[round(t, 1) for t in times]} (target < 90 s)"
    )


if __name__ == "__main__":
    main()
