"""Rendering the seed meeting's agenda PDF and meeting folder PDF (meetings.printing).

Target: each < 2 s. A throwaway SQLite database (temporary directory) gets the small demo world
(``demo-data --scale small``, which creates the seed meeting Ballerup–Almenbo 27 May 2021). The
first render in the process includes WeasyPrint's import and font loading; then the median of
``--runs`` further renders of each.

    python benchmarks/bench_meeting_prints.py [--runs 7]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from _common import machine_notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STYRINGSDIALOG_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("demo_data", scale="small", verbosity=0, stdout=io.StringIO())
        from styringsdialog.meetings.models import Meeting
        from styringsdialog.meetings.printing import render_agenda_pdf, render_folder_pdf
        from styringsdialog.publication.demo import seed_meeting

        meeting = seed_meeting()
        assert meeting is not None, "the small demo has no seed meeting"
        meeting = Meeting.objects.with_related().get(pk=meeting.pk)
        print(f"Machine: {machine_notes()}; load average {os.getloadavg()[0]:.1f}")
        print(f"Seed meeting {meeting.pk}: {meeting.title}, {meeting.items.count()} items")
        for name, render in (("agenda", render_agenda_pdf), ("folder", render_folder_pdf)):
            t0 = time.perf_counter()
            pdf = render(meeting)
            first = time.perf_counter() - t0
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                pdf = render(meeting)
                times.append(time.perf_counter() - t0)
            print(
                f"{name} PDF: first {first:.2f} s, median {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}) over {args.runs} runs, "
                f"{len(pdf) / 1024:.1f} KB"
            )


if __name__ == "__main__":
    main()
