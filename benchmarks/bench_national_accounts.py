"""Accounts for 7,500 departments × 60 lines (450,000 lines) through the real import
(issue 11 target: < 60 s, < 1 GB peak RSS).

A package belongs to one organisation, and department numbers have three digits, so one package
holds at most 999 departments. The national volume is therefore measured three ways, each in a
fresh Python process (peak RSS = ``VmHWM``) against a throwaway SQLite database migrated once in
a temporary directory (``var/`` is not touched):

* ``one-file-read``: ``almen.tabular.read_table`` on ONE 450,000-line CSV (organisation column,
  8 organisations; ``read_seconds``), then the domain checks against the first organisation's
  package — which refuse the other organisations' rows (two errors each), as the package import
  would refuse the whole file;
* ``largest-package``: ``import_file`` of 999 departments × 60 lines (59,940 lines) into one
  package — the largest file one package can take (needs ``STYRINGSDIALOG_IMPORT_MAX_ROWS``
  ≥ 59,941; the default is 50,000);
* ``national``: ``import_file`` of 8 files (7 × 999 + 507 departments = 7,500), one per
  organisation, one after another in the same process — 450,000 lines written.

The 60 lines per department are the 53 konti of the shipped kontoplan plus 7 well-formed
sub-accounts it does not name (115.1–115.7), so the warning path is exercised too.

Run:  .venv/bin/python benchmarks/bench_national_accounts.py   (BENCH_RUNS=1 default)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "1"))
TOTAL_DEPARTMENTS, PER_ORG = 7_500, 999
YEAR = 2025
HERE = Path(__file__).resolve()
MAX_ROWS = 460_000


def _env(tmp: Path, db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        STYRINGSDIALOG_VAR_DIR=str(tmp),
        STYRINGSDIALOG_MEDIA_ROOT=str(tmp / "media"),
        STYRINGSDIALOG_IMPORT_MAX_ROWS=str(MAX_ROWS),
        DJANGO_SETTINGS_MODULE="styringsdialog.settings",
    )
    return env


def _setup(tmp: Path, db: Path) -> None:
    os.environ.update(_env(tmp, db))
    import django

    django.setup()


def konti() -> list[str]:
    from almen.kontoplan import shipped_plan

    return [a.konto for a in shipped_plan().accounts] + [f"115.{i}" for i in range(1, 8)]


def organisations() -> list[tuple[str, int]]:
    out, left, n = [], TOTAL_DEPARTMENTS, 0
    while left > 0:
        out.append((f"{9001 + n}", min(PER_ORG, left)))
        left -= PER_ORG
        n += 1
    return out


def csv_for(orgs: list[tuple[str, int]], kontoliste: list[str]) -> bytes:
    lines = ["organisation;afdeling;år;konto;beløb"]
    for org, count in orgs:
        for d in range(1, count + 1):
            for i, k in enumerate(kontoliste):
                lines.append(f"{org};{d:03d};{YEAR - 1};{k};{1000 * d + 37 * i},25")
    return ("\n".join(lines) + "\n").encode()


def build_world() -> None:
    from django.core.management import call_command

    from styringsdialog.intake.services import create_package
    from styringsdialog.registry.models import Department, Kommune, Organisation
    from styringsdialog.registry.services import ensure_kommuner

    call_command("migrate", verbosity=0)
    ensure_kommuner()
    kommune = Kommune.objects.get(code="151")
    for number, count in organisations():
        org = Organisation.objects.create(
            number=number, name=f"Bench {number}", home_kommune=kommune
        )
        Department.objects.bulk_create(
            Department(
                organisation=org,
                number=f"{i:03d}",
                name=f"Afd. {i}",
                kommune=kommune,
                year_built=1970,
                building_type="etage",
            )
            for i in range(1, count + 1)
        )
        create_package(organisation=org, styringsaar=YEAR)


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(case: str, tmp: Path, db: Path) -> None:
    _setup(tmp, db)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from almen.tabular import read_table
    from styringsdialog.intake.models import DocumentationPackage
    from styringsdialog.intake.schemas import ACCOUNTS
    from styringsdialog.intake.services.imports import import_file, import_limits
    from styringsdialog.intake.validation import CHECKS, load_context

    kontoliste = konti()
    orgs = organisations()
    base = peak_rss_mb()
    result: dict[str, object] = {"base_rss_mb": round(base)}
    if case == "one-file-read":
        data = csv_for(orgs, kontoliste)
        package = DocumentationPackage.objects.get(organisation__number=orgs[0][0])
        t0 = time.perf_counter()
        parsed = read_table(data, filename="national.csv", schema=ACCOUNTS, limits=import_limits())
        read_seconds = time.perf_counter() - t0
        checked = CHECKS["accounts"](parsed.rows, "national.csv", load_context(package))
        result.update(
            seconds=time.perf_counter() - t0,
            read_seconds=read_seconds,
            lines=len(parsed.rows),
            size_mb=round(len(data) / 1e6, 1),
            parse_errors=parsed.error_count,
            domain_errors=len(checked.errors),  # other organisations' rows: expected
        )
    else:
        todo = orgs[:1] if case == "largest-package" else orgs
        t0 = time.perf_counter()
        lines = warnings = 0
        for number, count in todo:
            data = csv_for([(number, count)], kontoliste)
            package = DocumentationPackage.objects.get(organisation__number=number)
            outcome = import_file(
                package=package,
                kind="accounts",
                uploaded_file=SimpleUploadedFile(f"{number}.csv", data),
                by=None,
            )
            assert outcome.ok, outcome.errors[:3]
            lines += outcome.batch.counts["created"]
            warnings += len(outcome.batch.warnings)
        result.update(
            seconds=time.perf_counter() - t0, lines=lines, files=len(todo), stored_warnings=warnings
        )
    result["peak_rss_mb"] = round(peak_rss_mb())
    print(json.dumps(result))


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-national-"))
    try:
        master = tmp / "master.sqlite3"
        subprocess.run(
            [sys.executable, str(HERE), "--setup", str(tmp), str(master)],
            check=True,
            env=_env(tmp, master),
        )
        print(f"Load average: {os.getloadavg()[0]:.1f} (1 min)")
        for case in ("one-file-read", "largest-package", "national"):
            for run in range(RUNS):
                db = tmp / f"{case}-{run}.sqlite3"
                shutil.copy(master, db)
                out = subprocess.run(
                    [sys.executable, str(HERE), "--child", case, str(tmp), str(db)],
                    check=True,
                    capture_output=True,
                    text=True,
                    env=_env(tmp, db),
                )
                print(case, out.stdout.strip().splitlines()[-1])
                db.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":
        _setup(Path(sys.argv[2]), Path(sys.argv[3]))
        build_world()
    elif len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
