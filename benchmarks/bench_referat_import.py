"""History import (C13): a 20-page referat PDF to a proposal, and a folder of 50 referater.

Target: a 20-page PDF to a proposal in < 2 s. The files are generated in a temporary directory
(not timed): the 20-page PDF is WeasyPrint output of a long referat (a Dagsorden list, 16 items
with sub-items and long minutes, participants, agreements, running header and "Side N af M"
footer, Danish hyphenation); the folder has 50 variants of the seed referat (Ballerup–Almenbo),
each with its own date, as text, DOCX and PDF in turn.

Measured:

1. ``read_referat`` on the 20-page PDF in this process: the first call (imports pypdf), then the
   median of ``--runs`` calls, split into text extraction and structure parsing;
2. ``read_referat`` over the 50 files (median of ``--runs`` passes);
3. ``styringsdialog import-referat DIR --kommune 151 --dry-run --json`` in a fresh process on a
   throwaway SQLite database with the small demo world (includes Django's start-up);
4. the same without ``--dry-run`` once (50 meetings stored and published: WeasyPrint renders
   each referat's PDF), then once more (every file already imported: nothing new).

    python benchmarks/bench_referat_import.py [--runs 5] [--skip-import]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from _common import machine_notes

ROOT = Path(__file__).resolve().parent.parent

SEED = ROOT / "tests" / "almen" / "fixtures" / "referater" / "seed-ballerup-almenbo-2021.txt"
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]  # fmt: skip


def seed_paragraphs() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = " ".join(lines[4:])
    body = re.sub(r"(\w)- (\w)", r"\1\2", body)
    sentences = re.split(r"(?<=\.) (?=[A-ZÆØÅ])", body)
    return [s for s in sentences if len(s) > 40 and not re.match(r"^\d\. |^[a-z]\. ", s)]


def long_referat_html() -> str:
    sentences = seed_paragraphs()
    items = [f"Punkt {n}" for n in range(1, 17)]
    parts = [
        "<h1>Referat af dialogmøde mellem Almenbo og Ballerup Kommune</h1>",
        "<p>Mødedato: 14. november 2023, kl. 10.00</p>",
        "<p>Deltagere:</p><p>Fra Ballerup Kommune: Torben Jensen, sagsbehandler; Mette Holm, teamleder</p>",
        "<p>Fra Almenbo: Claus Hansen, driftschef; Lisbet Berg, direktør</p><p>Referent: Mette Holm</p>",
        "<p>Dagsorden</p>" + "".join(f"<p>{n}. {t}</p>" for n, t in enumerate(items, 1)),
    ]
    k = 0
    for n, title in enumerate(items, 1):
        parts.append(f"<h2>{n}. {title}</h2>")
        for letter in "ab":
            parts.append(f"<h3>{letter}. Underpunkt {n}{letter}</h3>")
            for _ in range(4):
                chunk = " ".join(sentences[(k + i) % len(sentences)] for i in range(4))
                k += 4
                parts.append(f"<p>{chunk}</p>")
        parts.append(f"<p>Almenbo fremsender opgørelsen for punkt {n} senest 1. marts 2024.</p>")
        parts.append("<p>Beslutning: Orienteringen blev taget til efterretning.</p>")
    css = (
        "@page { size: A4; margin: 25mm 22mm; @top-center { content: 'Ballerup Kommune · Referat' }"
        " @bottom-right { content: 'Side ' counter(page) ' af ' counter(pages) } }"
        "body { font: 11pt sans-serif; hyphens: auto; text-align: justify }"
    )
    return f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><style>{css}</style></head><body>{"".join(parts)}</body></html>'


def make_files(folder: Path) -> Path:
    from docx import Document
    from pypdf import PdfReader
    from weasyprint import HTML

    long_pdf = folder / "lang-referat.pdf"
    HTML(string=long_referat_html()).write_pdf(long_pdf)
    pages = len(PdfReader(long_pdf).pages)
    print(f"Generated {long_pdf.name}: {pages} pages, {long_pdf.stat().st_size / 1024:.0f} KB")
    batch = folder / "batch"
    batch.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    for i in range(50):
        day, month, year = 1 + i % 27, MONTHS[i % 12], 2005 + i // 4
        text = seed.replace("Torsdag den 27. maj 2021", f"Torsdag den {day}. {month} {year}")
        text = text.replace(
            "Gennemgang af styringsrapport for 2020",
            f"Gennemgang af styringsrapport for {year - 1}",
        )
        kind = ("txt", "docx", "pdf")[i % 3]
        path = batch / f"referat-{i + 1:02d}.{kind}"
        if kind == "txt":
            path.write_text(text, encoding="utf-8")
            continue
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if kind == "docx":
            word = Document()
            for line in lines:
                word.add_paragraph(line)
            word.save(path)
        else:
            html = "".join(f"<p>{line}</p>" for line in lines)
            HTML(
                string=f'<html lang="da"><body style="font: 11pt sans-serif">{html}</body></html>'
            ).write_pdf(path)
    return long_pdf


def bench_parser(long_pdf: Path, batch: Path, runs: int) -> None:
    t0 = time.perf_counter()
    from almen.referat_import import read_referat
    from almen.referat_import.extract import extract_text
    from almen.referat_import.structure import parse_referat

    t_import = time.perf_counter() - t0
    data = long_pdf.read_bytes()
    t0 = time.perf_counter()
    first = read_referat(data, long_pdf.name)
    t_first = time.perf_counter() - t0
    totals, extracts, parses = [], [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        text, _ = extract_text(data, long_pdf.name)
        t1 = time.perf_counter()
        parse_referat(text)
        t2 = time.perf_counter()
        extracts.append(t1 - t0)
        parses.append(t2 - t1)
        totals.append(t2 - t0)
    items = len(first.all_items())
    print(
        f"\n20-page PDF → proposal ({items} items and sub-items, {len(first.agreements)} agreements, "
        f"{len(first.participants)} participants, {len(first.warnings)} warnings)"
    )
    print(f"  import almen.referat_import (+pypdf lazily): {t_import * 1000:.0f} ms")
    print(f"  first read_referat in process:               {t_first:.2f} s")
    print(
        f"  median of {runs}: total {statistics.median(totals):.2f} s "
        f"(extract {statistics.median(extracts):.2f} s, parse {statistics.median(parses) * 1000:.0f} ms)  target < 2 s"
    )
    files = sorted(batch.iterdir())
    passes = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for f in files:
            read_referat(f.read_bytes(), f.name)
        passes.append(time.perf_counter() - t0)
    kinds = {k: sum(1 for f in files if f.suffix == f".{k}") for k in ("txt", "docx", "pdf")}
    print(
        f"\n50 referater ({kinds}) → proposals, read_referat only: median of {runs} passes "
        f"{statistics.median(passes):.2f} s ({statistics.median(passes) / len(files) * 1000:.0f} ms per file)"
    )


def bench_cli(tmp: Path, batch: Path, skip_import: bool) -> None:
    env = {**os.environ, "STYRINGSDIALOG_VAR_DIR": str(tmp / "var"),
           "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "DJANGO_SETTINGS_MODULE": "styringsdialog.settings"}  # fmt: skip
    cli = [sys.executable, "-c", "from styringsdialog.cli import main; main()"]
    t0 = time.perf_counter()
    subprocess.run([*cli, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run(
        [*cli, "demo-data", "--scale", "small", "-v", "0"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(
        f"\nThrowaway database with the small demo world: {time.perf_counter() - t0:.1f} s (not part of the figures)"
    )
    base = [*cli, "import-referat", str(batch), "--kommune", "151", "--as", "torben", "--json"]
    t0 = time.perf_counter()
    out = subprocess.run([*base, "--dry-run"], env=env, check=True, capture_output=True, text=True)
    print(
        f"import-referat DIR --dry-run --json (fresh process, 50 files): {time.perf_counter() - t0:.2f} s, "
        f"{len(out.stdout.splitlines())} JSON lines"
    )
    if skip_import:
        return
    for label in (
        "import (50 meetings stored and published)",
        "the same folder again (nothing new)",
    ):
        t0 = time.perf_counter()
        out = subprocess.run(base, env=env, capture_output=True, text=True)
        created = out.stdout.count('"created": true')
        print(
            f"import-referat DIR --json, {label}: {time.perf_counter() - t0:.1f} s, created {created}, exit {out.returncode}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--skip-import", action="store_true", help="Only the parser and the dry run"
    )
    args = parser.parse_args()
    print(f"Machine: {machine_notes()}")
    try:
        print(f"Load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    except OSError:
        pass
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        long_pdf = make_files(tmp)
        bench_parser(long_pdf, tmp / "batch", args.runs)
        bench_cli(tmp, tmp / "batch", args.skip_import)


if __name__ == "__main__":
    main()
