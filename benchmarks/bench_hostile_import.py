"""Hostile and very large files through the real import (target: refused or imported in < 10 s,
< 500 MB peak RSS, for any file within the 25 MB upload limit).

Generates the files of issue 9 and a few of the same kind, then runs each through
``intake.services.imports.import_file`` — read and check (``almen.tabular``), validate, store the
file, write or reject — in a fresh Python process per run, against a copy of a throwaway SQLite
database (migrated once in a temporary directory; ``var/`` is not touched). Each run reports the
wall time of ``import_file`` and the process's peak RSS (``VmHWM`` in ``/proc/self/status``,
which includes about 100 MB of Python, Django and the app before the import starts; that base is
printed too). Median of ``BENCH_RUNS`` runs (default 3).

Files (``afdeling;år;konto;beløb`` accounts files for an organisation of 834 departments and a
kontoplan of 60 konti):

* ``row-1048577.xlsx``  — 5 KB: two good rows and one cell in row 1,048,577 (beyond Excel's sheet);
* ``zip-bomb.xlsx``     — 1.3 MB of deflate that unpacks to over 300 MB of sheet XML;
* ``zip-bomb-small.xlsx`` — 0.3 MB that unpacks to under the size limit, at a ratio of 250:1;
* ``shared-strings.xlsx`` — 700,000 shared strings (1.4 million XML elements) and two rows;
* ``wide-max.xlsx``     — 49,999 rows × 13 cells, about as many XML elements as allowed;
* ``errors-20mb.csv``   — 20 MB, two errors in every row (about a million rows);
* ``errors-max.csv``    — the most rows accepted (49,999), four errors in every row;
* ``valid-25mb.csv``    — 25 MB of valid lines (about a million), just under the upload limit;
* ``valid-25mb.xlsx``   — the same lines as XLSX, cut to just under 25 MB;
* ``valid-max.csv``     — 49,999 valid lines, the largest file accepted: imported;
* ``valid-max.xlsx``    — the same as XLSX: imported.

Run:  .venv/bin/python benchmarks/bench_hostile_import.py   (BENCH_RUNS=1 for a quick look)
"""

from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
YEAR = 2025  # styringsår → regnskabsår 2024
DEPARTMENTS, KONTI = 834, 60  # 50,040 possible lines
KONTO_LIST = [str(101 + i) for i in range(KONTI)]
UPLOAD_LIMIT = 25 * 1024 * 1024  # intake.files.MAX_BYTES
HEADER = "afdeling;år;konto;beløb\n"
HERE = Path(__file__).resolve()


def _environment(tmp: Path, db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        STYRINGSDIALOG_VAR_DIR=str(tmp),
        STYRINGSDIALOG_MEDIA_ROOT=str(tmp / "media"),
        DJANGO_SETTINGS_MODULE="styringsdialog.settings",
    )
    return env


def _setup_django(tmp: Path, db: Path) -> None:
    os.environ.update(_environment(tmp, db))
    import django

    django.setup()


# --- the files --------------------------------------------------------------------------------


def valid_lines(limit_bytes: int | None = None, limit_rows: int | None = None):
    n = 0
    size = len(HEADER)
    while True:
        for d in range(1, DEPARTMENTS + 1):
            for i, konto in enumerate(KONTO_LIST):
                line = f"{d:03d};2024;{konto};{1000 * d + 37 * i},25\n"
                size += len(line)
                n += 1
                if (limit_rows and n > limit_rows) or (limit_bytes and size > limit_bytes):
                    return
                yield line


def csv_file(lines) -> bytes:
    return (HEADER + "".join(lines)).encode()


def xlsx_file(lines) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Regnskab")
    ws.append(["afdeling", "år", "konto", "beløb"])
    for line in lines:
        d, y, k, amount = line.rstrip("\n").split(";")
        ws.append([d, int(y), k, float(amount.replace(",", "."))])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_near(limit_bytes: int) -> bytes:
    """Valid lines as XLSX, as many as fit in ``limit_bytes`` (estimated from 50,000 rows)."""
    sample = len(xlsx_file(valid_lines(limit_rows=50_000)))
    data = xlsx_file(valid_lines(limit_rows=int(50_000 * limit_bytes / sample * 0.97)))
    assert len(data) <= limit_bytes
    return data


def row_1048577() -> bytes:
    data = xlsx_file(valid_lines(limit_rows=2))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = body.replace(
                    b"</sheetData>",
                    b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row>'
                    b"</sheetData>",
                )
            zout.writestr(item, body)
    return out.getvalue()


