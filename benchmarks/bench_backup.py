"""Backup and restore of the national demo: time and archive size.

Loads ``styringsdialog demo-data`` (national scale) once into a temporary SQLite database, then
times ``styringsdialog backup`` of it and ``styringsdialog restore`` of that archive into a second,
empty SQLite database (migrated beforehand, so only the restore is timed); and, when PostgreSQL
answers, restore into and backup from the database ``bench_backup`` (dropped and created afresh
before each restore). Every command runs in a subprocess through the real CLI. Prints the median
of ``BENCH_RUNS`` (default 3) runs of each step.

    .venv/bin/python benchmarks/bench_backup.py
"""

from __future__ import annotations

import os
import shutil
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
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "bench_backup"


def cli(env: dict[str, str], *args: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [str(BIN / "styringsdialog"), *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - t0


def installation(tmp: Path, name: str, database_url: str) -> dict[str, str]:
    (tmp / name).mkdir(exist_ok=True)
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "STYRINGSDIALOG_VAR_DIR": str(tmp / name),
        "STYRINGSDIALOG_MEDIA_ROOT": str(tmp / name / "media"),
    }


def pg_reachable() -> bool:
    probe = subprocess.run(
        [sys.executable, "-m", "styringsdialog.web.pgcheck", f"{PG_SERVER}/postgres"],
        capture_output=True,
    )
    return probe.returncode == 0


def new_pg_database() -> str:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres".replace("postgres://", "postgresql://")) as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_NAME}"')
    return f"{PG_SERVER}/{PG_NAME}"


def report(label: str, times: list[float], extra: str = "") -> None:
    print(
        f"{label}: median {statistics.median(times):.1f} s over {len(times)} runs "
        f"{[round(t, 1) for t in times]}{extra}"
    )


def main() -> None:
    print(f"Machine: {machine_notes()}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        src = installation(tmp, "source", f"sqlite:///{tmp}/source.sqlite3")
        cli(src, "migrate", "-v", "0")
        load = cli(src, "demo-data", "-v", "0")
        print(f"(demo-data national loaded in {load:.1f} s, not part of the figures)")

        archive = tmp / "national.zip"
        backups = []
        for _ in range(RUNS):
            archive.unlink(missing_ok=True)
            backups.append(cli(src, "backup", "-v", "0", str(archive)))
        size = archive.stat().st_size / (1024 * 1024)
        report("backup (SQLite, national demo)", backups, f"; archive {size:.1f} MB")

        template = tmp / "empty.sqlite3"
        cli(installation(tmp, "template", f"sqlite:///{template}"), "migrate", "-v", "0")
        restores = []
        for i in range(RUNS):
            target = tmp / f"restore-{i}.sqlite3"
            shutil.copy(template, target)
            dst = installation(tmp, f"restore-{i}", f"sqlite:///{target}")
            restores.append(cli(dst, "restore", "-v", "0", str(archive)))
        report("restore SQLite → SQLite (incl. checksums and search index)", restores)

        if not pg_reachable():
            print(f"PostgreSQL at {PG_SERVER} is not reachable: PostgreSQL figures skipped.")
            return
        pg_restores, pg_env = [], src
        for _ in range(RUNS):
            pg_env = installation(tmp, f"pg-{len(pg_restores)}", new_pg_database())
            cli(pg_env, "migrate", "-v", "0")
            pg_restores.append(cli(pg_env, "restore", "-v", "0", str(archive)))
        report("restore SQLite → PostgreSQL (incl. sequences and search index)", pg_restores)
        pg_archive = tmp / "national-pg.zip"
        pg_backups = []
        for _ in range(RUNS):
            pg_archive.unlink(missing_ok=True)
            pg_backups.append(cli(pg_env, "backup", "-v", "0", str(pg_archive)))
        size = pg_archive.stat().st_size / (1024 * 1024)
        report("backup (PostgreSQL, national demo)", pg_backups, f"; archive {size:.1f} MB")


if __name__ == "__main__":
    main()
