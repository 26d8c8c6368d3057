"""Rendering the seed referat (Ballerup–Almenbo, 27 May 2021): HTML, PDF (WeasyPrint) and DOCX.

Target: PDF < 2 s. A throwaway SQLite database (temporary directory) gets the small demo world
(``demo-data --scale small``, which creates the seed meeting through ``meetings.demo``; without it
the meeting is built from the agenda in ``publication/tests/seed_content.py``). The seed's
snapshot is written to JSON and rendered in a fresh process, so the figures include WeasyPrint's
first-render cost: the import (once per process), the first render (fonts are loaded), then the
median of ``--runs`` further renders.

    python benchmarks/bench_referat.py [--runs 7]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from _common import machine_notes


def _setup(tmp: str) -> None:
    os.environ["STYRINGSDIALOG_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo_data", scale="small", verbosity=0, stdout=io.StringIO())


def seed_meeting() -> Any:
    """The demo's seed meeting, or one built from the seed agenda if the meetings demo is missing."""
    from styringsdialog.publication.demo import seed_meeting as find

    meeting = find()
    if meeting is not None:
        return meeting
    from styringsdialog.publication.tests.conftest import (
        add_seed_people_and_agreements,
        make_meeting,
    )
    from styringsdialog.registry.models import Department, Kommune, Organisation

    world = SimpleNamespace(
        ballerup=Kommune.objects.get(code="151"),
        almenbo=Organisation.objects.get(number="0151"),
        lundebjerg=Department.objects.get(organisation__number="0151", number="008"),
    )
    meeting = make_meeting(world, on=date(2021, 5, 27))
    add_seed_people_and_agreements(world, meeting)
    return meeting


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """(first run s, median of the following runs s, last result)."""
    t0 = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t0
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return first, statistics.median(times), result


def render_child(snapshot_path: str, runs: int) -> None:
    """In a fresh process (no database): import WeasyPrint, then render the snapshot ``runs`` + 1 times."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
    import django

    django.setup()
    from styringsdialog.publication.document import ReferatDocument
    from styringsdialog.publication.docx_render import render_docx
    from styringsdialog.publication.rendering import render_html, render_pdf

    t0 = time.perf_counter()
    import weasyprint  # noqa: F401 - once per process; rendering imports it lazily

    import_s = time.perf_counter() - t0
    doc = ReferatDocument.from_snapshot(json.loads(Path(snapshot_path).read_text()))
    html = timed(lambda: str(render_html(doc)), runs)
    body = html[2]
    pdf = timed(lambda: render_pdf(doc, body), runs)
    docx = timed(lambda: render_docx(doc), runs)
    Path(snapshot_path).with_suffix(".pdf").write_bytes(pdf[2])
    print(
        json.dumps(
            {
                "import": import_s,
                "html": html[:2],
                "pdf": pdf[:2],
                "docx": docx[:2],
                "html_bytes": len(body),
                "pdf_bytes": len(pdf[2]),
                "docx_bytes": len(docx[2]),
            }
        )
    )


def build_seed_snapshot(tmp: str, runs: int) -> tuple[Path, tuple[float, float], int]:
    """Demo database → the seed meeting's snapshot as JSON (and how long building it takes)."""
    _setup(tmp)
    from django.utils import timezone

    from styringsdialog.publication.snapshot import VersionFacts, build_snapshot

    meeting = seed_meeting()
    first, med, snapshot = timed(
        lambda: build_snapshot(meeting, VersionFacts(1, timezone.now(), "Torben Tilsyn")), runs
    )
    path = Path(tmp) / "seed-snapshot.json"
    path.write_text(json.dumps(snapshot))
    return path, (first, med), len(snapshot["items"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--render", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render:
        render_child(args.render, args.runs)
        return
    print(f"Machine: {machine_notes()}; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        path, snap, n_items = build_seed_snapshot(tmp, args.runs)
        env = {**os.environ, "STYRINGSDIALOG_VAR_DIR": tmp}
        proc = subprocess.run(
            [sys.executable, __file__, "--render", str(path), "--runs", str(args.runs)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(path.with_suffix(".pdf").read_bytes())).pages)
    print(
        f"Seed referat: {n_items} items, {r['html_bytes']:,} bytes HTML; PDF {pages} pages, {r['pdf_bytes']:,} bytes; "
        f"DOCX {r['docx_bytes']:,} bytes"
    )
    print(f"  {'step':<36} {'first':>9} {'median':>9}   (median of {args.runs} later runs)")
    print(f"  {'snapshot (database → JSON)':<36} {snap[0] * 1000:>7.0f}ms {snap[1] * 1000:>7.0f}ms")
    print(f"  {'import weasyprint (once per process)':<36} {r['import'] * 1000:>7.0f}ms")
    for name, key in [
        ("HTML (template)", "html"),
        ("PDF (WeasyPrint, PDF/UA-1, A4)", "pdf"),
        ("DOCX (python-docx)", "docx"),
    ]:
        print(f"  {name:<36} {r[key][0] * 1000:>7.0f}ms {r[key][1] * 1000:>7.0f}ms")
    first, warm = r["pdf"]
    verdict = "OK" if max(first, warm) < 2 else "OVER"
    print(
        f"  PDF in a fresh process: first {first:.2f} s (+ {r['import']:.2f} s import), then {warm:.2f} s – {verdict} (target < 2 s)"
    )


if __name__ == "__main__":
    main()