def zip_bomb(target: int = 1_300_000) -> bytes:
    """A workbook whose sheet is the same valid row repeated until the deflated part reaches
    ``target`` bytes (the row has no cell addresses, so it repeats byte for byte)."""
    data = xlsx_file(valid_lines(limit_rows=1))
    row = (
        b'<row><c t="inlineStr"><is><t>001</t></is></c><c><v>2024</v></c>'
        b'<c t="inlineStr"><is><t>101</t></is></c><c><v>1000.25</v></c></row>'
    )
    block = row * 50_000
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if not item.filename.startswith("xl/worksheets/"):
                zout.writestr(item, body)
                continue
            head, tail = body.split(b"</sheetData>")
            info = zipfile.ZipInfo(item.filename)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(info, "w") as stream:
                stream.write(head)
                while out.tell() < target:
                    stream.write(block)
                stream.write(b"</sheetData>" + tail)
    return out.getvalue()


def shared_strings(count: int = 700_000) -> bytes:
    """A small valid sheet and a shared-strings table of ``count`` distinct strings: close to
    ``almen.tabular.MAX_XML_ELEMENTS``, the work a reader must do before the first row."""
    data = xlsx_file(valid_lines(limit_rows=2))
    table = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"".join(b"<si><t>tekst %d</t></si>" % i for i in range(count))
        + b"</sst>"
    )
    rel = (
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"</Relationships>", rel)
            zout.writestr(item.filename, body)
        zout.writestr("xl/sharedStrings.xml", table)
    return out.getvalue()


def wide_sheet(rows: int = 49_999, columns: int = 13) -> bytes:
    """The most rows, and as many cells per row as ``MAX_XML_ELEMENTS`` allows: the slowest
    sheet the limits let through (refused for its unknown columns, after reading every row)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Regnskab")
    ws.append(["afdeling", "år", "konto", "beløb"] + [f"ekstra {i}" for i in range(columns - 4)])
    for i in range(rows):
        ws.append([i % 999, 2024, 101 + i % 60, 1000.25] + [i] * (columns - 4))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def error_lines(limit_bytes: int | None = None, limit_rows: int | None = None, bad: int = 2):
    """Rows with ``bad`` errors each: konto and beløb (2), or also afdeling and år (4)."""
    line = "001;2024;12x;1,2,3\n" if bad == 2 else ";20x4;12x;1,2,3\n"
    count = (limit_bytes - len(HEADER)) // len(line) if limit_bytes else limit_rows or 0
    return [line] * count


def hostile_files(folder: Path) -> dict[str, Path]:
    made = {
        "row-1048577.xlsx": row_1048577(),
        "zip-bomb.xlsx": zip_bomb(),
        "zip-bomb-small.xlsx": zip_bomb(target=300_000),
        "shared-strings.xlsx": shared_strings(),
        "wide-max.xlsx": wide_sheet(),
        "errors-20mb.csv": csv_file(error_lines(limit_bytes=20 * 1024 * 1024)),
        "errors-max.csv": csv_file(error_lines(limit_rows=49_999, bad=4)),
        "valid-25mb.csv": csv_file(valid_lines(limit_bytes=UPLOAD_LIMIT - 1024)),
        "valid-25mb.xlsx": xlsx_near(UPLOAD_LIMIT - 1024),
        "valid-max.csv": csv_file(valid_lines(limit_rows=49_999)),
        "valid-max.xlsx": xlsx_file(valid_lines(limit_rows=49_999)),
    }
    paths = {}
    for name, data in made.items():
        assert len(data) <= UPLOAD_LIMIT, (name, len(data))
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


# --- the database -----------------------------------------------------------------------------


def build_template(tmp: Path, db: Path) -> None:
    """Migrate, then one organisation with its departments, a kontoplan and a package."""
    _setup_django(tmp, db)
    from django.core.management import call_command

    from styringsdialog.intake.services import create_package
    from styringsdialog.registry.models import (
        Account,
        ChartOfAccounts,
        Department,
        Kommune,
        Organisation,
    )
    from styringsdialog.registry.services import ensure_kommuner

    call_command("migrate", verbosity=0)
    ensure_kommuner()
    chart = ChartOfAccounts.objects.create(version="bench", valid_from="2023-01-01")
    Account.objects.bulk_create(
        Account(chart=chart, konto=k, name=f"Konto {k}", evidence="U") for k in KONTO_LIST
    )
    kommune = Kommune.objects.get(code="151")
    org = Organisation.objects.create(number="9001", name="Benchmark 9001", home_kommune=kommune)
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
    create_package(organisation=org, styringsaar=YEAR)


# --- one run in a fresh process ---------------------------------------------------------------


def _vm(key: str) -> int:
    """A ``VmRSS``/``VmHWM`` line of /proc/self/status, in bytes."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def child(tmp: str, db: str, path: str) -> None:
    _setup_django(Path(tmp), Path(db))
    from django.core.files.uploadedfile import SimpleUploadedFile

    from styringsdialog.intake.models import DocumentationPackage
    from styringsdialog.intake.services.imports import import_file

    package = DocumentationPackage.objects.get(organisation__number="9001", styringsaar=YEAR)
    data = Path(path).read_bytes()
    base = _vm("VmRSS")
    t0 = time.perf_counter()
    outcome = import_file(
        package=package,
        kind="accounts",
        uploaded_file=SimpleUploadedFile(Path(path).name, data),
        by=None,
    )
    seconds = time.perf_counter() - t0
    batch = outcome.batch
    print(
        json.dumps(
            {
                "seconds": seconds,
                "base": base,
                "peak": _vm("VmHWM"),
                "status": batch.status,
                "rows": batch.counts.get("rows", 0),
                "errors_found": batch.error_count,
                "errors_stored": len(batch.errors),
                "errors_json": len(json.dumps(batch.errors)),
                "first": batch.errors[0]["message"] if batch.errors else outcome.message,
            }
        )
    )


