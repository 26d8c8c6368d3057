"""Rendering the seed referat (Ballerup–Almenbo, 27 May 2021): HTML, PDF (WeasyPrint) and DOCX.

Target: PDF < 2 s. A throwaway SQLite database (temporary directory) gets the small demo world
(``demo-data --scale small``, which also creates the seed meeting when ``meetings.demo`` exists;
otherwise the meeting is built from the seed's agenda in ``publication/tests/seed_content.py``).
The snapshot is built once; each output is then rendered ``--runs`` times. Importing WeasyPrint
(once per process) is timed apart; then the first PDF render (WeasyPrint loads the fonts) and the
median of the warm runs.

    python benchmarks/bench_referat.py [--runs 7]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
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
from _common import machine_notes  # noqa: E402


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
        ballerup=Kommune.objects.get(code="151"), almenbo=Organisation.objects.get(number="0151"),
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"Machine: {machine_notes()}; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        _setup(tmp)
        from django.utils import timezone
        from pypdf import PdfReader

        from styringsdialog.publication.document import ReferatDocument
        from styringsdialog.publication.docx_render import render_docx
        from styringsdialog.publication.rendering import render_html, render_pdf
        from styringsdialog.publication.snapshot import VersionFacts, build_snapshot

        t0 = time.perf_counter()
        import weasyprint  # noqa: F401 - once per process; rendering imports it lazily

        import_s = time.perf_counter() - t0
        meeting = seed_meeting()
        snap_first, snap_med, snapshot = timed(lambda: build_snapshot(meeting, VersionFacts(1, timezone.now(), "Torben")), args.runs)
        doc = ReferatDocument.from_snapshot(snapshot)
        html_first, html_med, body = timed(lambda: str(render_html(doc)), args.runs)
        pdf_first, pdf_med, pdf = timed(lambda: render_pdf(doc, body), args.runs)
        docx_first, docx_med, docx = timed(lambda: render_docx(doc), args.runs)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"Seed referat: {len(snapshot['items'])} items, {len(body):,} bytes HTML; PDF {pages} pages, {len(pdf):,} bytes; DOCX {len(docx):,} bytes")
    print(f"  {'step':<32} {'first':>9} {'median':>9}   (median of {args.runs} warm runs)")
    for name, first, med in [
        ("snapshot (database → JSON)", snap_first, snap_med), ("HTML (template)", html_first, html_med),
        ("PDF (WeasyPrint, PDF/UA-1, A4)", pdf_first, pdf_med), ("DOCX (python-docx)", docx_first, docx_med),
    ]:
        print(f"  {name:<32} {first * 1000:>7.0f}ms {med * 1000:>7.0f}ms")
    print(f"  {'import weasyprint (once per process)':<32} {import_s * 1000:>7.0f}ms")
    verdict = "OK" if max(pdf_first, pdf_med) < 2 else "OVER"
    print(f"  PDF first render {pdf_first:.2f} s, warm {pdf_med:.2f} s – {verdict} (target < 2 s)")


if __name__ == "__main__":
    main()
