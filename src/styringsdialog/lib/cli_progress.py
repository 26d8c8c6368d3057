"""A progress bar on stderr for the CLI verbs that run long work (``benchmark``, ``reconcile``):
``progress(stage, done, total)`` updates one bar whose text is the current stage. stdout stays
free for the summary or ``--json``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

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
