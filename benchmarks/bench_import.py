"""Import of an accounts file: 300 departments × 60 konti = 18,000 lines (target < 5 s).

Runs in-process against a throwaway SQLite file (migrated first), so nothing touches var/.
Each run imports into a fresh organisation, so every run pays the full cost: read and check the
CSV, check every row against departments, year and kontoplan, store the file, write 18,000
AccountLines in one transaction. Also timed: re-importing changed amounts (18,000 updates) and
parsing alone (CSV and XLSX). Prints medians of ``BENCH_RUNS`` runs (default 3).

Run:  .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
DEPARTMENTS, KONTI, YEAR = 300, 60, 2025  # styringsår 2025 → regnskabsår 2024

TMP = tempfile.TemporaryDirectory(prefix="bench-import-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP.name}/bench.sqlite3"
os.environ["STYRINGSDIALOG_VAR_DIR"] = TMP.name
os.environ["STYRINGSDIALOG_MEDIA_ROOT"] = f"{TMP.name}/media"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
sys.path.insert(0, str(Path(__file__).parent))

import django  # noqa: E402

django.setup()

from _common import machine_notes  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from almen.formatting import format_number  # noqa: E402
from almen.tabular import read_table  # noqa: E402
from styringsdialog.intake.schemas import ACCOUNTS  # noqa: E402
from styringsdialog.intake.services import create_package  # noqa: E402
from styringsdialog.intake.services.imports import import_file  # noqa: E402
from styringsdialog.registry.models import (  # noqa: E402
    Account,
    AccountLine,
    ChartOfAccounts,
    Department,
    Kommune,
    Organisation,
)
from styringsdialog.registry.services import ensure_kommuner  # noqa: E402

KONTO_LIST = [str(101 + i) for i in range(KONTI)]


def setup_world() -> None:
    call_command("migrate", verbosity=0)
    ensure_kommuner()
    chart = ChartOfAccounts.objects.create(version="bench", valid_from="2023-01-01")
    Account.objects.bulk_create(
        Account(chart=chart, konto=k, name=f"Konto {k}", evidence="U") for k in KONTO_LIST
    )


def new_package(number: str):
    kommune = Kommune.objects.get(code="151")
    org = Organisation.objects.create(
        number=number, name=f"Benchmark {number}", home_kommune=kommune
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
        for i in range(1, DEPARTMENTS + 1)
    )
    return create_package(organisation=org, styringsaar=YEAR)


def accounts_csv(offset: int = 0) -> bytes:
    lines = ["afdeling;år;konto;beløb"]
    for d in range(1, DEPARTMENTS + 1):
        for i, konto in enumerate(KONTO_LIST):
            lines.append(
                f"{d:03d};{YEAR - 1};{konto};{format_number(1000 * d + 37 * i + offset + 0.25, 2)}"
            )
    return ("\n".join(lines) + "\n").encode()


def to_xlsx(csv_bytes: bytes) -> bytes:
    wb = Workbook()
    ws = wb.active
    for n, line in enumerate(csv_bytes.decode().splitlines()):
        cells = line.split(";")
        ws.append(
            cells
            if n == 0
            else [
                cells[0],
                int(cells[1]),
                cells[2],
                float(cells[3].replace(".", "").replace(",", ".")),
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def timed_import(package, content: bytes, name: str):
    t0 = time.perf_counter()
    outcome = import_file(
        package=package, kind="accounts", uploaded_file=SimpleUploadedFile(name, content), by=None
    )
    seconds = time.perf_counter() - t0
    assert outcome.ok, outcome.errors[:3]
    return seconds, outcome


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def report(label: str, times: list[float], target: float | None = None) -> None:
    goal = f" (target < {target:g} s)" if target else ""
    print(
        f"{label}: median {statistics.median(times):.2f} s over {len(times)} runs {[round(t, 2) for t in times]}{goal}"
    )


def main() -> None:
    print(f"Machine: {machine_notes()}")
    print(f"Load average: {os.getloadavg()[0]:.1f} (1 min)")
    setup_world()
    data = accounts_csv()
    changed = accounts_csv(offset=1)
    print(
        f"File: {DEPARTMENTS} departments × {KONTI} konti = {DEPARTMENTS * KONTI:,} lines, {len(data) / 1024:.0f} KiB CSV"
    )

    first, again = [], []
    for run in range(RUNS):
        package = new_package(f"{9001 + run}")
        seconds, outcome = timed_import(package, data, "regnskab.csv")
        assert outcome.batch.counts["created"] == DEPARTMENTS * KONTI
        first.append(seconds)
        seconds, outcome = timed_import(package, changed, "regnskab-rettet.csv")
        assert outcome.batch.counts["updated"] == DEPARTMENTS * KONTI
        again.append(seconds)
    assert AccountLine.objects.count() == RUNS * DEPARTMENTS * KONTI

    xlsx = to_xlsx(data)
    parse_csv = [
        timed(lambda: read_table(data, filename="r.csv", schema=ACCOUNTS)) for _ in range(RUNS)
    ]
    parse_xlsx = [
        timed(lambda: read_table(xlsx, filename="r.xlsx", schema=ACCOUNTS)) for _ in range(RUNS)
    ]

    report("import_file, 18,000 new lines (CSV, validate + store + write)", first, 5)
    report("import_file, 18,000 changed lines (upsert)", again, 5)
    report("read_table only, CSV", parse_csv)
    report(f"read_table only, XLSX ({len(xlsx) / 1024:.0f} KiB)", parse_xlsx)


if __name__ == "__main__":
    try:
        main()
    finally:
        TMP.cleanup()