def run_once(tmp: Path, template: Path, path: Path) -> dict:
    db = tmp / "run.sqlite3"
    shutil.copyfile(template, db)
    if (tmp / "media").exists():
        shutil.rmtree(tmp / "media")
    result = subprocess.run(
        [sys.executable, str(HERE), "--child", str(tmp), str(db), str(path)],
        env=_environment(tmp, db),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{path.name}: the run failed\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    sys.path.insert(0, str(HERE.parent))
    from _common import machine_notes

    print(f"Machine: {machine_notes()}")
    print(f"Load average: {os.getloadavg()[0]:.1f} (1 min) at the start")
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as name:
        tmp = Path(name)
        files = hostile_files(tmp)
        template = tmp / "template.sqlite3"
        subprocess.run(
            [sys.executable, str(HERE), "--template", str(tmp), str(template)],
            env=_environment(tmp, template),
            check=True,
        )
        print()
        print(
            "| File | Size | Outcome | Errors found / stored | import_file (median) | Runs (s) | Peak RSS (median) | Before import |"
        )
        print("|---|---|---|---|---|---|---|---|")
        worst_time = worst_rss = 0.0
        for label, path in files.items():
            runs = [run_once(tmp, template, path) for _ in range(RUNS)]
            seconds = statistics.median(r["seconds"] for r in runs)
            peak = statistics.median(r["peak"] for r in runs) / 1024 / 1024
            base = statistics.median(r["base"] for r in runs) / 1024 / 1024
            last = runs[-1]
            outcome = (
                f"imported, {last['rows']:,} rows"
                if last["status"] == "indlaest"
                else f"refused: {last['first'][:90]}"
            )
            errors = (
                f"{last['errors_found']:,} / {last['errors_stored']:,} ({last['errors_json'] / 1024:.0f} KB)"
                if last["errors_found"]
                else "–"
            )
            size = path.stat().st_size
            shown = (
                f"{size / 1024 / 1024:.1f} MB" if size > 1024 * 1024 else f"{size / 1024:.0f} KB"
            )
            each = ", ".join(f"{r['seconds']:.2f}" for r in runs)
            print(
                f"| `{label}` | {shown} | {outcome} | {errors} | {seconds:.2f} s | {each} | "
                f"{peak:.0f} MB | {base:.0f} MB |"
            )
            worst_time, worst_rss = max(worst_time, seconds), max(worst_rss, peak)
        print()
        print(
            f"Worst: {worst_time:.2f} s (target < 10 s), {worst_rss:.0f} MB peak RSS (target < 500 MB)."
        )
        print(f"Load average: {os.getloadavg()[0]:.1f} (1 min) at the end")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    elif len(sys.argv) > 1 and sys.argv[1] == "--template":
        build_template(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
