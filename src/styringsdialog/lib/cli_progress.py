"""Progress bars on stderr for the CLI verbs that run long work; stdout stays free for the
summary or ``--json``. Both shapes take the same callback, ``progress(stage, done, total)``:

- ``stage_bar``: one bar whose text is the current stage (``benchmark``, ``reconcile``,
  ``import-referat``);
- ``stage_bars``: a bar per stage with its count in Danish format, "1.234/5.000 rækker"
  (``demo-data``, ``backup``, ``restore``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from almen.formatting import format_number

ProgressCallback = Callable[[str, int, int], None]


@contextmanager
def stage_bar(description: str, *, enabled: bool) -> Iterator[ProgressCallback]:
    """One bar on stderr, hidden when ``enabled`` is false (``--verbosity 0``)."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    ) as bar:
        task = bar.add_task(description, total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=max(total, 1))

        yield progress


class _DanishCount(ProgressColumn):
    """ "1.234/5.000 rækker": done and total with Danish thousands separators, and the unit."""

    def render(self, task: Task) -> Text:
        total = format_number(task.total) if task.total is not None else "?"
        unit = task.fields.get("unit", "")
        return Text(f"{format_number(task.completed)}/{total}{' ' + unit if unit else ''}")


@contextmanager
def stage_bars(
    *, enabled: bool, units: Mapping[str, str] | None = None
) -> Iterator[ProgressCallback]:
    """A bar per stage on stderr (added when a stage first reports), hidden when ``enabled``
    is false; ``units`` names the unit of a stage's count ("bytes", "rækker")."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        _DanishCount(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not enabled,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                unit = (units or {}).get(stage, "")
                tasks[stage] = bar.add_task(stage, total=max(total, 1), unit=unit)
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield progress
