"""Rich progress bars for ``backup`` and ``restore`` (one bar per stage, as ``demo-data`` shows)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from styringsdialog.operations.archive import Progress as ProgressCallback

UNITS = {"Filer": "bytes", "Kontrollerer": "bytes"}


@contextmanager
def progress_bars(*, enabled: bool) -> Iterator[ProgressCallback]:
    """A ``progress(stage, done, total)`` callback that draws a bar per stage."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} {task.fields[unit]}"),
        TimeElapsedColumn(),
        disable=not enabled,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                unit = UNITS.get(stage, "rækker" if stage == "Database" else "")
                tasks[stage] = bar.add_task(stage, total=max(total, 1), unit=unit)
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield progress
